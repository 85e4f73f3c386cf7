// One test per finding ID: a minimal change to an isolated two-tenant cluster that triggers it,
// next to the isolated cluster itself, which triggers nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "support/verify_fixture.h"

namespace tg::verify {
namespace {

using testing::tenantNamespace;
using testing::verifyYaml;
using testing::workload;

std::string defaultDeny(const std::string& ns) {
  return "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny, namespace: " + ns +
         "}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n";
}

std::string sameNamespace(const std::string& ns) {
  return "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: same-namespace, namespace: " + ns +
         "}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  ingress: [{from: [{podSelector: {}}]}]\n"
         "  egress: [{to: [{podSelector: {}}]}]\n";
}

std::string floorFor(const std::string& tenantNs, const std::string& otherNs) {
  return "---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: floor-" + tenantNs +
         "}\nspec:\n  priority: 10\n  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: " + tenantNs +
         "}}}\n  ingress:\n  - {name: deny-other, action: Deny, from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: " +
         otherNs + "}}}]}\n  egress:\n  - {name: deny-other, action: Deny, to: [{namespaces: {matchLabels: "
                   "{kubernetes.io/metadata.name: " +
         otherNs + "}}}]}\n";
}

std::string quota(const std::string& ns) {
  return "---\napiVersion: v1\nkind: ResourceQuota\nmetadata: {name: quota, namespace: " + ns +
         "}\nspec: {hard: {pods: '10'}}\n---\napiVersion: v1\nkind: LimitRange\nmetadata: {name: limits, namespace: " + ns +
         "}\nspec: {limits: [{type: Container, default: {cpu: 500m}}]}\n";
}

std::string meshAllowOwnNamespace(const std::string& ns) {
  return "---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: allow-own, namespace: " + ns +
         "}\nspec:\n  action: ALLOW\n  rules: [{from: [{source: {namespaces: [" + ns + "]}}]}]\n";
}

const char* kMeshFloor = R"(---
apiVersion: v1
kind: Namespace
metadata: {name: istio-system}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: istio-system}
spec: {mtls: {mode: STRICT}}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: deny-all, namespace: istio-system}
spec: {}
)";

// What the isolated baseline leaves out, one test at a time.
struct Omit {
  bool floor = false;           // the AdminNetworkPolicy floor between the tenants
  bool meshAuthz = false;       // the authorization floor (root deny-all and per-tenant ALLOW)
  std::set<std::string> networkPolicies;  // "tenant-a/default-deny", "tenant-b/same-namespace", ...
};

// Both tenants isolated at the network (NetworkPolicy and ANP) and authorization layers, with
// STRICT mTLS, quotas and no mounted tokens.
std::string isolated(const Omit& omit = {}) {
  std::string y = kMeshFloor;
  if (omit.meshAuthz) y.erase(y.find("---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy"));
  for (auto [ns, other, t] : {std::tuple{"tenant-a", "tenant-b", "a"}, std::tuple{"tenant-b", "tenant-a", "b"}}) {
    std::string n = ns;
    y += tenantNamespace(n, t) + workload(n, "api") + quota(n);
    if (!omit.meshAuthz) y += meshAllowOwnNamespace(n);
    if (!omit.networkPolicies.count(n + "/default-deny")) y += defaultDeny(n);
    if (!omit.networkPolicies.count(n + "/same-namespace")) y += sameNamespace(n);
    if (!omit.floor) y += floorFor(n, other);
  }
  return y;
}

TEST(Findings, IsolatedClusterHasNoFindings) {
  auto run = verifyYaml(isolated());
  for (const auto& f : run.result.findings) ADD_FAILURE() << f.id << " " << f.message;
  ASSERT_EQ(run.result.matrix.size(), 2u);
  EXPECT_EQ(run.result.matrix[0].minBlockingLayers, 2);  // network (NP and ANP) + authorization
}

