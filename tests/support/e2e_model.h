// The upstream Kubernetes network policy e2e model: namespaces x, y, z; pods a, b, c in each
// (label pod=<name>), serving 80 and 81 over TCP, UDP and SCTP with named ports
// serve-<port>-<proto>; pod IPs 10.0.<ns>.<pod>. Tests add policies as YAML and ask the engine.
#pragma once

#include <string>

#include "layers/network/network_layer.h"
#include "load/loader.h"

namespace tg::testing {

std::string e2eModelYaml();

// A loaded cluster with its network layer; `policies` is YAML appended to the model.
class E2eCluster {
 public:
  explicit E2eCluster(const std::string& policies);

  layers::Endpoint pod(const std::string& nsSlashName) const;
  layers::Endpoint external(const std::string& ip) const;
  bool allowed(const std::string& src, const std::string& dst, uint32_t port,
               net::Protocol proto = net::Protocol::TCP) const;
  bool allowedFromIp(const std::string& ip, const std::string& dst, uint32_t port) const;
  const layers::network::NetworkLayer& network() const { return *network_; }
  const load::LoadResult& loaded() const { return result_; }

 private:
  load::LoadResult result_;
  std::unique_ptr<layers::network::NetworkLayer> network_;
};

}  // namespace tg::testing
