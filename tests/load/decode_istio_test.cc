#include <gtest/gtest.h>

#include "load/loader.h"
#include "support/load_text.h"

namespace tg::load {
namespace {

LoadResult load(const std::string& yaml) { return testing::loadText("istio.yaml", yaml); }

TEST(DecodeIstio, AuthorizationPolicyFieldsAndLines) {
  auto r = load(R"(apiVersion: security.istio.io/v1beta1
kind: AuthorizationPolicy
metadata:
  name: p
  namespace: ns
spec:
  selector:
    matchLabels:
      app: x
  action: DENY
  rules:
  - from:
    - source:
        notNamespaces: [a, b]
        principals: ["cluster.local/ns/a/sa/x"]
    to:
    - operation:
        methods: [GET]
        notPorts: ["8080"]
    when:
    - key: request.headers[X-Id]
      notValues: [""]
  - {}
)");
  ASSERT_TRUE(r.diagnostics.empty()) << r.diagnostics.front().str();
  ASSERT_EQ(r.cluster.authorizationPolicies.size(), 1u);
  const auto& p = r.cluster.authorizationPolicies[0];
  EXPECT_EQ(p.action, model::AuthzAction::Deny);
  EXPECT_EQ(p.selector.at("app"), "x");
  ASSERT_EQ(p.rules.size(), 2u);
  EXPECT_EQ(p.rules[0].line, 12u);
  ASSERT_EQ(p.rules[0].from.size(), 1u);
  const auto& fields = p.rules[0].from[0].fields;
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[0].name, "namespaces");
  EXPECT_TRUE(fields[0].negated);
  EXPECT_EQ(fields[0].values, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(p.rules[0].to[0].fields[1].name, "ports");
  EXPECT_TRUE(p.rules[0].to[0].fields[1].negated);
  EXPECT_EQ(p.rules[0].when[0].key, "request.headers[X-Id]");
  EXPECT_EQ(p.rules[0].when[0].notValues, std::vector<std::string>{""});
  EXPECT_TRUE(p.rules[1].from.empty());
}

TEST(DecodeIstio, EmptySpecIsAllowWithoutRules) {
  auto r = load("apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: d, namespace: n}\nspec: {}\n");
  ASSERT_TRUE(r.diagnostics.empty());
  ASSERT_EQ(r.cluster.authorizationPolicies.size(), 1u);
  EXPECT_EQ(r.cluster.authorizationPolicies[0].action, model::AuthzAction::Allow);
  EXPECT_TRUE(r.cluster.authorizationPolicies[0].rules.empty());
}

TEST(DecodeIstio, BadObjectsAreDiagnosedWithLines) {
  auto r = load(R"(apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: typo, namespace: n}
spec:
  rules:
  - from:
    - source:
        notNamespace: [a]
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: pa, namespace: n}
spec:
  mtls:
    mode: STRICTER
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: ok, namespace: n}
spec:
  selector: {matchLabels: {app: a}}
  mtls: {mode: STRICT}
  portLevelMtls:
    8080: {mode: PERMISSIVE}
)");
  ASSERT_EQ(r.diagnostics.size(), 2u);
  EXPECT_EQ(r.diagnostics[0].line, 8u);
  EXPECT_EQ(r.diagnostics[1].line, 15u);
  ASSERT_EQ(r.cluster.peerAuthentications.size(), 1u);
  const auto& pa = r.cluster.peerAuthentications[0];
  EXPECT_EQ(pa.mode, model::MtlsMode::Strict);
  ASSERT_EQ(pa.portLevelMtls.count(8080), 1u);
  EXPECT_EQ(pa.portLevelMtls.at(8080).mode, model::MtlsMode::Permissive);
}

TEST(DecodeIstio, MeshConfigMap) {
  auto r = load(R"(apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: |
    rootNamespace: root
    trustDomain: td
    extensionProviders:
    - name: ext
      envoyExtAuthzHttp: {service: a, port: 80}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: other, namespace: istio-system}
data: {x: y}
)");
  ASSERT_TRUE(r.diagnostics.empty());
  ASSERT_EQ(r.cluster.meshConfigs.size(), 1u);
  EXPECT_EQ(r.cluster.meshConfigs[0].rootNamespace.value_or(""), "root");
  EXPECT_EQ(r.cluster.meshConfigs[0].extensionProviders, std::vector<std::string>{"ext"});
}

}  // namespace
}  // namespace tg::load
