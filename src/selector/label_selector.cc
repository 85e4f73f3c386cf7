#include "selector/label_selector.h"

#include <algorithm>

namespace tg::selector {

bool Requirement::matches(const model::Labels& labels) const {
  auto it = labels.find(key);
  bool has = it != labels.end();
  auto listed = [&] { return std::find(values.begin(), values.end(), it->second) != values.end(); };
  switch (op) {
    case Op::In: return has && listed();
    case Op::NotIn: return !has || !listed();  // NotIn is true for a missing key
    case Op::Exists: return has;
    case Op::DoesNotExist: return !has;
  }
  return false;
}

bool LabelSelector::matches(const model::Labels& labels) const {
  for (const auto& [k, v] : matchLabels_) {
    auto it = labels.find(k);
    if (it == labels.end() || it->second != v) return false;
  }
  for (const Requirement& r : expressions_)
    if (!r.matches(labels)) return false;
  return true;
}

std::string LabelSelector::toString() const {
  if (empty()) return "{}";
  std::string out;
  auto sep = [&] { if (!out.empty()) out += ','; };
  for (const auto& [k, v] : matchLabels_) {
    sep();
    out += k + "=" + v;
  }
  for (const Requirement& r : expressions_) {
    sep();
    auto list = [&] {
      std::string s;
      for (const auto& v : r.values) s += (s.empty() ? "" : ",") + v;
      return "(" + s + ")";
    };
    switch (r.op) {
      case Requirement::Op::In: out += r.key + " in " + list(); break;
      case Requirement::Op::NotIn: out += r.key + " notin " + list(); break;
      case Requirement::Op::Exists: out += r.key; break;
      case Requirement::Op::DoesNotExist: out += "!" + r.key; break;
    }
  }
  return out;
}

}  // namespace tg::selector
