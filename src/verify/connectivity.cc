#include "verify/connectivity.h"

namespace tg::verify {

std::vector<layers::Endpoint> clusterEndpoints(const model::Cluster& cluster,
                                               const layers::network::NetworkLayer& network) {
  std::vector<layers::Endpoint> out;
  for (const model::Workload& w : cluster.workloads)
    out.push_back(layers::Endpoint::ofWorkload(w, cluster.findNamespace(w.meta.ns)));
  // The outside world: all of IPv4, and IPv6 only when some policy names IPv6 addresses.
  net::IpSet universe = net::ipv4Universe();
  net::IpSet v6 = net::ipv6Universe();
  for (const net::IpSet& cut : network.addressCuts())
    if (!cut.intersect(v6).empty()) {
      universe.add(v6);
      break;
    }
  for (const auto& atom : net::atomize(universe, network.addressCuts()))
    out.push_back(layers::Endpoint::external(net::IpSet(atom.lo, atom.hi)));
  return out;
}

Connectivity computeConnectivity(const model::Cluster& cluster, const layers::network::NetworkLayer& network) {
  Connectivity c;
  c.endpoints = clusterEndpoints(cluster, network);
  for (size_t s = 0; s < c.endpoints.size(); ++s)
    for (size_t d = 0; d < c.endpoints.size(); ++d) {
      if (s == d) continue;
      const auto& src = c.endpoints[s];
      const auto& dst = c.endpoints[d];
      if (src.isExternal() && dst.isExternal()) continue;
      net::ConnectionSet conns = network.allowed(src, dst);
      if (!conns.empty()) c.connections.push_back({s, d, std::move(conns)});
    }
  return c;
}

}  // namespace tg::verify
