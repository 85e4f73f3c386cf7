#include "selector/calico/ast.h"

#include <algorithm>

namespace tg::selector::calico {
namespace {

const std::string* find(const model::Labels& labels, const std::string& key) {
  auto it = labels.find(key);
  return it == labels.end() ? nullptr : &it->second;
}

bool inNamespace(const model::Labels& labels) { return labels.count(kNamespaceNameKey) > 0; }

// Prints an operand, in parentheses when it binds more loosely than its parent.
void printOperand(std::string& out, const Expr& e, Expr::Binding parent) {
  bool parens = static_cast<int>(e.binding()) < static_cast<int>(parent);
  if (parens) out += '(';
  e.print(out);
  if (parens) out += ')';
}

}  // namespace

void appendQuoted(std::string& out, const std::string& value) {
  char q = value.find('"') == std::string::npos ? '"' : '\'';
  out += q;
  out += value;
  out += q;
}

bool AllExpr::matches(const model::Labels& labels) const {
  return scope_ == Scope::Endpoint || inNamespace(labels);
}
void AllExpr::print(std::string& out) const { out += "all()"; }

bool GlobalExpr::matches(const model::Labels& labels) const {
  return scope_ == Scope::Endpoint || !inNamespace(labels);
}
void GlobalExpr::print(std::string& out) const { out += "global()"; }

bool HasExpr::matches(const model::Labels& labels) const { return find(labels, key_) != nullptr; }
void HasExpr::print(std::string& out) const {
  out += "has(";
  out += key_;
  out += ')';
}

bool CompareExpr::matches(const model::Labels& labels) const {
  const std::string* v = find(labels, key_);
  if (!v) return op_ == Op::NotEqual;
  switch (op_) {
    case Op::Equal: return *v == value_;
    case Op::NotEqual: return *v != value_;
    case Op::Contains: return v->find(value_) != std::string::npos;
    case Op::StartsWith: return v->size() >= value_.size() && v->compare(0, value_.size(), value_) == 0;
    case Op::EndsWith:
      return v->size() >= value_.size() && v->compare(v->size() - value_.size(), value_.size(), value_) == 0;
  }
  return false;
}

void CompareExpr::print(std::string& out) const {
  static constexpr const char* kOps[] = {" == ", " != ", " contains ", " starts with ", " ends with "};
  out += key_;
  out += kOps[static_cast<int>(op_)];
  appendQuoted(out, value_);
}

SetExpr::SetExpr(std::string key, bool negated, std::vector<std::string> values)
    : key_(std::move(key)), negated_(negated), values_(std::move(values)) {
  std::sort(values_.begin(), values_.end());
  values_.erase(std::unique(values_.begin(), values_.end()), values_.end());
}

bool SetExpr::matches(const model::Labels& labels) const {
  const std::string* v = find(labels, key_);
  bool member = v && std::binary_search(values_.begin(), values_.end(), *v);
  return negated_ ? !member : member;
}

void SetExpr::print(std::string& out) const {
  out += key_;
  out += negated_ ? " not in {" : " in {";
  for (size_t i = 0; i < values_.size(); ++i) {
    if (i) out += ", ";
    appendQuoted(out, values_[i]);
  }
  out += '}';
}

bool NotExpr::matches(const model::Labels& labels) const { return !operand_->matches(labels); }
void NotExpr::print(std::string& out) const {
  out += '!';
  printOperand(out, *operand_, Binding::Term);
}

bool AndExpr::matches(const model::Labels& labels) const {
  return std::all_of(operands_.begin(), operands_.end(), [&](const ExprPtr& e) { return e->matches(labels); });
}
void AndExpr::print(std::string& out) const {
  for (size_t i = 0; i < operands_.size(); ++i) {
    if (i) out += " && ";
    printOperand(out, *operands_[i], Binding::And);
  }
}

bool OrExpr::matches(const model::Labels& labels) const {
  return std::any_of(operands_.begin(), operands_.end(), [&](const ExprPtr& e) { return e->matches(labels); });
}
void OrExpr::print(std::string& out) const {
  for (size_t i = 0; i < operands_.size(); ++i) {
    if (i) out += " || ";
    printOperand(out, *operands_[i], Binding::Or);
  }
}

}  // namespace tg::selector::calico
