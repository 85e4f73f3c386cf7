// What-if analysis: isolation that hangs on one object is one `kubectl delete` away from a
// breach (TG003), and isolation that a tenant's own allow-all NetworkPolicy can undo has no
// cluster-scoped floor (TG012).
//
// Deleting an object can only open a pair that the object currently helps to block, and only
// through the halves (half_cache.h) of the workloads whose decisions it takes part in. Each
// candidate is excluded from the layers (layers/exclusion.h), those halves alone are evaluated
// again, and only where one of them changes are its workload pairs judged anew — everything
// else is reused.
#pragma once

#include <optional>
#include <vector>

#include "verify/boundaries.h"

namespace tg::verify {

// The candidates are the boundary analysis's blockers, and the pairs judged for an object on one
// side of them are among its openings; `workers`: those that analysed the boundaries (their
// caches are the base that halves without an object are compared with). Candidates are shared
// out among the workers, each excluding one object at a time from its own layers.
// An object on both sides of more pairs than `bothSidesLimit` (default: 4 × the tenant
// workloads), such as a cluster-wide floor, is judged by the grouped walk instead of pair by pair.
std::vector<LoadBearingObject> findLoadBearingObjects(const Workers& workers, const tenant::Tenancy& tenancy,
                                                      const BoundaryAnalysis& boundaries,
                                                      std::optional<size_t> bothSidesLimit = std::nullopt);

// TG012 for each tenant whose namespaces, given an allow-all NetworkPolicy of their own, would
// have network paths to or from another tenant.
std::vector<Finding> findMissingFloors(const model::Cluster& cluster, const tenant::Tenancy& tenancy);

}  // namespace tg::verify
