// Ingress routes (verify/ingress_routes.h): from the controller to the Service's pods on the
// target port, as far as every layer lets that connection through.
#include "verify/ingress_routes.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <map>

#include "load/loader.h"
#include "report/connectivity_report.h"
#include "verify/connectivity.h"
#include "verify/layer_stack.h"

namespace tg::verify {
namespace {

// A Deployment whose pods carry `labels` (a flow mapping) and run one container `container`.
std::string deployment(const char* ns, const char* name, const char* labels, const char* container) {
  return fmt::format(R"(---
apiVersion: apps/v1
kind: Deployment
metadata: {{name: {}, namespace: {}}}
spec:
  template:
    metadata: {{labels: {}}}
    spec: {{containers: [{}]}}
)",
                     name, ns, labels, container);
}

const std::string kShop = R"(
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Namespace
metadata: {name: other}
)" + deployment("shop", "web", "{app: web}", "{name: c, ports: [{name: http, containerPort: 8080}]}") +
                          deployment("shop", "api", "{app: api}", "{name: c}") +
                          deployment("other", "db", "{app: db}", "{name: c}") + R"(---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports: [{port: 9090}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: site, namespace: shop}
spec:
  rules:
  - host: shop.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {name: http}}}}
      - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 9090}}}}
      - {path: /api/v2, pathType: Exact, backend: {service: {name: web, port: {number: 80}}}}
      - {path: /gone, pathType: Prefix, backend: {service: {name: missing, port: {number: 80}}}}
)";

const std::string kController = "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ingress-nginx}\n" +
                                deployment("ingress-nginx", "ingress-nginx-controller",
                                           "{app.kubernetes.io/name: ingress-nginx}", "{name: c}");

// A policy admitting `from` (one NetworkPolicy peer) into api on 9090.
std::string apiAdmits(const char* from) {
  return fmt::format(R"(---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {{name: api, namespace: shop}}
spec:
  podSelector: {{matchLabels: {{app: api}}}}
  ingress:
  - from: [{}]
    ports: [{{port: 9090}}]
)",
                     from);
}

// api admits only the ingress-nginx namespace on 9090; web admits nothing.
const std::string kPolicies =
    apiAdmits("{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}}") +
    "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web, namespace: shop}\n"
    "spec: {podSelector: {matchLabels: {app: web}}}\n";

struct Loaded {
  load::LoadResult input;
  std::unique_ptr<LayerStack> layers;
  Connectivity c;

  explicit Loaded(const std::string& yaml) {
    load::Loader l;
    l.addText("shop.yaml", yaml);
    input = std::move(l).finish();
    layers = std::make_unique<LayerStack>(input.cluster);
    c = computeConnectivity(*layers);
  }
  const IngressRoute* route(const std::string& path, const std::string& backend) const {
    for (const IngressRoute& r : c.ingress.routes)
      if (r.path && r.path->path == path && r.backend->meta.name == backend) return &r;
    return nullptr;
  }
};

net::ConnectionSet tcp(uint32_t port) { return net::ConnectionSet::ports(net::Protocol::TCP, net::PortSet(port, port)); }

TEST(IngressRoutes, ARouteIsOpenWhereTheLayersLetTheControllerReachTheTargetPort) {
  Loaded l(kShop + kController + kPolicies);
  ASSERT_TRUE(l.input.diagnostics.empty()) << l.input.diagnostics.front().str();
  EXPECT_TRUE(l.c.ingress.controllerInInput);
  ASSERT_EQ(l.c.ingress.routes.size(), 3u);  // `/gone` names no Service: no route

  const IngressRoute* api = l.route("/api", "api");
  ASSERT_NE(api, nullptr);
  ASSERT_NE(api->controller, nullptr);
  EXPECT_EQ(api->controller->meta.name, "ingress-nginx-controller");
  EXPECT_EQ(api->ports, tcp(9090));
  EXPECT_EQ(api->allowed, tcp(9090));

  // web's target port is the named container port; web's policy admits nobody.
  const IngressRoute* web = l.route("/", "web");
  ASSERT_NE(web, nullptr);
  EXPECT_EQ(web->ports, tcp(8080));
  EXPECT_TRUE(web->allowed.empty());
}

TEST(IngressRoutes, MoreSpecificPathsToAnotherBackendAreTakenOut) {
  Loaded l(kShop + kController);
  const IngressRoute* root = l.route("/", "web");
  ASSERT_NE(root, nullptr);
  // `/api` leads elsewhere, `/gone` to no Service (the controller answers it); `/api/v2` names
  // the same Service port (by number instead of name), so its requests still reach web.
  ASSERT_EQ(root->except.size(), 2u);
  EXPECT_EQ(root->except[0]->path, "/api");
  EXPECT_EQ(root->except[1]->path, "/gone");
  const IngressRoute* api = l.route("/api", "api");
  ASSERT_NE(api, nullptr);
  ASSERT_EQ(api->except.size(), 1u);
  EXPECT_EQ(api->except[0]->path, "/api/v2");  // Exact, under /api, to web
  const IngressRoute* v2 = l.route("/api/v2", "web");
  ASSERT_NE(v2, nullptr);
  EXPECT_TRUE(v2->except.empty());
}

