#include "layers/mesh/condition.h"

#include <algorithm>

namespace tg::layers::mesh {

Cond Cond::truth() { return Cond(Kind::True); }
Cond Cond::falsity() { return Cond(Kind::False); }

Cond Cond::atom(std::string text, std::string negText) {
  Cond c(Kind::Atom);
  c.text_ = std::move(text);
  c.negText_ = std::move(negText);
  return c;
}

namespace {

// Flattens nested nodes of the same kind, drops the neutral constant, stops at the absorbing one,
// and removes duplicates (by their text).
template <typename IsNeutral, typename IsAbsorbing>
bool fold(std::vector<Cond>& parts, IsNeutral neutral, IsAbsorbing absorbing, std::vector<Cond>& out) {
  std::vector<std::string> seen;
  for (Cond& p : parts) {
    if (neutral(p)) continue;
    if (absorbing(p)) return true;
    std::string key = p.str();
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(std::move(key));
    out.push_back(std::move(p));
  }
  return false;
}

}  // namespace

Cond Cond::all(std::vector<Cond> parts) {
  std::vector<Cond> flat;
  for (Cond& p : parts) {
    if (p.kind_ == Kind::And) flat.insert(flat.end(), p.kids_.begin(), p.kids_.end());
    else flat.push_back(std::move(p));
  }
  std::vector<Cond> kept;
  if (fold(flat, [](const Cond& c) { return c.isTrue(); }, [](const Cond& c) { return c.isFalse(); }, kept))
    return falsity();
  if (kept.empty()) return truth();
  if (kept.size() == 1) return std::move(kept.front());
  Cond c(Kind::And);
  c.kids_ = std::move(kept);
  return c;
}

Cond Cond::any(std::vector<Cond> parts) {
  std::vector<Cond> flat;
  for (Cond& p : parts) {
    if (p.kind_ == Kind::Or) flat.insert(flat.end(), p.kids_.begin(), p.kids_.end());
    else flat.push_back(std::move(p));
  }
  std::vector<Cond> kept;
  if (fold(flat, [](const Cond& c) { return c.isFalse(); }, [](const Cond& c) { return c.isTrue(); }, kept))
    return truth();
  if (kept.empty()) return falsity();
  if (kept.size() == 1) return std::move(kept.front());
  Cond c(Kind::Or);
  c.kids_ = std::move(kept);
  return c;
}

Cond Cond::negate() const {
  switch (kind_) {
    case Kind::True: return falsity();
    case Kind::False: return truth();
    case Kind::Atom: return atom(negText_, text_);
    case Kind::Not: return kids_.front();
    case Kind::And:
    case Kind::Or: {
      Cond c(Kind::Not);
      c.kids_.push_back(*this);
      return c;
    }
  }
  return truth();
}

std::string Cond::strIn(Kind parent) const {
  std::string s = str();
  bool compound = kind_ == Kind::And || kind_ == Kind::Or;
  return compound && parent != kind_ ? "(" + s + ")" : s;
}

std::string Cond::str() const {
  switch (kind_) {
    case Kind::True: return "true";
    case Kind::False: return "false";
    case Kind::Atom: return text_;
    case Kind::Not: return "not " + kids_.front().strIn(Kind::Not);
    case Kind::And:
    case Kind::Or: {
      std::string out;
      for (const Cond& k : kids_) {
        if (!out.empty()) out += kind_ == Kind::And ? " and " : " or ";
        out += k.strIn(kind_);
      }
      return out;
    }
  }
  return "?";
}

}  // namespace tg::layers::mesh
