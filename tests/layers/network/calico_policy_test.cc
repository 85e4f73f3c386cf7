// Calico policy semantics (DESIGN §2 "Calico") on the upstream e2e model (support/e2e_model.h):
// namespaces x, y, z (label ns=<name>), pods a, b, c in each (label pod=<name>, IP
// 10.0.<ns>.<pod>, named ports serve-80-tcp, serve-81-udp, ...). Every expectation below is what
// the engine computes from the YAML; nothing is stubbed.
#include "layers/network/calico_policy.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "support/e2e_model.h"
#include "verify/connectivity.h"

namespace tg::layers::network {
namespace {

using net::Protocol;
using testing::E2eCluster;

// Names of the objects that decided a flow.
std::vector<std::string> decidedBy(const E2eCluster& c, const Endpoint& src, const Endpoint& dst, uint32_t port) {
  std::vector<std::string> out;
  for (const Ref& r : c.network().verdict(src, dst, Protocol::TCP, port).decidedBy) out.push_back(r.kind + "/" + r.name);
  return out;
}

TEST(CalicoPolicy, PassToATierThatDoesNotSelectTheEndpointEndsInTheAllowProfile) {
  E2eCluster c(R"(
apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: security}
spec: {order: 100}
---
apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: platform}
spec: {order: 200}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: pass-everything}
spec:
  tier: security
  selector: all()
  ingress:
  - action: Pass
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: deny-to-b}
spec:
  tier: platform
  selector: pod == 'b'
  ingress:
  - action: Deny
)");
  // `platform` does not select x/a, so what security passed on reaches the profile: allowed.
  EXPECT_TRUE(c.allowed("y/a", "x/a", 80));
  // x/b is selected by `platform`, which denies.
  EXPECT_FALSE(c.allowed("y/a", "x/b", 80));
  EXPECT_EQ(decidedBy(c, c.pod("y/a"), c.pod("x/b"), 80), std::vector<std::string>{"GlobalNetworkPolicy/deny-to-b"});
}

TEST(CalicoPolicy, ATierWhoseOnlyPolicyDoesNotSelectTheEndpointHasNoImplicitDeny) {
  E2eCluster c(R"(
apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: security}
spec: {order: 100}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: c-only-from-y}
spec:
  tier: security
  selector: pod == 'c'
  ingress:
  - action: Allow
    source:
      namespaceSelector: ns == 'y'
)");
  EXPECT_TRUE(c.allowed("z/b", "x/a", 80));   // tier does not apply to x/a
  EXPECT_TRUE(c.allowed("y/b", "x/c", 80));   // allowed by the rule
  EXPECT_FALSE(c.allowed("z/b", "x/c", 80));  // tier applies, no rule matched: tier default Deny
}

TEST(CalicoPolicy, TierDefaultActionPassHandsOnToTheNextTier) {
  E2eCluster c(R"(
apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: security}
spec: {order: 100, defaultAction: Pass}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: deny-from-z}
spec:
  tier: security
  selector: all()
  ingress:
  - action: Deny
    source: {namespaceSelector: ns == 'z'}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: only-from-y, namespace: x}
spec:
  podSelector: {}
  ingress:
  - from: [{namespaceSelector: {matchLabels: {ns: y}}}]
)");
  EXPECT_FALSE(c.allowed("z/a", "x/a", 80));  // security denies
  EXPECT_TRUE(c.allowed("y/a", "x/a", 80));   // passed on by default, NetworkPolicy allows
  EXPECT_FALSE(c.allowed("x/b", "x/a", 80));  // passed on by default, NetworkPolicy isolates
  EXPECT_TRUE(c.allowed("x/b", "y/a", 80));   // y is selected by security and passed on: profile
}

TEST(CalicoPolicy, NotEqualAndNotInMatchPodsWithoutTheLabel) {
  E2eCluster c(R"(
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: not-acme, namespace: x}
spec:
  selector: tenant != 'acme'
  ingress:
  - action: Allow
    source:
      selector: tenant not in {'acme', 'globex'} && pod == 'b'
)");
  // No pod has a `tenant` label: the policy selects every pod of x and the rule matches x/b.
  EXPECT_TRUE(c.allowed("x/b", "x/a", 80));
  EXPECT_FALSE(c.allowed("x/c", "x/a", 80));
  // A namespaced rule selector only matches pods of the policy's namespace.
  EXPECT_FALSE(c.allowed("y/b", "x/a", 80));
  EXPECT_TRUE(c.allowed("x/a", "y/a", 80));  // other namespaces are not selected
}

