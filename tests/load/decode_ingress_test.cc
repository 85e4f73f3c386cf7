// Decoding Ingress (load/decode_ingress.cc): v1 and the v1beta1 form into model::Ingress; bad
// input is a diagnostic on its line and the rest of the input still loads.
#include <gtest/gtest.h>

#include "load/loader.h"
#include "support/load_text.h"

namespace tg::load {
namespace {

LoadResult load(const std::string& yaml) { return testing::loadText("ingress.yaml", yaml); }

TEST(IngressDecode, V1HostsPathsAndBackends) {
  LoadResult r = load(R"(apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  ingressClassName: nginx
  defaultBackend:
    service: {name: fallback, port: {name: http}}
  rules:
  - host: shop.example.com
    http:
      paths:
      - path: /api
        pathType: Prefix
        backend:
          service: {name: api, port: {number: 8080}}
      - path: /login
        pathType: Exact
        backend:
          service: {name: auth, port: {name: web}}
  - http:
      paths:
      - backend:
          service: {name: catchall, port: {number: 80}}
)");
  ASSERT_TRUE(r.diagnostics.empty()) << r.diagnostics.front().str();
  ASSERT_EQ(r.cluster.ingresses.size(), 1u);
  const model::Ingress& ing = r.cluster.ingresses[0];
  EXPECT_EQ(ing.meta.ns, "shop");
  EXPECT_EQ(ing.ingressClassName, "nginx");
  ASSERT_TRUE(ing.defaultBackend);
  EXPECT_EQ(ing.defaultBackend->service, "fallback");
  EXPECT_EQ(ing.defaultBackend->portName, "http");
  ASSERT_EQ(ing.paths.size(), 3u);
  EXPECT_EQ(ing.paths[0].host, "shop.example.com");
  EXPECT_EQ(ing.paths[0].path, "/api");
  EXPECT_EQ(ing.paths[0].type, model::IngressPathType::Prefix);
  EXPECT_EQ(ing.paths[0].backend.service, "api");
  EXPECT_EQ(ing.paths[0].backend.portNumber, 8080u);
  EXPECT_EQ(ing.paths[0].backend.line, 15u);
  EXPECT_EQ(ing.paths[1].type, model::IngressPathType::Exact);
  EXPECT_EQ(ing.paths[1].backend.portName, "web");
  EXPECT_EQ(ing.paths[2].host, "");
  EXPECT_EQ(ing.paths[2].path, "");
  EXPECT_EQ(ing.paths[2].type, model::IngressPathType::ImplementationSpecific);
}

TEST(IngressDecode, V1beta1ServiceNameServicePortAndTheClassAnnotation) {
  for (const char* api : {"networking.k8s.io/v1beta1", "extensions/v1beta1"}) {
    LoadResult r = load(std::string("apiVersion: ") + api + R"(
kind: Ingress
metadata:
  name: old
  annotations: {kubernetes.io/ingress.class: traefik}
spec:
  backend: {serviceName: fallback, servicePort: 80}
  rules:
  - host: a.example.com
    http:
      paths:
      - path: /
        backend: {serviceName: site, servicePort: http}
)");
    ASSERT_TRUE(r.diagnostics.empty()) << api << ": " << r.diagnostics.front().str();
    ASSERT_EQ(r.cluster.ingresses.size(), 1u) << api;
    const model::Ingress& ing = r.cluster.ingresses[0];
    EXPECT_EQ(ing.meta.ns, "default");
    EXPECT_EQ(ing.ingressClassName, "traefik");
    ASSERT_TRUE(ing.defaultBackend);
    EXPECT_EQ(ing.defaultBackend->portNumber, 80u);
    ASSERT_EQ(ing.paths.size(), 1u);
    EXPECT_EQ(ing.paths[0].backend.service, "site");
    EXPECT_EQ(ing.paths[0].backend.portName, "http");
  }
}

TEST(IngressDecode, BadFieldsAreErrorsOnTheirLineAndOtherObjectsStillLoad) {
  struct Case {
    const char* path;  // one entry of spec.rules[0].http.paths, at line 8
    uint32_t line;
    const char* message;
  };
  const Case cases[] = {
      {"{path: /a, pathType: Regex, backend: {service: {name: s, port: {number: 80}}}}", 8, "unknown pathType"},
      {"{path: a, pathType: Prefix, backend: {service: {name: s, port: {number: 80}}}}", 8, "must start with `/`"},
      {"{path: /a, pathType: Prefix}", 8, "without `backend`"},
      {"{path: /a, pathType: Prefix, backend: {}}", 8, "needs `service`"},
      {"{path: /a, pathType: Prefix, backend: {service: {name: s, port: {}}}}", 8, "needs `number` or `name`"},
      {"{path: /a, pathType: Prefix, backend: {service: {name: s, port: {number: 70000}}}}", 8, "port"},
      {"{path: /a, pathType: Prefix, backend: {serviceName: s}}", 8, "no `servicePort`"},
  };
  for (const Case& c : cases) {
    LoadResult r = load(std::string(R"(apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: bad}
spec:
  rules:
  - http:
      paths:
      - )") + c.path + R"(
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: good}
spec: {defaultBackend: {service: {name: s, port: {number: 80}}}}
)");
    ASSERT_EQ(r.diagnostics.size(), 1u) << c.path;
    EXPECT_EQ(r.diagnostics[0].file, "ingress.yaml");
    EXPECT_EQ(r.diagnostics[0].line, c.line) << c.path;
    EXPECT_NE(r.diagnostics[0].message.find(c.message), std::string::npos) << r.diagnostics[0].message;
    ASSERT_EQ(r.cluster.ingresses.size(), 1u) << c.path;
    EXPECT_EQ(r.cluster.ingresses[0].meta.name, "good");
  }
}

TEST(IngressDecode, AnIngressWithoutSpecIsAnError) {
  LoadResult r = load("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: empty}\n");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].line, 1u);
  EXPECT_TRUE(r.cluster.ingresses.empty());
}

}  // namespace
}  // namespace tg::load
