#include "verify/connectivity.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace tg::verify {
namespace {

using net::PortSet;
using net::Protocol;

// Splits the port range into the coarsest classes such that every cut is a union of whole
// classes: ports in one class are in exactly the same cuts.
std::vector<PortSet> portClasses(const std::vector<PortSet>& cuts) {
  std::vector<uint32_t> bounds{net::kMinPort, net::kMaxPort + 1};
  for (const PortSet& c : cuts)
    for (const auto& i : c.intervals()) {
      bounds.push_back(i.lo);
      bounds.push_back(i.hi + 1);
    }
  std::sort(bounds.begin(), bounds.end());
  bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
  std::map<std::vector<bool>, PortSet> bySignature;
  for (size_t b = 0; b + 1 < bounds.size(); ++b) {
    uint32_t lo = bounds[b], hi = bounds[b + 1] - 1;
    std::vector<bool> sig;
    for (const PortSet& c : cuts) sig.push_back(c.contains(lo));
    bySignature[sig].add(lo, hi);
  }
  std::vector<PortSet> out;
  for (auto& [sig, ports] : bySignature) out.push_back(std::move(ports));
  return out;
}

// The outside world split at every address set the rules of one direction name: all of IPv4,
// and IPv6 only when some rule names IPv6 addresses. Ingress rules split the sources that
// connect in; egress rules split the destinations that workloads connect out to.
// AuthorizationPolicy source addresses (`extra`) also split the sources that connect in.
std::vector<net::IpSet::Interval> externalAtoms(const layers::network::NetworkLayer& network, layers::Direction dir,
                                                const std::vector<net::IpSet>& extra) {
  std::vector<net::IpSet> cuts = network.program().addressCuts(dir);
  if (dir == layers::Direction::Ingress) cuts.insert(cuts.end(), extra.begin(), extra.end());
  net::IpSet universe = net::ipv4Universe();
  net::IpSet v6 = net::ipv6Universe();
  for (const net::IpSet& cut : cuts)
    if (!cut.intersect(v6).empty()) {
      universe.add(v6);
      break;
    }
  return net::atomize(universe, cuts);
}

// The port sets at which the mesh layers' verdicts for destination `dst` may change.
std::vector<PortSet> destinationCuts(const layers::mesh::MeshContext& mesh, const layers::mesh::MtlsLayer& mtls,
                                     const layers::mesh::AuthzLayer& authz, const model::Workload& dst) {
  std::vector<PortSet> cuts;
  auto single = [&](uint32_t p) { cuts.push_back(PortSet(p, p)); };
  for (uint32_t p : mtls.distinctPorts(dst)) single(p);
  for (uint32_t p : authz.distinctPorts(dst)) single(p);
  for (const auto& cp : dst.ports)
    if (cp.protocol == Protocol::TCP) single(cp.port);
  cuts.push_back(mesh.membership(dst).inboundCaptured);
  return cuts;
}

net::ConnectionSet meshAllowedWithCuts(const layers::mesh::MeshContext& mesh, const layers::mesh::MtlsLayer& mtls,
                                       const layers::mesh::AuthzLayer& authz, const layers::Endpoint& src,
                                       const layers::Endpoint& dst, const net::ConnectionSet& conns,
                                       std::optional<std::string>& authorization, std::vector<PortSet> cuts) {
  authorization.reset();
  PortSet tcp = conns.portsOf(Protocol::TCP);
  // The mesh proxies see TCP only, and only at destinations in the mesh.
  if (tcp.empty() || !dst.workload || !mesh.membership(dst).inMesh()) return conns;
  cuts.push_back(mesh.membership(src).outboundExcluded);

  PortSet removed;
  std::vector<std::pair<PortSet, std::string>> conditional;
  for (const PortSet& cls : portClasses(cuts)) {
    PortSet open = cls.intersect(tcp);
    if (open.empty()) continue;
    uint32_t port = open.intervals().front().lo;  // every port of the class is decided alike
    if (mtls.verdict(src, dst, Protocol::TCP, port).verdict == layers::VerdictKind::Deny) {
      removed.add(open);
      continue;
    }
    layers::mesh::AuthzResult r = authz.evaluate(src, dst, Protocol::TCP, port);
    if (r.outcome == layers::mesh::AuthzOutcome::DenyAll) removed.add(open);
    else if (r.outcome == layers::mesh::AuthzOutcome::Conditional) conditional.emplace_back(open, r.summary);
  }
  if (!conditional.empty()) {
    // One summary when it is the same for every open TCP port; per port set otherwise.
    PortSet covered;
    bool same = true;
    for (const auto& [ports, summary] : conditional) {
      covered.add(ports);
      same &= summary == conditional.front().second;
    }
    if (same && covered == tcp.minus(removed)) {
      authorization = conditional.front().second;
    } else {
      std::map<std::string, PortSet> bySummary;
      for (const auto& [ports, summary] : conditional) bySummary[summary].add(ports);
      std::vector<std::pair<PortSet, std::string>> parts;
      for (auto& [summary, ports] : bySummary) parts.emplace_back(ports, summary);
      std::sort(parts.begin(), parts.end(), [](const auto& a, const auto& b) {
        return a.first.intervals().front().lo < b.first.intervals().front().lo;
      });
      std::string text;
      for (const auto& [ports, summary] : parts)
        text += fmt::format("{}TCP {}: {}", text.empty() ? "" : "; ", net::formatPorts(ports), summary);
      authorization = text;
    }
  }
  if (removed.empty()) return conns;
  return conns.minus(net::ConnectionSet::ports(Protocol::TCP, removed));
}

}  // namespace

