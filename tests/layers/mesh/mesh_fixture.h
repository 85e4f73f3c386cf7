// Builds the mesh layers from small YAML manifests, the way the loader reads real input.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "layers/mesh/authz_layer.h"
#include "layers/mesh/mesh_membership.h"
#include "layers/mesh/mtls_layer.h"
#include "load/loader.h"

namespace tg::testing {

// `kind: Namespace` with labels given as "k: v" lines.
inline std::string nsYaml(const std::string& name, const std::map<std::string, std::string>& labels = {}) {
  std::string y = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + name + "\n";
  if (!labels.empty()) {
    y += "  labels:\n";
    for (const auto& [k, v] : labels) y += "    " + k + ": \"" + v + "\"\n";
  }
  return y + "---\n";
}

struct PodSpec {
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;
  std::string serviceAccount = "default";
  std::string ip;  // status.podIP (a bare Pod is written when set)
  bool hostNetwork = false;
  bool istioProxy = false;

  PodSpec& label(const std::string& k, const std::string& v) { labels[k] = v; return *this; }
  PodSpec& annotation(const std::string& k, const std::string& v) { annotations[k] = v; return *this; }
  PodSpec& sa(const std::string& name) { serviceAccount = name; return *this; }
  PodSpec& withIp(const std::string& address) { ip = address; return *this; }
  PodSpec& onHostNetwork() { hostNetwork = true; return *this; }
  PodSpec& withProxyContainer() { istioProxy = true; return *this; }
};

inline layers::mesh::MeshOptions meshOptions(std::optional<std::string> root, std::optional<std::string> td = {}) {
  layers::mesh::MeshOptions o;
  o.rootNamespace = std::move(root);
  o.trustDomain = std::move(td);
  return o;
}

// A Deployment (or a Pod with status when `ip` is set) with label app=NAME and one container.
inline std::string workloadYaml(const std::string& ns, const std::string& name, PodSpec p = {}) {
  p.labels.emplace("app", name);
  auto meta = [&](const std::string& indent) {
    std::string y = indent + "labels:\n";
    for (const auto& [k, v] : p.labels) y += indent + "  " + k + ": \"" + v + "\"\n";
    if (!p.annotations.empty()) {
      y += indent + "annotations:\n";
      for (const auto& [k, v] : p.annotations) y += indent + "  " + k + ": \"" + v + "\"\n";
    }
    return y;
  };
  auto spec = [&](const std::string& indent) {
    std::string y = indent + "serviceAccountName: " + p.serviceAccount + "\n";
    if (p.hostNetwork) y += indent + "hostNetwork: true\n";
    y += indent + "containers:\n" + indent + "- name: main\n" + indent + "  ports:\n" + indent +
         "  - containerPort: 8080\n" + indent + "  - containerPort: 9090\n";
    if (p.istioProxy) y += indent + "- name: istio-proxy\n";
    return y;
  };
  if (!p.ip.empty())
    return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\n  namespace: " + ns + "\n" + meta("  ") +
           "spec:\n" + spec("  ") + "status:\n  podIP: " + p.ip + "\n---\n";
  return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name + "\n  namespace: " + ns +
         "\nspec:\n  selector:\n    matchLabels:\n      app: " + name + "\n  template:\n    metadata:\n" + meta("      ") +
         "    spec:\n" + spec("      ") + "---\n";
}

// A Service selecting app=APP whose port `portName` targets container port `target`.
inline std::string serviceYaml(const std::string& ns, const std::string& app, const std::string& portName,
                               uint32_t target, const std::string& appProtocol = "") {
  std::string y = "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + app + "-" + std::to_string(target) +
                  "\n  namespace: " + ns + "\nspec:\n  selector:\n    app: " + app + "\n  ports:\n  - name: " + portName +
                  "\n    port: " + std::to_string(target) + "\n    targetPort: " + std::to_string(target) + "\n";
  if (!appProtocol.empty()) y += "    appProtocol: " + appProtocol + "\n";
  return y + "---\n";
}

class MeshFixture {
 public:
  explicit MeshFixture(const std::string& yaml, layers::mesh::MeshOptions options = {}) {
    load::Loader loader;
    loader.addText("test.yaml", yaml);
    input_ = std::move(loader).finish();
    for (const auto& d : input_.diagnostics) ADD_FAILURE() << d.str();
    mesh_ = std::make_unique<layers::mesh::MeshContext>(input_.cluster, options);
    mtls_ = std::make_unique<layers::mesh::MtlsLayer>(*mesh_);
    authz_ = std::make_unique<layers::mesh::AuthzLayer>(*mesh_, *mtls_);
  }
  MeshFixture(const MeshFixture&) = delete;

  const model::Cluster& cluster() const { return input_.cluster; }
  const load::LoadResult& input() const { return input_; }
  const layers::mesh::MeshContext& mesh() const { return *mesh_; }
  const layers::mesh::MtlsLayer& mtls() const { return *mtls_; }
  const layers::mesh::AuthzLayer& authz() const { return *authz_; }

  layers::Endpoint ep(const std::string& ns, const std::string& name) const {
    const model::Workload* w = input_.cluster.findWorkload(ns, name);
    EXPECT_NE(w, nullptr) << ns << "/" << name;
    return layers::Endpoint::ofWorkload(*w, input_.cluster.findNamespace(ns));
  }
  static layers::Endpoint external(const std::string& ip) {
    auto v = net::parseIp(ip);
    return layers::Endpoint::external(net::IpSet(*v, *v));
  }

  layers::mesh::AuthzResult authz(const layers::Endpoint& s, const layers::Endpoint& d, uint32_t port,
                                  const layers::mesh::HttpRequest* req = nullptr) const {
    return authz_->evaluate(s, d, net::Protocol::TCP, port, req);
  }
  layers::Verdict mtls(const layers::Endpoint& s, const layers::Endpoint& d, uint32_t port) const {
    return mtls_->verdict(s, d, net::Protocol::TCP, port);
  }

 private:
  load::LoadResult input_;
  std::unique_ptr<layers::mesh::MeshContext> mesh_;
  std::unique_ptr<layers::mesh::MtlsLayer> mtls_;
  std::unique_ptr<layers::mesh::AuthzLayer> authz_;
};

inline const std::map<std::string, std::string> kInjected{{"istio-injection", "enabled"}};

}  // namespace tg::testing
