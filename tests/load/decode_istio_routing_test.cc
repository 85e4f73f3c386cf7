// Decoding Istio Gateway and VirtualService (load/decode_istio_routing.cc).
#include <gtest/gtest.h>

#include "load/loader.h"
#include "support/load_text.h"

namespace tg::load {
namespace {

LoadResult load(const std::string& yaml) { return testing::loadText("routing.yaml", yaml); }

TEST(IstioRoutingDecode, GatewayAndVirtualService) {
  LoadResult r = load(R"(apiVersion: networking.istio.io/v1beta1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*.example.com"]
---
apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata: {name: shop, namespace: shop}
spec:
  hosts: [shop.example.com]
  gateways: [istio-system/gw, mesh]
  http:
  - match:
    - uri: {prefix: /api}
    - headers: {x-user: {exact: dev}}
    route:
    - destination: {host: api, port: {number: 8080}}
  - route:
    - destination: {host: web.shop.svc.cluster.local}
  tcp:
  - route:
    - destination: {host: db, port: {number: 5432}}
  tls:
  - match: [{sniHosts: [shop.example.com]}]
    route: [{destination: {host: web}}]
)");
  ASSERT_TRUE(r.diagnostics.empty()) << r.diagnostics.front().str();
  ASSERT_EQ(r.cluster.gateways.size(), 1u);
  const model::Gateway& g = r.cluster.gateways[0];
  EXPECT_EQ(g.selector, (model::Labels{{"istio", "ingressgateway"}}));
  ASSERT_EQ(g.servers.size(), 1u);
  EXPECT_EQ(g.servers[0].port, 80u);
  EXPECT_EQ(g.servers[0].hosts, std::vector<std::string>{"*.example.com"});

  ASSERT_EQ(r.cluster.virtualServices.size(), 1u);
  const model::VirtualService& vs = r.cluster.virtualServices[0];
  EXPECT_EQ(vs.gateways, (std::vector<std::string>{"istio-system/gw", "mesh"}));
  ASSERT_EQ(vs.routes.size(), 3u);
  // A match without `uri` takes any path.
  ASSERT_EQ(vs.routes[0].uris.size(), 2u);
  EXPECT_EQ(vs.routes[0].uris[0].value, "/api");
  EXPECT_EQ(vs.routes[0].uris[1].value, "/");
  EXPECT_EQ(vs.routes[0].destinations[0].port, 8080u);
  EXPECT_TRUE(vs.routes[1].uris.empty());
  EXPECT_EQ(vs.routes[1].destinations[0].port, 0u);
  EXPECT_TRUE(vs.routes[2].tcp);
  ASSERT_EQ(vs.unmodelled.size(), 1u);
  EXPECT_EQ(vs.unmodelled[0].what, "tls routes");
  EXPECT_EQ(vs.unmodelled[0].line, 28u);  // the `tls` list
}

TEST(IstioRoutingDecode, BadFieldsAreErrorsOnTheirLine) {
  struct Case {
    const char* kind;
    const char* spec;  // at line 4
    const char* message;
  };
  const Case cases[] = {
      {"VirtualService", "{http: [{match: [{uri: {suffix: /a}}], route: [{destination: {host: a}}]}]}", "`uri` needs"},
      {"VirtualService", "{http: [{route: [{destination: {port: {number: 80}}}]}]}", "host"},
      {"VirtualService", "{http: [{route: [{destination: {host: a, port: {}}}]}]}", "without `number`"},
      {"VirtualService", "{http: [{route: [{weight: 10}]}]}", "destination"},
      {"Gateway", "{selector: {istio: ingressgateway}, servers: [{port: {name: http}}]}", "without `number`"},
  };
  for (const Case& c : cases) {
    LoadResult r = load(std::string("apiVersion: networking.istio.io/v1\nkind: ") + c.kind +
                        "\nmetadata: {name: x}\nspec: " + c.spec + "\n");
    ASSERT_EQ(r.diagnostics.size(), 1u) << c.spec;
    EXPECT_EQ(r.diagnostics[0].line, 4u) << c.spec;
    EXPECT_NE(r.diagnostics[0].message.find(c.message), std::string::npos) << r.diagnostics[0].message;
    EXPECT_TRUE(r.cluster.gateways.empty() && r.cluster.virtualServices.empty()) << c.spec;
  }
}

}  // namespace
}  // namespace tg::load
