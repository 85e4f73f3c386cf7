#include "support/e2e_model.h"

#include <fmt/format.h>

#include <stdexcept>

namespace tg::testing {

std::string e2eModelYaml() {
  std::string y;
  const char* namespaces[] = {"x", "y", "z"};
  const char* pods[] = {"a", "b", "c"};
  for (int n = 0; n < 3; ++n) {
    y += fmt::format("---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: {}\n  labels:\n    ns: {}\n", namespaces[n],
                     namespaces[n]);
    for (int p = 0; p < 3; ++p) {
      y += fmt::format(
          "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: {1}\n  namespace: {0}\n  labels:\n    pod: {1}\n"
          "spec:\n  containers:\n",
          namespaces[n], pods[p]);
      for (int port : {80, 81})
        for (const char* proto : {"TCP", "UDP", "SCTP"})
          y += fmt::format(
              "  - name: c{0}-{1}\n    ports:\n    - name: serve-{0}-{2}\n      containerPort: {0}\n      protocol: {1}\n",
              port, proto, fmt::format("{}", proto == std::string("TCP") ? "tcp" : proto == std::string("UDP") ? "udp" : "sctp"));
      y += fmt::format("status:\n  podIP: 10.0.{}.{}\n", n + 1, p + 1);
    }
  }
  return y;
}

E2eCluster::E2eCluster(const std::string& policies) {
  load::Loader loader;
  loader.addText("model.yaml", e2eModelYaml());
  loader.addText("policies.yaml", policies);
  result_ = std::move(loader).finish();
  if (!result_.diagnostics.empty()) throw std::runtime_error(result_.diagnostics.front().str());
  network_ = std::make_unique<layers::network::NetworkLayer>(result_.cluster);
}

layers::Endpoint E2eCluster::pod(const std::string& nsSlashName) const {
  auto slash = nsSlashName.find('/');
  const model::Workload* w = result_.cluster.findWorkload(nsSlashName.substr(0, slash), nsSlashName.substr(slash + 1));
  if (!w) throw std::runtime_error("no pod " + nsSlashName);
  return layers::Endpoint::ofWorkload(*w, result_.cluster.findNamespace(w->meta.ns));
}

layers::Endpoint E2eCluster::external(const std::string& ip) const {
  auto v = net::parseIp(ip);
  return layers::Endpoint::external(net::IpSet(*v, *v));
}

bool E2eCluster::allowed(const std::string& src, const std::string& dst, uint32_t port, net::Protocol proto) const {
  return network_->verdict(pod(src), pod(dst), proto, port).verdict == layers::VerdictKind::Allow;
}

bool E2eCluster::allowedFromIp(const std::string& ip, const std::string& dst, uint32_t port) const {
  return network_->verdict(external(ip), pod(dst), net::Protocol::TCP, port).verdict == layers::VerdictKind::Allow;
}

}  // namespace tg::testing
