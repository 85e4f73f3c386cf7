// runAudit on the hand-written logs of tests/data/audit against its cluster snapshot and spec.
// Every expected number below is derived line by line in the comments of each test.
#include <gtest/gtest.h>

#include "audit/audit.h"
#include "load/loader.h"

namespace tg::audit {
namespace {

std::string data(const std::string& name) { return std::string(TG_SOURCE_DIR) + "/tests/data/audit/" + name; }

class AuditFixture : public ::testing::Test {
 protected:
  AuditResult run(const std::vector<std::string>& logs, AuditOptions options = {}) {
    input_ = load::loadPaths({data("cluster.yaml")});
    EXPECT_TRUE(input_.diagnostics.empty());
    std::vector<tenant::SpecError> errors;
    spec_ = tenant::loadSpec(data("tenantguard.yaml"), errors);
    EXPECT_TRUE(spec_) << (errors.empty() ? "" : errors[0].message);
    tenant::addSpecNamespaces(*spec_, input_.cluster);
    tenancy_ = tenant::fromSpec(*spec_, input_.cluster);
    return runAudit(logs, input_.cluster, tenancy_, options);
  }

  static const DeniedGroup* group(const AuditResult& r, const std::string& src, const std::string& dst,
                                  const std::string& what) {
    for (const auto& g : r.denied)
      if (g.src == src && g.dst == dst && (g.policy == what || g.flags == what)) return &g;
    return nullptr;
  }

  load::LoadResult input_;
  std::optional<tenant::Spec> spec_;
  tenant::Tenancy tenancy_;
};

TEST_F(AuditFixture, JsonLogGroupsDenialsAndRaisesAlerts) {
  AuditResult r = run({data("istio-proxy.jsonl")});
  const AuditSummary& s = r.summary;
  EXPECT_EQ(s.lines, 19u);
  EXPECT_EQ(s.proxyMessages, 2u);  // pilot-agent's line 1, Envoy's line 18
  EXPECT_EQ(s.malformed, 1u);      // line 17 is cut short
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line, 17u);
  EXPECT_TRUE(r.inputError);
  EXPECT_EQ(s.entries, 16u);
  EXPECT_EQ(s.clientCopies, 1u);             // line 3: the frontend's copy of line 2
  EXPECT_EQ(s.sameTenant, 1u);               // line 10
  EXPECT_EQ(s.notBetweenTenants, 0u);
  EXPECT_EQ(s.sharedServiceRequests, 2u);    // lines 16 (declared use) and 19 (not declared)
  EXPECT_EQ(s.unattributedSource, 1u);       // line 15: 10.200.0.7 is no pod, no identity
  EXPECT_EQ(s.crossTenant, 11u);
  EXPECT_EQ(s.crossTenantDeclared, 1u);      // line 2: GET /v1/catalog/items?page=2, declared
  EXPECT_EQ(s.crossTenantDenied, 7u);        // lines 4-7, 12-14
  EXPECT_EQ(s.alerts, 4u);                   // lines 8, 9, 11, 19

  ASSERT_EQ(r.denied.size(), 5u);
  const DeniedGroup* g = group(r, "tenant-acme/api[Deployment]", "tenant-globex/billing[StatefulSet]",
                               "istio-system/deny-cross-tenant");
  ASSERT_TRUE(g);  // lines 5-7: source by pod IP, destination by pod name (billing-0, billing-1)
  EXPECT_EQ(g->seen.count, 3u);
  EXPECT_EQ(g->rule, 0);
  EXPECT_EQ(g->layer, "authorization");
  EXPECT_EQ(g->seen.first, "2026-11-02T10:15:00.002Z");
  EXPECT_EQ(g->seen.last, "2026-11-03T07:40:12.950Z");
  EXPECT_EQ(r.denied.front().src, g->src);  // the largest group first

  g = group(r, "tenant-acme/frontend[Deployment]", "tenant-globex/api[Deployment]", "none");
  ASSERT_TRUE(g);  // line 4: POST is not declared; by SPIFFE identity and local address
  EXPECT_EQ(g->seen.count, 1u);
  g = group(r, "tenant-initech/reports[DaemonSet]", "tenant-globex/billing[StatefulSet]", "UF,URX");
  ASSERT_TRUE(g);  // line 12: the client's proxy could not connect
  EXPECT_EQ(g->layer, "network");
  EXPECT_TRUE(group(r, "tenant-initech/reports[DaemonSet]", "tenant-globex/billing[StatefulSet]", "UF"));  // line 13, TCP
  g = group(r, "tenant-initech/reports[DaemonSet]", "tenant-globex/billing[StatefulSet]", "none");
  ASSERT_TRUE(g);  // line 14: TCP RBAC denial in connection_termination_details
  EXPECT_EQ(g->layer, "authorization");

