#include "selector/label_index.h"

#include <gtest/gtest.h>

#include <random>

namespace tg::selector {
namespace {

// Random label sets over a few keys and values, and random selectors over the same (plus a key
// and a value no set has): the index must answer exactly as LabelSelector::matches, set by set.
TEST(LabelIndex, MatchesEverySetAsTheSelectorDoes) {
  std::mt19937 rnd(7);
  auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rnd); };
  const std::vector<std::string> keys{"tenant", "team", "env", "absent"};
  const std::vector<std::string> values{"a", "b", "c", "zz"};
  std::vector<model::Labels> sets(150);
  for (auto& l : sets)
    for (int k = 0; k < 3; ++k)
      if (pick(3)) l[keys[k]] = values[pick(3)];
  std::vector<const model::Labels*> pointers;
  for (const auto& l : sets) pointers.push_back(&l);
  LabelIndex index(pointers);
  size_t matched = 0, checked = 0;
  for (int n = 0; n < 400; ++n) {
    model::Labels matchLabels;
    std::vector<Requirement> expressions;
    for (int i = pick(2); i > 0; --i) matchLabels[keys[pick(4)]] = values[pick(4)];
    for (int i = pick(3); i > 0; --i) {
      Requirement r{keys[pick(4)], static_cast<Requirement::Op>(pick(4)), {}};
      for (int v = pick(3); v > 0; --v) r.values.push_back(values[pick(4)]);
      expressions.push_back(r);
    }
    LabelSelector s(matchLabels, expressions);
    LabelIndex::Set set = index.matching(s);
    for (size_t i = 0; i < sets.size(); ++i) {
      ASSERT_EQ(set.contains(i), s.matches(sets[i])) << s.toString() << " on set " << i;
      matched += set.contains(i);
      ++checked;
    }
  }
  // Both answers occur often enough for the comparison to mean something.
  EXPECT_GT(matched, checked / 10);
  EXPECT_LT(matched, checked * 9 / 10);
}

TEST(LabelIndex, SetsVisitTheirPositionsInOrder) {
  LabelIndex::Set s(130);
  for (size_t i : {129u, 0u, 64u, 63u}) s.insert(i);
  std::vector<size_t> seen;
  s.forEach([&](size_t i) { seen.push_back(i); });
  EXPECT_EQ(seen, (std::vector<size_t>{0, 63, 64, 129}));
  std::vector<size_t> rest;
  s.complement().forEach([&](size_t i) { rest.push_back(i); });
  EXPECT_EQ(rest.size(), 126u);
  EXPECT_EQ(rest.back(), 128u);
}

}  // namespace
}  // namespace tg::selector