TEST(Findings, TG001UndeclaredCrossTenantFlow) {
  std::string y = isolated({.floor = true});
  // Tenant b opens itself to tenant a at every layer.
  y += R"(---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: from-a, namespace: tenant-b}
spec:
  podSelector: {}
  ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: tenant-a}}}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: to-b, namespace: tenant-a}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress: [{to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: tenant-b}}}]}]
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: from-a, namespace: tenant-b}
spec:
  rules: [{from: [{source: {namespaces: [tenant-a]}}]}]
)";
  auto run = verifyYaml(y);
  ASSERT_EQ(run.count("TG001"), 1u);
  EXPECT_NE(run.first("TG001")->message.find("tenant a can reach tenant b"), std::string::npos);
  ASSERT_EQ(run.result.crossTenant.size(), 1u);
  EXPECT_EQ(run.result.crossTenant[0].conns.toString(), "All Connections");

  // Declared in the spec, the same flow is no finding.
  auto declared = verifyYaml(y, R"(apiVersion: tenantguard.io/v1alpha1
kind: TenantIsolation
spec:
  tenants:
  - {name: a, namespaces: [tenant-a]}
  - {name: b, namespaces: [tenant-b]}
  flows:
  - {from: a/api, to: b/api}
)");
  EXPECT_FALSE(declared.has("TG001"));
  EXPECT_TRUE(declared.result.crossTenant.at(0).declared);
}

TEST(Findings, TG002PairBlockedByOneLayer) {
  // Without the authorization floor, only the network layer stands between the tenants.
  auto run = verifyYaml(isolated({.meshAuthz = true}));
  EXPECT_FALSE(run.has("TG001"));
  ASSERT_EQ(run.count("TG002"), 2u);  // a→b and b→a
  EXPECT_NE(run.first("TG002")->message.find("network layer alone"), std::string::npos);
  EXPECT_FALSE(verifyYaml(isolated()).has("TG002"));
}

TEST(Findings, TG003LoadBearingObject) {
  // Tenant a has no NetworkPolicy; tenant b has only its default-deny and no floor: for UDP,
  // that one object is all that separates a from b.
  Omit omit{.floor = true,
            .networkPolicies = {"tenant-a/default-deny", "tenant-a/same-namespace", "tenant-b/same-namespace"}};
  auto run = verifyYaml(isolated(omit));
  EXPECT_FALSE(run.has("TG001"));
  ASSERT_TRUE(run.has("TG003"));
  ASSERT_EQ(run.result.loadBearing.size(), 1u);
  EXPECT_EQ(run.result.loadBearing[0].object.kind, "NetworkPolicy");
  EXPECT_EQ(run.result.loadBearing[0].object.ns, "tenant-b");
  EXPECT_EQ(run.result.loadBearing[0].object.name, "default-deny");
  EXPECT_EQ(run.result.loadBearing[0].opens.size(), 2u);  // it isolates b in both directions
  // The same NetworkPolicy backed by the ANP floor is not load-bearing.
  omit.floor = false;
  EXPECT_FALSE(verifyYaml(isolated(omit)).has("TG003"));
}

TEST(Findings, TG010AndTG011DefaultDenyMissing) {
  // The same-namespace policy isolates every pod and only admits its own namespace: it is a
  // default deny for everything else.
  EXPECT_FALSE(verifyYaml(isolated({.networkPolicies = {"tenant-a/default-deny"}})).has("TG010"));
  auto run = verifyYaml(isolated({.networkPolicies = {"tenant-a/default-deny", "tenant-a/same-namespace"}}));
  EXPECT_EQ(run.count("TG010"), 1u);
  EXPECT_EQ(run.count("TG011"), 1u);
  EXPECT_EQ(run.first("TG010")->object.name, "tenant-a");
  EXPECT_GT(run.first("TG010")->where.line, 0u);
}

TEST(Findings, TG012NoClusterFloor) {
  EXPECT_FALSE(verifyYaml(isolated()).has("TG012"));
  auto run = verifyYaml(isolated({.floor = true}));
  EXPECT_EQ(run.count("TG012"), 2u);  // one per tenant
}

