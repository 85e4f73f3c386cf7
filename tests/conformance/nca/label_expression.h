// Pod label expressions as network-config-analyzer writes them in fw-rules (`src_pods: [...]`):
//
//   app=x   app!=x   app in (a,b)   app not in (a,b)   has(app)   !has(app)
//   joined with ` and ` / ` or `, grouped with `(...)` or `{...}`
//
// NCA lists the values a label takes among the pods, so `app!=x` and `app not in (...)` mean
// "has app, with another value"; pods without the label are written `!has(app)`.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/object.h"

namespace tg::conformance::nca {

class LabelExpression {
 public:
  // nullopt with `error` set when the text is not an expression of this form.
  static std::optional<LabelExpression> parse(std::string_view text, std::string* error);

  bool matches(const model::Labels& labels) const;

  struct Term {
    enum class Op { And, Or, Has, NotHas, In, NotIn };
    Op op = Op::And;
    std::string key;
    std::vector<std::string> values;  // In / NotIn
    std::vector<Term> children;       // And / Or
  };

 private:
  explicit LabelExpression(Term root) : root_(std::move(root)) {}
  Term root_;
};

}  // namespace tg::conformance::nca
