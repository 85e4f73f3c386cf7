// Calico selectors: the label expressions of projectcalico.org policies, network sets and rules.
//
//   auto r = tg::selector::calico::Selector::parse("app == 'web' && tier in {'a', 'b'}");
//   if (!r) std::cerr << r.error().describe(text);     // never throws
//   bool hit = r.selector().matches(labels);              // labels: std::map<string,string>
//   std::string c = r.selector().str();                   // canonical form
//
// The language (one term per line; K is a label key made of letters, digits and `_ . / -`,
// V is a string in either quote style, with no escapes):
//
//   K == V            the label is present and equal to V
//   K != V            the label is missing or different            (true when missing)
//   K in {V, ...}     the label is present and one of the values
//   K not in {V, ...} the label is missing or none of the values   (true when missing)
//   K contains V      the label is present and contains V
//   K starts with V   also written `startswith`
//   K ends with V     also written `endswith`
//   has(K)            the label is present (any value)
//   all()             everything; an empty selector means all()
//   global()          everything, as an endpoint selector (see Scope for namespace selectors)
//   !E   E && E   E || E   (E)
//
// Precedence, tightest first: `!` (applies to one term: `!a == "x"` is `!(a == "x")`), `&&`,
// `||`. There is no templating: `${tenant}` is a literal string like any other.
//
// Canonical form (what str() prints, and what Calico prints): single spaces around operators,
// `starts with`/`ends with` spelled with a space, values in double quotes unless they contain
// a double quote (then single quotes), `in` sets sorted and without duplicates, parentheses only
// where precedence needs them, and `all()` for the empty selector.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "model/object.h"

namespace tg::selector::calico {

class Expr;

// How `all()` and `global()` read. An endpoint selector (a policy's `selector`, a rule's
// `selector`) matches them against everything. A rule's or policy's `namespaceSelector` is
// evaluated against a namespace's labels, and there Calico reads `all()` as "every namespace"
// and `global()` as "no namespace" (global network sets, the world outside the cluster). With
// Scope::Namespace, pass the namespace's labels including kNamespaceNameKey, or empty labels for
// something that is not in a namespace.
enum class Scope { Endpoint, Namespace };

// The label Calico gives every namespace: its name.
inline constexpr const char* kNamespaceNameKey = "projectcalico.org/name";

// Where and why parsing failed. `column` is 1-based and points at the offending character.
struct ParseError {
  size_t column = 0;
  std::string message;

  std::string str() const;  // "column 7: expected a quoted value after `==`"
  // The message, the selector text and a caret under the column, on three lines.
  std::string describe(std::string_view text) const;
};

class Selector {
 public:
  class Result;

  // Parses `text`; an empty or blank text is all().
  static Result parse(std::string_view text, Scope scope = Scope::Endpoint);
  static Selector all();

  bool matches(const model::Labels& labels) const;
  std::string str() const;  // canonical form
  Scope scope() const { return scope_; }
  const Expr& root() const { return *root_; }

 private:
  Selector(std::shared_ptr<const Expr> root, Scope scope) : root_(std::move(root)), scope_(scope) {}
  std::shared_ptr<const Expr> root_;  // never null; shared so that selectors copy cheaply
  Scope scope_ = Scope::Endpoint;
};

// A parsed selector or the error that stopped the parser.
class Selector::Result {
 public:
  Result(Selector s) : selector_(std::move(s)) {}
  Result(ParseError e) : error_(std::move(e)) {}

  bool ok() const { return selector_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Selector& selector() const { return *selector_; }  // only when ok()
  const ParseError& error() const { return error_; }       // only when !ok()

 private:
  std::optional<Selector> selector_;
  ParseError error_;
};

}  // namespace tg::selector::calico
