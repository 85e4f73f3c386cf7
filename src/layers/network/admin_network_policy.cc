#include "layers/network/admin_network_policy.h"

#include <algorithm>
#include <limits>

namespace tg::layers::network {
namespace {

bool podSetMatches(const model::AnpPodSet& s, const Endpoint& e) {
  return e.selectable() && s.namespaceSelector.matches(e.namespaceLabels()) &&
         (!s.podSelector || s.podSelector->matches(e.labels()));
}

class AnpSubject : public EndpointMatcher {
 public:
  explicit AnpSubject(const model::AnpPodSet& s) : subject_(s) {
    // `namespaces: {matchLabels: {kubernetes.io/metadata.name: X}}`, the usual per-tenant form.
    const auto& byLabel = s.namespaceSelector.matchLabels();
    auto it = byLabel.find(model::kNamespaceNameLabel);
    if (it != byLabel.end()) only_ = it->second;
  }
  bool matches(const Endpoint& e) const override { return podSetMatches(subject_, e); }
  const std::string* onlyNamespace() const override { return only_ ? &*only_ : nullptr; }

 private:
  const model::AnpPodSet& subject_;
  std::optional<std::string> only_;
};

bool peerMatches(const model::AnpPeer& p, const Endpoint& e) {
  if (p.pods && podSetMatches(*p.pods, e)) return true;
  // `networks` match external ranges inside them and pods whose IP falls inside them.
  if (!p.networkAddresses.empty() && !e.addresses.empty()) {
    if (e.isExternal() ? p.networkAddresses.covers(e.addresses) : !p.networkAddresses.intersect(e.addresses).empty())
      return true;
  }
  // `nodes` peers are not modelled (the input has no Node objects): they match nothing.
  return false;
}

net::ConnectionSet portConnections(const std::optional<std::vector<model::AnpPort>>& ports, const Endpoint& dst) {
  if (!ports) return net::ConnectionSet::all();
  net::ConnectionSet out;
  for (const model::AnpPort& p : *ports) {
    if (p.kind != model::AnpPort::Kind::Named) {
      out.add(net::ConnectionSet::ports(p.protocol, net::PortSet(p.start, p.end)));
      continue;
    }
    // A named port takes the protocol of the container port of that name.
    if (dst.workload)
      for (const model::ContainerPort& cp : dst.workload->ports)
        if (cp.name == p.name) out.add(net::ConnectionSet::ports(cp.protocol, net::PortSet(cp.port, cp.port)));
  }
  return out;
}

class AnpRuleMatcher : public RuleMatcher {
 public:
  AnpRuleMatcher(const model::AnpRule& rule, Direction dir) : rule_(rule), dir_(dir) {}

  net::ConnectionSet match(const Endpoint& src, const Endpoint& dst) const override {
    const Endpoint& peer = dir_ == Direction::Ingress ? src : dst;
    for (const model::AnpPeer& p : rule_.peers)
      if (peerMatches(p, peer)) return portConnections(rule_.ports, dst);
    return {};
  }

  void addressCuts(std::vector<net::IpSet>& out) const override {
    for (const model::AnpPeer& p : rule_.peers)
      if (!p.networkAddresses.empty()) out.push_back(p.networkAddresses);
  }

  PeerReach peerReach(const model::Namespace& ns, const PeerKind& kind) const override {
    PeerReach r = PeerReach::None;
    for (const model::AnpPeer& p : rule_.peers) {
      if (p.pods && kind.selectable && p.pods->namespaceSelector.matches(ns.meta.labels))
        r = anyOf(r, !p.pods->podSelector || p.pods->podSelector->empty() ? PeerReach::All : PeerReach::Varies);
      if (!p.networkAddresses.empty() && kind.addressed) r = anyOf(r, PeerReach::Varies);
    }
    // Named ports resolve against the destination: on an egress rule, that is the peer.
    if (r != PeerReach::None && dir_ == Direction::Egress && namesPorts()) return PeerReach::Varies;
    return r;
  }

  // peerReach, peer by peer for all namespaces (a namespace no peer matches keeps None).
  void peerReaches(const NamespaceTable& namespaces, const PeerKind& kind, std::vector<char>& out) const override {
    size_t n = namespaces.cluster.namespaces.size();
    out.assign(n, static_cast<char>(PeerReach::None));
    for (const model::AnpPeer& p : rule_.peers) {
      if (p.pods && kind.selectable)
        addReach(namespaces.labels.matching(p.pods->namespaceSelector),
                 !p.pods->podSelector || p.pods->podSelector->empty() ? PeerReach::All : PeerReach::Varies, out);
      if (!p.networkAddresses.empty() && kind.addressed)
        addReach(selector::LabelIndex::Set(n, true), PeerReach::Varies, out);
    }
    if (dir_ == Direction::Egress && namesPorts()) namedPortsVary(out);
  }

 private:
  bool namesPorts() const {
    return rule_.ports && std::any_of(rule_.ports->begin(), rule_.ports->end(),
                                      [](const model::AnpPort& p) { return p.kind == model::AnpPort::Kind::Named; });
  }

  const model::AnpRule& rule_;
  Direction dir_;
};

RuleAction actionOf(const std::string& a) {
  if (a == "Allow") return RuleAction::Allow;
  if (a == "Deny") return RuleAction::Deny;
  return RuleAction::Pass;
}

Policy compile(const model::AdminNetworkPolicy& anp) {
  Policy p;
  p.name = anp.meta.name;
  p.order = anp.priority;
  p.subject = std::make_unique<AnpSubject>(anp.subject);
  // An (B)ANP takes part in a direction when it has rules for it; with none it decides nothing.
  p.ingress = !anp.ingress.empty();
  p.egress = !anp.egress.empty();
  p.ref = Ref{anp.meta.kind, "", anp.meta.name, -1, "", anp.meta.where};
  auto add = [&](const std::vector<model::AnpRule>& rules, Direction dir, std::vector<Rule>& out) {
    for (size_t i = 0; i < rules.size(); ++i) {
      Ref r = p.ref;
      r.rule = static_cast<int>(i);
      r.section = std::string(directionName(dir)) + (rules[i].name.empty() ? "" : " `" + rules[i].name + "`");
      r.where.line = rules[i].line;
      out.push_back({actionOf(rules[i].action), std::make_unique<AnpRuleMatcher>(rules[i], dir), r});
    }
  };
  add(anp.ingress, Direction::Ingress, p.ingressRules);
  add(anp.egress, Direction::Egress, p.egressRules);
  return p;
}

}  // namespace

std::vector<Tier> compileAdminNetworkPolicies(const model::Cluster& cluster) {
  Tier admin{"adminnetworkpolicy", -std::numeric_limits<double>::infinity(), TierEnd::Pass, {}};
  Tier baseline{"baselineadminnetworkpolicy", std::numeric_limits<double>::infinity(), TierEnd::Pass, {}};
  for (const model::AdminNetworkPolicy& anp : cluster.adminNetworkPolicies)
    (anp.baseline ? baseline : admin).policies.push_back(compile(anp));
  std::vector<Tier> out;
  if (!admin.policies.empty()) out.push_back(std::move(admin));
  if (!baseline.policies.empty()) out.push_back(std::move(baseline));
  return out;
}

}  // namespace tg::layers::network
