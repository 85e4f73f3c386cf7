// A Service: the selector that picks pods, and its ports. Network policies never select a
// Service; tenantguard uses Services for port names and application protocols (Istio decides
// HTTP vs TCP from the port name prefix or appProtocol).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/object.h"
#include "net/protocol.h"

namespace tg::model {

struct ServicePort {
  std::string name;
  uint32_t port = 0;
  net::Protocol protocol = net::Protocol::TCP;
  uint32_t targetPortNumber = 0;   // 0 when targetPort is a name
  std::string targetPortName;      // empty when a number
  std::string appProtocol;
  uint32_t nodePort = 0;
};

struct Service {
  ObjectMeta meta;
  std::string type = "ClusterIP";
  std::optional<Labels> selector;  // absent: a Service without selector (manual endpoints)
  std::vector<ServicePort> ports;
  std::string clusterIp;
};

struct ServiceAccount {
  ObjectMeta meta;
  std::optional<bool> automountServiceAccountToken;
};

}  // namespace tg::model
