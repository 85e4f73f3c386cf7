// Connectivity through every layer: the mesh layers remove what mtls refuses and what
// authorization denies outright, per destination port.
#include <gtest/gtest.h>

#include "layers/network/network_layer.h"
#include "layers/mesh/mesh_fixture.h"
#include "verify/connectivity.h"
#include "verify/layer_stack.h"

namespace tg::testing {
namespace {

const verify::Connection* find(const verify::Connectivity& c, const std::string& src, const std::string& dst) {
  for (const auto& conn : c.connections)
    if (c.endpoints[conn.src].name() == src && c.endpoints[conn.dst].name() == dst) return &conn;
  return nullptr;
}

std::string cluster() {
  return nsYaml("a", kInjected) + nsYaml("b", kInjected) + nsYaml("legacy") + workloadYaml("a", "client") +
         workloadYaml("b", "server") + workloadYaml("legacy", "old") + serviceYaml("b", "server", "http", 8080) +
         serviceYaml("b", "server", "tcp-metrics", 9090) +
         "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: server, namespace: b}\n"
         "spec:\n  selector: {matchLabels: {app: server}}\n  mtls: {mode: STRICT}\n"
         "  portLevelMtls:\n    9090: {mode: PERMISSIVE}\n---\n"
         "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: ingest, namespace: b}\n"
         "spec:\n  selector: {matchLabels: {app: server}}\n  rules:\n  - from:\n    - source: {namespaces: [a]}\n"
         "    to:\n    - operation: {methods: [POST], paths: [/logs/ingest]}\n---\n";
}

TEST(ConnectivityMesh, MeshLayersNarrowTheNetworkResult) {
  MeshFixture f(cluster());
  verify::LayerStack stack(f.cluster());
  verify::Connectivity c = verify::computeConnectivity(stack);

  const auto* meshed = find(c, "a/client[Deployment]", "b/server[Deployment]");
  ASSERT_NE(meshed, nullptr);
  // TCP: not the port declared TCP, where the ALLOW rule's methods/paths drop it; the HTTP port and
  // the ports no Service names (Istio detects HTTP there), where the rule can match.
  EXPECT_TRUE(meshed->conns.contains(net::Protocol::TCP, 8080));
  EXPECT_FALSE(meshed->conns.contains(net::Protocol::TCP, 9090));
  EXPECT_TRUE(meshed->conns.contains(net::Protocol::TCP, 443));
  // UDP never reaches the proxies.
  EXPECT_TRUE(meshed->conns.contains(net::Protocol::UDP, 53));
  ASSERT_TRUE(meshed->authorization.has_value());
  EXPECT_NE(meshed->authorization->find("POST"), std::string::npos);

  const auto* plain = find(c, "legacy/old[Deployment]", "b/server[Deployment]");
  ASSERT_NE(plain, nullptr);
  EXPECT_TRUE(plain->conns.portsOf(net::Protocol::TCP).empty());  // STRICT on 8080, ALLOW-deny elsewhere
  EXPECT_TRUE(plain->conns.contains(net::Protocol::UDP, 53));

  // Destinations outside the mesh keep what the network allows.
  const auto* out = find(c, "b/server[Deployment]", "legacy/old[Deployment]");
  ASSERT_NE(out, nullptr);
  EXPECT_TRUE(out->conns.isAll());
  EXPECT_FALSE(out->authorization.has_value());
}

TEST(ConnectivityMesh, NetworkOverloadAlsoAppliesTheMesh) {
  MeshFixture f(cluster());
  layers::network::NetworkLayer network(f.cluster());
  verify::Connectivity c = verify::computeConnectivity(f.cluster(), network);
  const auto* plain = find(c, "legacy/old[Deployment]", "b/server[Deployment]");
  ASSERT_NE(plain, nullptr);
  EXPECT_TRUE(plain->conns.portsOf(net::Protocol::TCP).empty());
}

TEST(ConnectivityMesh, ClusterOverloadBuildsEveryLayer) {
  MeshFixture f(cluster());
  verify::Connectivity c = verify::computeConnectivity(f.cluster());
  const auto* meshed = find(c, "a/client[Deployment]", "b/server[Deployment]");
  ASSERT_NE(meshed, nullptr);
  EXPECT_FALSE(meshed->conns.contains(net::Protocol::TCP, 9090));
  EXPECT_TRUE(meshed->conns.contains(net::Protocol::TCP, 8080));
}

TEST(ConnectivityMesh, PerPortVerdictsKeepPortGranularity) {
  // No authorization policy: only mtls decides, STRICT except port 9090.
  std::string yaml = nsYaml("b", kInjected) + nsYaml("legacy") + workloadYaml("b", "server") +
                     workloadYaml("legacy", "old") +
                     "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: server, namespace: b}\n"
                     "spec:\n  selector: {matchLabels: {app: server}}\n  mtls: {mode: STRICT}\n"
                     "  portLevelMtls:\n    9090: {mode: PERMISSIVE}\n---\n";
  MeshFixture f(yaml);
  verify::LayerStack stack(f.cluster());
  verify::Connectivity c = verify::computeConnectivity(stack);
  const auto* plain = find(c, "legacy/old[Deployment]", "b/server[Deployment]");
  ASSERT_NE(plain, nullptr);
  EXPECT_EQ(plain->conns.portsOf(net::Protocol::TCP), net::PortSet(9090, 9090));
  EXPECT_FALSE(plain->authorization.has_value());
}

}  // namespace
}  // namespace tg::testing
