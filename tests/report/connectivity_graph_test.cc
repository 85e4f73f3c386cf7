// verify::groupByTenant and the dot/mermaid renderings (src/report/connectivity_graph.cc) on a
// hand-built Connectivity; the expected graphs are written out by hand.
#include "report/connectivity_graph.h"

#include <gtest/gtest.h>

#include "verify/tenant_graph.h"

namespace tg::report {
namespace {

using net::ConnectionSet;
using net::PortSet;
using net::Protocol;

model::Workload workload(const std::string& ns, const std::string& name) {
  model::Workload w;
  w.meta.kind = "Deployment";
  w.meta.ns = ns;
  w.meta.name = name;
  return w;
}

// Tenant a (ns ta: web, db), tenant b (ns tb: api), kube-system (dns), and the outside world.
struct Fixture {
  std::vector<model::Workload> workloads = {workload("ta", "web"), workload("ta", "db"), workload("tb", "api"),
                                            workload("kube-system", "dns")};
  verify::Connectivity c;
  tenant::Tenancy tenancy;

  Fixture() {
    for (const auto& w : workloads) c.endpoints.push_back(layers::Endpoint::ofWorkload(w, nullptr));
    c.endpoints.push_back(layers::Endpoint::external(*net::parseCidr("0.0.0.0/0")));
    auto tcp = [](uint32_t p) { return ConnectionSet::ports(Protocol::TCP, PortSet(p, p)); };
    auto udp = [](uint32_t p) { return ConnectionSet::ports(Protocol::UDP, PortSet(p, p)); };
    c.connections = {
        {0, 2, tcp(80), std::nullopt},    // ta/web → tb/api: cross-tenant
        {1, 2, tcp(8080), std::nullopt},  // ta/db → tb/api: cross-tenant, same tenant pair
        {0, 1, tcp(5432), std::nullopt},  // ta/web → ta/db: inside tenant a
        {0, 3, udp(53), std::nullopt},    // ta/web → kube-system/dns
        {2, 3, udp(53), std::nullopt},    // tb/api → kube-system/dns
        {4, 0, tcp(443), std::nullopt},   // outside → ta/web
    };
    tenancy.tenants = {"a", "b"};
    tenancy.tenantOf = {{"ta", "a"}, {"tb", "b"}};
  }
};

TEST(TenantGraph, GroupsEndpointsAndAggregatesEdges) {
  Fixture f;
  verify::ConnectivityGroups g = verify::groupByTenant(f.c, f.tenancy);
  ASSERT_EQ(g.groups.size(), 4u);
  EXPECT_EQ(g.groups[0].name, "a");
  EXPECT_EQ(g.groups[0].workloads, 2u);
  EXPECT_EQ(g.groups[1].name, "b");
  EXPECT_EQ(g.groups[2].name, "kube-system");
  EXPECT_EQ(g.groups[2].kind, verify::GroupKind::Namespace);
  EXPECT_EQ(g.groups[3].kind, verify::GroupKind::External);
  EXPECT_EQ(g.crossTenant, (std::vector<bool>{true, true, false, false, false, false}));
  // a→b (two connections, TCP 80 and 8080), a→kube-system, b→kube-system, External→a; the
  // web→db connection stays inside tenant a and makes no edge.
  ASSERT_EQ(g.edges.size(), 4u);
  EXPECT_EQ(g.edges[0].from, 0u);
  EXPECT_EQ(g.edges[0].to, 1u);
  EXPECT_EQ(g.edges[0].connections, 2u);
  EXPECT_TRUE(g.edges[0].crossTenant);
  EXPECT_EQ(g.edges[0].conns, ConnectionSet::ports(Protocol::TCP, PortSet(80, 80)).unite(
                                  ConnectionSet::ports(Protocol::TCP, PortSet(8080, 8080))));
  for (size_t i = 1; i < g.edges.size(); ++i) EXPECT_FALSE(g.edges[i].crossTenant);
}

TEST(TenantGraph, MermaidByTenant) {
  Fixture f;
  verify::ConnectivityGroups g = verify::groupByTenant(f.c, f.tenancy);
  EXPECT_EQ(renderConnectivityGraph(f.c, &g, "mermaid", true),
            "flowchart LR\n"
            "  g0[\"tenant a 2 workloads\"]\n"
            "  g1[\"tenant b 1 workload\"]\n"
            "  g2[\"namespace kube-system 1 workload\"]\n"
            "  g3([\"External\"])\n"
            "  g0 -->|\"2 connections: TCP 80,8080\"| g1\n"
            "  g0 -->|\"1 connection: UDP 53\"| g2\n"
            "  g1 -->|\"1 connection: UDP 53\"| g2\n"
            "  g3 -->|\"1 connection: TCP 443\"| g0\n"
            "  classDef tgTenant fill:#ddf4ff,stroke:#0969da\n"
            "  classDef tgNamespace fill:#f6f8fa,stroke:#59636e\n"
            "  classDef tgExternal stroke-dasharray: 5 5\n"
            "  class g0,g1 tgTenant\n"
            "  class g2 tgNamespace\n"
            "  class g3 tgExternal\n"
            "  linkStyle 0 stroke:#cf222e,stroke-width:3px,color:#cf222e\n");
}

TEST(TenantGraph, DotByTenant) {
  Fixture f;
  verify::ConnectivityGroups g = verify::groupByTenant(f.c, f.tenancy);
  std::string dot = renderConnectivityGraph(f.c, &g, "dot", true);
  EXPECT_NE(dot.find("  g0 -> g1 [label=\"2 connections: TCP 80,8080\", color=\"#cf222e\", fontcolor=\"#cf222e\", penwidth=3];\n"),
            std::string::npos)
      << dot;
  EXPECT_NE(dot.find("  g1 -> g2 [label=\"1 connection: UDP 53\"];\n"), std::string::npos) << dot;
  EXPECT_NE(dot.find("  g3 [label=\"External\", shape=ellipse, style=dashed];\n"), std::string::npos) << dot;
}

TEST(TenantGraph, WorkloadGraphsHighlightOnlyCrossTenantEdges) {
  Fixture f;
  verify::ConnectivityGroups g = verify::groupByTenant(f.c, f.tenancy);
  std::string dot = renderConnectivityGraph(f.c, &g, "dot", false);
  EXPECT_NE(dot.find("\"ta/web[Deployment]\" -> \"tb/api[Deployment]\" [label=\"TCP 80\", color="), std::string::npos) << dot;
  EXPECT_NE(dot.find("\"ta/db[Deployment]\" -> \"tb/api[Deployment]\" [label=\"TCP 8080\", color="), std::string::npos) << dot;
  EXPECT_NE(dot.find("\"ta/web[Deployment]\" -> \"ta/db[Deployment]\" [label=\"TCP 5432\"];"), std::string::npos) << dot;
  // Mermaid: links in connlist order (by source name, then destination name): 0.0.0.0-…→web,
  // db→api, web→kube-system/dns, web→db, web→api, api→dns; the cross-tenant ones are 1 and 4.
  std::string mermaid = renderConnectivityGraph(f.c, &g, "mermaid", false);
  EXPECT_NE(mermaid.find("  linkStyle 1,4 stroke:#cf222e"), std::string::npos) << mermaid;
  EXPECT_NE(mermaid.find("  n4([\"0.0.0.0-255.255.255.255[External]\"])\n"), std::string::npos) << mermaid;
  // Without groups nothing is highlighted.
  EXPECT_EQ(renderConnectivityGraph(f.c, nullptr, "mermaid", false).find("linkStyle"), std::string::npos);
}

}  // namespace
}  // namespace tg::report
