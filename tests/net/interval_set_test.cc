#include "net/interval_set.h"

#include <gtest/gtest.h>

namespace tg::net {
namespace {

using Set = IntervalSet<uint32_t>;

std::vector<std::pair<uint32_t, uint32_t>> parts(const Set& s) {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  for (const auto& i : s.intervals()) out.emplace_back(i.lo, i.hi);
  return out;
}

TEST(IntervalSet, AddMergesOverlappingAndAdjacent) {
  Set s;
  s.add(10, 20);
  s.add(30, 40);
  s.add(21, 25);  // adjacent to [10,20]
  EXPECT_EQ(parts(s), (std::vector<std::pair<uint32_t, uint32_t>>{{10, 25}, {30, 40}}));
  s.add(26, 29);  // fills the gap
  EXPECT_EQ(parts(s), (std::vector<std::pair<uint32_t, uint32_t>>{{10, 40}}));
  s.add(1, 2);
  EXPECT_EQ(parts(s), (std::vector<std::pair<uint32_t, uint32_t>>{{1, 2}, {10, 40}}));
}

TEST(IntervalSet, MinusSplitsIntervals) {
  Set s(1, 100);
  Set cut;
  cut.add(10, 20);
  cut.add(50, 50);
  EXPECT_EQ(parts(s.minus(cut)), (std::vector<std::pair<uint32_t, uint32_t>>{{1, 9}, {21, 49}, {51, 100}}));
  EXPECT_TRUE(s.minus(Set(0, 200)).empty());
}

TEST(IntervalSet, IntersectAndContains) {
  Set a;
  a.add(1, 10);
  a.add(20, 30);
  Set b(5, 25);
  Set i = a.intersect(b);
  EXPECT_EQ(parts(i), (std::vector<std::pair<uint32_t, uint32_t>>{{5, 10}, {20, 25}}));
  EXPECT_TRUE(i.contains(5));
  EXPECT_TRUE(i.contains(25));
  EXPECT_FALSE(i.contains(15));
  EXPECT_TRUE(a.covers(Set(2, 3)));
  EXPECT_FALSE(a.covers(Set(9, 21)));
}

TEST(IntervalSet, HandlesTypeMaximumWithoutOverflow) {
  Set s;
  s.add(0xfffffff0u, 0xffffffffu);
  s.add(0, 5);
  EXPECT_TRUE(s.contains(0xffffffffu));
  Set rest = Set(0, 0xffffffffu).minus(s);
  EXPECT_EQ(parts(rest), (std::vector<std::pair<uint32_t, uint32_t>>{{6, 0xffffffefu}}));
}

}  // namespace
}  // namespace tg::net