TEST(CalicoPolicy, NotSelectorInAGlobalPolicyMatchesTrafficFromOutsideTheCluster) {
  const char* rules = R"(
  selector: projectcalico.org/namespace == 'x' && pod == 'a'
  ingress:
  - action: Deny
    source:
      notSelector: pod == 'b'
  - action: Allow
)";
  E2eCluster global(std::string("apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\n"
                                "metadata: {name: only-b}\nspec:") + rules);
  EXPECT_TRUE(global.allowed("y/b", "x/a", 80));
  EXPECT_FALSE(global.allowed("y/c", "x/a", 80));
  EXPECT_FALSE(global.allowedFromIp("192.0.2.10", "x/a", 80));  // no labels: not `pod == 'b'`

  // The same rule in a namespaced policy is scoped to pods of its namespace, so the Deny never
  // sees the outside world (nor other namespaces) and the Allow after it lets them in.
  E2eCluster ns(std::string("apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\n"
                            "metadata: {name: only-b, namespace: x}\nspec:") + rules);
  EXPECT_TRUE(ns.allowedFromIp("192.0.2.10", "x/a", 80));
  EXPECT_TRUE(ns.allowed("y/c", "x/a", 80));
  EXPECT_FALSE(ns.allowed("x/c", "x/a", 80));
  EXPECT_TRUE(ns.allowed("x/b", "x/a", 80));
}

TEST(CalicoPolicy, TemplatePlaceholderIsALiteralString) {
  // The reference article's tenant isolation: it denies everyone, its own tenant included,
  // because `${tenant}` is compared as written.
  E2eCluster c(R"(
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: x, labels: {tenant: acme}}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: x, labels: {tenant: acme}}
---
apiVersion: v1
kind: Pod
metadata: {name: other, namespace: y, labels: {tenant: globex}}
---
apiVersion: v1
kind: Pod
metadata: {name: literal, namespace: y, labels: {tenant: "${tenant}"}}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: tenant-isolation}
spec:
  selector: has(tenant)
  ingress:
  - action: Deny
    source:
      notSelector: tenant == "${tenant}"
  - action: Allow
)");
  EXPECT_FALSE(c.allowed("y/other", "x/web", 80));   // cross-tenant: denied, as intended
  EXPECT_FALSE(c.allowed("x/api", "x/web", 80));     // same tenant: denied too
  EXPECT_TRUE(c.allowed("y/literal", "x/web", 80));  // only the literal value escapes the Deny
}

TEST(CalicoPolicy, NamedPortsResolveAgainstTheDestinationWithTheRuleProtocol) {
  E2eCluster c(R"(
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: web, namespace: x}
spec:
  selector: pod == 'a'
  ingress:
  - action: Allow
    protocol: TCP
    destination:
      ports: [serve-80-tcp, "1000:1001"]
  - action: Allow
    protocol: UDP
    destination:
      ports: [serve-81-tcp]
)");
  EXPECT_TRUE(c.allowed("y/b", "x/a", 80));
  EXPECT_TRUE(c.allowed("y/b", "x/a", 1001));
  EXPECT_FALSE(c.allowed("y/b", "x/a", 81));
  EXPECT_FALSE(c.allowed("y/b", "x/a", 80, Protocol::UDP));
  // serve-81-tcp is a TCP port: with protocol UDP the name resolves to nothing.
  EXPECT_FALSE(c.allowed("y/b", "x/a", 81, Protocol::UDP));
  EXPECT_EQ(c.network().allowed(c.pod("y/b"), c.pod("x/a")).toString(), "TCP 80,1000-1001");
}

TEST(CalicoPolicy, EqualOrdersAreBrokenByName) {
  auto yaml = [](const char* denyName, const char* allowName) {
    return std::string(R"(
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: )") + denyName + R"(}
spec:
  order: 10
  selector: pod == 'a'
  ingress: [{action: Deny}]
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: )" + allowName + R"(}
spec:
  order: 10
  selector: pod == 'a'
  ingress: [{action: Allow}]
)";
  };
  E2eCluster denyFirst(yaml("a-deny", "b-allow"));
  EXPECT_FALSE(denyFirst.allowed("y/b", "x/a", 80));
  E2eCluster allowFirst(yaml("b-deny", "a-allow"));
  EXPECT_TRUE(allowFirst.allowed("y/b", "x/a", 80));
}

