#include "layers/mesh/authz_layer.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "mesh_fixture.h"

namespace tg::testing {
namespace {

using layers::VerdictKind;
using layers::mesh::AuthzOutcome;
using layers::mesh::HttpRequest;

// tenant-beta/api (HTTP on 8080 via the Service port name, TCP on 9090), tenant-alpha/web and
// shared-services/collector in the mesh; legacy/old outside it.
std::string base() {
  return nsYaml("istio-system") + nsYaml("tenant-alpha", kInjected) + nsYaml("tenant-beta", kInjected) +
         nsYaml("shared-services", kInjected) + nsYaml("legacy") +
         workloadYaml("tenant-alpha", "web", PodSpec().sa("frontend")) +
         workloadYaml("tenant-beta", "api", PodSpec().sa("api")) +
         workloadYaml("shared-services", "collector", PodSpec().sa("collector")) +
         workloadYaml("legacy", "old") + serviceYaml("tenant-beta", "api", "http-web", 8080) +
         serviceYaml("tenant-beta", "api", "tcp-db", 9090) + serviceYaml("shared-services", "collector", "http", 8080);
}

std::string ap(const std::string& ns, const std::string& name, const std::string& spec) {
  return "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: " + name +
         "\n  namespace: " + ns + "\nspec:\n" + spec + "---\n";
}

std::string strict(const std::string& ns) {
  return "apiVersion: security.istio.io/v1beta1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: " +
         ns + "\nspec:\n  mtls:\n    mode: STRICT\n---\n";
}

bool refersTo(const layers::mesh::AuthzResult& r, const std::string& name, int rule = -2) {
  for (const auto& ref : r.decidedBy)
    if (ref.name == name && (rule == -2 || ref.rule == rule)) return ref.where.line > 0;
  return false;
}

const std::string kDenyAlphaPrincipals =
    "  action: DENY\n  rules:\n  - from:\n    - source:\n        principals: [\"cluster.local/ns/tenant-alpha/sa/*\"]\n";

TEST(AuthzLayer, NoPolicyAllowsAll) {
  MeshFixture f(base());
  auto r = f.authz(f.ep("tenant-alpha", "web"), f.ep("tenant-beta", "api"), 8080);
  EXPECT_EQ(r.outcome, AuthzOutcome::AllowAll);
  EXPECT_EQ(r.verdict().verdict, VerdictKind::Allow);
}

TEST(AuthzLayer, NotApplicableOutsideTheMesh) {
  MeshFixture f(base() + ap("legacy", "deny-all", "  {}\n"));
  EXPECT_EQ(f.authz(f.ep("tenant-alpha", "web"), f.ep("legacy", "old"), 8080).outcome, AuthzOutcome::NotApplicable);
}

TEST(AuthzLayer, PlaintextBypassesPrincipalDenyUnderPermissive) {
  MeshFixture f(base() + ap("tenant-beta", "deny-alpha", kDenyAlphaPrincipals));
  // A meshed alpha workload presents its certificate: denied.
  auto meshed = f.authz(f.ep("tenant-alpha", "web"), f.ep("tenant-beta", "api"), 9090);
  EXPECT_EQ(meshed.outcome, AuthzOutcome::DenyAll);
  EXPECT_TRUE(refersTo(meshed, "deny-alpha", 0));
  // A plaintext peer has no principal, so the DENY never matches; PERMISSIVE lets it in.
  auto plain = f.authz(f.ep("legacy", "old"), f.ep("tenant-beta", "api"), 9090);
  EXPECT_EQ(plain.outcome, AuthzOutcome::AllowAll);
  EXPECT_EQ(f.mtls(f.ep("legacy", "old"), f.ep("tenant-beta", "api"), 9090).verdict, VerdictKind::Allow);
}

TEST(AuthzLayer, StrictClosesThePlaintextBypass) {
  MeshFixture f(base() + ap("tenant-beta", "deny-alpha", kDenyAlphaPrincipals) + strict("tenant-beta"));
  // The DENY still does not match plaintext, but the mtls layer now refuses it.
  EXPECT_EQ(f.authz(f.ep("legacy", "old"), f.ep("tenant-beta", "api"), 9090).outcome, AuthzOutcome::AllowAll);
  auto m = f.mtls(f.ep("legacy", "old"), f.ep("tenant-beta", "api"), 9090);
  EXPECT_EQ(m.verdict, VerdictKind::Deny);
  EXPECT_EQ(m.decidedBy.at(0).kind, "PeerAuthentication");
}

TEST(AuthzLayer, DenyNotPrincipalsStarBlocksPlaintext) {
  MeshFixture f(base() + ap("tenant-beta", "require-mtls",
                            "  action: DENY\n  rules:\n  - from:\n    - source:\n        notPrincipals: [\"*\"]\n"));
  auto plain = f.authz(f.ep("legacy", "old"), f.ep("tenant-beta", "api"), 9090);
  EXPECT_EQ(plain.outcome, AuthzOutcome::DenyAll);
  EXPECT_TRUE(refersTo(plain, "require-mtls", 0));
  EXPECT_EQ(f.authz(MeshFixture::external("203.0.113.7"), f.ep("tenant-beta", "api"), 9090).outcome,
            AuthzOutcome::DenyAll);
  EXPECT_EQ(f.authz(f.ep("tenant-alpha", "web"), f.ep("tenant-beta", "api"), 9090).outcome, AuthzOutcome::AllowAll);
}

TEST(AuthzLayer, AllowWithOnlyMethodsOnTcpPortDeniesAll) {
  MeshFixture f(base() + ap("tenant-beta", "get-only",
                            "  action: ALLOW\n  rules:\n  - to:\n    - operation:\n        methods: [\"GET\"]\n"));
  auto tcp = f.authz(f.ep("tenant-alpha", "web"), f.ep("tenant-beta", "api"), 9090);
  EXPECT_EQ(tcp.outcome, AuthzOutcome::DenyAll);
  EXPECT_TRUE(refersTo(tcp, "get-only"));  // the ALLOW policy that applied without matching
  // The same rule on the HTTP port depends on the method.
  auto http = f.authz(f.ep("tenant-alpha", "web"), f.ep("tenant-beta", "api"), 8080);
  EXPECT_EQ(http.outcome, AuthzOutcome::Conditional);
  EXPECT_NE(http.summary.find("GET"), std::string::npos);
  HttpRequest get, post;
  post.method = "POST";
  EXPECT_EQ(f.authz(f.ep("tenant-alpha", "web"), f.ep("tenant-beta", "api"), 8080, &get).outcome,
            AuthzOutcome::AllowAll);
  EXPECT_EQ(f.authz(f.ep("tenant-alpha", "web"), f.ep("tenant-beta", "api"), 8080, &post).outcome,
            AuthzOutcome::DenyAll);
}

// Istio detects the protocol of a port no Service names: an ALLOW on methods lets GET requests in
// there, which "TCP, rule dropped" would hide. Only a port declared TCP drops the rule.
TEST(AuthzLayer, UndeclaredPortIsDetectedSoHttpRulesApply) {
  MeshFixture f(base() + ap("tenant-beta", "get-only",
                            "  action: ALLOW\n  rules:\n  - to:\n    - operation:\n        methods: [\"GET\"]\n"));
  auto undeclared = f.authz(f.ep("tenant-alpha", "web"), f.ep("tenant-beta", "api"), 7070);
  EXPECT_EQ(undeclared.outcome, AuthzOutcome::Conditional);
  EXPECT_TRUE(undeclared.notModelled.empty());
  HttpRequest get, post;
  get.method = "GET";
  post.method = "POST";
  EXPECT_EQ(f.authz(f.ep("tenant-alpha", "web"), f.ep("tenant-beta", "api"), 7070, &get).outcome, AuthzOutcome::AllowAll);
  EXPECT_EQ(f.authz(f.ep("tenant-alpha", "web"), f.ep("tenant-beta", "api"), 7070, &post).outcome, AuthzOutcome::DenyAll);
  auto declaredTcp = f.authz(f.ep("tenant-alpha", "web"), f.ep("tenant-beta", "api"), 9090);
  EXPECT_EQ(declaredTcp.outcome, AuthzOutcome::DenyAll);
  EXPECT_TRUE(declaredTcp.notModelled.empty());
}

TEST(AuthzLayer, DenyWithOnlyPathsOnTcpPortDeniesAll) {
  MeshFixture f(base() + ap("tenant-beta", "no-admin",
                            "  action: DENY\n  rules:\n  - to:\n    - operation:\n        paths: [\"/admin/*\"]\n"));
  auto tcp = f.authz(f.ep("tenant-alpha", "web"), f.ep("tenant-beta", "api"), 9090);
  EXPECT_EQ(tcp.outcome, AuthzOutcome::DenyAll);
  EXPECT_TRUE(refersTo(tcp, "no-admin", 0));
  auto http = f.authz(f.ep("tenant-alpha", "web"), f.ep("tenant-beta", "api"), 8080);
  EXPECT_EQ(http.outcome, AuthzOutcome::Conditional);
  HttpRequest admin, root;
  admin.path = "/admin/users?x=1";
  EXPECT_EQ(f.authz(f.ep("tenant-alpha", "web"), f.ep("tenant-beta", "api"), 8080, &admin).outcome,
            AuthzOutcome::DenyAll);
  EXPECT_EQ(f.authz(f.ep("tenant-alpha", "web"), f.ep("tenant-beta", "api"), 8080, &root).outcome,
            AuthzOutcome::AllowAll);
}

TEST(AuthzLayer, AppProtocolMakesAPortHttp) {
  MeshFixture f(base() + serviceYaml("tenant-alpha", "web", "web", 9090, "http") +
                ap("tenant-alpha", "no-admin",
                   "  action: DENY\n  rules:\n  - to:\n    - operation:\n        paths: [\"/admin/*\"]\n"));
  EXPECT_TRUE(f.mesh().protocolOf(*f.cluster().findWorkload("tenant-alpha", "web"), 9090).http);
  EXPECT_EQ(f.authz(f.ep("tenant-beta", "api"), f.ep("tenant-alpha", "web"), 9090).outcome,
            AuthzOutcome::Conditional);
  // 9191 has no Service: Istio detects the protocol, so the DENY still holds only for /admin/*.
  EXPECT_EQ(f.authz(f.ep("tenant-beta", "api"), f.ep("tenant-alpha", "web"), 9191).outcome, AuthzOutcome::Conditional);
}

TEST(AuthzLayer, RootNamespaceEmptySpecDeniesEverythingMeshWide) {
  MeshFixture f(base() + ap("istio-system", "deny-all", "  {}\n"));
  for (auto [ns, name] : {std::pair{"tenant-beta", "api"}, {"tenant-alpha", "web"}, {"shared-services", "collector"}}) {
    auto r = f.authz(f.ep("tenant-alpha", "web"), f.ep(ns, name), 8080);
    EXPECT_EQ(r.outcome, AuthzOutcome::DenyAll) << ns;
    EXPECT_TRUE(refersTo(r, "deny-all")) << ns;
  }
  // An ALLOW in the workload's namespace reopens it (ALLOW policies OR together).
  MeshFixture g(base() + ap("istio-system", "deny-all", "  {}\n") +
                ap("tenant-beta", "allow-alpha",
                   "  rules:\n  - from:\n    - source:\n        namespaces: [\"tenant-alpha\"]\n"));
  EXPECT_EQ(g.authz(g.ep("tenant-alpha", "web"), g.ep("tenant-beta", "api"), 8080).outcome, AuthzOutcome::AllowAll);
  EXPECT_EQ(g.authz(g.ep("shared-services", "collector"), g.ep("tenant-beta", "api"), 8080).outcome,
            AuthzOutcome::DenyAll);
}

TEST(AuthzLayer, RootNamespaceComesFromMeshConfigAndFlags) {
  std::string cm =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio\n  namespace: istio-system\ndata:\n"
      "  mesh: |\n    rootNamespace: mesh-root\n    trustDomain: example.org\n---\n";
  MeshFixture f(base() + nsYaml("mesh-root") + cm + ap("istio-system", "deny-all", "  {}\n"));
  EXPECT_EQ(f.mesh().config().rootNamespace, "mesh-root");
  EXPECT_EQ(f.mesh().config().trustDomain, "example.org");
  // istio-system is no longer the root namespace: its policy applies only to itself.
  EXPECT_EQ(f.authz(f.ep("tenant-alpha", "web"), f.ep("tenant-beta", "api"), 8080).outcome, AuthzOutcome::AllowAll);
  MeshFixture g(base() + cm + ap("istio-system", "deny-all", "  {}\n"), meshOptions("istio-system"));
  EXPECT_EQ(g.authz(g.ep("tenant-alpha", "web"), g.ep("tenant-beta", "api"), 8080).outcome, AuthzOutcome::DenyAll);
}

TEST(AuthzLayer, TargetRefsPolicyIsIgnoredBySidecars) {
  MeshFixture f(base() + ap("tenant-beta", "waypoint-deny",
                            "  targetRefs:\n  - kind: Gateway\n    group: gateway.networking.k8s.io\n    name: waypoint\n"
                            "  action: DENY\n  rules:\n  - {}\n"));
  auto r = f.authz(f.ep("tenant-alpha", "web"), f.ep("tenant-beta", "api"), 8080);
  EXPECT_EQ(r.outcome, AuthzOutcome::AllowAll);
  EXPECT_TRUE(f.authz().policiesFor(*f.cluster().findWorkload("tenant-beta", "api")).empty());
}

TEST(AuthzLayer, RulesWithEmptyRuleAllowAll) {
  MeshFixture f(base() + ap("tenant-beta", "allow-any", "  rules:\n  - {}\n"));
  EXPECT_EQ(f.authz(f.ep("legacy", "old"), f.ep("tenant-beta", "api"), 9090).outcome, AuthzOutcome::AllowAll);
}

TEST(AuthzLayer, DenyCrossTenantWithNotNamespaces) {
  std::string deny = ap("tenant-beta", "deny-cross-tenant",
                        "  action: DENY\n  rules:\n  - from:\n    - source:\n"
                        "        notNamespaces: [\"tenant-beta\", \"shared-services\"]\n");
  std::string plainShared = workloadYaml("shared-services", "unmeshed", PodSpec().label("sidecar.istio.io/inject", "false"));
  MeshFixture f(base() + deny + workloadYaml("tenant-beta", "peer") + plainShared);
  auto dst = f.ep("tenant-beta", "api");
  auto cross = f.authz(f.ep("tenant-alpha", "web"), dst, 8080);
  EXPECT_EQ(cross.outcome, AuthzOutcome::DenyAll);
  EXPECT_TRUE(refersTo(cross, "deny-cross-tenant", 0));
  EXPECT_EQ(f.authz(f.ep("shared-services", "collector"), dst, 8080).outcome, AuthzOutcome::AllowAll);
  EXPECT_EQ(f.authz(f.ep("tenant-beta", "peer"), dst, 8080).outcome, AuthzOutcome::AllowAll);
  // Without mTLS the namespace is unknown, so notNamespaces matches: even shared-services is denied.
  EXPECT_EQ(f.authz(f.ep("shared-services", "unmeshed"), dst, 8080).outcome, AuthzOutcome::DenyAll);
  EXPECT_EQ(f.authz(f.ep("legacy", "old"), dst, 8080).outcome, AuthzOutcome::DenyAll);
}

TEST(AuthzLayer, AllowOnlyForLogIngestIsConditional) {
  MeshFixture f(base() + ap("shared-services", "collector",
                            "  selector:\n    matchLabels:\n      app: collector\n"
                            "  rules:\n  - from:\n    - source:\n        namespaces: [\"tenant-alpha\", \"tenant-beta\"]\n"
                            "    to:\n    - operation:\n        methods: [\"POST\"]\n        paths: [\"/logs/ingest\"]\n"));
  auto dst = f.ep("shared-services", "collector");
  auto r = f.authz(f.ep("tenant-alpha", "web"), dst, 8080);
  EXPECT_EQ(r.outcome, AuthzOutcome::Conditional);
  EXPECT_NE(r.summary.find("POST"), std::string::npos);
  EXPECT_NE(r.summary.find("/logs/ingest"), std::string::npos);
  EXPECT_TRUE(refersTo(r, "collector", 0));
  EXPECT_EQ(f.authz(f.ep("legacy", "old"), dst, 8080).outcome, AuthzOutcome::DenyAll);
  HttpRequest ingest;
  ingest.method = "POST";
  ingest.path = "/logs/ingest";
  EXPECT_EQ(f.authz(f.ep("tenant-alpha", "web"), dst, 8080, &ingest).outcome, AuthzOutcome::AllowAll);
  HttpRequest read;
  read.path = "/logs/ingest";
  auto denied = f.authz(f.ep("tenant-alpha", "web"), dst, 8080, &read);
  EXPECT_EQ(denied.outcome, AuthzOutcome::DenyAll);
  EXPECT_TRUE(refersTo(denied, "collector", -1));
}

TEST(AuthzLayer, HeaderConditionsAndNotValues) {
  // The article's second rule: a header with notValues [""] also matches a request without it.
  MeshFixture f(base() + ap("istio-system", "impersonation",
                            "  action: DENY\n  rules:\n  - when:\n    - key: request.headers[x-tenant-identity]\n"
                            "      notValues: [\"\"]\n    from:\n    - source:\n        notNamespaces: [\"shared-services\"]\n"));
  auto dst = f.ep("tenant-beta", "api");
  HttpRequest none, forged, empty;
  forged.headers["x-tenant-identity"] = "acme";
  empty.headers["x-tenant-identity"] = "";
  EXPECT_EQ(f.authz(f.ep("tenant-alpha", "web"), dst, 8080, &none).outcome, AuthzOutcome::DenyAll);
  EXPECT_EQ(f.authz(f.ep("tenant-alpha", "web"), dst, 8080, &forged).outcome, AuthzOutcome::DenyAll);
  EXPECT_EQ(f.authz(f.ep("tenant-alpha", "web"), dst, 8080, &empty).outcome, AuthzOutcome::AllowAll);
  EXPECT_EQ(f.authz(f.ep("shared-services", "collector"), dst, 8080, &forged).outcome, AuthzOutcome::AllowAll);
  // On the TCP port the header condition is dropped: every non-shared-services peer is denied.
  EXPECT_EQ(f.authz(f.ep("tenant-alpha", "web"), dst, 9090).outcome, AuthzOutcome::DenyAll);
}

TEST(AuthzLayer, TrustDomainAliasesMatchPrincipals) {
  std::string cm =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio\n  namespace: istio-system\ndata:\n"
      "  mesh: |\n    trustDomain: new.example\n    trustDomainAliases: [old.example]\n---\n";
  std::string allow = ap("tenant-beta", "allow-web",
                         "  rules:\n  - from:\n    - source:\n        principals: [\"old.example/ns/tenant-alpha/sa/frontend\"]\n");
  MeshFixture f(base() + cm + allow);
  EXPECT_EQ(f.authz(f.ep("tenant-alpha", "web"), f.ep("tenant-beta", "api"), 8080).outcome, AuthzOutcome::AllowAll);
  // cluster.local in a policy means the mesh's own trust domain.
  std::string allowLocal = ap("tenant-beta", "allow-web",
                              "  rules:\n  - from:\n    - source:\n        principals: [\"cluster.local/ns/tenant-alpha/sa/frontend\"]\n");
  MeshFixture g(base() + allowLocal, meshOptions(std::nullopt, "corp.example"));
  EXPECT_EQ(g.mesh().principalOf(*g.cluster().findWorkload("tenant-alpha", "web")),
            "corp.example/ns/tenant-alpha/sa/frontend");
  EXPECT_EQ(g.authz(g.ep("tenant-alpha", "web"), g.ep("tenant-beta", "api"), 8080).outcome, AuthzOutcome::AllowAll);
  // A foreign trust domain is not rewritten.
  std::string allowForeign = ap("tenant-beta", "allow-web",
                                "  rules:\n  - from:\n    - source:\n        principals: [\"other.org/ns/tenant-alpha/sa/frontend\"]\n");
  MeshFixture h(base() + allowForeign);
  EXPECT_EQ(h.authz(h.ep("tenant-alpha", "web"), h.ep("tenant-beta", "api"), 8080).outcome, AuthzOutcome::DenyAll);
}

TEST(AuthzLayer, ServiceAccountsAndPorts) {
  MeshFixture f(base() + ap("tenant-beta", "sa-ports",
                            "  rules:\n  - from:\n    - source:\n        serviceAccounts: [\"tenant-alpha/frontend\"]\n"
                            "    to:\n    - operation:\n        ports: [\"9090\"]\n"));
  auto dst = f.ep("tenant-beta", "api");
  EXPECT_EQ(f.authz(f.ep("tenant-alpha", "web"), dst, 9090).outcome, AuthzOutcome::AllowAll);
  EXPECT_EQ(f.authz(f.ep("tenant-alpha", "web"), dst, 8080).outcome, AuthzOutcome::DenyAll);
  EXPECT_EQ(f.authz(f.ep("shared-services", "collector"), dst, 9090).outcome, AuthzOutcome::DenyAll);
  auto ports = f.authz().distinctPorts(*dst.workload);
  EXPECT_NE(std::find(ports.begin(), ports.end(), 9090u), ports.end());
}

TEST(AuthzLayer, IpBlocksAgainstPodAddresses) {
  std::string yaml = base() + workloadYaml("legacy", "pod-a", PodSpec().withIp("10.1.0.5")) +
                     ap("tenant-beta", "deny-net",
                        "  action: DENY\n  rules:\n  - from:\n    - source:\n        ipBlocks: [\"10.1.0.0/16\"]\n");
  MeshFixture f(yaml);
  auto dst = f.ep("tenant-beta", "api");
  EXPECT_EQ(f.authz(f.ep("legacy", "pod-a"), dst, 9090).outcome, AuthzOutcome::DenyAll);
  EXPECT_EQ(f.authz(MeshFixture::external("192.0.2.1"), dst, 9090).outcome, AuthzOutcome::AllowAll);
  // A workload without known addresses: it depends on the address.
  EXPECT_EQ(f.authz(f.ep("legacy", "old"), dst, 9090).outcome, AuthzOutcome::Conditional);
}

TEST(AuthzLayer, CustomProviders) {
  std::string cm =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio\n  namespace: istio-system\ndata:\n"
      "  mesh: |\n    extensionProviders:\n    - name: opa\n      envoyExtAuthzGrpc: {service: opa.opa.svc, port: 9191}\n---\n";
  std::string unknown = ap("tenant-beta", "ext", "  action: CUSTOM\n  provider:\n    name: nope\n  rules:\n  - {}\n");
  MeshFixture f(base() + cm + unknown);
  auto r = f.authz(f.ep("tenant-alpha", "web"), f.ep("tenant-beta", "api"), 8080);
  EXPECT_EQ(r.outcome, AuthzOutcome::DenyAll);
  EXPECT_TRUE(refersTo(r, "ext"));
  std::string known = ap("tenant-beta", "ext", "  action: CUSTOM\n  provider:\n    name: opa\n  rules:\n  - {}\n");
  MeshFixture g(base() + cm + known);
  auto k = g.authz(g.ep("tenant-alpha", "web"), g.ep("tenant-beta", "api"), 8080);
  EXPECT_EQ(k.outcome, AuthzOutcome::AllowAll);
  EXPECT_FALSE(k.notModelled.empty());
}

TEST(AuthzLayer, AuditNeverDecides) {
  MeshFixture f(base() + ap("tenant-beta", "audit", "  action: AUDIT\n  rules:\n  - {}\n"));
  EXPECT_EQ(f.authz(f.ep("tenant-alpha", "web"), f.ep("tenant-beta", "api"), 8080).outcome, AuthzOutcome::AllowAll);
}

TEST(AuthzLayer, SelectorMustBeSubsetOfWorkloadLabels) {
  MeshFixture f(base() + ap("tenant-beta", "deny-other",
                            "  selector:\n    matchLabels:\n      app: other\n  action: DENY\n  rules:\n  - {}\n") +
                ap("istio-system", "deny-api-everywhere",
                   "  selector:\n    matchLabels:\n      app: api\n  action: DENY\n  rules:\n  - {}\n"));
  auto r = f.authz(f.ep("tenant-alpha", "web"), f.ep("tenant-beta", "api"), 8080);
  EXPECT_EQ(r.outcome, AuthzOutcome::DenyAll);
  EXPECT_TRUE(refersTo(r, "deny-api-everywhere"));
  EXPECT_FALSE(refersTo(r, "deny-other"));
}

TEST(AuthzLayer, AmbientZtunnelTreatsHttpFieldsAsTcp) {
  MeshFixture f(nsYaml("amb", {{"istio.io/dataplane-mode", "ambient"}}) + nsYaml("tenant-alpha", kInjected) +
                workloadYaml("amb", "svc") + workloadYaml("tenant-alpha", "web") + serviceYaml("amb", "svc", "http", 8080) +
                ap("amb", "get-only", "  rules:\n  - to:\n    - operation:\n        methods: [\"GET\"]\n"));
  EXPECT_EQ(f.authz(f.ep("tenant-alpha", "web"), f.ep("amb", "svc"), 8080).outcome, AuthzOutcome::DenyAll);
}

}  // namespace
}  // namespace tg::testing