  ASSERT_EQ(r.alerts.size(), 3u);
  EXPECT_EQ(r.alerts[0].src, "tenant-acme/api[Deployment]");
  EXPECT_EQ(r.alerts[0].dst, "tenant-globex/billing[StatefulSet]");
  EXPECT_EQ(r.alerts[0].port, 8080u);
  EXPECT_EQ(r.alerts[0].seen.count, 2u);
  EXPECT_EQ(r.alerts[0].example, "GET /invoices/export -> 200");
  // Line 19: the log collector is declared for POST /logs/ingest only.
  EXPECT_EQ(r.alerts[1].src, "tenant-acme/frontend[Deployment]");
  EXPECT_EQ(r.alerts[1].dst, "shared-services/log-collector[Deployment]");
  EXPECT_EQ(r.alerts[1].sharedService, "log-collector");
  EXPECT_EQ(r.alerts[1].dstTenant, "");
  EXPECT_EQ(r.alerts[2].src, "tenant-initech/reports[DaemonSet]");  // by SPIFFE identity
  EXPECT_EQ(r.alerts[2].dst, "tenant-acme/api[Deployment]");

  ASSERT_FALSE(r.topDeniedPaths.empty());
  EXPECT_EQ(r.topDeniedPaths[0].path, "/invoices");  // lines 5, 6, 7, 12
  EXPECT_EQ(r.topDeniedPaths[0].count, 4u);

  ASSERT_EQ(r.days.size(), 2u);
  EXPECT_EQ(r.days[0].day, "2026-11-02");
  EXPECT_EQ(r.days[0].crossTenant, 4u);  // lines 2, 4, 5, 6
  EXPECT_EQ(r.days[0].denied, 3u);
  EXPECT_EQ(r.days[0].alerts, 0u);
  EXPECT_EQ(r.days[1].alerts, 4u);
}

TEST_F(AuditFixture, TextLogWithKubectlPrefixes) {
  AuditResult r = run({data("istio-proxy-text.log")});
  EXPECT_EQ(r.summary.entries, 4u);
  EXPECT_EQ(r.summary.malformed, 1u);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line, 5u);
  EXPECT_EQ(r.errors[0].message, "the response code is not a number");
  EXPECT_EQ(r.summary.crossTenantDenied, 3u);
  ASSERT_EQ(r.alerts.size(), 1u);  // initech's reports reading globex's catalog: declared for acme only
  EXPECT_EQ(r.alerts[0].src, "tenant-initech/reports[DaemonSet]");
  EXPECT_EQ(r.alerts[0].dst, "tenant-globex/api[Deployment]");
  EXPECT_TRUE(group(r, "tenant-acme/frontend[Deployment]", "tenant-globex/billing[StatefulSet]", "UF,URX"));
  EXPECT_TRUE(group(r, "tenant-initech/reports[DaemonSet]", "tenant-globex/billing[StatefulSet]", "none"));
}

TEST_F(AuditFixture, TimeWindow) {
  AuditOptions options;
  options.since = "2026-11-03T07:41:03Z";  // fractions of a second after it count
  options.until = "2026-11-03T09:31";
  AuditResult r = run({data("istio-proxy.jsonl")}, options);
  // In the window: lines 8 to 12 (line 8 is at 07:41:03.114); line 13 is at 09:31:00.
  EXPECT_EQ(r.summary.outsideWindow, 11u);
  EXPECT_EQ(r.summary.alerts, 3u);
  EXPECT_EQ(r.summary.crossTenantDenied, 1u);
}

TEST_F(AuditFixture, WithoutSnapshotIdentitiesAndHostsStillAttribute) {
  std::vector<tenant::SpecError> errors;
  auto spec = tenant::loadSpec(data("tenantguard.yaml"), errors);
  ASSERT_TRUE(spec);
  model::Cluster empty;
  tenant::addSpecNamespaces(*spec, empty);
  tenant::Tenancy tenancy = tenant::fromSpec(*spec, empty);
  AuditResult r = runAudit({data("istio-proxy.jsonl")}, empty, tenancy, {});
  // Sources without a SPIFFE identity (lines 5-9, 12-15) cannot be placed without pod IPs.
  EXPECT_EQ(r.summary.unattributedSource, 9u);
  // Line 11: the identity names a service account, the SNI a Service.
  ASSERT_EQ(r.alerts.size(), 2u);
  EXPECT_EQ(r.alerts[1].src, "tenant-initech/reports[ServiceAccount]");
  EXPECT_EQ(r.alerts[1].dst, "tenant-acme/api[Service]");
  // Line 2 is declared for the workload acme/frontend, which a service account does not name:
  // without the snapshot the declaration cannot be shown to apply, so it is an alert.
  EXPECT_EQ(r.alerts[0].src, "tenant-acme/frontend[ServiceAccount]");
  EXPECT_EQ(r.alerts[0].dst, "tenant-globex/api[Service]");
}

}  // namespace
}  // namespace tg::audit