TEST(CalicoPolicy, MissingOrderComesLast) {
  E2eCluster c(R"(
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: a-no-order}
spec:
  selector: pod == 'a'
  ingress: [{action: Deny}]
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: z-ordered}
spec:
  order: 5000
  selector: pod == 'a'
  ingress: [{action: Allow, source: {selector: pod == 'b'}}]
)");
  EXPECT_TRUE(c.allowed("y/b", "x/a", 80));
  EXPECT_FALSE(c.allowed("y/c", "x/a", 80));
}

TEST(CalicoPolicy, DefaultTierPassBelow1000SkipsTheNetworkPolicies) {
  auto yaml = [](int order) {
    return R"(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: x}
spec:
  podSelector: {}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: pass-from-y}
spec:
  order: )" + std::to_string(order) + R"(
  selector: projectcalico.org/namespace == 'x' && pod == 'a'
  ingress:
  - action: Pass
    source:
      selector: projectcalico.org/namespace == 'y'
)";
  };
  E2eCluster below(yaml(500));
  EXPECT_TRUE(below.allowed("y/b", "x/a", 80));   // passed beyond the NetworkPolicy: profile allows
  EXPECT_FALSE(below.allowed("z/b", "x/a", 80));  // not passed: the NetworkPolicy isolates
  EXPECT_FALSE(below.allowed("y/b", "x/b", 80));  // x/b is not selected by the Pass policy
  EXPECT_EQ(decidedBy(below, below.pod("y/b"), below.pod("x/a"), 80),
            std::vector<std::string>{"GlobalNetworkPolicy/pass-from-y"});

  // Above 1000 the Pass still applies: a NetworkPolicy only adds allows, and the isolation it
  // brings is the tier's end-of-tier Deny, which comes after every default-tier policy.
  E2eCluster above(yaml(1500));
  EXPECT_TRUE(above.allowed("y/b", "x/a", 80));
  EXPECT_FALSE(above.allowed("z/b", "x/a", 80));
}

TEST(CalicoPolicy, DefaultTierPolicyAbove1000NeverSeesWhatANetworkPolicyDecided) {
  E2eCluster c(R"(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: from-y, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  ingress:
  - from: [{namespaceSelector: {matchLabels: {ns: y}}}]
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: late}
spec:
  order: 2000
  selector: projectcalico.org/namespace == 'x' && pod == 'a'
  ingress:
  - action: Deny
    source: {namespaceSelector: ns == 'y'}
  - action: Allow
    source: {namespaceSelector: ns == 'z'}
)");
  EXPECT_TRUE(c.allowed("y/b", "x/a", 80));   // the NetworkPolicy allowed it; the Deny is never reached
  EXPECT_EQ(decidedBy(c, c.pod("y/b"), c.pod("x/a"), 80), std::vector<std::string>{"NetworkPolicy/from-y"});
  EXPECT_TRUE(c.allowed("z/b", "x/a", 80));   // NetworkPolicy rules only allow; the later policy may too
  EXPECT_FALSE(c.allowed("x/b", "x/a", 80));  // nobody allows: the tier ends in Deny
}

TEST(CalicoPolicy, TiersAreOrderedAroundTheDefaultTierAt1000000) {
  auto yaml = [](const char* order) {
    return std::string(R"(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: from-y, namespace: x}
spec:
  podSelector: {}
  ingress:
  - from: [{namespaceSelector: {matchLabels: {ns: y}}}]
---
apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: other}
spec: {)") + order + R"(}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: deny-from-y}
spec:
  tier: other
  selector: all()
  ingress:
  - action: Deny
    source: {namespaceSelector: ns == 'y'}
)";
  };
  EXPECT_FALSE(E2eCluster(yaml("order: 999999")).allowed("y/b", "x/a", 80));  // before the NetworkPolicy
  EXPECT_TRUE(E2eCluster(yaml("order: 1000001")).allowed("y/b", "x/a", 80));  // the NetworkPolicy decided
  EXPECT_TRUE(E2eCluster(yaml("")).allowed("y/b", "x/a", 80));                // no order: last
  EXPECT_FALSE(E2eCluster(yaml("")).allowed("y/b", "z/a", 80));               // z: only `other` applies
}

TEST(CalicoPolicy, LogGoesOnAndRulesOfOneDirectionOnly) {
  E2eCluster c(R"(
apiVersion: crd.projectcalico.org/v1
kind: GlobalNetworkPolicy
metadata: {name: log-then-deny}
spec:
  selector: pod == 'a'
  types: [Egress]
  egress:
  - action: Log
  - action: Deny
    protocol: UDP
  - action: Allow
)");
  EXPECT_FALSE(c.allowed("x/a", "y/b", 53, Protocol::UDP));
  EXPECT_TRUE(c.allowed("x/a", "y/b", 53));
  EXPECT_TRUE(c.allowed("y/b", "x/a", 53, Protocol::UDP));  // ingress is not in `types`
}

