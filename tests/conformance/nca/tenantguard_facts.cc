#include "tenantguard_facts.h"

#include <algorithm>

#include "authorization_summary.h"
#include "ingress_facts.h"
#include "verify/connectivity.h"
#include "verify/layer_stack.h"

namespace tg::conformance::nca {

void alignWithNca(model::Cluster& cluster) {
  for (model::Workload& w : cluster.workloads) {
    w.podIps = {};
    w.hostNetwork = false;
    if (std::find(w.containers.begin(), w.containers.end(), "istio-proxy") == w.containers.end())
      w.containers.push_back("istio-proxy");
  }
}

namespace {

// A connection's transport connections, with the HTTP conditions the authorization layer puts on
// some of them.
Conn connectionsOf(const verify::Connection& conn) {
  if (conn.authorization) return conditionalConnections(conn.conns, *conn.authorization);
  return Conn(conn.conns);
}

}  // namespace

FactSet tenantguardFacts(const model::Cluster& cluster) {
  const verify::LayerStack layers(cluster);
  const verify::Connectivity c = verify::computeConnectivity(layers);
  auto peers = [&](const layers::Endpoint& e) {
    std::vector<Peer> out;
    if (!e.isExternal()) out.push_back(Peer::workload(*e.workload));
    else
      for (const auto& i : e.addresses.intervals()) out.push_back(Peer::addresses(i.lo, i.hi));
    return out;
  };
  FactSet facts;
  for (const verify::Connection& conn : c.connections) {
    const Conn allowed = connectionsOf(conn);
    for (const Peer& s : peers(c.endpoints[conn.src]))
      for (const Peer& d : peers(c.endpoints[conn.dst])) facts.add(s, d, allowed);
  }
  compareControllersByRoutes(c, facts);
  return facts;
}

}  // namespace tg::conformance::nca
