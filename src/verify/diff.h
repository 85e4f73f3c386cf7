// diff: what a change does to tenant isolation. Two configurations — base (before the change)
// and head (after) — are verified on their own, then compared:
//
//   DiffResult d = runDiff(baseCluster, baseTenancy, headCluster, headTenancy, options);
//
// - cross-tenant flows (workload pairs of different tenants with a connection) added, removed or
//   changed (connections, each layer's result, the authorization summary, declared or not), each
//   marked as caused by topology (one of its workloads exists on one side only) or by policy;
// - the tenant matrix cells whose state changed (e.g. 2L → OPEN);
// - findings new and resolved, matched by id + object + subject, never by line or message;
// - load-bearing objects new and no longer load-bearing;
// - policy objects added and removed; topology (tenants, namespaces, workloads) added and removed.
//
// `opensNewFlows()` is what `tenantguard diff` exits 1 on. Renderers (src/report/diff_*.cc) only
// format a DiffResult.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/cluster.h"
#include "tenant/tenancy.h"
#include "verify/verify.h"

namespace tg::verify {

enum class ChangeKind { Added, Removed, Changed };
const char* changeKindName(ChangeKind k);  // "added", "removed", "changed"

enum class ChangeCause { Policy, Topology };
// "policy" (both workloads exist on both sides: a policy or a workload's labels changed),
// "topology" (a workload of the pair was added or removed).
const char* changeCauseName(ChangeCause c);

// One side of a workload pair: what verify saw there. `present` is false when a workload of the
// pair does not exist on that side; `conns` is empty when the pair is blocked.
struct FlowSide {
  bool present = false;
  net::ConnectionSet conns;
  std::string authorization;
  bool declared = false;
  std::vector<LayerResult> layers;  // network, mtls, authorization; empty when !present
};

// A layer whose result for the pair differs between base and head.
struct LayerChange {
  std::string layer;
  const char* before = "";  // LayerResult::verdict() on each side ("" when absent)
  const char* after = "";
  net::ConnectionSet opened, closed;  // what the layer lets through now and did not, and the reverse
};

struct FlowChange {
  ChangeKind kind = ChangeKind::Changed;
  ChangeCause cause = ChangeCause::Policy;
  std::string fromTenant, toTenant;
  std::string src, dst;                // ns/name[Kind]
  FlowSide base, head;
  net::ConnectionSet opened, closed;   // head − base, base − head (combined connections)
  std::vector<LayerChange> layerChanges;
  bool authorizationChanged = false;
  model::Source dstWhere;              // the destination workload (head's, or base's when removed)

  // New connections across tenants that the spec does not declare: what fails the diff.
  bool opensUndeclared() const { return !opened.empty() && !head.declared; }
};

// A tenant matrix cell whose state changed (OPEN / declared / NL / no pair).
struct CellChange {
  std::string from, to;
  std::optional<TenantPair> base, head;  // nullopt: a tenant of the pair exists on one side only
};

struct WorkloadChange {
  std::string name;    // ns/name[Kind]
  std::string tenant;  // empty for platform namespaces
  model::Source where;
};

struct ObjectChange {
  ObjectRef object;
  model::Source where;
};

struct FindingsDiff {
  std::vector<Finding> added;     // in head only (sorted like verify's findings)
  std::vector<Finding> resolved;  // in base only
  size_t unchanged = 0;
};

struct DiffSummary {
  size_t newFlows = 0;       // flow changes that open undeclared connections (added or widened)
  size_t addedFlows = 0, removedFlows = 0, changedFlows = 0;
  size_t newFindings = 0, resolvedFindings = 0, unchangedFindings = 0;
  size_t newErrors = 0;      // new findings of severity error
};

struct DiffResult {
  VerifyResult base, head;
  // Ordered: flows that open undeclared connections first, then other additions, other changes,
  // removals; each group by source, destination.
  std::vector<FlowChange> flows;
  std::vector<CellChange> cells;         // in head's tenant order, then tenants only in base
  FindingsDiff findings;
  std::vector<LoadBearingObject> newlyLoadBearing;     // head's objects not load-bearing in base
  std::vector<LoadBearingObject> noLongerLoadBearing;  // base's objects not load-bearing in head
  std::vector<ObjectChange> policiesAdded, policiesRemoved;
  std::vector<std::string> tenantsAdded, tenantsRemoved;
  std::vector<std::string> namespacesAdded, namespacesRemoved;
  std::vector<WorkloadChange> workloadsAdded, workloadsRemoved;
  DiffSummary summary;

  bool opensNewFlows() const { return summary.newFlows > 0; }
};

// Verifies both configurations with the same options and compares them.
DiffResult runDiff(const model::Cluster& base, const tenant::Tenancy& baseTenancy, const model::Cluster& head,
                   const tenant::Tenancy& headTenancy, const VerifyOptions& options);

// The identity of a finding across configurations: id, object kind/namespace/name and subject.
std::string findingKey(const Finding& f);

// Pairs findings with equal keys (those with equal messages first); the rest are new or resolved.
FindingsDiff diffFindings(const std::vector<Finding>& base, const std::vector<Finding>& head);

}  // namespace tg::verify
