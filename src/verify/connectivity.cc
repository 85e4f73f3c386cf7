#include "verify/connectivity.h"

namespace tg::verify {
namespace {

// The outside world split at every address set the rules of one direction name: all of IPv4,
// and IPv6 only when some rule names IPv6 addresses. Ingress rules split the sources that
// connect in; egress rules split the destinations that workloads connect out to.
std::vector<net::IpSet::Interval> externalAtoms(const layers::network::NetworkLayer& network, layers::Direction dir) {
  std::vector<net::IpSet> cuts = network.program().addressCuts(dir);
  net::IpSet universe = net::ipv4Universe();
  net::IpSet v6 = net::ipv6Universe();
  for (const net::IpSet& cut : cuts)
    if (!cut.intersect(v6).empty()) {
      universe.add(v6);
      break;
    }
  return net::atomize(universe, cuts);
}

}  // namespace

Connectivity computeConnectivity(const model::Cluster& cluster, const layers::network::NetworkLayer& network) {
  Connectivity c;
  for (const model::Workload& w : cluster.workloads)
    c.endpoints.push_back(layers::Endpoint::ofWorkload(w, cluster.findNamespace(w.meta.ns)));
  const size_t workloads = c.endpoints.size();

  for (size_t s = 0; s < workloads; ++s)
    for (size_t d = 0; d < workloads; ++d) {
      if (s == d) continue;
      net::ConnectionSet conns = network.allowed(c.endpoints[s], c.endpoints[d]);
      if (!conns.empty()) c.connections.push_back({s, d, std::move(conns)});
    }

  for (auto dir : {layers::Direction::Ingress, layers::Direction::Egress}) {
    for (const auto& atom : externalAtoms(network, dir)) {
      size_t ext = c.endpoints.size();
      c.endpoints.push_back(layers::Endpoint::external(net::IpSet(atom.lo, atom.hi)));
      for (size_t w = 0; w < workloads; ++w) {
        bool in = dir == layers::Direction::Ingress;
        const auto& src = in ? c.endpoints[ext] : c.endpoints[w];
        const auto& dst = in ? c.endpoints[w] : c.endpoints[ext];
        net::ConnectionSet conns = network.allowed(src, dst);
        if (!conns.empty()) c.connections.push_back({in ? ext : w, in ? w : ext, std::move(conns)});
      }
    }
  }
  return c;
}

}  // namespace tg::verify
