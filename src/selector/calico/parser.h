// The Calico selector parser: text to an expression tree (ast.h), or a ParseError that names the
// column. Recursive descent straight over the characters; keywords (`in`, `contains`, ...) are
// only keywords where an operator is expected, so label keys may be spelled like them.
#pragma once

#include <string_view>
#include <variant>

#include "selector/calico/ast.h"
#include "selector/calico/selector.h"

namespace tg::selector::calico {

// Deeper nesting of `(` and `!` than this is rejected, which bounds every recursion over a tree.
inline constexpr int kMaxNesting = 200;

std::variant<ExprPtr, ParseError> parseExpression(std::string_view text, Scope scope);

}  // namespace tg::selector::calico
