// The expression tree of a Calico selector: one small matcher class per construct, each with one
// matches(). The parser builds it (parser.h); Selector (selector.h) wraps it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "model/object.h"
#include "selector/calico/selector.h"

namespace tg::selector::calico {

class Expr {
 public:
  // How tightly a construct binds when printed: decides where the printer needs parentheses.
  enum class Binding { Or, And, Term };

  virtual ~Expr() = default;
  virtual bool matches(const model::Labels& labels) const = 0;
  // Appends the canonical text.
  virtual void print(std::string& out) const = 0;
  virtual Binding binding() const { return Binding::Term; }
};

using ExprPtr = std::unique_ptr<const Expr>;

// all(): everything; under Scope::Namespace, everything that is in a namespace.
class AllExpr : public Expr {
 public:
  explicit AllExpr(Scope scope) : scope_(scope) {}
  bool matches(const model::Labels& labels) const override;
  void print(std::string& out) const override;

 private:
  Scope scope_;
};

// global(): everything; under Scope::Namespace, only what is in no namespace.
class GlobalExpr : public Expr {
 public:
  explicit GlobalExpr(Scope scope) : scope_(scope) {}
  bool matches(const model::Labels& labels) const override;
  void print(std::string& out) const override;

 private:
  Scope scope_;
};

// has(key)
class HasExpr : public Expr {
 public:
  explicit HasExpr(std::string key) : key_(std::move(key)) {}
  bool matches(const model::Labels& labels) const override;
  void print(std::string& out) const override;

 private:
  std::string key_;
};

// A comparison of one label with one value: ==, !=, contains, starts with, ends with.
class CompareExpr : public Expr {
 public:
  enum class Op { Equal, NotEqual, Contains, StartsWith, EndsWith };
  CompareExpr(std::string key, Op op, std::string value)
      : key_(std::move(key)), op_(op), value_(std::move(value)) {}
  bool matches(const model::Labels& labels) const override;  // != is true when the label is missing
  void print(std::string& out) const override;

 private:
  std::string key_;
  Op op_;
  std::string value_;
};

// key in {...} and key not in {...}; values are kept sorted and unique.
class SetExpr : public Expr {
 public:
  SetExpr(std::string key, bool negated, std::vector<std::string> values);
  bool matches(const model::Labels& labels) const override;  // `not in` is true when missing
  void print(std::string& out) const override;

 private:
  std::string key_;
  bool negated_;
  std::vector<std::string> values_;
};

class NotExpr : public Expr {
 public:
  explicit NotExpr(ExprPtr operand) : operand_(std::move(operand)) {}
  bool matches(const model::Labels& labels) const override;
  void print(std::string& out) const override;

 private:
  ExprPtr operand_;
};

// a && b && ...: every operand matches.
class AndExpr : public Expr {
 public:
  explicit AndExpr(std::vector<ExprPtr> operands) : operands_(std::move(operands)) {}
  bool matches(const model::Labels& labels) const override;
  void print(std::string& out) const override;
  Binding binding() const override { return Binding::And; }

 private:
  std::vector<ExprPtr> operands_;
};

// a || b || ...: some operand matches.
class OrExpr : public Expr {
 public:
  explicit OrExpr(std::vector<ExprPtr> operands) : operands_(std::move(operands)) {}
  bool matches(const model::Labels& labels) const override;
  void print(std::string& out) const override;
  Binding binding() const override { return Binding::Or; }

 private:
  std::vector<ExprPtr> operands_;
};

// A value as the canonical form quotes it: "v", or 'v' when v holds a double quote.
void appendQuoted(std::string& out, const std::string& value);

}  // namespace tg::selector::calico
