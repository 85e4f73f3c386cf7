#include "verify/tenant_graph.h"

#include <algorithm>
#include <map>

namespace tg::verify {

ConnectivityGroups groupByTenant(const Connectivity& c, const tenant::Tenancy& tenancy) {
  ConnectivityGroups g;
  std::map<std::string, size_t> tenantGroup, namespaceGroup;
  for (const auto& t : tenancy.tenants) {
    tenantGroup[t] = g.groups.size();
    g.groups.push_back({t, GroupKind::Tenant, 0});
  }
  // Namespaces outside any tenant, by name, then one group for the outside world.
  for (const auto& e : c.endpoints)
    if (e.workload && !tenancy.tenantOfNamespace(e.workload->meta.ns)) namespaceGroup[e.workload->meta.ns] = 0;
  for (auto& [ns, index] : namespaceGroup) {
    index = g.groups.size();
    g.groups.push_back({ns, GroupKind::Namespace, 0});
  }
  size_t external = g.groups.size();
  bool anyExternal = false;

  for (const auto& e : c.endpoints) {
    size_t group = external;
    if (e.workload) {
      const std::string* t = tenancy.tenantOfNamespace(e.workload->meta.ns);
      group = t ? tenantGroup.at(*t) : namespaceGroup.at(e.workload->meta.ns);
      ++g.groups[group].workloads;
    } else {
      anyExternal = true;
    }
    g.groupOf.push_back(group);
  }
  if (anyExternal) g.groups.push_back({"External", GroupKind::External, 0});

  std::map<std::pair<size_t, size_t>, size_t> edgeIndex;
  for (const auto& conn : c.connections) {
    size_t from = g.groupOf[conn.src], to = g.groupOf[conn.dst];
    bool cross = from != to && g.groups[from].kind == GroupKind::Tenant && g.groups[to].kind == GroupKind::Tenant;
    g.crossTenant.push_back(cross);
    if (from == to) continue;
    auto [it, added] = edgeIndex.emplace(std::pair{from, to}, g.edges.size());
    if (added) g.edges.push_back({from, to, {}, 0, cross});
    GroupEdge& edge = g.edges[it->second];
    edge.conns.add(conn.conns);
    ++edge.connections;
  }
  std::sort(g.edges.begin(), g.edges.end(),
            [](const GroupEdge& a, const GroupEdge& b) { return std::pair{a.from, a.to} < std::pair{b.from, b.to}; });
  return g;
}

}  // namespace tg::verify