// The 1-based line of the first occurrence of `needle` in `yaml`.
uint32_t lineOf(const std::string& yaml, const std::string& needle) {
  size_t at = yaml.find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  return 1 + static_cast<uint32_t>(std::count(yaml.begin(), yaml.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

std::string calicoPass(const std::string& tier, int order) {
  return "---\napiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: pass-first, namespace: tenant-a}\n"
         "spec:\n  tier: " + tier + "\n  order: " + std::to_string(order) +
         "\n  selector: all()\n  types: [Ingress]\n  ingress:\n  - action: Log\n  - action: Pass\n";
}

TEST(Findings, TG013DefaultTierPassBeforeNetworkPolicies) {
  std::string y = isolated() + calicoPass("default", 100);
  auto run = verifyYaml(y);
  ASSERT_EQ(run.count("TG013"), 1u);
  const Finding* f = run.first("TG013");
  EXPECT_EQ(f->object.name, "pass-first");
  EXPECT_EQ(f->where.line, lineOf(y, "- action: Pass"));
  EXPECT_NE(f->message.find("tenant-a"), std::string::npos);
  EXPECT_FALSE(f->hint.empty());
  // After the NetworkPolicies (order above 1000) or in a tier of its own, Pass skips nothing of theirs.
  EXPECT_FALSE(verifyYaml(isolated() + calicoPass("default", 2000)).has("TG013"));
  EXPECT_FALSE(verifyYaml(isolated() + calicoPass("platform", 100)).has("TG013"));
  // Selecting no tenant workload, it is no tenant's concern.
  std::string none = calicoPass("default", 100);
  none.replace(none.find("selector: all()"), 15, "selector: app == 'nothing'");
  EXPECT_FALSE(verifyYaml(isolated() + none).has("TG013"));
}

TEST(Findings, TG030TemplatePlaceholderInSelector) {
  std::string y = isolated() + R"(---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: deny-cross-tenant}
spec:
  selector: has(tenant)
  types: [Ingress]
  ingress:
  - action: Deny
    source:
      notSelector: tenant == "${tenant}"
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: templated, namespace: tenant-b}
spec:
  podSelector: {}
  ingress:
  - from:
    - namespaceSelector: {matchLabels: {tenant: "{{ .Values.tenant }}"}}
)";
  auto run = verifyYaml(y);
  ASSERT_EQ(run.count("TG030"), 2u);
  std::map<std::string, const Finding*> byName;
  for (const auto& f : run.result.findings)
    if (f.id == "TG030") byName[f.object.name] = &f;
  ASSERT_TRUE(byName.count("deny-cross-tenant") && byName.count("templated"));
  EXPECT_EQ(byName["deny-cross-tenant"]->where.line, lineOf(y, "      notSelector:"));
  EXPECT_NE(byName["deny-cross-tenant"]->message.find("${tenant}"), std::string::npos);
  EXPECT_EQ(byName["templated"]->where.line, lineOf(y, "    - namespaceSelector: {matchLabels: {tenant: \"{{"));
  EXPECT_NE(byName["templated"]->message.find("{{ .Values.tenant }}"), std::string::npos);

  // The same policy with the tenant written out is no finding.
  std::string literal = y;
  literal.replace(literal.find("${tenant}"), 9, "a");
  literal.replace(literal.find("{{ .Values.tenant }}"), 20, "b");
  EXPECT_FALSE(verifyYaml(literal).has("TG030"));
}

TEST(Findings, TG090NotModelledOncePerObject) {
  // Two ICMP rules in one Calico policy: one finding for the policy, at the first rule.
  std::string calico = R"(---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: icmp, namespace: tenant-a}
spec:
  selector: all()
  types: [Ingress]
  ingress:
  - action: Allow
    protocol: ICMP
    icmp: {type: 8}
  - action: Allow
    protocol: ICMP
    icmp: {type: 0}
)";
  // A CUSTOM policy whose provider exists: its decision is assumed to allow, for every flow
  // to both tenants' workloads — still one finding.
  std::string custom = R"(---
apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: |
    extensionProviders:
    - name: opa
      envoyExtAuthzGrpc: {service: opa.opa.svc, port: 9191}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: ext-authz, namespace: istio-system}
spec:
  action: CUSTOM
  provider: {name: opa}
  rules: [{}]
)";
  std::string y = isolated() + calico + custom;
  auto run = verifyYaml(y);
  std::map<std::string, std::vector<const Finding*>> byName;
  for (const auto& f : run.result.findings)
    if (f.id == "TG090") byName[f.object.name].push_back(&f);
  ASSERT_EQ(byName["icmp"].size(), 1u);
  EXPECT_EQ(byName["icmp"][0]->where.line, lineOf(y, "  - action: Allow\n    protocol: ICMP"));
  EXPECT_EQ(byName["icmp"][0]->severity, Severity::Info);
  ASSERT_EQ(byName["ext-authz"].size(), 1u);
  EXPECT_NE(byName["ext-authz"][0]->message.find("external authorizer `opa`"), std::string::npos);
  EXPECT_EQ(byName.size(), 2u);

  // Exact constructs only: ICMP without type/code, and no CUSTOM policy.
  std::string exact = isolated() + calico;
  exact.erase(exact.find("    icmp: {type: 8}\n"), 20);
  exact.erase(exact.find("    icmp: {type: 0}\n"), 20);
  EXPECT_FALSE(verifyYaml(exact).has("TG090"));
}

