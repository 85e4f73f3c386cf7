// Kubernetes label selector: matchLabels AND every matchExpressions requirement.
// An empty selector matches everything; a null selector (absent) is the caller's business.
#pragma once

#include <string>
#include <vector>

#include "model/object.h"

namespace tg::selector {

struct Requirement {
  enum class Op { In, NotIn, Exists, DoesNotExist };
  std::string key;
  Op op = Op::Exists;
  std::vector<std::string> values;

  bool matches(const model::Labels& labels) const;
};

class LabelSelector {
 public:
  LabelSelector() = default;
  LabelSelector(model::Labels matchLabels, std::vector<Requirement> expressions)
      : matchLabels_(std::move(matchLabels)), expressions_(std::move(expressions)) {}

  bool matches(const model::Labels& labels) const;
  bool empty() const { return matchLabels_.empty() && expressions_.empty(); }

  const model::Labels& matchLabels() const { return matchLabels_; }
  const std::vector<Requirement>& expressions() const { return expressions_; }

  // "app=web,tier in (a,b),!x" — kubectl's selector syntax; "{}" for the empty selector.
  std::string toString() const;

 private:
  model::Labels matchLabels_;
  std::vector<Requirement> expressions_;
};

}  // namespace tg::selector
