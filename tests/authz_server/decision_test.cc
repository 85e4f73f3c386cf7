#include "authz_server/decision.h"

#include <gtest/gtest.h>

#include <set>

#include "authz_server/authz_fixture.h"

namespace tg::authz {
namespace {

using testing::kLogHost;
using testing::kMetricsHost;
using testing::principal;

class DecisionTest : public ::testing::Test {
 protected:
  Decision check(const std::string& p, const std::string& method, const std::string& path, const std::string& host,
                 const std::string& dest = "") {
    CheckInput in{p, dest, method, path, host};
    return decide(*policy_, in);
  }
  std::shared_ptr<const Policy> policy_ = testing::policy();
};

TEST_F(DecisionTest, AllowsDeclaredTenantAndSetsIdentityHeader) {
  Decision d = check(principal("tenant-acme"), "POST", "/logs/ingest", kLogHost);
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.reason, Reason::Allowed);
  EXPECT_EQ(d.httpStatus(), 200);
  EXPECT_EQ(d.tenant, "acme");
  EXPECT_EQ(d.service, "shared-services/log-collector");
  EXPECT_EQ(d.headerName, "x-tenant-identity");
  EXPECT_EQ(d.headerValue, "acme");
}

TEST_F(DecisionTest, EveryNamespaceOfATenantMapsToIt) {
  Decision d = check(principal("acme-batch", "job"), "POST", "/logs/ingest", kLogHost);
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.headerValue, "acme");
  Decision g = check(principal("tenant-globex"), "POST", "/logs/ingest", kLogHost);
  EXPECT_TRUE(g.allowed);
  EXPECT_EQ(g.headerValue, "globex");
}

TEST_F(DecisionTest, HostForms) {
  for (const char* host : {"log-collector.shared-services", "log-collector.shared-services:8080",
                           "log-collector.shared-services.svc", "log-collector.shared-services.svc:80",
                           "log-collector.shared-services.svc.cluster.local",
                           "log-collector.shared-services.svc.cluster.local.", "Log-Collector.Shared-Services.SVC",
                           "log-collector.shared-services.svc.corp.example:8080"}) {
    Decision d = check(principal("tenant-acme"), "POST", "/logs/ingest", host);
    EXPECT_TRUE(d.allowed) << host << ": " << d.detail;
  }
  for (const char* host : {"", "log-collector", "log-collector:8080", "log-collector.other-ns", "metrics.shared-billing",
                           "log-collector.shared-services.example.com", "log-collector.shared-services:0",
                           "log-collector.shared-services:65536", "log-collector.shared-services:http",
                           "log-collector.shared-services:", "10.96.0.10:8080", "[::1]:8080", "::1",
                           "log_collector.shared-services", "-log.shared-services", "log-collector..svc",
                           "log-collector.shared-services.svc..", "shared-services.svc.cluster.local"}) {
    Decision d = check(principal("tenant-acme"), "POST", "/logs/ingest", host);
    EXPECT_FALSE(d.allowed) << host;
    EXPECT_EQ(d.reason, Reason::UnknownHost) << host;
    EXPECT_EQ(d.tenant, "acme") << host;
  }
}

TEST_F(DecisionTest, IdentityProblemsDeny) {
  struct Case {
    std::string principal;
    Reason reason;
  };
  for (const Case& c : std::vector<Case>{
           {"", Reason::MissingIdentity},
           {"cluster.local/ns/tenant-acme/sa/web", Reason::BadIdentity},
           {"spiffe://cluster.local/ns/tenant-acme/sa/", Reason::BadIdentity},
           {"spiffe://cluster.local/ns/tenant-acme/sa/web/", Reason::BadIdentity},
           {"spiffe://cluster.local/ns/tenant-acme/sa/web/extra", Reason::BadIdentity},
           {"spiffe://cluster.local/ns//sa/web", Reason::BadIdentity},
           {"spiffe://cluster.local/sa/web/ns/tenant-acme", Reason::BadIdentity},
           {"spiffe:///ns/tenant-acme/sa/web", Reason::BadIdentity},
           {"SPIFFE://cluster.local/ns/tenant-acme/sa/web", Reason::BadIdentity},
           {"spiffe://evil.example/ns/tenant-acme/sa/web", Reason::ForeignTrustDomain},
           {"spiffe://cluster.local/ns/kube-system/sa/default", Reason::UnknownTenant},
           {"spiffe://cluster.local/ns/shared-services/sa/metrics", Reason::UnknownTenant},
           {"spiffe://cluster.local/ns/Tenant-Acme/sa/web", Reason::UnknownTenant},
       }) {
    Decision d = check(c.principal, "POST", "/logs/ingest", kLogHost);
    EXPECT_FALSE(d.allowed) << c.principal;
    EXPECT_EQ(d.reason, c.reason) << c.principal << ": " << d.detail;
    EXPECT_EQ(d.httpStatus(), 403);
    EXPECT_TRUE(d.headerName.empty());
  }
}

