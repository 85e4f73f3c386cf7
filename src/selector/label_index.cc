#include "selector/label_index.h"

namespace tg::selector {

LabelIndex::Set::Set(size_t size, bool all) : size_(size), words_((size + 63) / 64, all ? ~uint64_t{0} : 0) {
  if (all && size % 64) words_.back() = (uint64_t{1} << (size % 64)) - 1;
}

LabelIndex::Set& LabelIndex::Set::operator&=(const Set& o) {
  for (size_t i = 0; i < words_.size(); ++i) words_[i] &= o.words_[i];
  return *this;
}

LabelIndex::Set& LabelIndex::Set::operator|=(const Set& o) {
  for (size_t i = 0; i < words_.size(); ++i) words_[i] |= o.words_[i];
  return *this;
}

LabelIndex::Set LabelIndex::Set::complement() const {
  Set out(size_, true);
  for (size_t i = 0; i < words_.size(); ++i) out.words_[i] &= ~words_[i];
  return out;
}

LabelIndex::LabelIndex(const std::vector<const model::Labels*>& sets) : size_(sets.size()), none_(sets.size()) {
  for (size_t i = 0; i < sets.size(); ++i)
    for (const auto& [k, v] : *sets[i]) {
      byKey_.try_emplace(k, size_).first->second.insert(i);
      byValue_[k].try_emplace(v, size_).first->second.insert(i);
    }
}

const LabelIndex::Set& LabelIndex::withValue(const std::string& key, const std::string& value) const {
  auto k = byValue_.find(key);
  if (k == byValue_.end()) return none_;
  auto v = k->second.find(value);
  return v == k->second.end() ? none_ : v->second;
}

const LabelIndex::Set& LabelIndex::withKey(const std::string& key) const {
  auto k = byKey_.find(key);
  return k == byKey_.end() ? none_ : k->second;
}

LabelIndex::Set LabelIndex::matching(const LabelSelector& s) const {
  Set out(size_, true);
  for (const auto& [k, v] : s.matchLabels()) out &= withValue(k, v);
  for (const Requirement& r : s.expressions()) {
    Set listed(size_);
    for (const std::string& v : r.values) listed |= withValue(r.key, v);
    switch (r.op) {
      case Requirement::Op::In: out &= listed; break;
      case Requirement::Op::NotIn: out &= listed.complement(); break;  // true for a missing key
      case Requirement::Op::Exists: out &= withKey(r.key); break;
      case Requirement::Op::DoesNotExist: out &= withKey(r.key).complement(); break;
    }
  }
  return out;
}

}  // namespace tg::selector
