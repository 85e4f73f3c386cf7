// Calico profiles (Program::setProfiles, compiled in calico_policy.cc) on the upstream e2e model
// (support/e2e_model.h: namespaces x, y, z labelled ns=<name>; pods a, b, c labelled pod=<name>,
// service account `default`). A pod's profiles are `kns.<ns>`, `ksa.<ns>.default`; a Calico
// WorkloadEndpoint names its own.
#include <gtest/gtest.h>

#include "layers/network/calico_policy.h"
#include "support/e2e_model.h"

namespace tg::layers::network {
namespace {

using testing::E2eCluster;

TEST(CalicoProfile, WhatNoTierDecidedGoesThroughTheProfilesAndWhatNoneAcceptsIsDropped) {
  E2eCluster c(R"(
apiVersion: projectcalico.org/v3
kind: Profile
metadata: {name: kns.x}
spec:
  ingress:
  - action: Allow
    source: {namespaceSelector: ns == 'y'}
  egress:
  - action: Allow
)");
  // x has a profile with rules: ingress only from y.
  EXPECT_TRUE(c.allowed("y/a", "x/a", 80));
  EXPECT_FALSE(c.allowed("z/a", "x/a", 80));
  EXPECT_FALSE(c.allowed("x/b", "x/a", 80));
  EXPECT_TRUE(c.allowed("x/a", "z/b", 80));  // x's egress profile rule allows; z has no profile here
  // z's profile is not in the input: Calico's generated namespace profile allows everything.
  EXPECT_TRUE(c.allowed("y/a", "z/a", 80));
  Verdict v = c.network().verdict(c.pod("z/a"), c.pod("x/a"), net::Protocol::TCP, 80);
  EXPECT_EQ(v.verdict, VerdictKind::Deny);
  ASSERT_FALSE(v.decidedBy.empty());
  EXPECT_EQ(v.decidedBy[0].kind, "Profile");
  EXPECT_EQ(v.decidedBy[0].name, "kns.x");
}

TEST(CalicoProfile, AProfileWithoutRulesDropsEverything) {
  E2eCluster c(R"(
apiVersion: projectcalico.org/v3
kind: Profile
metadata: {name: kns.y}
)");
  EXPECT_FALSE(c.allowed("x/a", "y/a", 80));
  EXPECT_FALSE(c.allowed("y/a", "x/a", 80));  // y's egress
  EXPECT_TRUE(c.allowed("x/a", "z/a", 80));
}

TEST(CalicoProfile, TiersDecideFirstAndPassedTrafficReachesTheProfiles) {
  E2eCluster c(R"(
apiVersion: projectcalico.org/v3
kind: Profile
metadata: {name: kns.x}
spec: {ingress: [{action: Allow}]}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: policy}
spec:
  selector: pod == 'a'
  types: [Ingress]
  ingress:
  - action: Deny
    source: {namespaceSelector: ns == 'z'}
  - action: Pass
    source: {namespaceSelector: ns == 'y'}
)");
  EXPECT_FALSE(c.allowed("z/a", "x/a", 80));  // denied by the policy before any profile
  EXPECT_TRUE(c.allowed("y/a", "x/a", 80));   // passed on: the profile allows
  EXPECT_FALSE(c.allowed("x/b", "x/a", 80));  // the tier applies and no rule allows
  EXPECT_TRUE(c.allowed("z/a", "x/b", 80));   // no tier selects x/b: the profile allows
}

TEST(CalicoProfile, LabelsToApplyAreSeenByPolicySelectorsButThePodsOwnLabelsWin) {
  E2eCluster c(R"(
apiVersion: projectcalico.org/v3
kind: Profile
metadata: {name: kns.x}
spec:
  labelsToApply: {team: red, pod: overridden}
  ingress: [{action: Allow}]
  egress: [{action: Allow}]
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: only-red-into-z}
spec:
  selector: projectcalico.org/namespace == 'z' || pod == 'overridden'
  types: [Ingress]
  ingress:
  - action: Allow
    source: {selector: team == 'red'}
)");
  EXPECT_TRUE(c.allowed("x/a", "z/a", 80));   // x's pods carry team=red from their profile
  EXPECT_FALSE(c.allowed("y/a", "z/a", 80));
  EXPECT_TRUE(c.allowed("y/a", "x/a", 80));   // x/a keeps pod=a: the policy does not select it
}

// Two endpoints naming the same profiles in opposite orders: the first profile that decides wins.
TEST(CalicoProfile, AnEndpointsProfilesApplyInItsListOrder) {
  load::Loader loader;
  loader.addText("c.yaml", R"(
apiVersion: v1
kind: Namespace
metadata: {name: n}
---
apiVersion: projectcalico.org/v3
kind: WorkloadEndpoint
metadata: {name: e1, namespace: n, labels: {app: one}}
spec: {pod: one, profiles: [deny-all, allow-all]}
---
apiVersion: projectcalico.org/v3
kind: WorkloadEndpoint
metadata: {name: e2, namespace: n, labels: {app: two}}
spec: {pod: two, profiles: [allow-all, deny-all]}
---
apiVersion: projectcalico.org/v3
kind: WorkloadEndpoint
metadata: {name: e3, namespace: n, labels: {app: three}}
spec: {pod: three, profiles: []}
---
apiVersion: projectcalico.org/v3
kind: Profile
metadata: {name: deny-all}
spec: {ingress: [{action: Deny}], egress: [{action: Deny}]}
---
apiVersion: projectcalico.org/v3
kind: Profile
metadata: {name: allow-all}
spec: {ingress: [{action: Allow}], egress: [{action: Allow}]}
)");
  load::LoadResult r = std::move(loader).finish();
  ASSERT_TRUE(r.diagnostics.empty()) << r.diagnostics.front().str();
  NetworkLayer network(r.cluster);
  auto ep = [&](const char* name) {
    return Endpoint::ofWorkload(*r.cluster.findWorkload("n", name), r.cluster.findNamespace("n"));
  };
  EXPECT_TRUE(network.allowed(ep("one"), ep("two")).empty());   // one's egress: deny-all first
  EXPECT_TRUE(network.allowed(ep("two"), ep("one")).empty());   // one's ingress: deny-all first
  EXPECT_TRUE(network.allowed(ep("two"), ep("three")).empty()); // three has no profile: dropped
  EXPECT_TRUE(network.allowed(ep("three"), ep("two")).empty());
  // The external world reaching two: its ingress profile allows it.
  EXPECT_FALSE(network.allowed(Endpoint::external(*net::parseCidr("192.0.2.0/24")), ep("two")).empty());
}

}  // namespace
}  // namespace tg::layers::network
