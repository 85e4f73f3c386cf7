// verify: the tenant boundaries of a cluster, checked through every layer, plus the lints.
//
//   VerifyResult r = runVerify(cluster, tenancy, options);
//
// Everything a report shows is in VerifyResult; renderers only format it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "layers/mesh/mesh_membership.h"
#include "layers/verdict.h"
#include "model/cluster.h"
#include "net/connection_set.h"
#include "tenant/tenancy.h"
#include "verify/finding.h"

namespace tg::verify {

// What one layer does to the connections from one workload to another: what it lets through,
// and the objects and rules that decided (allows and denials alike), with their file:line.
struct LayerResult {
  std::string layer;                    // "network", "mtls", "authorization"
  net::ConnectionSet allowed;           // the mesh layers judge TCP only and pass the rest
  std::vector<layers::Ref> decidedBy;

  // "allow" (every TCP, UDP and SCTP connection), "deny" (none), "partial" (some).
  const char* verdict() const;
};

// An allowed connection from a workload of one tenant to a workload of another.
struct CrossTenantFlow {
  std::string fromTenant, toTenant;
  std::string src, dst;           // workload names, ns/name[Kind]
  net::ConnectionSet conns;       // allowed through every layer
  std::string authorization;      // the authorization layer's summary for the flow
  bool declared = false;          // covered by spec.flows or a shared-service allowance
  std::vector<LayerResult> layers;  // network, mtls, authorization
  model::Source srcWhere, dstWhere;  // where the two workloads are declared
};

// One cell of the tenant × tenant matrix. A 10,000-tenant cluster has 100 million of them, so a
// cell holds numbers only: tenants are positions in VerifyResult::tenants, workloads positions in
// VerifyResult::workloads, and the weakest pair's per-layer detail, where kept, is in
// VerifyResult::weakest.
struct TenantPair {
  static constexpr uint32_t kNone = UINT32_MAX;
  uint32_t from = 0, to = 0;
  uint32_t openFlows = 0;          // undeclared workload pairs with a connection (each a CrossTenantFlow)
  uint32_t declaredFlows = 0;
  uint64_t blockedPairs = 0;       // workload pairs with no connection
  // Over the blocked workload pairs, the fewest layers that each block the pair on its own
  // (network, mtls, authorization); -1 when no workload pair exists.
  int32_t minBlockingLayers = -1;
  // The blocked workload pair with that fewest number (kNone when none is blocked).
  uint32_t weakestSrc = kNone, weakestDst = kNone;
  // Into VerifyResult::weakest; kNone when no pair is blocked, when the details were not asked for
  // (VerifyOptions::weakestLayers), and for cells blocked by two layers or more when there are
  // more than kDetailedTenants tenants (boundaries.h).
  uint32_t weakestDetail = kNone;
};

// The weakest blocked pair of a cell: each layer's result for it, and the layers that block its
// least-defended TCP connection.
struct WeakestPair {
  std::vector<LayerResult> layers;
  std::vector<std::string> blockedBy;
};

// An object whose deletion alone opens a cross-tenant flow (TG003).
struct LoadBearingObject {
  ObjectRef object;
  model::Source where;
  std::vector<std::string> opens;  // "src => dst : conns"
};

struct Summary {
  size_t namespaces = 0, workloads = 0, policies = 0, tenants = 0;
  size_t errors = 0, warnings = 0, infos = 0;
};

struct VerifyResult {
  std::vector<std::string> tenants;
  std::vector<TenantPair> matrix;  // every ordered pair of distinct tenants
  std::vector<WeakestPair> weakest;     // the matrix's weakestDetail
  std::vector<std::string> workloads;   // display names, by position in the cluster
  std::vector<CrossTenantFlow> crossTenant;
  std::vector<LoadBearingObject> loadBearing;
  std::vector<Finding> findings;   // sorted: severity (error first), id, file, line
  Summary summary;
};

struct VerifyOptions {
  bool whatIf = true;  // compute load-bearing objects (TG003)
  // Keep the weakest pairs' per-layer results (VerifyResult::weakest): only the HTML report
  // shows them, and at 10,000 tenants they are a million cells' worth.
  bool weakestLayers = true;
  layers::mesh::MeshOptions mesh;
  // Threads for the tenant matrix and what-if (analysis_worker.h); 0: one per core, at most 4
  // (each keeps layers and a cache of its own). The result does not depend on it.
  unsigned threads = 0;
};

VerifyResult runVerify(const model::Cluster& cluster, const tenant::Tenancy& tenancy, const VerifyOptions& options);

}  // namespace tg::verify
