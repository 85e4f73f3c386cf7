// Tenant boundaries: every ordered pair of tenants, every pair of their workloads, through every
// layer. Produces the tenant matrix, the cross-tenant flows, and TG001 / TG002.
//
// Workload pairs are judged by their halves (half_cache.h): sources that a destination cannot
// tell apart are counted together, so the work grows with the number of distinct halves rather
// than with the number of workload pairs.
#pragma once

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "tenant/tenancy.h"
#include "verify/analysis_worker.h"
#include "verify/half_cache.h"
#include "verify/half_openings.h"
#include "verify/layer_stack.h"
#include "verify/pair_analysis.h"
#include "verify/verify.h"

namespace tg::verify {

// The objects among the denials of evaluated halves, by (kind, namespace, name): what-if's
// candidates (what_if.h), since deleting an object can only open a pair it helps to block.
using Blockers = std::map<std::tuple<std::string, std::string, std::string>, layers::Ref>;

struct BoundaryAnalysis {
  std::vector<TenantPair> matrix;
  std::vector<WeakestPair> weakest;     // the matrix's weakestDetail
  std::vector<std::string> workloads;   // display names, by position in the cluster
  std::vector<CrossTenantFlow> flows;
  std::vector<Finding> findings;  // TG001, TG002
  Blockers blockers;              // of every cross-tenant pair's halves
  HalfOpenings openings;          // of every cross-tenant pair
};

// The workloads of each tenant, by tenant name.
std::map<std::string, std::vector<const model::Workload*>> tenantWorkloads(const model::Cluster& cluster,
                                                                           const tenant::Tenancy& tenancy);

// Whether spec.flows declares src→dst (both workloads of the named tenants) for all of `conns`.
bool isDeclaredFlow(const tenant::Spec* spec, const std::string& fromTenant, const model::Workload& src,
                    const std::string& toTenant, const model::Workload& dst, const net::ConnectionSet& conns);

// Up to this many tenants every matrix cell carries its weakest pair's per-layer results; beyond,
// only the cells that are open or held by one layer do (a million cells of detail would cost more
// than the analysis).
constexpr size_t kDetailedTenants = 100;

struct BoundaryOptions {
  // Keep the per-layer results of the weakest pair of the cells kDetailedTenants allows
  // (BoundaryAnalysis::weakest); a million cells' worth costs more than the rest of the cell.
  bool weakestLayers = true;
  size_t openingsLimit = HalfOpenings::kLimit;  // see HalfOpenings
};

// Source tenants are shared out among the workers (a row to whichever is free); the rows are put
// together in tenant order.
BoundaryAnalysis analyzeBoundaries(const Workers& workers, const tenant::Tenancy& tenancy,
                                   const BoundaryOptions& options = {});

}  // namespace tg::verify