TEST(Findings, TG090IstioKindsThatChangeReachabilityAtTheirPlace) {
  std::string istio = R"(---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: default, namespace: tenant-a}
spec:
  egress: [{hosts: [./*, istio-system/*]}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: plain, namespace: tenant-a}
spec: {host: api.tenant-b.svc.cluster.local, trafficPolicy: {tls: {mode: DISABLE}}}
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: ext, namespace: tenant-a}
spec: {hosts: [api.example.com], ports: [{number: 443, name: https, protocol: TLS}], resolution: DNS}
)";
  auto reported = [](const testing::VerifyRun& run) {
    std::map<std::string, const Finding*> byName;
    for (const auto& f : run.result.findings)
      if (f.id == "TG090") byName[f.object.name] = &f;
    return byName;
  };
  // Every destination requires mTLS: a Sidecar or DestinationRule can only refuse connections
  // that verify takes as mTLS, which is already the permissive verdict.
  auto strict = verifyYaml(isolated() + istio);
  auto strictReported = reported(strict);
  ASSERT_EQ(strictReported.size(), 1u);
  EXPECT_EQ(strictReported.begin()->first, "ext");

  // PERMISSIVE on every port but the one the workload declares: plaintext gets in on the others.
  std::string portLevel = isolated() + istio +
                          "---\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\n"
                          "metadata: {name: ports, namespace: tenant-b}\nspec: {selector: {matchLabels: {app: api}}, "
                          "mtls: {mode: PERMISSIVE}, portLevelMtls: {\"8080\": {mode: STRICT}}}\n";
  EXPECT_EQ(reported(verifyYaml(portLevel)).size(), 3u);

  std::string y = isolated() + istio +
                  "---\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\n"
                  "metadata: {name: mode, namespace: tenant-b}\nspec: {mtls: {mode: PERMISSIVE}}\n";
  auto run = verifyYaml(y);
  auto byName = reported(run);
  ASSERT_EQ(byName.size(), 3u);
  EXPECT_NE(byName["default"]->message.find("Sidecar tenant-a/default: not modelled: its egress hosts"), std::string::npos)
      << byName["default"]->message;
  EXPECT_NE(byName["plain"]->message.find("client TLS settings"), std::string::npos) << byName["plain"]->message;
  EXPECT_NE(byName["ext"]->message.find("flows to them are not evaluated"), std::string::npos) << byName["ext"]->message;
  EXPECT_EQ(byName["default"]->where.line, lineOf(y, "apiVersion: networking.istio.io/v1\nkind: Sidecar"));
}

TEST(Findings, TG090IngressWithoutAControllerTlsRoutesAndProfilesNotInTheInput) {
  std::string ingress = R"(---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: site, namespace: tenant-a}
spec:
  defaultBackend: {resource: {apiGroup: k8s.example.com, kind: Bucket, name: static}}
  rules:
  - http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
---
apiVersion: projectcalico.org/v3
kind: WorkloadEndpoint
metadata: {name: wep, namespace: tenant-a}
spec: {pod: legacy, profiles: [kns.tenant-a, ksa.tenant-a.default, custom-profile]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: passthrough, namespace: tenant-a}
spec:
  hosts: [a.example.com]
  gateways: [gw]
  tls: [{match: [{sniHosts: [a.example.com]}], route: [{destination: {host: web}}]}]
)";
  std::string y = isolated() + ingress;
  auto run = verifyYaml(y);
  std::vector<std::string> messages;
  for (const auto& f : run.result.findings)
    if (f.id == "TG090") messages.push_back(f.object.name + ": " + f.message);
  ASSERT_EQ(messages.size(), 4u) << ::testing::PrintToString(messages);
  std::string all = ::testing::PrintToString(messages);
  EXPECT_NE(all.find("site: Ingress tenant-a/site: not modelled: no ingress controller in the input"), std::string::npos) << all;
  EXPECT_NE(all.find("a `resource` backend"), std::string::npos) << all;
  EXPECT_NE(all.find("profile `custom-profile` is not in the input"), std::string::npos) << all;
  EXPECT_NE(all.find("passthrough: VirtualService tenant-a/passthrough: not modelled: tls routes"), std::string::npos) << all;

  // With the controller in the input, the routes are exact: only the resource backend remains.
  std::string controller = R"(---
apiVersion: v1
kind: Pod
metadata: {name: controller, namespace: ingress-nginx, labels: {app.kubernetes.io/name: ingress-nginx}}
spec: {containers: [{name: c}]}
)";
  size_t withController = 0;
  for (const auto& f : verifyYaml(y + controller).result.findings)
    withController += f.id == "TG090" && f.message.find("no ingress controller") != std::string::npos;
  EXPECT_EQ(withController, 0u);
}

std::string peerAuthentication(const std::string& ns, const std::string& mode) {
  return "---\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: mode, namespace: " + ns +
         "}\nspec: {mtls: {mode: " + mode + "}}\n";
}

// A Deployment without Service or ServiceAccount objects; `podLabels` are added to `app: NAME`.
std::string bareDeployment(const std::string& ns, const std::string& name, const std::string& podLabels,
                           const std::string& containerPorts) {
  return "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: " + name + ", namespace: " + ns +
         "}\nspec:\n  selector: {matchLabels: {app: " + name + "}}\n  template:\n    metadata: {labels: {app: " + name +
         podLabels + "}}\n    spec:\n      automountServiceAccountToken: false\n      containers: [{name: " + name +
         ", image: example/" + name + ", ports: [" + containerPorts + "]}]\n";
}

// A workload of tenant b serving TCP 5432, which no Service names (so the mesh sees plain TCP).
const std::string kDatabase = bareDeployment("tenant-b", "db", "", "{containerPort: 5432}");

TEST(Findings, TG020MtlsNotStrict) {
  auto run = verifyYaml(isolated() + peerAuthentication("tenant-a", "PERMISSIVE"));
  ASSERT_EQ(run.count("TG020"), 1u);
  EXPECT_NE(run.first("TG020")->message.find("tenant-a/api"), std::string::npos);
  EXPECT_EQ(run.first("TG020")->object.kind, "Deployment");
  EXPECT_FALSE(verifyYaml(isolated() + peerAuthentication("tenant-a", "STRICT")).has("TG020"));
}

TEST(Findings, TG021OutsideTheMesh) {
  std::string y = isolated() + bareDeployment("tenant-a", "legacy", ", sidecar.istio.io/inject: \"false\"", "");
  auto run = verifyYaml(y);
  ASSERT_EQ(run.count("TG021"), 1u);
  EXPECT_EQ(run.first("TG021")->object.name, "legacy");
  EXPECT_EQ(run.first("TG021")->where.line, lineOf(y, "kind: Deployment\nmetadata: {name: legacy, namespace: tenant-a}") - 1);
  EXPECT_FALSE(verifyYaml(isolated()).has("TG021"));
}

const char* kDenyTenantAIdentity = R"(---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: deny-a, namespace: tenant-b}
spec:
  action: DENY
  rules:
  - from:
    - source:
        principals: [cluster.local/ns/tenant-a/sa/api]
)";

TEST(Findings, TG022IdentityDenyBypassedByPlaintext) {
  std::string y = isolated() + peerAuthentication("tenant-b", "PERMISSIVE") + kDenyTenantAIdentity;
  auto run = verifyYaml(y);
  ASSERT_EQ(run.count("TG022"), 1u);
  EXPECT_EQ(run.first("TG022")->object.name, "deny-a");
  EXPECT_EQ(run.first("TG022")->where.line, lineOf(y, "        principals:"));
  // With STRICT mTLS every peer has an identity: the DENY holds.
  EXPECT_FALSE(verifyYaml(isolated() + kDenyTenantAIdentity).has("TG022"));
}

TEST(Findings, TG023HttpFieldsOnTcpPort) {
  auto allowGet = [](const std::string& app) {
    return "---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: get-only, namespace: "
           "tenant-b}\nspec:\n  selector: {matchLabels: {app: " + app +
           "}}\n  rules:\n  - to:\n    - operation:\n        methods: [GET]\n";
  };
  // A Service names port 5432 `tcp-postgres`: the ALLOW rule is dropped there.
  std::string tcpService =
      "---\napiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: tenant-b}\nspec:\n  selector: {app: db}\n"
      "  ports:\n  - {name: tcp-postgres, port: 5432}\n";
  std::string y = isolated() + kDatabase + tcpService + allowGet("db");
  auto run = verifyYaml(y);
  ASSERT_EQ(run.count("TG023"), 1u);
  EXPECT_NE(run.first("TG023")->message.find("port 5432 is TCP"), std::string::npos);
  EXPECT_EQ(run.first("TG023")->where.line, lineOf(y, "        methods: [GET]"));
  // Without the Service Istio detects the protocol: the fields hold only for what it sees as HTTP.
  auto detected = verifyYaml(isolated() + kDatabase + allowGet("db"));
  ASSERT_EQ(detected.count("TG023"), 1u);
  EXPECT_NE(detected.first("TG023")->message.find("no Service declares the protocol of tenant-b/db"), std::string::npos);
  // On the HTTP port of `api` the method is visible.
  EXPECT_FALSE(verifyYaml(isolated() + kDatabase + allowGet("api")).has("TG023"));
}

TEST(Findings, TG024ConditionThatNeverMatches) {
  auto deny = [](const std::string& notNamespace) {
    return "---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: deny-shared, namespace: "
           "tenant-b}\nspec:\n  action: DENY\n  rules:\n  - from:\n    - source:\n        principals: "
           "[cluster.local/ns/tenant-a/sa/*]\n        notNamespaces: [" + notNamespace + "]\n";
  };
  // Every principal it names lives in tenant-a, which the same source excludes.
  auto run = verifyYaml(isolated() + deny("tenant-a"));
  ASSERT_EQ(run.count("TG024"), 1u);
  EXPECT_EQ(run.first("TG024")->object.name, "deny-shared");
  EXPECT_FALSE(verifyYaml(isolated() + deny("tenant-b")).has("TG024"));
}

TEST(Findings, TG025ForgeableIdentityHeader) {
  auto filter = [](const std::string& lua) {
    return "---\napiVersion: networking.istio.io/v1alpha3\nkind: EnvoyFilter\nmetadata: {name: tenant-header, namespace: "
           "tenant-b}\nspec:\n  configPatches:\n  - applyTo: HTTP_FILTER\n    patch:\n      operation: INSERT_BEFORE\n"
           "      value:\n        name: envoy.lua\n        typed_config:\n          inlineCode: |\n"
           "            function envoy_on_request(h)\n              " + lua + "\n            end\n";
  };
  // add() appends to what the client sent.
  std::string y = isolated() + filter("h:headers():add(\"x-tenant-identity\", \"b\")");
  auto run = verifyYaml(y);
  ASSERT_EQ(run.count("TG025"), 1u);
  EXPECT_NE(run.first("TG025")->message.find("add() appends"), std::string::npos);
  EXPECT_EQ(run.first("TG025")->where.line, lineOf(y, "          inlineCode: |"));
  // replace() overwrites it.
  EXPECT_FALSE(verifyYaml(isolated() + filter("h:headers():replace(\"x-tenant-identity\", \"b\")")).has("TG025"));
}

TEST(Findings, TG026PolicyThatAppliesToNothing) {
  auto allow = [](const std::string& app, const std::string& ns) {
    return "---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: typo, namespace: tenant-b}\n"
           "spec:\n  selector: {matchLabels: {app: " + app + "}}\n  rules: [{from: [{source: {namespaces: [" + ns + "]}}]}]\n";
  };
  auto run = verifyYaml(isolated() + allow("apii", "tenant-b"));
  ASSERT_EQ(run.count("TG026"), 1u);
  EXPECT_NE(run.first("TG026")->message.find("selects no workload"), std::string::npos);
  run = verifyYaml(isolated() + allow("api", "tenant-bb"));
  ASSERT_EQ(run.count("TG026"), 1u);
  EXPECT_NE(run.first("TG026")->message.find("namespace tenant-bb, which does not exist"), std::string::npos);
  EXPECT_FALSE(verifyYaml(isolated() + allow("api", "tenant-b")).has("TG026"));
}

TEST(Findings, TG031AndTG032Selectors) {
  std::string y = isolated() + R"(---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: dns, namespace: tenant-a}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to:
    - namespaceSelector: {}
      podSelector: {matchLabels: {k8s-app: kube-dns}}
    ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]
  - to:
    - namespaceSelector: {matchLabels: {team: platform}}
)";
  auto run = verifyYaml(y);
  EXPECT_EQ(run.count("TG032"), 1u);
  EXPECT_EQ(run.count("TG031"), 1u);
  EXPECT_GT(run.first("TG032")->where.line, 0u);
  EXPECT_FALSE(verifyYaml(isolated()).has("TG032"));
}

TEST(Findings, TG040TokenMounted) {
  std::string y = isolated();
  y += workload("tenant-a", "worker", "      automountServiceAccountToken: true\n");
  auto run = verifyYaml(y);
  ASSERT_EQ(run.count("TG040"), 1u);
  EXPECT_NE(run.first("TG040")->message.find("tenant-a/worker"), std::string::npos);
}

TEST(Findings, TG041AndTG042QuotaAndLimits) {
  std::string y = isolated();
  std::string q = quota("tenant-b");
  y.erase(y.find(q), q.size());
  auto run = verifyYaml(y);
  EXPECT_EQ(run.count("TG041"), 1u);
  EXPECT_EQ(run.count("TG042"), 1u);
  EXPECT_EQ(run.first("TG041")->object.name, "tenant-b");
}

TEST(Findings, TG043HostExposure) {
  std::string y = isolated() + workload("tenant-a", "agent", "      hostNetwork: true\n") + R"(---
apiVersion: v1
kind: Service
metadata: {name: public, namespace: tenant-b}
spec:
  type: LoadBalancer
  selector: {app: api}
  ports: [{port: 80, targetPort: 8080}]
)";
  auto run = verifyYaml(y);
  EXPECT_EQ(run.count("TG043"), 2u);
}

TEST(Findings, TG050SharedServiceBeyondDeclaration) {
  std::string shared = R"(---
apiVersion: v1
kind: Namespace
metadata: {name: shared}
)" + testing::workload("shared", "logs") + R"(---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: logs, namespace: shared}
spec:
  selector: {matchLabels: {app: logs}}
  rules:
  - from: [{source: {namespaces: [tenant-a, tenant-b]}}]
    to: [{operation: {methods: [POST, DELETE]}}]
)";
  // Tenant egress to the shared namespace, which the isolated baseline does not allow.
  for (std::string ns : {"tenant-a", "tenant-b"})
    shared += "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: to-shared, namespace: " + ns +
              "}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress: [{to: [{namespaceSelector: {matchLabels: "
              "{kubernetes.io/metadata.name: shared}}}], ports: [{port: 8080}]}]\n";
  std::string spec = R"(apiVersion: tenantguard.io/v1alpha1
kind: TenantIsolation
spec:
  tenants:
  - {name: a, namespaces: [tenant-a]}
  - {name: b, namespaces: [tenant-b]}
  sharedServices:
  - name: logs
    namespace: shared
    selector: {app: logs}
    ports: [8080]
    allow: [{tenants: [a], methods: [POST], paths: ["/ingest"]}]
)";
  auto run = verifyYaml(isolated() + shared, spec);
  // Tenant b is not allowed at all; tenant a may DELETE and use any path.
  std::vector<std::string> messages;
  for (const auto& f : run.result.findings)
    if (f.id == "TG050") messages.push_back(f.message);
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_NE(messages[0].find("tenant"), std::string::npos);
  bool tenantB = false, method = false, path = false;
  for (const auto& m : messages) {
    tenantB |= m.find("by tenant b, which the spec does not allow") != std::string::npos;
    method |= m.find("accepts DELETE") != std::string::npos;
    path |= m.find("accepts POST /tenantguard-probe") != std::string::npos;
  }
  EXPECT_TRUE(tenantB);
  EXPECT_TRUE(method);
  EXPECT_TRUE(path);
}

}  // namespace
}  // namespace tg::verify
