#include "layers/network/k8s_network_policy.h"

#include <algorithm>

namespace tg::layers::network {
namespace {

class PodSelectorSubject : public EndpointMatcher {
 public:
  explicit PodSelectorSubject(const model::NetworkPolicy& np) : np_(np) {}
  bool matches(const Endpoint& e) const override {
    return e.selectable() && e.workload->meta.ns == np_.meta.ns && np_.podSelector.matches(e.labels());
  }
  const std::string* onlyNamespace() const override { return &np_.meta.ns; }

 private:
  const model::NetworkPolicy& np_;
};

class NetworkPolicyRuleMatcher : public RuleMatcher {
 public:
  NetworkPolicyRuleMatcher(const model::NetworkPolicyRule& rule, const std::string& ns, Direction dir)
      : rule_(rule), ns_(ns), dir_(dir) {}

  net::ConnectionSet match(const Endpoint& src, const Endpoint& dst) const override {
    const Endpoint& peer = dir_ == Direction::Ingress ? src : dst;
    if (!rule_.peers.empty()) {
      bool any = false;
      for (const auto& p : rule_.peers)
        if (peerMatches(p, ns_, peer)) { any = true; break; }
      if (!any) return {};
    }
    return portsToConnections(rule_.ports, dst);
  }

  void addressCuts(std::vector<net::IpSet>& out) const override {
    for (const auto& p : rule_.peers)
      if (p.ipBlock) out.push_back(p.ipBlock->addresses);
  }

  PeerReach peerReach(const model::Namespace& ns, const PeerKind& kind) const override {
    PeerReach r = rule_.peers.empty() ? PeerReach::All : PeerReach::None;
    for (const auto& p : rule_.peers) r = anyOf(r, reachOf(p, ns, kind));
    // Named ports resolve against the destination: on an egress rule, that is the peer.
    if (r != PeerReach::None && dir_ == Direction::Egress && namesPorts()) return PeerReach::Varies;
    return r;
  }

  // peerReach, peer by peer for all namespaces: a namespace no peer matches keeps None (or All,
  // without peers), as anyOf(r, None) is r.
  void peerReaches(const NamespaceTable& namespaces, const PeerKind& kind, std::vector<char>& out) const override {
    const auto& list = namespaces.cluster.namespaces;
    out.assign(list.size(), static_cast<char>(rule_.peers.empty() ? PeerReach::All : PeerReach::None));
    for (const auto& p : rule_.peers) {
      if (p.ipBlock) {
        if (kind.addressed) addReach(selector::LabelIndex::Set(list.size(), true), PeerReach::Varies, out);
        continue;
      }
      if (!kind.selectable) continue;
      PeerReach r = !p.podSelector || p.podSelector->empty() ? PeerReach::All : PeerReach::Varies;
      if (p.namespaceSelector) {
        addReach(namespaces.labels.matching(*p.namespaceSelector), r, out);
      } else if (const model::Namespace* own = namespaces.cluster.findNamespace(ns_)) {
        selector::LabelIndex::Set one(list.size());
        one.insert(static_cast<size_t>(own - list.data()));
        addReach(one, r, out);
      }
    }
    if (dir_ == Direction::Egress && namesPorts()) namedPortsVary(out);
  }

 private:
  PeerReach reachOf(const model::NetworkPolicyPeer& p, const model::Namespace& ns, const PeerKind& kind) const {
    if (p.ipBlock) return kind.addressed ? PeerReach::Varies : PeerReach::None;  // see peerMatches
    if (!kind.selectable) return PeerReach::None;
    if (p.namespaceSelector ? !p.namespaceSelector->matches(ns.meta.labels) : ns.meta.name != ns_) return PeerReach::None;
    return !p.podSelector || p.podSelector->empty() ? PeerReach::All : PeerReach::Varies;
  }
  bool namesPorts() const {
    return std::any_of(rule_.ports.begin(), rule_.ports.end(), [](const model::PolicyPort& p) { return !p.name.empty(); });
  }

  const model::NetworkPolicyRule& rule_;
  const std::string& ns_;
  Direction dir_;
};

Ref refOf(const model::NetworkPolicy& np, int rule, const char* section, uint32_t line) {
  Ref r{"NetworkPolicy", np.meta.ns, np.meta.name, rule, section, np.meta.where};
  if (line) r.where.line = line;
  return r;
}

}  // namespace

bool peerMatches(const model::NetworkPolicyPeer& peer, const std::string& policyNs, const Endpoint& e) {
  if (peer.ipBlock) {
    // An ipBlock matches external ranges inside it and pods whose IP falls inside it.
    if (e.addresses.empty()) return false;
    return e.isExternal() ? peer.ipBlock->addresses.covers(e.addresses)
                          : !peer.ipBlock->addresses.intersect(e.addresses).empty();
  }
  if (!e.selectable()) return false;
  if (peer.namespaceSelector) {
    if (!peer.namespaceSelector->matches(e.namespaceLabels())) return false;
  } else if (e.workload->meta.ns != policyNs) {
    return false;  // podSelector alone: the policy's own namespace
  }
  return !peer.podSelector || peer.podSelector->matches(e.labels());
}

net::ConnectionSet portsToConnections(const std::vector<model::PolicyPort>& ports, const Endpoint& dst) {
  if (ports.empty()) return net::ConnectionSet::all();
  net::ConnectionSet out;
  for (const model::PolicyPort& p : ports) {
    if (!p.name.empty()) {
      if (!dst.workload) continue;
      for (const model::ContainerPort& cp : dst.workload->ports)
        if (cp.name == p.name && cp.protocol == p.protocol)
          out.add(net::ConnectionSet::ports(p.protocol, net::PortSet(cp.port, cp.port)));
    } else if (p.number) {
      out.add(net::ConnectionSet::ports(p.protocol, net::PortSet(*p.number, p.endPort.value_or(*p.number))));
    } else {
      out.add(net::ConnectionSet::allPorts(p.protocol));
    }
  }
  return out;
}

std::vector<Policy> compileNetworkPolicies(const model::Cluster& cluster) {
  std::vector<Policy> out;
  for (const model::NetworkPolicy& np : cluster.networkPolicies) {
    Policy p;
    p.name = "knp.default." + np.meta.ns + "." + np.meta.name;
    p.order = kNetworkPolicyOrder;
    p.subject = std::make_unique<PodSelectorSubject>(np);
    p.ingress = np.ingressIsolation;
    p.egress = np.egressIsolation;
    p.ref = refOf(np, -1, "", 0);
    for (size_t i = 0; i < np.ingress.size(); ++i)
      p.ingressRules.push_back({RuleAction::Allow,
                                std::make_unique<NetworkPolicyRuleMatcher>(np.ingress[i], np.meta.ns, Direction::Ingress),
                                refOf(np, static_cast<int>(i), "ingress", np.ingress[i].line)});
    for (size_t i = 0; i < np.egress.size(); ++i)
      p.egressRules.push_back({RuleAction::Allow,
                               std::make_unique<NetworkPolicyRuleMatcher>(np.egress[i], np.meta.ns, Direction::Egress),
                               refOf(np, static_cast<int>(i), "egress", np.egress[i].line)});
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace tg::layers::network
