// What-if analysis: isolation that hangs on one object is one `kubectl delete` away from a
// breach (TG003), and isolation that a tenant's own allow-all NetworkPolicy can undo has no
// cluster-scoped floor (TG012).
//
// Deleting an object can only open a pair that the object currently helps to block, so each
// candidate re-evaluates just the blocked pairs that name it among their blockers, against a
// cluster without it — the rest of the analysis is reused.
#pragma once

#include <vector>

#include "verify/boundaries.h"

namespace tg::verify {

std::vector<LoadBearingObject> findLoadBearingObjects(const model::Cluster& cluster, const tenant::Tenancy& tenancy,
                                                      const BoundaryAnalysis& boundaries,
                                                      const layers::mesh::MeshOptions& mesh);

// TG012 for each tenant whose namespaces, given an allow-all NetworkPolicy of their own, would
// have network paths to or from another tenant.
std::vector<Finding> findMissingFloors(const model::Cluster& cluster, const tenant::Tenancy& tenancy);

// A copy of the cluster without the policy object kind/ns/name. Returns false when no such
// object exists (or its kind is not a policy).
bool withoutObject(const model::Cluster& cluster, const std::string& kind, const std::string& ns, const std::string& name,
                   model::Cluster& out);

}  // namespace tg::verify
