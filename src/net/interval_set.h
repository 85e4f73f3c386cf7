// IntervalSet<T>: a set of integers kept as sorted, disjoint, non-adjacent closed intervals.
// It is the one representation behind port sets, protocol sets and IP address sets, so every
// set operation in tenantguard is exact and prints as ranges.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

namespace tg::net {

template <typename T>
class IntervalSet {
 public:
  struct Interval {
    T lo;
    T hi;  // inclusive
    bool operator==(const Interval&) const = default;
  };

  IntervalSet() = default;
  IntervalSet(T lo, T hi) { add(lo, hi); }

  static IntervalSet range(T lo, T hi) { return IntervalSet(lo, hi); }

  bool empty() const { return parts_.empty(); }
  const std::vector<Interval>& intervals() const { return parts_; }

  bool contains(T v) const {
    auto it = std::upper_bound(parts_.begin(), parts_.end(), v,
                               [](T x, const Interval& i) { return x < i.lo; });
    if (it == parts_.begin()) return false;
    --it;
    return v <= it->hi;
  }

  // True when every element of `other` is in this set.
  bool covers(const IntervalSet& other) const { return other.minus(*this).empty(); }

  void add(T lo, T hi) {
    if (hi < lo) return;
    if (parts_.empty() || before(parts_.back(), lo)) {  // the common, sorted-append case
      parts_.push_back({lo, hi});
      return;
    }
    std::vector<Interval> out;
    out.reserve(parts_.size() + 1);
    size_t i = 0;
    while (i < parts_.size() && before(parts_[i], lo)) out.push_back(parts_[i++]);
    // Overlapping or adjacent intervals merge, so the representation stays canonical.
    while (i < parts_.size() && !after(parts_[i], hi)) {
      lo = std::min(lo, parts_[i].lo);
      hi = std::max(hi, parts_[i].hi);
      ++i;
    }
    out.push_back({lo, hi});
    while (i < parts_.size()) out.push_back(parts_[i++]);
    parts_ = std::move(out);
  }

  void add(const IntervalSet& other) {
    for (const Interval& i : other.parts_) add(i.lo, i.hi);
  }

  IntervalSet unite(const IntervalSet& other) const {
    IntervalSet r = *this;
    r.add(other);
    return r;
  }

  IntervalSet intersect(const IntervalSet& other) const {
    IntervalSet r;
    size_t a = 0, b = 0;
    while (a < parts_.size() && b < other.parts_.size()) {
      T lo = std::max(parts_[a].lo, other.parts_[b].lo);
      T hi = std::min(parts_[a].hi, other.parts_[b].hi);
      if (lo <= hi) r.parts_.push_back({lo, hi});
      if (parts_[a].hi < other.parts_[b].hi) ++a; else ++b;
    }
    return r;
  }

  IntervalSet minus(const IntervalSet& other) const {
    IntervalSet r;
    size_t b = 0;
    for (Interval cur : parts_) {
      while (b < other.parts_.size() && other.parts_[b].hi < cur.lo) ++b;
      size_t k = b;
      bool alive = true;
      while (alive && k < other.parts_.size() && other.parts_[k].lo <= cur.hi) {
        const Interval& cut = other.parts_[k];
        if (cut.lo > cur.lo) r.parts_.push_back({cur.lo, static_cast<T>(cut.lo - 1)});
        if (cut.hi >= cur.hi) alive = false;
        else cur.lo = static_cast<T>(cut.hi + 1);
        ++k;
      }
      if (alive) r.parts_.push_back(cur);
    }
    return r;
  }

  bool operator==(const IntervalSet&) const = default;

 private:
  // p ends before lo and does not touch it (p.hi < lo, so p.hi + 1 cannot overflow).
  static bool before(const Interval& p, T lo) { return p.hi < lo && p.hi + 1 != lo; }
  // p starts after hi and does not touch it.
  static bool after(const Interval& p, T hi) { return p.lo > hi && hi + 1 != p.lo; }

  std::vector<Interval> parts_;
};

}  // namespace tg::net
