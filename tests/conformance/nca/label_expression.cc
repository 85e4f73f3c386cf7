#include "label_expression.h"

#include <algorithm>
#include <stdexcept>

namespace tg::conformance::nca {
namespace {

using Term = LabelExpression::Term;

class ParseFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  Term parse() {
    Term t = disjunction();
    skipSpaces();
    if (pos_ != s_.size()) fail("unexpected text");
    return t;
  }

 private:
  Term disjunction() {
    Term first = conjunction();
    if (!peekWord("or")) return first;
    Term t{Term::Op::Or, "", {}, {std::move(first)}};
    while (acceptWord("or")) t.children.push_back(conjunction());
    return t;
  }

  Term conjunction() {
    Term first = primary();
    if (!peekWord("and")) return first;
    Term t{Term::Op::And, "", {}, {std::move(first)}};
    while (acceptWord("and")) t.children.push_back(primary());
    return t;
  }

  Term primary() {
    skipSpaces();
    if (accept('(')) return grouped(')');
    if (accept('{')) return grouped('}');
    if (acceptText("!has(")) return hasTerm(Term::Op::NotHas);
    if (acceptText("has(")) return hasTerm(Term::Op::Has);
    std::string key = word();
    if (key.empty()) fail("expected a label key");
    if (accept('=')) return {Term::Op::In, key, {word()}, {}};
    if (acceptText("!=")) return {Term::Op::NotIn, key, {word()}, {}};
    if (acceptWord("in")) return {Term::Op::In, key, valueList(), {}};
    if (acceptWord("not") && acceptWord("in")) return {Term::Op::NotIn, key, valueList(), {}};
    fail("expected =, !=, in or not in after `" + key + "`");
    return {};
  }

  Term grouped(char close) {
    Term t = disjunction();
    skipSpaces();
    if (!accept(close)) fail(std::string("expected `") + close + "`");
    return t;
  }

  Term hasTerm(Term::Op op) {
    std::string key = word();
    if (key.empty() || !accept(')')) fail("expected has(key)");
    return {op, key, {}, {}};
  }

  std::vector<std::string> valueList() {
    skipSpaces();
    if (!accept('(')) fail("expected `(` after in");
    std::vector<std::string> values;
    do {
      skipSpaces();
      values.push_back(word());
      skipSpaces();
    } while (accept(','));
    if (!accept(')')) fail("expected `)` closing the value list");
    return values;
  }

  // A label key or value: everything up to a space or an operator character.
  std::string word() {
    size_t start = pos_;
    while (pos_ < s_.size() && std::string_view(" ()=!,{}").find(s_[pos_]) == std::string_view::npos) ++pos_;
    return std::string(s_.substr(start, pos_ - start));
  }

  void skipSpaces() {
    while (pos_ < s_.size() && s_[pos_] == ' ') ++pos_;
  }

  bool accept(char c) {
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  bool acceptText(std::string_view t) {
    if (s_.substr(pos_, t.size()) != t) return false;
    pos_ += t.size();
    return true;
  }

  // A keyword between spaces (or before `(`).
  bool peekWord(std::string_view w) const {
    size_t p = pos_;
    while (p < s_.size() && s_[p] == ' ') ++p;
    if (p == pos_ || s_.substr(p, w.size()) != w) return false;
    size_t end = p + w.size();
    return end < s_.size() && (s_[end] == ' ' || s_[end] == '(');
  }

  bool acceptWord(std::string_view w) {
    if (!peekWord(w)) return false;
    skipSpaces();
    pos_ += w.size();
    return true;
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw ParseFailure(what + " at offset " + std::to_string(pos_));
  }

  std::string_view s_;
  size_t pos_ = 0;
};

bool evaluate(const Term& t, const model::Labels& labels) {
  auto it = labels.find(t.key);
  bool has = it != labels.end();
  switch (t.op) {
    case Term::Op::And:
      return std::all_of(t.children.begin(), t.children.end(), [&](const Term& c) { return evaluate(c, labels); });
    case Term::Op::Or:
      return std::any_of(t.children.begin(), t.children.end(), [&](const Term& c) { return evaluate(c, labels); });
    case Term::Op::Has: return has;
    case Term::Op::NotHas: return !has;
    case Term::Op::In: return has && std::find(t.values.begin(), t.values.end(), it->second) != t.values.end();
    case Term::Op::NotIn: return has && std::find(t.values.begin(), t.values.end(), it->second) == t.values.end();
  }
  return false;
}

}  // namespace

std::optional<LabelExpression> LabelExpression::parse(std::string_view text, std::string* error) {
  try {
    return LabelExpression(Parser(text).parse());
  } catch (const ParseFailure& e) {
    if (error) *error = e.what();
    return std::nullopt;
  }
}

bool LabelExpression::matches(const model::Labels& labels) const { return evaluate(root_, labels); }

}  // namespace tg::conformance::nca
