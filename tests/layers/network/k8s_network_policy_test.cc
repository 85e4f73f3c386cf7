// Kubernetes NetworkPolicy semantics on the upstream e2e model (see support/e2e_model.h).
#include "layers/network/k8s_network_policy.h"

#include <gtest/gtest.h>

#include "support/e2e_model.h"

namespace tg::layers::network {
namespace {

using net::Protocol;
using testing::E2eCluster;

TEST(K8sNetworkPolicy, NoPolicyAllowsEverything) {
  E2eCluster c("");
  EXPECT_TRUE(c.allowed("x/a", "y/b", 80));
  EXPECT_TRUE(c.allowed("z/c", "x/a", 81, Protocol::SCTP));
}

TEST(K8sNetworkPolicy, DefaultDenyIngressIsolatesOnlyIngress) {
  E2eCluster c(R"(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-ingress, namespace: x}
spec:
  podSelector: {}
)");
  EXPECT_FALSE(c.allowed("y/a", "x/a", 80));
  EXPECT_FALSE(c.allowed("x/b", "x/a", 80));  // same namespace too
  EXPECT_TRUE(c.allowed("x/a", "y/a", 80));   // egress untouched
  EXPECT_TRUE(c.allowed("y/a", "z/a", 80));
  Verdict v = c.network().verdict(c.pod("y/a"), c.pod("x/a"), Protocol::TCP, 80);
  ASSERT_EQ(v.decidedBy.size(), 1u);
  EXPECT_EQ(v.decidedBy[0].name, "deny-ingress");
  EXPECT_EQ(v.decidedBy[0].where.line, 2u);  // the object starts on the raw string's second line
}

TEST(K8sNetworkPolicy, DefaultDenyAllBlocksBothDirections) {
  E2eCluster c(R"(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: x}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
)");
  EXPECT_FALSE(c.allowed("y/a", "x/a", 80));
  EXPECT_FALSE(c.allowed("x/a", "y/a", 80));
  EXPECT_FALSE(c.allowed("x/a", "x/b", 80));
  EXPECT_TRUE(c.allowed("y/a", "z/b", 80));
}

TEST(K8sNetworkPolicy, EgressInferredFromEgressRules) {
  E2eCluster c(R"(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: egress-to-y, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  egress:
  - to:
    - namespaceSelector: {matchLabels: {ns: y}}
)");
  EXPECT_TRUE(c.allowed("x/a", "y/c", 80));
  EXPECT_FALSE(c.allowed("x/a", "z/c", 80));
  EXPECT_FALSE(c.allowed("x/a", "x/b", 80));  // egress to own namespace not listed
  EXPECT_FALSE(c.allowed("y/b", "x/a", 80));  // Ingress is always in the inferred policyTypes
}

TEST(K8sNetworkPolicy, PodSelectorAloneMeansPolicyNamespace) {
  E2eCluster c(R"(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: from-b, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  ingress:
  - from:
    - podSelector: {matchLabels: {pod: b}}
)");
  EXPECT_TRUE(c.allowed("x/b", "x/a", 80));
  EXPECT_FALSE(c.allowed("y/b", "x/a", 80));
  EXPECT_FALSE(c.allowed("x/c", "x/a", 80));
  EXPECT_TRUE(c.allowed("y/b", "x/b", 80));  // x/b is not selected
}

TEST(K8sNetworkPolicy, NamespaceAndPodSelectorInOnePeerAreAnded) {
  E2eCluster anded(R"(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: and, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  ingress:
  - from:
    - namespaceSelector: {matchLabels: {ns: y}}
      podSelector: {matchLabels: {pod: b}}
)");
  EXPECT_TRUE(anded.allowed("y/b", "x/a", 80));
  EXPECT_FALSE(anded.allowed("y/c", "x/a", 80));
  EXPECT_FALSE(anded.allowed("z/b", "x/a", 80));
  EXPECT_FALSE(anded.allowed("x/b", "x/a", 80));

  E2eCluster ored(R"(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: or, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  ingress:
  - from:
    - namespaceSelector: {matchLabels: {ns: y}}
    - podSelector: {matchLabels: {pod: b}}
)");
  EXPECT_TRUE(ored.allowed("y/c", "x/a", 80));
  EXPECT_TRUE(ored.allowed("x/b", "x/a", 80));
  EXPECT_FALSE(ored.allowed("z/b", "x/a", 80));
}

TEST(K8sNetworkPolicy, MatchExpressions) {
  E2eCluster c(R"(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: expr, namespace: x}
spec:
  podSelector: {}
  ingress:
  - from:
    - namespaceSelector:
        matchExpressions:
        - {key: ns, operator: NotIn, values: [y]}
      podSelector:
        matchExpressions:
        - {key: pod, operator: In, values: [a, b]}
        - {key: missing, operator: DoesNotExist}
)");
  EXPECT_TRUE(c.allowed("z/a", "x/c", 80));
  EXPECT_TRUE(c.allowed("x/b", "x/c", 80));
  EXPECT_FALSE(c.allowed("y/a", "x/c", 80));
  EXPECT_FALSE(c.allowed("z/c", "x/c", 80));
}

TEST(K8sNetworkPolicy, PortSpecificAllowAndDefaultTcp) {
  E2eCluster c(R"(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: port-81, namespace: x}
spec:
  podSelector: {}
  ingress:
  - ports:
    - port: 81
)");
  EXPECT_TRUE(c.allowed("y/a", "x/a", 81));
  EXPECT_FALSE(c.allowed("y/a", "x/a", 80));
  EXPECT_FALSE(c.allowed("y/a", "x/a", 81, Protocol::UDP));  // protocol defaults to TCP
  net::ConnectionSet conns = c.network().allowed(c.pod("y/a"), c.pod("x/a"));
  EXPECT_EQ(conns.toString(), "TCP 81");
}

TEST(K8sNetworkPolicy, NamedPortResolvesPerDestinationAndProtocol) {
  E2eCluster c(R"(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: named, namespace: x}
spec:
  podSelector: {}
  ingress:
  - ports:
    - port: serve-80-udp
      protocol: UDP
    - port: serve-81-tcp
      protocol: UDP
)");
  EXPECT_TRUE(c.allowed("y/a", "x/a", 80, Protocol::UDP));
  EXPECT_FALSE(c.allowed("y/a", "x/a", 80, Protocol::TCP));
  // serve-81-tcp is a TCP port: asked for with UDP it resolves to nothing.
  EXPECT_FALSE(c.allowed("y/a", "x/a", 81, Protocol::UDP));
  EXPECT_FALSE(c.allowed("y/a", "x/a", 81, Protocol::TCP));
}

TEST(K8sNetworkPolicy, EndPortMakesARange) {
  E2eCluster c(R"(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: range, namespace: x}
spec:
  podSelector: {}
  ingress:
  - ports:
    - port: 79
      endPort: 80
)");
  EXPECT_TRUE(c.allowed("y/a", "x/a", 80));
  EXPECT_FALSE(c.allowed("y/a", "x/a", 81));
  EXPECT_EQ(c.network().allowed(c.pod("y/a"), c.pod("x/a")).toString(), "TCP 79-80");
}

TEST(K8sNetworkPolicy, IpBlockWithExceptMatchesExternalAndPodIps) {
  E2eCluster c(R"(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: cidr, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  ingress:
  - from:
    - ipBlock:
        cidr: 10.0.0.0/16
        except: [10.0.2.0/24]
)");
  EXPECT_TRUE(c.allowed("z/b", "x/a", 80));   // 10.0.3.2
  EXPECT_FALSE(c.allowed("y/b", "x/a", 80));  // 10.0.2.2, excepted
  EXPECT_TRUE(c.allowedFromIp("10.0.200.1", "x/a", 80));
  EXPECT_FALSE(c.allowedFromIp("10.0.2.77", "x/a", 80));
  EXPECT_FALSE(c.allowedFromIp("192.168.1.1", "x/a", 80));
}

TEST(K8sNetworkPolicy, SctpIsDistinctFromTcp) {
  E2eCluster c(R"(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: sctp, namespace: x}
spec:
  podSelector: {}
  ingress:
  - ports:
    - port: 80
      protocol: SCTP
)");
  EXPECT_TRUE(c.allowed("y/a", "x/a", 80, Protocol::SCTP));
  EXPECT_FALSE(c.allowed("y/a", "x/a", 80, Protocol::TCP));
}

TEST(K8sNetworkPolicy, AllowNeedsEgressAtSourceAndIngressAtDestination) {
  E2eCluster c(R"(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: x-in, namespace: x}
spec:
  podSelector: {}
  ingress:
  - from:
    - namespaceSelector: {matchLabels: {ns: y}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: y-out, namespace: y}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to:
    - namespaceSelector: {matchLabels: {ns: z}}
)");
  EXPECT_FALSE(c.allowed("y/a", "x/a", 80));  // ingress allows, egress does not
  EXPECT_TRUE(c.allowed("y/a", "z/a", 80));
  EXPECT_FALSE(c.allowed("z/a", "x/a", 80));
}

TEST(K8sNetworkPolicy, HostNetworkPodsAreNotSelected) {
  load::Loader loader;
  loader.addText("m.yaml", R"(
apiVersion: v1
kind: Pod
metadata: {name: agent, namespace: x, labels: {pod: a}}
spec: {hostNetwork: true, containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: x, labels: {pod: b}}
spec: {containers: [{name: c}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: x}
spec: {podSelector: {}}
)");
  load::LoadResult r = std::move(loader).finish();
  NetworkLayer layer(r.cluster);
  auto ep = [&](const char* n) { return Endpoint::ofWorkload(*r.cluster.findWorkload("x", n), r.cluster.findNamespace("x")); };
  EXPECT_TRUE(layer.allowed(ep("web"), ep("agent")).isAll());  // the policy does not isolate it
  EXPECT_TRUE(layer.allowed(ep("agent"), ep("web")).empty());
}

}  // namespace
}  // namespace tg::layers::network