TEST(IngressRoutes, AnIngressDoesNotLimitTheControllerPodsOwnConnections) {
  Loaded l(kShop + kController + kPolicies);
  bool reachesDb = false;
  for (const Connection& conn : l.c.connections)
    reachesDb |= l.c.endpoints[conn.src].name() == "ingress-nginx/ingress-nginx-controller[Deployment]" &&
                 l.c.endpoints[conn.dst].name() == "other/db[Deployment]" && conn.conns == net::ConnectionSet::all();
  EXPECT_TRUE(reachesDb);
}

TEST(IngressRoutes, WithoutAControllerInTheInputRoutesStartAtAnUnlabelledPodOfAnUnknownNamespace) {
  // api's policy names the ingress-nginx namespace, which the pseudo-peer is not in.
  Loaded closed(kShop + kPolicies);
  EXPECT_FALSE(closed.c.ingress.controllerInInput);
  const IngressRoute* api = closed.route("/api", "api");
  ASSERT_NE(api, nullptr);
  EXPECT_EQ(api->controller, nullptr);
  EXPECT_TRUE(api->allowed.empty());

  // Any namespace: the pseudo-peer is admitted.
  Loaded open(kShop + apiAdmits("{namespaceSelector: {}}"));
  api = open.route("/api", "api");
  ASSERT_NE(api, nullptr);
  EXPECT_EQ(api->allowed, tcp(9090));
}

// A Route names the pods' port: by the Service port's name, by number, or not at all (every port).
TEST(IngressRoutes, ARouteReachesTheEndpointPortItNames) {
  std::string svc = R"(
---
apiVersion: v1
kind: Service
metadata: {name: multi, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}, {name: admin, port: 81, targetPort: 9000}]
)";
  auto routeTo = [](const char* name, const char* port) {
    return std::string("---\napiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: ") + name +
           ", namespace: shop}\nspec: {to: {kind: Service, name: multi}" + port + "}\n";
  };
  Loaded l(kShop + kController + svc + routeTo("by-name", ", port: {targetPort: admin}") +
           routeTo("by-number", ", port: {targetPort: 8080}") + routeTo("every-port", ""));
  ASSERT_TRUE(l.input.diagnostics.empty()) << l.input.diagnostics.front().str();
  std::map<std::string, net::ConnectionSet> byRoute;
  for (const IngressRoute& r : l.c.ingress.routes)
    if (r.ingress->meta.kind == "Route") byRoute[r.ingress->meta.name] = r.allowed;
  EXPECT_EQ(byRoute["by-name"], tcp(9000));
  EXPECT_EQ(byRoute["by-number"], tcp(8080));  // the pods' port, which Service port `http` targets
  net::ConnectionSet both = tcp(8080);
  both.add(tcp(9000));
  EXPECT_EQ(byRoute["every-port"], both);
}

// An Istio VirtualService bound to a Gateway: routes from the gateway's workloads.
TEST(IngressRoutes, GatewayRoutesStartAtTheWorkloadsTheGatewaySelects) {
  const std::string gateway = "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: istio-system}\n" +
                              deployment("istio-system", "istio-ingressgateway", "{istio: ingressgateway}", "{name: c}") +
                              R"(---
apiVersion: networking.istio.io/v1beta1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80}, hosts: ["*"]}]
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: shop, namespace: shop}
spec:
  hosts: ["*"]
  gateways: [istio-system/gw]
  http:
  - match: [{uri: {prefix: /api}}]
    route: [{destination: {host: api, port: {number: 9090}}}]
  tcp:
  - route: [{destination: {host: web.shop.svc.cluster.local}}]
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: sidecars-only, namespace: shop}
spec:
  hosts: [api]
  gateways: [mesh]
  http: [{route: [{destination: {host: api}}]}]
)";
  Loaded open(kShop + gateway);
  ASSERT_TRUE(open.input.diagnostics.empty()) << open.input.diagnostics.front().str();
  std::map<std::string, net::ConnectionSet> byBackend;
  for (const IngressRoute& r : open.c.ingress.routes) {
    if (!r.virtualService) continue;
    EXPECT_EQ(r.virtualService->meta.name, "shop");  // `mesh` binds no gateway
    ASSERT_NE(r.controller, nullptr);
    EXPECT_EQ(r.controller->meta.name, "istio-ingressgateway");
    byBackend[r.backend->meta.name].add(r.allowed);
  }
  EXPECT_EQ(byBackend["api"], tcp(9090));
  EXPECT_EQ(byBackend["web"], tcp(8080));  // the Service's only port, targeting `http`
  EXPECT_EQ(byBackend.size(), 2u);

  // api admits only ingress-nginx, web nobody: both routes closed.
  Loaded closed(kShop + gateway + kPolicies);
  for (const IngressRoute& r : closed.c.ingress.routes)
    if (r.virtualService) EXPECT_TRUE(r.allowed.empty()) << r.backend->meta.name;
}

TEST(IngressRoutes, ConnectivityListsTheOpenRoutesPerBackend) {
  Loaded l(kShop + kController + kPolicies);
  std::string txt = report::renderConnectivity(l.c, "txt");
  EXPECT_NE(txt.find("{ingress-controller} => shop/api[Deployment] : TCP 9090\n"), std::string::npos) << txt;
  EXPECT_EQ(txt.find("{ingress-controller} => shop/web"), std::string::npos) << txt;
}

}  // namespace
}  // namespace tg::verify
