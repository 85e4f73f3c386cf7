// The straightforward verify engine, kept as the oracle that the grouped engine (half_cache.h,
// boundaries.h, what_if.h) must equal: every workload pair analysed on its own, and every
// what-if candidate checked against a copy of the cluster without it.
#pragma once

#include <vector>

#include "verify/boundaries.h"
#include "verify/layer_stack.h"

namespace tg::verify {

struct PairwiseBoundaries : BoundaryAnalysis {
  struct Blocked {
    const model::Workload* src = nullptr;
    const model::Workload* dst = nullptr;
    std::vector<layers::Ref> blockers;
  };
  std::vector<Blocked> blocked;
};

PairwiseBoundaries pairwiseBoundaries(const LayerStack& layers, const tenant::Tenancy& tenancy);

// Load-bearing objects found by re-evaluating, for each candidate object, the blocked pairs that
// name it on a copy of the cluster without it. Kinds: NetworkPolicy, (Baseline)AdminNetworkPolicy,
// PeerAuthentication, AuthorizationPolicy.
std::vector<LoadBearingObject> pairwiseLoadBearing(const model::Cluster& cluster, const tenant::Tenancy& tenancy,
                                                   const PairwiseBoundaries& boundaries, const layers::mesh::MeshOptions& mesh);

}  // namespace tg::verify
