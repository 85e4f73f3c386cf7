// Decoding Calico objects (load/decode_calico.cc) into model::CalicoObjects.
#include <gtest/gtest.h>

#include "load/loader.h"

namespace tg::load {
namespace {

LoadResult load(const std::string& yaml) {
  Loader l;
  l.addText("calico.yaml", yaml);
  return std::move(l).finish();
}

TEST(CalicoDecode, BothApiGroupsDecodeTheSameSpec) {
  for (const char* api : {"projectcalico.org/v3", "crd.projectcalico.org/v1"}) {
    LoadResult r = load(std::string("apiVersion: ") + api + R"(
kind: NetworkPolicy
metadata: {name: p, namespace: t}
spec:
  tier: security
  order: 12.5
  selector: app == 'web'
  ingress:
  - action: Allow
    protocol: TCP
    source:
      selector: role == 'fe'
      nets: [10.0.0.0/8]
    destination:
      ports: [80, "8000:8080", http]
)");
    ASSERT_TRUE(r.diagnostics.empty()) << api << ": " << r.diagnostics.front().str();
    ASSERT_EQ(r.cluster.calico.policies.size(), 1u) << api;
    const model::CalicoPolicy& p = r.cluster.calico.policies[0];
    EXPECT_FALSE(p.global);
    EXPECT_EQ(p.meta.ns, "t");
    EXPECT_EQ(p.tier, "security");
    EXPECT_EQ(p.order, 12.5);
    EXPECT_EQ(p.selector.str(), "app == \"web\"");
    ASSERT_EQ(p.ingressRules.size(), 1u);
    const model::CalicoRule& rule = p.ingressRules[0];
    EXPECT_EQ(rule.line, 9u);
    EXPECT_EQ(rule.protocol, 6u);
    EXPECT_EQ(rule.source.selector->str(), "role == \"fe\"");
    ASSERT_EQ(rule.destination.ports.size(), 3u);
    EXPECT_EQ(rule.destination.ports[1].first, 8000u);
    EXPECT_EQ(rule.destination.ports[1].last, 8080u);
    EXPECT_EQ(rule.destination.ports[2].name, "http");
  }
}

TEST(CalicoDecode, TypesAreInferredAsCalicoDoes) {
  LoadResult r = load(R"(
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: none}
spec: {selector: all()}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: egress-only}
spec:
  egress: [{action: Allow}]
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: both}
spec:
  ingress: [{action: Allow}]
  egress: [{action: Allow}]
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: explicit}
spec:
  types: [Egress]
  ingress: [{action: Allow}]
)");
  ASSERT_TRUE(r.diagnostics.empty()) << r.diagnostics.front().str();
  const auto& ps = r.cluster.calico.policies;
  ASSERT_EQ(ps.size(), 4u);
  EXPECT_TRUE(ps[0].ingress && !ps[0].egress);
  EXPECT_TRUE(!ps[1].ingress && ps[1].egress);
  EXPECT_TRUE(ps[2].ingress && ps[2].egress);
  EXPECT_TRUE(!ps[3].ingress && ps[3].egress);
  EXPECT_TRUE(ps[0].global && ps[0].meta.ns.empty());
}

TEST(CalicoDecode, ABadSelectorIsAnErrorOnItsLineAndOtherObjectsStillLoad) {
  LoadResult r = load(R"(
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: broken}
spec:
  ingress:
  - action: Allow
    source:
      selector: tenant == acme
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkSet
metadata: {name: ok, labels: {role: x}}
spec: {nets: [192.0.2.0/24]}
)");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].line, 9u);
  EXPECT_NE(r.diagnostics[0].message.find("column 11"), std::string::npos) << r.diagnostics[0].message;
  EXPECT_TRUE(r.cluster.calico.policies.empty());
  ASSERT_EQ(r.cluster.calico.networkSets.size(), 1u);
  EXPECT_TRUE(r.cluster.calico.networkSets[0].global);
}

TEST(CalicoDecode, InvalidFieldsAreErrors) {
  for (const char* rule : {"{action: Allow, destination: {ports: [80]}}",  // ports need a protocol
                           "{action: Reject}", "{protocol: TCP}", "{action: Allow, protocol: GRE}",
                           "{action: Allow, source: {nets: [not-a-cidr]}}",
                           "{action: Allow, protocol: TCP, destination: {ports: [\"90:80\"]}}"}) {
    LoadResult r = load(std::string(R"(
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: bad}
spec:
  ingress:
  - )") + rule + "\n");
    EXPECT_EQ(r.diagnostics.size(), 1u) << rule;
    EXPECT_TRUE(r.cluster.calico.policies.empty()) << rule;
  }
}

TEST(CalicoDecode, TiersStagedKindsAndHostEndpointPolicies) {
  LoadResult r = load(R"(
apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: security}
spec: {order: 100, defaultAction: Pass}
---
apiVersion: projectcalico.org/v3
kind: StagedNetworkPolicy
metadata: {name: s, namespace: t}
spec: {}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: host}
spec:
  preDNAT: true
  applyOnForward: true
  ingress: [{action: Deny}]
)");
  ASSERT_TRUE(r.diagnostics.empty()) << r.diagnostics.front().str();
  ASSERT_EQ(r.cluster.calico.tiers.size(), 1u);
  EXPECT_EQ(r.cluster.calico.tiers[0].order, 100.0);
  EXPECT_TRUE(r.cluster.calico.tiers[0].defaultPass);
  EXPECT_EQ(r.cluster.calico.staged.at("StagedNetworkPolicy"), 1u);
  ASSERT_EQ(r.cluster.calico.policies.size(), 1u);
  EXPECT_TRUE(r.cluster.calico.policies[0].hostEndpointsOnly);
  EXPECT_EQ(r.cluster.calico.policies[0].unmodelled.size(), 1u);
}

}  // namespace
}  // namespace tg::load
