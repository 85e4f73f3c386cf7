// Connectivity: every allowed connection between endpoints of the cluster — workloads, and the
// outside world split into the address ranges that policies distinguish.
#pragma once

#include <vector>

#include "layers/endpoint.h"
#include "layers/network/network_layer.h"
#include "model/cluster.h"

namespace tg::verify {

struct Connection {
  size_t src = 0;  // indices into Connectivity::endpoints
  size_t dst = 0;
  net::ConnectionSet conns;
};

struct Connectivity {
  // Workloads first (cluster order), then external ranges: those that connect in (split by
  // ingress rules' addresses) and those connected out to (split by egress rules' addresses).
  std::vector<layers::Endpoint> endpoints;
  std::vector<Connection> connections;  // only non-empty ones; never self or external→external
};

Connectivity computeConnectivity(const model::Cluster& cluster, const layers::network::NetworkLayer& network);

}  // namespace tg::verify
