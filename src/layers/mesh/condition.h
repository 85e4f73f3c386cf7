// Cond: a small boolean expression over what a flow does not fix — the HTTP request, a JWT, the
// exact pod address. Authorization matchers return one: `true`/`false` when the flow decides the
// match, an atom ("method POST") or a combination when it depends on the request. Built through
// all()/any()/negate(), which fold constants, so a fully known flow always yields true or false.
#pragma once

#include <string>
#include <vector>

namespace tg::layers::mesh {

class Cond {
 public:
  static Cond truth();
  static Cond falsity();
  static Cond of(bool b) { return b ? truth() : falsity(); }
  // `text` reads as a statement ("method POST"); `negText` as its negation ("method not POST").
  static Cond atom(std::string text, std::string negText);

  static Cond all(std::vector<Cond> parts);  // AND; all({}) is true
  static Cond any(std::vector<Cond> parts);  // OR;  any({}) is false
  Cond negate() const;

  bool isTrue() const { return kind_ == Kind::True; }
  bool isFalse() const { return kind_ == Kind::False; }
  bool known() const { return isTrue() || isFalse(); }

  // "method POST and path /logs/ingest", "(a or b) and not c", "true", "false".
  std::string str() const;

 private:
  enum class Kind { True, False, Atom, Not, And, Or };
  explicit Cond(Kind k) : kind_(k) {}
  std::string strIn(Kind parent) const;

  Kind kind_ = Kind::True;
  std::string text_;
  std::string negText_;
  std::vector<Cond> kids_;
};

}  // namespace tg::layers::mesh