TEST_F(DecisionTest, MethodsAndPathsWithIstioMatching) {
  struct Case {
    std::string ns, method, path;
    bool allowed;
  };
  for (const Case& c : std::vector<Case>{
           {"tenant-acme", "POST", "/logs/ingest", true},
           {"tenant-acme", "POST", "/logs/ingest?batch=1", true},  // query is not part of the path
           {"tenant-acme", "GET", "/logs/ingest", false},          // method not declared
           {"tenant-acme", "post", "/logs/ingest", false},         // methods are case-sensitive
           {"tenant-acme", "POST", "/logs/ingest/", false},        // exact
           {"tenant-acme", "POST", "/logs/ingestion", false},
           {"tenant-acme", "POST", "/logs", false},
       }) {
    Decision d = check(principal(c.ns), c.method, c.path, kLogHost);
    EXPECT_EQ(d.allowed, c.allowed) << c.method << " " << c.path << ": " << d.detail;
    if (!c.allowed) {
      EXPECT_EQ(d.reason, Reason::NotAllowed);
    }
  }
  for (const Case& c : std::vector<Case>{
           {"tenant-acme", "GET", "/api/v1/series", true},   // prefix*
           {"tenant-acme", "GET", "/api/", true},
           {"tenant-acme", "GET", "/api", false},            // "/api/*" needs the slash
           {"tenant-acme", "POST", "/export/q1.json", true},  // *suffix
           {"tenant-acme", "GET", "/export/q1.json?x=.yaml", true},
           {"tenant-acme", "GET", "/export/q1.yaml?x=.json", false},
           {"tenant-acme", "GET", "/health", true},
           {"tenant-acme", "GET", "/healthz", false},
           {"tenant-acme", "DELETE", "/api/v1/series", false},
           {"tenant-globex", "DELETE", "/anything/at/all", true},  // paths ["*"], any method
           {"tenant-globex", "PATCH", "/", true},
           {"tenant-initech", "GET", "/api/v1", false},             // not listed
       }) {
    Decision d = check(principal(c.ns), c.method, c.path, kMetricsHost);
    EXPECT_EQ(d.allowed, c.allowed) << c.ns << " " << c.method << " " << c.path << ": " << d.detail;
    if (c.allowed) {
      EXPECT_EQ(d.headerName, "x-tenant");  // names are lower-cased, as HTTP/2 sends them
      EXPECT_EQ(d.headerValue, c.ns == "tenant-acme" ? "acme" : "globex");
    } else {
      EXPECT_EQ(d.reason, Reason::NotAllowed);
      EXPECT_EQ(d.service, "shared-services/metrics");
    }
  }
}

TEST_F(DecisionTest, ServiceWithoutIdentityHeaderAllowsWithoutHeader) {
  Decision d = check(principal("tenant-acme"), "DELETE", "/invoices/7", "billing.shared-billing.svc.cluster.local");
  EXPECT_TRUE(d.allowed);
  EXPECT_TRUE(d.headerName.empty());
  EXPECT_TRUE(d.headerValue.empty());
  Decision g = check(principal("tenant-globex"), "GET", "/", "billing.shared-billing");
  EXPECT_FALSE(g.allowed);
  EXPECT_EQ(g.reason, Reason::NotAllowed);
}

