#include "layers/mesh/mesh_membership.h"

#include <gtest/gtest.h>

#include "mesh_fixture.h"

namespace tg::testing {
namespace {

using layers::mesh::Dataplane;

Dataplane planeOf(const MeshFixture& f, const std::string& ns, const std::string& name) {
  return f.mesh().membership(*f.cluster().findWorkload(ns, name)).dataplane;
}

TEST(MeshMembership, NamespaceInjectionLabels) {
  MeshFixture f(nsYaml("on", kInjected) + nsYaml("rev", {{"istio.io/rev", "canary"}}) +
                nsYaml("off", {{"istio-injection", "disabled"}, {"istio.io/rev", "canary"}}) + nsYaml("plain") +
                workloadYaml("on", "a") + workloadYaml("rev", "b") + workloadYaml("off", "c") + workloadYaml("plain", "d"));
  EXPECT_EQ(planeOf(f, "on", "a"), Dataplane::Sidecar);
  EXPECT_EQ(planeOf(f, "rev", "b"), Dataplane::Sidecar);
  EXPECT_EQ(planeOf(f, "off", "c"), Dataplane::None);
  EXPECT_EQ(planeOf(f, "plain", "d"), Dataplane::None);
}

TEST(MeshMembership, PodLabelAndAnnotationOverride) {
  MeshFixture f(nsYaml("on", kInjected) + nsYaml("plain") +
                workloadYaml("on", "label-off", PodSpec().label("sidecar.istio.io/inject", "false")) +
                workloadYaml("on", "ann-off", PodSpec().annotation("sidecar.istio.io/inject", "false")) +
                workloadYaml("plain", "label-on", PodSpec().label("sidecar.istio.io/inject", "true")) +
                workloadYaml("plain", "ann-on", PodSpec().annotation("sidecar.istio.io/inject", "true")) +
                workloadYaml("plain", "proxy", PodSpec().withProxyContainer()));
  EXPECT_EQ(planeOf(f, "on", "label-off"), Dataplane::None);
  EXPECT_EQ(planeOf(f, "on", "ann-off"), Dataplane::None);
  EXPECT_EQ(planeOf(f, "plain", "label-on"), Dataplane::Sidecar);
  // The annotation alone does not bring the injector to a namespace that is not enabled.
  EXPECT_EQ(planeOf(f, "plain", "ann-on"), Dataplane::None);
  EXPECT_EQ(planeOf(f, "plain", "proxy"), Dataplane::Sidecar);
}

TEST(MeshMembership, HostNetworkIsOutside) {
  MeshFixture f(nsYaml("on", kInjected) + workloadYaml("on", "host", PodSpec().onHostNetwork()));
  const auto& m = f.mesh().membership(*f.cluster().findWorkload("on", "host"));
  EXPECT_EQ(m.dataplane, Dataplane::None);
  EXPECT_FALSE(m.reason.empty());
}

TEST(MeshMembership, Ambient) {
  MeshFixture f(nsYaml("amb", {{"istio.io/dataplane-mode", "ambient"}, {"istio.io/use-waypoint", "wp"}}) +
                nsYaml("plain") + workloadYaml("amb", "a") +
                workloadYaml("amb", "opt-out", PodSpec().label("istio.io/dataplane-mode", "none")) +
                workloadYaml("plain", "pod-ambient", PodSpec().label("istio.io/dataplane-mode", "ambient")) +
                workloadYaml("amb", "sidecar", PodSpec().label("sidecar.istio.io/inject", "true")));
  EXPECT_EQ(planeOf(f, "amb", "a"), Dataplane::Ambient);
  EXPECT_EQ(f.mesh().membership(*f.cluster().findWorkload("amb", "a")).waypoint, "wp");
  EXPECT_EQ(planeOf(f, "amb", "opt-out"), Dataplane::None);
  EXPECT_EQ(planeOf(f, "plain", "pod-ambient"), Dataplane::Ambient);
  EXPECT_EQ(planeOf(f, "amb", "sidecar"), Dataplane::Sidecar);
}

TEST(MeshMembership, ExternalEndpointsAreOutside) {
  MeshFixture f(nsYaml("on", kInjected));
  EXPECT_FALSE(f.mesh().membership(MeshFixture::external("1.2.3.4")).inMesh());
}

TEST(MeshMembership, MeshConfigDefaultsAndOverrides) {
  MeshFixture plain(nsYaml("x"));
  EXPECT_EQ(plain.mesh().config().rootNamespace, "istio-system");
  EXPECT_EQ(plain.mesh().config().trustDomain, "cluster.local");
  std::string cm =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio\n  namespace: istio-system\ndata:\n"
      "  mesh: |-\n    trustDomain: td.example\n    trustDomainAliases:\n    - a.example\n    - b.example\n---\n";
  MeshFixture f(cm);
  EXPECT_EQ(f.mesh().config().trustDomain, "td.example");
  EXPECT_EQ(f.mesh().config().trustDomainAliases, (std::vector<std::string>{"a.example", "b.example"}));
  MeshFixture g(cm, meshOptions("elsewhere", "flag.example"));
  EXPECT_EQ(g.mesh().config().trustDomain, "flag.example");
  EXPECT_EQ(g.mesh().config().rootNamespace, "elsewhere");
  // The ConfigMap is still found in istio-system when the root namespace flag points elsewhere.
  EXPECT_EQ(g.mesh().config().trustDomainAliases.size(), 2u);
}

TEST(MeshMembership, ProtocolFromServicePorts) {
  std::string yaml = nsYaml("n") + workloadYaml("n", "w") + serviceYaml("n", "w", "grpc-api", 8080) +
                     serviceYaml("n", "w", "https", 9090) + serviceYaml("n", "w", "web", 6060);
  MeshFixture f(yaml);
  const auto& w = *f.cluster().findWorkload("n", "w");
  EXPECT_TRUE(f.mesh().protocolOf(w, 8080).http);
  EXPECT_TRUE(f.mesh().protocolOf(w, 8080).declared);
  EXPECT_FALSE(f.mesh().protocolOf(w, 9090).http);  // TLS passes through as TCP
  EXPECT_TRUE(f.mesh().protocolOf(w, 9090).declared);
  // A name that is no protocol, or no Service at all: Istio detects HTTP, so HTTP rules may apply.
  for (uint32_t port : {6060u, 7070u}) {
    EXPECT_TRUE(f.mesh().protocolOf(w, port).http) << port;
    EXPECT_FALSE(f.mesh().protocolOf(w, port).declared) << port;
  }
}

}  // namespace
}  // namespace tg::testing
