// Connectivity seen by tenant: every endpoint put in a group — its tenant, its namespace when the
// namespace belongs to no tenant (kube-system, shared services), or "External" for addresses
// outside the cluster — and the connections between different groups aggregated into one edge
// per ordered pair of groups. Connections between workloads of two different tenants are
// cross-tenant; `connectivity -o dot|mermaid` highlights them (with and without `--by tenant`).
#pragma once

#include <string>
#include <vector>

#include "net/connection_set.h"
#include "tenant/tenancy.h"
#include "verify/connectivity.h"

namespace tg::verify {

enum class GroupKind { Tenant, Namespace, External };

struct EndpointGroup {
  std::string name;  // tenant name, namespace name, or "External"
  GroupKind kind = GroupKind::Tenant;
  size_t workloads = 0;  // workload endpoints in the group (external ranges are not counted)
};

struct GroupEdge {
  size_t from = 0, to = 0;    // indices into ConnectivityGroups::groups
  net::ConnectionSet conns;   // union over the endpoint connections it aggregates
  size_t connections = 0;     // how many endpoint connections it aggregates
  bool crossTenant = false;   // both groups are (different) tenants
};

struct ConnectivityGroups {
  std::vector<EndpointGroup> groups;  // tenants (tenancy order), then namespaces (by name), then External
  std::vector<size_t> groupOf;        // per Connectivity endpoint
  std::vector<bool> crossTenant;      // per Connectivity connection
  std::vector<GroupEdge> edges;       // between different groups, by (from, to); no self edges
};

ConnectivityGroups groupByTenant(const Connectivity& c, const tenant::Tenancy& tenancy);

}  // namespace tg::verify