TEST_F(DecisionTest, NonNormalizedPathsAreMalformed) {
  // globex may call any path on metrics, so only the path's form can deny these.
  for (const char* path : {"", "api", "/api/../admin", "/api/..", "/./api", "/api/.", "/api/%2e%2e/admin",
                           "/api/%2E%2e/admin", "/api%2Fadmin", "/api%2fadmin", "/api%5cadmin", "/api\\admin",
                           "/api/x#frag", "/api/ x", "/api/\x01", "/api/\xc3\xa9", "/api/%zz", "/api/%2", "/api/%"}) {
    Decision d = check(principal("tenant-globex"), "GET", path, kMetricsHost);
    EXPECT_FALSE(d.allowed) << path;
    EXPECT_EQ(d.reason, Reason::Malformed) << path;
  }
  for (const char* path : {"/api/..x", "/api/.well-known", "/a...b", "/api/%20x", "/api/x?next=/../y"}) {
    Decision d = check(principal("tenant-globex"), "GET", path, kMetricsHost);
    EXPECT_TRUE(d.allowed) << path << ": " << d.detail;
  }
}

TEST_F(DecisionTest, MalformedMethodIsDenied) {
  for (const char* method : {"", "GE T", "GET\r\n", "AVERYLONGMETHODNAMETHATNOONEWOULDUSE"}) {
    Decision d = check(principal("tenant-globex"), method, "/x", kMetricsHost);
    EXPECT_FALSE(d.allowed) << method;
    EXPECT_EQ(d.reason, Reason::Malformed) << method;
  }
}

TEST_F(DecisionTest, DestinationPrincipalMustBeInTheServiceNamespace) {
  Decision ok = check(principal("tenant-acme"), "POST", "/logs/ingest", kLogHost,
                      "spiffe://cluster.local/ns/shared-services/sa/log-collector");
  EXPECT_TRUE(ok.allowed) << ok.detail;
  for (const char* dest : {"spiffe://cluster.local/ns/shared-billing/sa/billing",
                           "spiffe://cluster.local/ns/tenant-acme/sa/web", "spiffe://other/ns/shared-services/sa/x",
                           "garbage"}) {
    Decision d = check(principal("tenant-acme"), "POST", "/logs/ingest", kLogHost, dest);
    EXPECT_FALSE(d.allowed) << dest;
    EXPECT_EQ(d.reason, Reason::DestinationMismatch) << dest;
  }
}

TEST_F(DecisionTest, SpiffeIdParts) {
  SpiffeId id;
  ASSERT_TRUE(parseSpiffeId("spiffe://td.example/ns/a/sa/b", id));
  EXPECT_EQ(id.trustDomain, "td.example");
  EXPECT_EQ(id.ns, "a");
  EXPECT_EQ(id.serviceAccount, "b");
}

TEST_F(DecisionTest, ServiceHostParts) {
  ServiceHost h;
  ASSERT_TRUE(parseServiceHost("Metrics.Shared-Services.svc.cluster.local:9090", h));
  EXPECT_EQ(h.name, "metrics");
  EXPECT_EQ(h.ns, "shared-services");
  EXPECT_EQ(h.key, "metrics.shared-services");
}

TEST(DecisionReasons, CodesAreDistinct) {
  std::set<std::string> codes;
  for (size_t r = 0; r < kReasonCount; ++r) codes.insert(reasonCode(static_cast<Reason>(r)));
  EXPECT_EQ(codes.size(), kReasonCount);
}

TEST(DecisionTrustDomain, SpecTrustDomainIsUsed) {
  std::string text = testing::kSpec;
  text.replace(text.find("trustDomain: cluster.local"), 26, "trustDomain: prod.example");
  auto p = testing::policy(text);
  CheckInput theirs{"spiffe://prod.example/ns/tenant-acme/sa/web", "", "POST", "/logs/ingest", kLogHost};
  EXPECT_TRUE(decide(*p, theirs).allowed);
  std::string caller = principal("tenant-acme");  // CheckInput holds views
  CheckInput local{caller, "", "POST", "/logs/ingest", kLogHost};
  EXPECT_EQ(decide(*p, local).reason, Reason::ForeignTrustDomain);
}

}  // namespace
}  // namespace tg::authz
