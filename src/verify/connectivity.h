// Connectivity: every allowed connection between endpoints of the cluster — workloads, and the
// outside world split into the address ranges that policies distinguish — through every layer.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "layers/endpoint.h"
#include "layers/network/network_layer.h"
#include "model/cluster.h"
#include "verify/ingress_routes.h"
#include "verify/layer_stack.h"

namespace tg::verify {

struct Connection {
  size_t src = 0;  // indices into Connectivity::endpoints
  size_t dst = 0;
  net::ConnectionSet conns;
  // Set when the authorization layer allows these connections only for some requests:
  // "only when method POST and path /logs/ingest", or per port "TCP 8080: only when …; TCP 9090: …".
  std::optional<std::string> authorization;
};

struct Connectivity {
  // Workloads first (cluster order), then external ranges: those that connect in (split by
  // ingress rules' addresses) and those connected out to (split by egress rules' addresses).
  std::vector<layers::Endpoint> endpoints;
  std::vector<Connection> connections;  // only non-empty ones; never self or external→external
  IngressRoutes ingress;                // through ingress controllers (ingress_routes.h)
};

// All layers combined: a connection appears when the network layer allows it, the mtls layer does
// not refuse it, and the authorization layer does not deny every request of it. The mesh layers
// decide per destination port; connections are split where their verdicts differ.
Connectivity computeConnectivity(const LayerStack& layers);
// The same, building every layer from `cluster` (with `--root-namespace`/`--trust-domain` overrides).
Connectivity computeConnectivity(const model::Cluster& cluster, const layers::mesh::MeshOptions& options = {});
// The same, with the mesh layers built from `cluster` with default mesh options.
Connectivity computeConnectivity(const model::Cluster& cluster, const layers::network::NetworkLayer& network);

// What the mesh layers leave of `conns` (already allowed by the network layer) from src to dst;
// `authorization` receives the conditions of conditional authorization, if any.
net::ConnectionSet meshAllowed(const layers::mesh::MeshContext& mesh, const layers::mesh::MtlsLayer& mtls,
                               const layers::mesh::AuthzLayer& authz, const layers::Endpoint& src,
                               const layers::Endpoint& dst, const net::ConnectionSet& conns,
                               std::optional<std::string>& authorization);

}  // namespace tg::verify
