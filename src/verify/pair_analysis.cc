#include "verify/pair_analysis.h"

#include <algorithm>
#include <fmt/format.h>

namespace tg::verify {
namespace {

using layers::Endpoint;
using net::ConnectionSet;
using net::PortSet;
using net::Protocol;

void addRefs(std::vector<layers::Ref>& into, const std::vector<layers::Ref>& refs) {
  for (const auto& r : refs)
    if (std::find(into.begin(), into.end(), r) == into.end()) into.push_back(r);
}

// Builds a TCP port set from a per-port-class predicate; other protocols are not the mesh's
// business (sidecars and ztunnel capture TCP only) and stay allowed.
template <typename AllowedFn>
ConnectionSet meshSet(const std::vector<uint32_t>& distinct, AllowedFn allowed) {
  PortSet tcp;
  if (allowed(representativeOther(distinct))) {
    tcp = PortSet(net::kMinPort, net::kMaxPort);
    for (uint32_t d : distinct) tcp = tcp.minus(PortSet(d, d));
  }
  for (uint32_t d : distinct)
    if (allowed(d)) tcp.add(d, d);
  return ConnectionSet::all().minus(ConnectionSet::allPorts(Protocol::TCP)).unite(ConnectionSet::ports(Protocol::TCP, tcp));
}

}  // namespace

namespace {

struct TcpParts {
  ConnectionSet n, m, z;
};

// Only TCP is covered by all three layers (the mesh proxies see TCP only), so defense in depth
// is measured over TCP; other protocols can never have more than the network layer.
TcpParts tcpParts(const PairAnalysis& a) {
  ConnectionSet tcp = ConnectionSet::allPorts(Protocol::TCP);
  return {a.network.intersect(tcp), a.mtls.intersect(tcp), a.authorization.intersect(tcp)};
}

}  // namespace

int PairAnalysis::blockingLayers() const {
  if (!combined.empty()) return 0;
  // The fewest layers that deny any one TCP connection: 1 when some connection gets past two
  // of the three layers, 2 when some connection gets past one, else 3.
  TcpParts t = tcpParts(*this);
  if (!t.n.intersect(t.m).empty() || !t.n.intersect(t.z).empty() || !t.m.intersect(t.z).empty()) return 1;
  if (!t.n.empty() || !t.m.empty() || !t.z.empty()) return 2;
  return 3;
}

std::vector<std::string> PairAnalysis::blockingLayerNames() const {
  // The layers that deny the least-defended TCP connection.
  std::vector<std::string> out;
  if (!combined.empty()) return out;
  TcpParts t = tcpParts(*this);
  if (!t.n.intersect(t.m).empty()) return {"authorization"};
  if (!t.n.intersect(t.z).empty()) return {"mtls"};
  if (!t.m.intersect(t.z).empty()) return {"network"};
  if (!t.n.empty()) return {"mtls", "authorization"};
  if (!t.m.empty()) return {"network", "authorization"};
  if (!t.z.empty()) return {"network", "mtls"};
  return {"network", "mtls", "authorization"};
}

const char* LayerResult::verdict() const {
  if (allowed.empty()) return "deny";
  // Every port of TCP, UDP and SCTP: what "All Connections" means (other IP protocols are
  // named only by Calico rules and do not make a layer partial).
  for (Protocol p : {Protocol::TCP, Protocol::UDP, Protocol::SCTP})
    if (!ConnectionSet::allPorts(p).minus(allowed).empty()) return "partial";
  return "allow";
}

std::vector<LayerResult> PairAnalysis::layerResults() const {
  return {{"network", network, networkBy}, {"mtls", mtls, mtlsBy}, {"authorization", authorization, authorizationBy}};
}

std::vector<uint32_t> distinctPorts(const LayerStack& layers, const model::Workload& dst) {
  std::vector<uint32_t> ports;
  for (const auto& cp : dst.ports)
    if (cp.protocol == Protocol::TCP) ports.push_back(cp.port);
  for (uint32_t p : layers.mtls().distinctPorts(dst)) ports.push_back(p);
  for (uint32_t p : layers.authz().distinctPorts(dst)) ports.push_back(p);
  std::sort(ports.begin(), ports.end());
  ports.erase(std::unique(ports.begin(), ports.end()), ports.end());
  return ports;
}

uint32_t representativeOther(const std::vector<uint32_t>& distinct) {
  uint32_t p = net::kMinPort;
  for (uint32_t d : distinct) {
    if (d == p) ++p;
    else if (d > p) break;
  }
  return p;
}

namespace {

// One direction of the network layer: what it allows, the refs behind its denials, all its refs.
void networkDirection(const LayerStack& layers, layers::Direction dir, const Endpoint& src, const Endpoint& dst,
                      ConnectionSet& allowed, std::vector<layers::Ref>& denials, std::vector<layers::Ref>& decidedBy) {
  layers::network::Decision d = layers.network().program().evaluate(dir, src, dst);
  allowed = d.allowed();
  for (const auto& seg : d.segments) {
    if (!seg.allow) addRefs(denials, seg.decidedBy);
    addRefs(decidedBy, seg.decidedBy);
  }
}

}  // namespace

EgressHalf analyzeEgress(const LayerStack& layers, const Endpoint& src, const Endpoint& dst) {
  EgressHalf h;
  networkDirection(layers, layers::Direction::Egress, src, dst, h.allowed, h.denials, h.decidedBy);
  return h;
}

IngressHalf analyzeIngress(const LayerStack& layers, const Endpoint& src, const Endpoint& dst) {
  IngressHalf h;
  networkDirection(layers, layers::Direction::Ingress, src, dst, h.network, h.networkDenials, h.networkBy);

  if (dst.workload) h.distinct = distinctPorts(layers, *dst.workload);
  h.mtls = meshSet(h.distinct, [&](uint32_t port) {
    layers::Verdict v = layers.mtls().verdict(src, dst, Protocol::TCP, port);
    addRefs(h.mtlsBy, v.decidedBy);
    if (v.verdict != layers::VerdictKind::Deny) return true;
    addRefs(h.meshBlockers, v.decidedBy);
    return false;
  });

  h.authorization = meshSet(h.distinct, [&](uint32_t port) {
    layers::mesh::AuthzResult r = layers.authz().evaluate(src, dst, Protocol::TCP, port);
    addRefs(h.authorizationBy, r.decidedBy);
    if (r.outcome == layers::mesh::AuthzOutcome::DenyAll) {
      addRefs(h.meshBlockers, r.decidedBy);
      return false;
    }
    if (r.outcome == layers::mesh::AuthzOutcome::Conditional) addRefs(h.meshBlockers, r.decidedBy);
    h.summaries.emplace_back(port, r.summary);
    return true;
  });
  return h;
}

PairAnalysis combine(const EgressHalf& egress, const IngressHalf& ingress) {
  PairAnalysis a;
  a.network = egress.allowed.intersect(ingress.network);
  // Refs in the order a single pass would meet them: egress segments, ingress segments, mtls,
  // authorization.
  a.blockers = egress.denials;
  addRefs(a.blockers, ingress.networkDenials);
  addRefs(a.blockers, ingress.meshBlockers);
  a.networkBy = egress.decidedBy;
  addRefs(a.networkBy, ingress.networkBy);
  a.mtls = ingress.mtls;
  a.mtlsBy = ingress.mtlsBy;
  a.authorization = ingress.authorization;
  a.authorizationBy = ingress.authorizationBy;
  a.combined = a.network.intersect(a.mtls).intersect(a.authorization);

  // The summary speaks of the ports that are actually open.
  std::vector<std::string> parts;
  uint32_t other = representativeOther(ingress.distinct);
  PortSet otherOpen = a.combined.portsOf(Protocol::TCP);
  for (uint32_t d : ingress.distinct) otherOpen = otherOpen.minus(PortSet(d, d));
  for (const auto& [port, summary] : ingress.summaries) {
    if (summary.empty()) continue;
    bool open = port == other ? !otherOpen.empty() : a.combined.contains(Protocol::TCP, port);
    if (!open) continue;
    std::string label = port == other ? "other ports" : fmt::format("port {}", port);
    parts.push_back(label + ": " + summary);
  }
  bool uniform = std::all_of(parts.begin(), parts.end(), [&](const std::string& p) {
    return p.substr(p.find(": ")) == parts.front().substr(parts.front().find(": "));
  });
  if (!parts.empty())
    a.authorizationSummary = uniform ? parts.front().substr(parts.front().find(": ") + 2) : fmt::format("{}", fmt::join(parts, "; "));
  return a;
}

PairAnalysis analyzePair(const LayerStack& layers, const Endpoint& src, const Endpoint& dst) {
  return combine(analyzeEgress(layers, src, dst), analyzeIngress(layers, src, dst));
}

}  // namespace tg::verify
