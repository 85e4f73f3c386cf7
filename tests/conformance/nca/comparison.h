// Comparing NCA's expected facts with tenantguard's, once both are at the same granularity:
// external address ranges are cut at every boundary either side names, and IPv6 is compared only
// when both sides name it (NCA prints it only with `excludeIPv6Range: false`; tenantguard adds it
// only when a policy names IPv6 addresses).
#pragma once

#include <vector>

#include "facts.h"

namespace tg::conformance::nca {

struct FactDiff {
  Peer src;
  Peer dst;
  Conn expected;  // NCA
  Conn actual;    // tenantguard
};

struct Comparison {
  std::vector<FactDiff> diffs;  // sorted by peers
  size_t expectedFacts = 0;     // after alignment
  size_t actualFacts = 0;
};

Comparison compareFacts(const FactSet& expected, const FactSet& actual);

}  // namespace tg::conformance::nca
