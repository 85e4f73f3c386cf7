#include "selector/calico/selector.h"

#include <fmt/format.h>

#include "selector/calico/ast.h"
#include "selector/calico/parser.h"

namespace tg::selector::calico {

std::string ParseError::str() const { return fmt::format("column {}: {}", column, message); }

std::string ParseError::describe(std::string_view text) const {
  // Tabs stay tabs under the caret so that it lines up in a terminal.
  std::string pad;
  for (size_t i = 0; i + 1 < column && i < text.size(); ++i) pad += text[i] == '\t' ? '\t' : ' ';
  return fmt::format("{}\n  {}\n  {}^", str(), text, pad);
}

Selector::Result Selector::parse(std::string_view text, Scope scope) {
  auto parsed = parseExpression(text, scope);
  if (auto* err = std::get_if<ParseError>(&parsed)) return Result(std::move(*err));
  return Result(Selector(std::shared_ptr<const Expr>(std::move(std::get<ExprPtr>(parsed))), scope));
}

Selector Selector::all() { return Selector(std::make_shared<AllExpr>(Scope::Endpoint), Scope::Endpoint); }

bool Selector::matches(const model::Labels& labels) const { return root_->matches(labels); }

std::string Selector::str() const {
  std::string out;
  root_->print(out);
  return out;
}

}  // namespace tg::selector::calico
