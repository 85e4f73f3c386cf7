#include "verify/half_openings.h"

#include <gtest/gtest.h>

namespace tg::verify {
namespace {

using Ids = std::vector<uint32_t>;

TEST(HalfOpenings, ListsIngressOpeningsBySourceAndEgressOpeningsByDestination) {
  HalfOpenings o(4);
  o.addIngressOpen(0, 2);
  o.addIngressOpen(0, 3);
  o.addEgressOpen(0, 3);
  o.addEgressOpen(1, 3);
  o.finish();
  ASSERT_NE(o.ingressOpenFrom(0), nullptr);
  EXPECT_EQ(*o.ingressOpenFrom(0), (Ids{2, 3}));
  EXPECT_EQ(*o.ingressOpenFrom(1), Ids{});
  EXPECT_EQ(o.egressOpenTo(3), (Ids{0, 1}));
  EXPECT_EQ(o.egressOpenTo(2), Ids{});
  EXPECT_EQ(o.egressUnknown(), Ids{});
}

TEST(HalfOpenings, SourcesWithMoreThanTheLimitBecomeUnknown) {
  HalfOpenings o(4, 2);
  for (uint32_t d : {1, 2, 3}) {
    o.addIngressOpen(0, d);
    o.addEgressOpen(0, d);
  }
  o.addEgressOpen(1, 2);
  o.finish();
  EXPECT_EQ(o.ingressOpenFrom(0), nullptr);
  // The overflowing source is no destination's known opener: it is listed as unknown instead.
  EXPECT_EQ(o.egressOpenTo(2), Ids{1});
  EXPECT_EQ(o.egressOpenTo(1), Ids{});
  EXPECT_EQ(o.egressUnknown(), Ids{0});
}

}  // namespace
}  // namespace tg::verify
