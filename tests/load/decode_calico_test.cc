// Decoding Calico objects (load/decode_calico.cc) into model::CalicoObjects.
#include <gtest/gtest.h>

#include "load/loader.h"
#include "support/load_text.h"

namespace tg::load {
namespace {

LoadResult load(const std::string& yaml) { return testing::loadText("calico.yaml", yaml); }

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

TEST(CalicoDecode, ProfilesCarryLabelsToApplyAndRulesInBothApiGroups) {
  for (const char* api : {"projectcalico.org/v3", "crd.projectcalico.org/v1"}) {
    LoadResult r = load(std::string("apiVersion: ") + api + R"(
kind: Profile
metadata: {name: kns.shop}
spec:
  labelsToApply: {team: red}
  ingress:
  - action: Allow
    source: {selector: role == 'fe'}
  egress:
  - action: Deny
    protocol: ICMP
    icmp: {type: 8}
)");
    ASSERT_TRUE(r.diagnostics.empty()) << api << ": " << r.diagnostics.front().str();
    ASSERT_EQ(r.cluster.calico.profiles.size(), 1u) << api;
    const model::CalicoProfile& p = r.cluster.calico.profiles[0];
    EXPECT_EQ(p.meta.name, "kns.shop");
    EXPECT_TRUE(p.meta.ns.empty());
    EXPECT_EQ(p.labelsToApply, (model::Labels{{"team", "red"}}));
    ASSERT_EQ(p.ingressRules.size(), 1u);
    EXPECT_EQ(p.ingressRules[0].line, 7u);
    ASSERT_EQ(p.egressRules.size(), 1u);
    EXPECT_EQ(p.egressRules[0].action, model::CalicoAction::Deny);
    ASSERT_EQ(p.unmodelled.size(), 1u);  // the ICMP type
    EXPECT_EQ(p.unmodelled[0].line, 10u);
    EXPECT_EQ(r.cluster.calico.findProfile("kns.shop"), &p);
    EXPECT_EQ(r.cluster.calico.findProfile("kns.other"), nullptr);
  }
}

TEST(CalicoDecode, AWorkloadEndpointIsAPodWithItsProfileList) {
  LoadResult r = load(R"(apiVersion: projectcalico.org/v3
kind: WorkloadEndpoint
metadata:
  name: node1-k8s-web--7d4f--x2kq-eth0
  namespace: shop
  labels: {app: web, projectcalico.org/serviceaccount: web-sa}
spec:
  pod: web-7d4f-x2kq
  ipNetworks: [10.1.2.3/32]
  profiles: [kns.shop, ksa.shop.web-sa]
  ports:
  - {name: http, protocol: TCP, port: 8080}
)");
  ASSERT_TRUE(r.diagnostics.empty()) << r.diagnostics.front().str();
  const model::Workload* w = r.cluster.findWorkload("shop", "web-7d4f-x2kq");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->meta.kind, "Pod");
  EXPECT_EQ(w->podLabels.at("app"), "web");
  EXPECT_EQ(w->serviceAccount, "web-sa");
  ASSERT_EQ(w->ports.size(), 1u);
  EXPECT_EQ(w->ports[0].name, "http");
  EXPECT_EQ(w->ports[0].port, 8080u);
  EXPECT_EQ(w->podIps, *net::parseCidr("10.1.2.3/32"));
  EXPECT_EQ(w->calicoProfileNames(), (std::vector<std::string>{"kns.shop", "ksa.shop.web-sa"}));
}

TEST(CalicoDecode, APodWithoutWorkloadEndpointHasCalicosDefaultProfiles) {
  LoadResult r = load(R"(apiVersion: v1
kind: Pod
metadata: {name: p, namespace: shop}
spec: {serviceAccountName: api, containers: [{name: c}]}
)");
  ASSERT_TRUE(r.diagnostics.empty()) << r.diagnostics.front().str();
  const model::Workload* w = r.cluster.findWorkload("shop", "p");
  ASSERT_NE(w, nullptr);
  EXPECT_FALSE(w->calicoProfiles);
  EXPECT_EQ(w->calicoProfileNames(), (std::vector<std::string>{"kns.shop", "ksa.shop.api"}));
}

TEST(CalicoDecode, BadWorkloadEndpointsAreErrorsOnTheirLine) {
  struct Case {
    const char* spec;  // at line 4
    uint32_t line;
    const char* message;
  };
  const Case cases[] = {
      {"{pod: p, ipNetworks: [10.0.0.300/32]}", 4, "not a CIDR"},
      {"{pod: p, ports: [{name: x, protocol: TCP}]}", 4, "without `port`"},
      {"{pod: p, ports: [{name: x, protocol: GRE, port: 1}]}", 4, "unknown protocol"},
      {"{pod: p, profiles: kns.x}", 4, "profiles"},
  };
  for (const Case& c : cases) {
    LoadResult r = load(std::string("apiVersion: projectcalico.org/v3\nkind: WorkloadEndpoint\nmetadata: {name: w, "
                                    "namespace: n}\nspec: ") + c.spec + "\n");
    ASSERT_EQ(r.diagnostics.size(), 1u) << c.spec;
    EXPECT_EQ(r.diagnostics[0].line, c.line) << c.spec;
    EXPECT_NE(r.diagnostics[0].message.find(c.message), std::string::npos) << r.diagnostics[0].message;
    EXPECT_EQ(r.cluster.findWorkload("n", "p"), nullptr) << c.spec;
  }
  LoadResult r = load("apiVersion: projectcalico.org/v3\nkind: WorkloadEndpoint\nmetadata: {name: w}\n");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].line, 1u);
}

}  // namespace
}  // namespace tg::load