net::ConnectionSet meshAllowed(const layers::mesh::MeshContext& mesh, const layers::mesh::MtlsLayer& mtls,
                               const layers::mesh::AuthzLayer& authz, const layers::Endpoint& src,
                               const layers::Endpoint& dst, const net::ConnectionSet& conns,
                               std::optional<std::string>& authorization) {
  if (!dst.workload || !mesh.membership(dst).inMesh()) {
    authorization.reset();
    return conns;
  }
  return meshAllowedWithCuts(mesh, mtls, authz, src, dst, conns, authorization,
                             destinationCuts(mesh, mtls, authz, *dst.workload));
}

namespace {

Connectivity combined(const model::Cluster& cluster, const layers::network::NetworkLayer& network,
                      const layers::mesh::MeshContext& mesh, const layers::mesh::MtlsLayer& mtls,
                      const layers::mesh::AuthzLayer& authz) {
  Connectivity c;
  for (const model::Workload& w : cluster.workloads)
    c.endpoints.push_back(layers::Endpoint::ofWorkload(w, cluster.findNamespace(w.meta.ns)));
  const size_t workloads = c.endpoints.size();
  // Per destination workload, computed once.
  std::vector<std::vector<PortSet>> cuts(workloads);
  for (size_t w = 0; w < workloads; ++w)
    if (mesh.membership(c.endpoints[w]).inMesh()) cuts[w] = destinationCuts(mesh, mtls, authz, *c.endpoints[w].workload);

  for (size_t s = 0; s < workloads; ++s)
    for (size_t d = 0; d < workloads; ++d) {
      if (s == d) continue;
      net::ConnectionSet conns = network.allowed(c.endpoints[s], c.endpoints[d]);
      if (conns.empty()) continue;
      std::optional<std::string> authorization;
      conns = meshAllowedWithCuts(mesh, mtls, authz, c.endpoints[s], c.endpoints[d], conns, authorization, cuts[d]);
      if (!conns.empty()) c.connections.push_back({s, d, std::move(conns), std::move(authorization)});
    }

  for (auto dir : {layers::Direction::Ingress, layers::Direction::Egress}) {
    for (const auto& atom : externalAtoms(network, dir, authz.addressCuts())) {
      size_t ext = c.endpoints.size();
      c.endpoints.push_back(layers::Endpoint::external(net::IpSet(atom.lo, atom.hi)));
      for (size_t w = 0; w < workloads; ++w) {
        bool in = dir == layers::Direction::Ingress;
        const auto& src = in ? c.endpoints[ext] : c.endpoints[w];
        const auto& dst = in ? c.endpoints[w] : c.endpoints[ext];
        net::ConnectionSet conns = network.allowed(src, dst);
        if (conns.empty()) continue;
        std::optional<std::string> authorization;
        conns = in ? meshAllowedWithCuts(mesh, mtls, authz, src, dst, conns, authorization, cuts[w]) : conns;
        if (!conns.empty())
          c.connections.push_back({in ? ext : w, in ? w : ext, std::move(conns), std::move(authorization)});
      }
    }
  }
  c.ingress = computeIngressRoutes(cluster, network, mesh, mtls, authz);
  return c;
}

}  // namespace

Connectivity computeConnectivity(const LayerStack& layers) {
  return combined(layers.cluster(), layers.network(), layers.mesh(), layers.mtls(), layers.authz());
}

Connectivity computeConnectivity(const model::Cluster& cluster, const layers::mesh::MeshOptions& options) {
  LayerStack layers(cluster, options);
  return computeConnectivity(layers);
}

Connectivity computeConnectivity(const model::Cluster& cluster, const layers::network::NetworkLayer& network) {
  layers::mesh::MeshContext mesh(cluster);
  layers::mesh::MtlsLayer mtls(mesh);
  layers::mesh::AuthzLayer authz(mesh, mtls);
  return combined(cluster, network, mesh, mtls, authz);
}

}  // namespace tg::verify
