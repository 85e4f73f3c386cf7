#include "selector/calico/parser.h"

#include <fmt/format.h>

#include <optional>

namespace tg::selector::calico {
namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool isLabelChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
         c == '/' || c == '-';
}

// A character as an error message shows it.
std::string shown(char c) {
  if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f)
    return fmt::format("byte 0x{:02x}", static_cast<unsigned char>(c));
  return fmt::format("`{}`", c);
}

class Parser {
 public:
  Parser(std::string_view text, Scope scope) : s_(text), scope_(scope) {}

  std::variant<ExprPtr, ParseError> run() {
    skipSpace();
    if (atEnd()) return ExprPtr(std::make_unique<AllExpr>(scope_));
    ExprPtr e = parseOr();
    if (e) {
      skipSpace();
      if (!atEnd()) {
        char c = s_[pos_];
        if (c == ')') fail(pos_, "`)` without a matching `(`");
        else if (c == '&' || c == '|') fail(pos_, fmt::format("expected `{0}{0}`", c));
        else fail(pos_, fmt::format("unexpected {}; expected `&&`, `||` or the end of the selector", shown(c)));
        e.reset();
      }
    }
    if (!e) return *error_;
    return e;
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
  Scope scope_;
  int depth_ = 0;
  std::optional<ParseError> error_;

  // Records the first error; returns null so callers can `return fail(...)`.
  ExprPtr fail(size_t at, std::string message) {
    if (!error_) error_ = ParseError{at + 1, std::move(message)};
    return nullptr;
  }

  bool atEnd() const { return pos_ >= s_.size(); }
  char peek() const { return atEnd() ? '\0' : s_[pos_]; }
  void skipSpace() {
    while (!atEnd() && isSpace(s_[pos_])) ++pos_;
  }
  bool lookingAt(std::string_view tok) const { return s_.substr(pos_, tok.size()) == tok; }
  bool consume(std::string_view tok) {
    if (!lookingAt(tok)) return false;
    pos_ += tok.size();
    return true;
  }
  // A keyword: `word` not followed by a label character.
  bool consumeWord(std::string_view word) {
    if (!lookingAt(word)) return false;
    size_t end = pos_ + word.size();
    if (end < s_.size() && isLabelChar(s_[end])) return false;
    pos_ = end;
    return true;
  }
  // `first` then optional spaces then `second` ("starts with", "startswith", "not in").
  bool consumeTwoWords(std::string_view first, std::string_view second) {
    if (!lookingAt(first)) return false;
    size_t save = pos_;
    pos_ += first.size();
    skipSpace();
    if (consumeWord(second)) return true;
    pos_ = save;
    return false;
  }

  std::string_view readLabel() {
    size_t start = pos_;
    while (!atEnd() && isLabelChar(s_[pos_])) ++pos_;
    return s_.substr(start, pos_ - start);
  }

  ExprPtr parseOr() {
    std::vector<ExprPtr> operands;
    do {
      ExprPtr e = parseAnd();
      if (!e) return nullptr;
      operands.push_back(std::move(e));
      skipSpace();
    } while (consume("||"));
    if (operands.size() == 1) return std::move(operands.front());
    return std::make_unique<OrExpr>(std::move(operands));
  }

  ExprPtr parseAnd() {
    std::vector<ExprPtr> operands;
    do {
      ExprPtr e = parseUnary();
      if (!e) return nullptr;
      operands.push_back(std::move(e));
      skipSpace();
    } while (consume("&&"));
    if (operands.size() == 1) return std::move(operands.front());
    return std::make_unique<AndExpr>(std::move(operands));
  }

  ExprPtr parseUnary() {
    skipSpace();
    if (peek() != '!') return parsePrimary();
    size_t at = pos_++;
    if (++depth_ > kMaxNesting) return fail(at, "selector nests too deeply");
    ExprPtr operand = parseUnary();
    --depth_;
    if (!operand) return nullptr;
    return std::make_unique<NotExpr>(std::move(operand));
  }

  ExprPtr parsePrimary() {
    skipSpace();
    if (atEnd()) return fail(pos_, "expected a term (a label comparison, has(), all(), `!` or `(`), found the end");
    char c = peek();
    if (c == '(') {
      size_t open = pos_++;
      if (++depth_ > kMaxNesting) return fail(open, "selector nests too deeply");
      ExprPtr e = parseOr();
      --depth_;
      if (!e) return nullptr;
      skipSpace();
      if (!consume(")")) {
        if (atEnd()) return fail(pos_, fmt::format("expected `)` to close the `(` at column {}", open + 1));
        return fail(pos_, fmt::format("expected `)` to close the `(` at column {}, found {}", open + 1, shown(peek())));
      }
      return e;
    }
    if (c == '"' || c == '\'')
      return fail(pos_, "a quoted value must follow a label and an operator, e.g. `key == \"value\"`");
    if (!isLabelChar(c)) return fail(pos_, fmt::format("unexpected {}", shown(c)));

    std::string_view word = readLabel();
    size_t afterWord = pos_;
    skipSpace();
    if (peek() == '(' && (word == "all" || word == "global" || word == "has")) {
      ++pos_;
      skipSpace();
      if (word == "has") {
        if (!isLabelChar(peek())) return fail(pos_, "expected a label key inside has()");
        std::string key(readLabel());
        skipSpace();
        if (!consume(")")) return fail(pos_, "expected `)` after the label key of has()");
        return std::make_unique<HasExpr>(std::move(key));
      }
      if (!consume(")")) return fail(pos_, fmt::format("expected `)`: {}() takes no arguments", word));
      if (word == "all") return std::make_unique<AllExpr>(scope_);
      return std::make_unique<GlobalExpr>(scope_);
    }
    pos_ = afterWord;
    return parseComparison(std::string(word));
  }

  ExprPtr parseComparison(std::string key) {
    skipSpace();
    if (atEnd())
      return fail(pos_, fmt::format("expected an operator after label `{}` (==, !=, in, not in, contains, starts with, "
                                    "ends with); a bare label is written has({})",
                                    key, key));
    size_t opAt = pos_;
    auto compare = [&](CompareExpr::Op op, std::string_view opName) -> ExprPtr {
      auto v = parseValue(opName);
      if (!v) return nullptr;
      return std::make_unique<CompareExpr>(std::move(key), op, std::move(*v));
    };
    if (consume("==")) return compare(CompareExpr::Op::Equal, "==");
    if (consume("!=")) return compare(CompareExpr::Op::NotEqual, "!=");
    if (consumeWord("contains")) return compare(CompareExpr::Op::Contains, "contains");
    if (consumeTwoWords("starts", "with")) return compare(CompareExpr::Op::StartsWith, "starts with");
    if (consumeTwoWords("ends", "with")) return compare(CompareExpr::Op::EndsWith, "ends with");
    if (consumeWord("in")) return parseSet(std::move(key), false);
    if (consumeTwoWords("not", "in")) return parseSet(std::move(key), true);
    return fail(opAt, fmt::format("expected an operator after label `{}` (==, !=, in, not in, contains, starts with, "
                                  "ends with), found {}",
                                  key, shown(peek())));
  }

  std::optional<std::string> parseValue(std::string_view after) {
    skipSpace();
    char q = peek();
    if (q != '"' && q != '\'') {
      if (atEnd()) fail(pos_, fmt::format("expected a quoted value after `{}`, found the end", after));
      else fail(pos_, fmt::format("expected a quoted value after `{}` (values are quoted: \"v\" or 'v')", after));
      return std::nullopt;
    }
    size_t open = pos_;
    size_t close = s_.find(q, open + 1);
    if (close == std::string_view::npos) {
      fail(open, fmt::format("unterminated string: no closing {}", q == '"' ? "`\"`" : "`'`"));
      return std::nullopt;
    }
    pos_ = close + 1;
    return std::string(s_.substr(open + 1, close - open - 1));
  }

  ExprPtr parseSet(std::string key, bool negated) {
    skipSpace();
    if (!consume("{")) {
      if (atEnd()) return fail(pos_, "expected `{` to start the set of values, found the end");
      return fail(pos_, "expected `{` to start the set of values, e.g. in {\"a\", \"b\"}");
    }
    std::vector<std::string> values;
    skipSpace();
    if (!consume("}")) {
      while (true) {
        auto v = parseValue(values.empty() ? "{" : ",");
        if (!v) return nullptr;
        values.push_back(std::move(*v));
        skipSpace();
        if (consume(",")) continue;
        if (consume("}")) break;
        if (atEnd()) return fail(pos_, "expected `,` or `}` in the set of values, found the end");
        return fail(pos_, fmt::format("expected `,` or `}}` in the set of values, found {}", shown(peek())));
      }
    }
    return std::make_unique<SetExpr>(std::move(key), negated, std::move(values));
  }
};

}  // namespace

std::variant<ExprPtr, ParseError> parseExpression(std::string_view text, Scope scope) {
  return Parser(text, scope).run();
}

}  // namespace tg::selector::calico