TEST(CalicoPolicy, NetworkSetsLabelAddressesAndCutTheOutsideWorld) {
  E2eCluster c(R"(
apiVersion: projectcalico.org/v3
kind: GlobalNetworkSet
metadata: {name: partners, labels: {role: partner}}
spec:
  nets: [203.0.113.0/24]
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: partners-only}
spec:
  selector: pod == 'a'
  ingress:
  - action: Allow
    source: {selector: role == 'partner'}
)");
  EXPECT_TRUE(c.allowedFromIp("203.0.113.7", "x/a", 80));
  EXPECT_FALSE(c.allowedFromIp("198.51.100.7", "x/a", 80));
  EXPECT_FALSE(c.allowed("y/b", "x/a", 80));

  verify::Connectivity conn = verify::computeConnectivity(c.loaded().cluster, c.network());
  bool partnerRange = std::any_of(conn.endpoints.begin(), conn.endpoints.end(), [](const Endpoint& e) {
    return e.name() == "203.0.113.0-203.0.113.255[External]";
  });
  EXPECT_TRUE(partnerRange);
}

TEST(CalicoPolicy, NetsAndNotNets) {
  E2eCluster c(R"(
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: egress-nets}
spec:
  selector: pod == 'a'
  egress:
  - action: Allow
    destination:
      nets: [10.0.0.0/8, 192.0.2.0/24]
      notNets: [10.0.2.0/24]
)");
  EXPECT_TRUE(c.allowed("x/a", "z/b", 80));   // 10.0.3.2
  EXPECT_FALSE(c.allowed("x/a", "y/b", 80));  // 10.0.2.2 is in notNets
  EXPECT_TRUE(c.network().allowed(c.pod("x/a"), c.external("192.0.2.1")).isAll());
  EXPECT_TRUE(c.network().allowed(c.pod("x/a"), c.external("198.51.100.1")).empty());
}

TEST(CalicoPolicy, ServiceAccountsAndNamespaceNames) {
  E2eCluster c(R"(
apiVersion: v1
kind: ServiceAccount
metadata: {name: robot, namespace: y, labels: {trusted: "yes"}}
---
apiVersion: v1
kind: Pod
metadata: {name: bot, namespace: y}
spec: {serviceAccountName: robot}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: trusted-only}
spec:
  namespaceSelector: projectcalico.org/name == 'x'
  ingress:
  - action: Allow
    source:
      serviceAccounts: {selector: trusted == 'yes'}
)");
  EXPECT_TRUE(c.allowed("y/bot", "x/a", 80));
  EXPECT_FALSE(c.allowed("y/a", "x/a", 80));
  EXPECT_TRUE(c.allowed("y/a", "z/a", 80));  // z is not selected by the namespaceSelector
}

TEST(CalicoPolicy, StagedPoliciesAreCountedButNeverEnforced) {
  E2eCluster c(R"(
apiVersion: projectcalico.org/v3
kind: StagedGlobalNetworkPolicy
metadata: {name: would-deny}
spec:
  selector: all()
  ingress: [{action: Deny}]
)");
  EXPECT_TRUE(c.allowed("y/a", "x/a", 80));
  EXPECT_EQ(c.loaded().cluster.calico.staged.at("StagedGlobalNetworkPolicy"), 1u);
}

TEST(CalicoPolicy, UnmodelledConditionsErrOnTheAllowingSide) {
  E2eCluster c(R"(
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: icmp}
spec:
  selector: pod == 'a'
  ingress:
  - action: Deny
    protocol: TCP
    source: {ports: [1234]}
  - action: Allow
    protocol: ICMP
    icmp: {type: 8}
  - action: Allow
    protocol: TCP
)");
  // The Deny on client port 1234 cannot be evaluated: it is dropped rather than guessed.
  EXPECT_TRUE(c.allowed("y/b", "x/a", 80));
  // The ICMP Allow for one type is read as all of ICMP.
  EXPECT_EQ(c.network().allowed(c.pod("y/b"), c.pod("x/a")).toString(), "TCP 1-65535,ICMP");
  EXPECT_EQ(c.loaded().cluster.calico.policies.at(0).unmodelled.size(), 2u);
}

}  // namespace
}  // namespace tg::layers::network
