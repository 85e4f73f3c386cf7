// Decoding OpenShift Routes (load/decode_route.cc) into model::Ingress: one path per backend.
#include <gtest/gtest.h>

#include "load/loader.h"
#include "support/load_text.h"

namespace tg::load {
namespace {

LoadResult load(const std::string& yaml) { return testing::loadText("route.yaml", yaml); }

TEST(RouteDecode, HostPathBackendsAndTheEndpointPort) {
  LoadResult r = load(R"(apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: web, namespace: shop}
spec:
  host: shop.example.com
  path: /app
  port: {targetPort: http}
  to: {kind: Service, name: web, weight: 90}
  alternateBackends:
  - {kind: Service, name: web-canary, weight: 10}
)");
  ASSERT_TRUE(r.diagnostics.empty()) << r.diagnostics.front().str();
  ASSERT_EQ(r.cluster.ingresses.size(), 1u);
  const model::Ingress& route = r.cluster.ingresses[0];
  EXPECT_EQ(route.meta.kind, "Route");
  ASSERT_EQ(route.paths.size(), 2u);
  for (const model::IngressPath& p : route.paths) {
    EXPECT_EQ(p.host, "shop.example.com");
    EXPECT_EQ(p.path, "/app");
    EXPECT_EQ(p.type, model::IngressPathType::Prefix);
    EXPECT_TRUE(p.backend.endpointPort);
    EXPECT_EQ(p.backend.portName, "http");
  }
  EXPECT_EQ(route.paths[0].backend.service, "web");
  EXPECT_EQ(route.paths[0].backend.line, 8u);
  EXPECT_EQ(route.paths[1].backend.service, "web-canary");
}

TEST(RouteDecode, WithoutPortEveryPortAndANumberIsThePodsPort) {
  LoadResult r = load(R"(apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: a}
spec: {to: {kind: Service, name: a}}
---
apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: b}
spec: {to: {kind: Service, name: b}, port: {targetPort: 8443}}
)");
  ASSERT_TRUE(r.diagnostics.empty()) << r.diagnostics.front().str();
  ASSERT_EQ(r.cluster.ingresses.size(), 2u);
  const model::IngressBackend& a = r.cluster.ingresses[0].paths[0].backend;
  EXPECT_TRUE(a.portName.empty());
  EXPECT_EQ(a.portNumber, 0u);
  EXPECT_EQ(r.cluster.ingresses[1].paths[0].backend.portNumber, 8443u);
}

TEST(RouteDecode, BadFieldsAreErrorsOnTheirLine) {
  struct Case {
    const char* spec;  // at line 4
    const char* message;
  };
  const Case cases[] = {
      {"{port: {targetPort: 80}}", "`to`"},
      {"{to: {kind: Service}}", "name"},
      {"{to: {kind: Service, name: a}, port: {}}", "without `targetPort`"},
      {"{to: {kind: Service, name: a}, path: app}", "must start with `/`"},
      {"{to: {kind: Service, name: a}, port: {targetPort: 70000}}", "targetPort"},
  };
  for (const Case& c : cases) {
    LoadResult r = load(std::string("apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: r}\nspec: ") +
                        c.spec + "\n");
    ASSERT_EQ(r.diagnostics.size(), 1u) << c.spec;
    EXPECT_EQ(r.diagnostics[0].line, 4u) << c.spec;
    EXPECT_NE(r.diagnostics[0].message.find(c.message), std::string::npos) << r.diagnostics[0].message;
    EXPECT_TRUE(r.cluster.ingresses.empty()) << c.spec;
  }
}

}  // namespace
}  // namespace tg::load
