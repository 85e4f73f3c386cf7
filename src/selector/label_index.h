// LabelIndex: a fixed list of label sets (a cluster's namespaces) indexed by key and value, so
// that a selector is matched against all of them at once. The answer is a set of positions.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/object.h"
#include "selector/label_selector.h"

namespace tg::selector {

class LabelIndex {
 public:
  // Positions in a list of label sets, as a bitset.
  class Set {
   public:
    explicit Set(size_t size = 0, bool all = false);
    bool contains(size_t i) const { return (words_[i / 64] >> (i % 64)) & 1; }
    void insert(size_t i) { words_[i / 64] |= uint64_t{1} << (i % 64); }
    Set& operator&=(const Set& o);
    Set& operator|=(const Set& o);
    Set complement() const;
    // Calls fn(i) for every position in the set, in order.
    template <typename Fn>
    void forEach(Fn fn) const {
      for (size_t w = 0; w < words_.size(); ++w)
        for (uint64_t bits = words_[w]; bits; bits &= bits - 1) fn(w * 64 + static_cast<size_t>(__builtin_ctzll(bits)));
    }

   private:
    size_t size_;
    std::vector<uint64_t> words_;
  };

  explicit LabelIndex(const std::vector<const model::Labels*>& sets);

  // The positions whose labels `s` matches (LabelSelector::matches, for all at once).
  Set matching(const LabelSelector& s) const;

 private:
  const Set& withValue(const std::string& key, const std::string& value) const;
  const Set& withKey(const std::string& key) const;

  size_t size_;
  Set none_;
  std::map<std::string, std::map<std::string, Set>> byValue_;  // key → value → positions
  std::map<std::string, Set> byKey_;                            // key → positions that have it
};

}  // namespace tg::selector
