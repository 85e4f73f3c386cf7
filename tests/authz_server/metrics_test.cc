#include "authz_server/metrics.h"

#include <gtest/gtest.h>

namespace tg::authz {
namespace {

Decision allowFor(const std::string& tenant) {
  Decision d;
  d.allowed = true;
  d.reason = Reason::Allowed;
  d.tenant = tenant;
  return d;
}

bool hasLine(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos;
}

TEST(Metrics, CountsDecisionsByTransportResultAndTenant) {
  Metrics m;
  using namespace std::chrono_literals;
  m.recordDecision(Transport::Grpc, allowFor("acme"), 30us);
  m.recordDecision(Transport::Grpc, allowFor("acme"), 700us);
  m.recordDecision(Transport::Http, allowFor("globex"), 3ms);
  Decision deny = Decision::deny(Reason::NotAllowed, "no");
  deny.tenant = "globex";
  m.recordDecision(Transport::Http, deny, 20ms);
  m.recordDecision(Transport::Http, Decision::deny(Reason::MissingIdentity, "none"), 1s);
  m.recordReload(true);
  m.recordReload(false);
  m.setGeneration(4);

  EXPECT_EQ(m.decisions(Transport::Grpc, true, "acme"), 2u);
  EXPECT_EQ(m.decisions(Transport::Http, false, "globex"), 1u);
  EXPECT_EQ(m.denials(Reason::NotAllowed), 1u);
  EXPECT_EQ(m.denials(Reason::MissingIdentity), 1u);

  std::string text = m.renderPrometheus();
  EXPECT_TRUE(hasLine(text, R"(tenantguard_authz_decisions_total{transport="grpc",result="allow",tenant="acme"} 2)")) << text;
  EXPECT_TRUE(hasLine(text, R"(tenantguard_authz_decisions_total{transport="http",result="deny",tenant="globex"} 1)"));
  EXPECT_TRUE(hasLine(text, R"(tenantguard_authz_decisions_total{transport="http",result="deny",tenant=""} 1)"));
  EXPECT_TRUE(hasLine(text, R"(tenantguard_authz_denials_total{reason="not-allowed"} 1)"));
  EXPECT_TRUE(hasLine(text, R"(tenantguard_authz_denials_total{reason="unknown-host"} 0)"));
  // Histogram buckets are cumulative: 30us <= 5e-05; 700us <= 0.001; the +Inf bucket is the count.
  EXPECT_TRUE(hasLine(text, R"(tenantguard_authz_check_duration_seconds_bucket{transport="grpc",le="5e-05"} 1)")) << text;
  EXPECT_TRUE(hasLine(text, R"(tenantguard_authz_check_duration_seconds_bucket{transport="grpc",le="0.0005"} 1)"));
  EXPECT_TRUE(hasLine(text, R"(tenantguard_authz_check_duration_seconds_bucket{transport="grpc",le="0.001"} 2)"));
  EXPECT_TRUE(hasLine(text, R"(tenantguard_authz_check_duration_seconds_bucket{transport="http",le="0.0025"} 0)"));
  EXPECT_TRUE(hasLine(text, R"(tenantguard_authz_check_duration_seconds_bucket{transport="http",le="0.25"} 2)"));
  EXPECT_TRUE(hasLine(text, R"(tenantguard_authz_check_duration_seconds_bucket{transport="http",le="+Inf"} 3)"));
  EXPECT_TRUE(hasLine(text, R"(tenantguard_authz_check_duration_seconds_count{transport="http"} 3)"));
  EXPECT_TRUE(hasLine(text, R"(tenantguard_authz_check_duration_seconds_sum{transport="grpc"} 0.000730000)"));
  EXPECT_TRUE(hasLine(text, R"(tenantguard_authz_spec_reloads_total{result="ok"} 1)"));
  EXPECT_TRUE(hasLine(text, R"(tenantguard_authz_spec_reloads_total{result="rejected"} 1)"));
  EXPECT_TRUE(hasLine(text, "tenantguard_authz_spec_generation 4"));
}

TEST(Metrics, TenantLabelIsEscaped) {
  Metrics m;
  m.recordDecision(Transport::Grpc, allowFor("a\"b\\c"), std::chrono::microseconds(1));
  EXPECT_NE(m.renderPrometheus().find(R"(tenant="a\"b\\c")"), std::string::npos);
}

}  // namespace
}  // namespace tg::authz
