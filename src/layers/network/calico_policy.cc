// Calico policy semantics. What is approximated, always towards the more permissive outcome
// (each is also recorded as model::CalicoUnmodelled by the decoder, for TG090):
//
//   - `icmp`/`notICMP` type and code, `http` matches, `source.ports`/`source.notPorts` (client
//     ports), `ports` with UDPLite: an Allow, Pass or Log rule is evaluated without that
//     condition (it matches more); a Deny rule carrying it is dropped (it matches nothing).
//     Dropping a Deny or widening an Allow can only allow more. Widening a Pass is not monotone
//     (the next tier may be stricter than the rest of this one); it is the usual reading of a
//     Pass, which hands traffic to lower tiers such as the namespace's NetworkPolicies.
//   - doNotTrack/preDNAT policies apply to host endpoints only; pods are never selected by them.
//     Host endpoints are not modelled, so such policies never restrict anything here.
//   - A pod with several IPs is matched by `nets` when one of them is inside, and by `notNets`
//     when one of them is outside (the same reading as NetworkPolicy ipBlock).
//   - A pod without a known IP matches no `nets`, every `notNets` and any `ipVersion`.
//   - A service account that is not in the input has no labels besides its name.
//   - A policy naming a tier that is not declared: Calico refuses it; here the tier is created
//     with no order (last) and defaultAction Deny.
#include "layers/network/calico_policy.h"

#include <algorithm>
#include <list>
#include <limits>
#include <map>
#include <memory>

namespace tg::layers::network {
namespace {

namespace sel = selector::calico;
using model::CalicoAction;

constexpr uint32_t kIanaUdpLite = 136;
constexpr const char* kNamespaceLabel = "projectcalico.org/namespace";
constexpr const char* kOrchestratorLabel = "projectcalico.org/orchestrator";
constexpr const char* kServiceAccountLabel = "projectcalico.org/serviceaccount";
constexpr double kLast = std::numeric_limits<double>::infinity();

// Labels built on the fly for objects outside the cluster's precomputed views (a list: stable
// references, and no allocation until something is added).
using Scratch = std::list<model::Labels>;

model::Labels namespaceView(const std::string& name, const model::Labels* labels) {
  model::Labels out = labels ? *labels : model::Labels{};
  out[sel::kNamespaceNameKey] = name;
  return out;
}

model::Labels serviceAccountView(const std::string& name, const model::ServiceAccount* sa) {
  model::Labels out = sa ? sa->meta.labels : model::Labels{};
  out[sel::kNamespaceNameKey] = name;  // Calico exposes the service account name the same way
  return out;
}

// One thing that can carry the labels a rule selector matches at an address: the pod itself, or
// a network set whose nets hold the address.
struct Carrier {
  const model::Labels* labels = nullptr;
  const std::string* ns = nullptr;             // null: not namespaced
  const model::Labels* nsLabels = nullptr;     // namespace view; empty labels when not namespaced
  const std::string* saName = nullptr;         // null: no service account (network sets)
  const model::Labels* saLabels = nullptr;
};

// The cluster as Calico's selectors see it; shared by every compiled matcher.
class CalicoView {
 public:
  explicit CalicoView(const model::Cluster& cluster) : cluster_(cluster) {
    for (const model::Namespace& ns : cluster.namespaces)
      namespaces_[ns.meta.name] = namespaceView(ns.meta.name, &ns.meta.labels);
    // The first of duplicated accounts, as Cluster::findServiceAccount (and the pods' labels) see it.
    for (const model::ServiceAccount& sa : cluster.serviceAccounts)
      serviceAccounts_.try_emplace({sa.meta.ns, sa.meta.name}, serviceAccountView(sa.meta.name, &sa));
    for (const model::Workload& w : cluster.workloads)
      pods_[&w] = calicoPodLabels(w, cluster.findNamespace(w.meta.ns),
                                  cluster.findServiceAccount(w.meta.ns, w.serviceAccount), cluster.calico);
    for (const model::CalicoNetworkSet& s : cluster.calico.networkSets) {
      NetSet n{&s, s.meta.labels, s.global ? &empty_ : nullptr};
      if (!s.global) n.labels[kNamespaceLabel] = s.meta.ns;
      netSets_.push_back(std::move(n));
    }
    for (NetSet& n : netSets_)
      if (!n.nsLabels) n.nsLabels = &namespaceLabels(n.set->meta.ns, nullptr, scratchAtBuild_);
  }

  const model::Labels& podLabels(const Endpoint& e, Scratch& scratch) const {
    if (auto it = pods_.find(e.workload); it != pods_.end()) return it->second;
    const model::ServiceAccount* sa = cluster_.findServiceAccount(e.workload->meta.ns, e.workload->serviceAccount);
    return scratch.emplace_back(calicoPodLabels(*e.workload, e.ns, sa, cluster_.calico));
  }

  const model::Labels& namespaceLabels(const std::string& name, const model::Namespace* ns, Scratch& scratch) const {
    if (auto it = namespaces_.find(name); it != namespaces_.end()) return it->second;
    return scratch.emplace_back(namespaceView(name, ns ? &ns->meta.labels : nullptr));
  }

  const model::Labels& serviceAccountLabels(const std::string& ns, const std::string& name, Scratch& scratch) const {
    if (auto it = serviceAccounts_.find({ns, name}); it != serviceAccounts_.end()) return it->second;
    return scratch.emplace_back(serviceAccountView(name, nullptr));
  }

  // Everything that carries labels at endpoint `e`'s addresses.
  void carriers(const Endpoint& e, Scratch& scratch, std::vector<Carrier>& out) const {
    if (e.selectable()) {
      const model::Workload& w = *e.workload;
      out.push_back({&podLabels(e, scratch), &w.meta.ns, &namespaceLabels(w.meta.ns, e.ns, scratch),
                     &w.serviceAccount, &serviceAccountLabels(w.meta.ns, w.serviceAccount, scratch)});
    }
    if (e.addresses.empty()) return;
    for (const NetSet& n : netSets_) {
      bool inside = e.isExternal() ? n.set->nets.covers(e.addresses) : !n.set->nets.intersect(e.addresses).empty();
      if (inside && !n.set->nets.empty())
        out.push_back({&n.labels, n.set->global ? nullptr : &n.set->meta.ns, n.nsLabels, nullptr, nullptr});
    }
  }

  // Every network set's nets: address cuts for rules that select by label.
  void netSetCuts(std::vector<net::IpSet>& out) const {
    for (const NetSet& n : netSets_)
      if (!n.set->nets.empty()) out.push_back(n.set->nets);
  }

 private:
  struct NetSet {
    const model::CalicoNetworkSet* set;
    model::Labels labels;
    const model::Labels* nsLabels;
  };
  const model::Cluster& cluster_;
  std::map<std::string, model::Labels> namespaces_;
  std::map<std::pair<std::string, std::string>, model::Labels> serviceAccounts_;
  std::map<const model::Workload*, model::Labels> pods_;
  std::vector<NetSet> netSets_;
  Scratch scratchAtBuild_;  // namespace views of network sets in undeclared namespaces
  model::Labels empty_;
};

bool hasIpVersion(const Endpoint& e, int version) {
  if (e.addresses.empty()) return true;  // unknown: may have either
  return !e.addresses.intersect(version == 4 ? net::ipv4Universe() : net::ipv6Universe()).empty();
}

// Does `source`/`destination` hold for endpoint `e`, in a policy of namespace `policyNs` (empty
// for a GlobalNetworkPolicy)? Ports are handled by the rule.
bool entityMatches(const model::CalicoEntityRule& ent, const std::string& policyNs, const CalicoView& view,
                   const Endpoint& e) {
  if (ent.nets) {
    if (e.addresses.empty()) return false;
    bool in = e.isExternal() ? ent.nets->covers(e.addresses) : !ent.nets->intersect(e.addresses).empty();
    if (!in) return false;
  }
  if (ent.notNets && !e.addresses.empty()) {
    bool out = e.isExternal() ? ent.notNets->intersect(e.addresses).empty() : !ent.notNets->covers(e.addresses);
    if (!out) return false;
  }
  const bool namespaced = !policyNs.empty();
  // The positive part: Calico ANDs the namespace scope, `selector` and `serviceAccounts` into one
  // selector. A namespaced policy scopes it to its namespace unless `namespaceSelector` is given,
  // and does so as soon as the rule selects by label at all (so `notSelector` alone in a
  // namespaced policy still means "pods of this namespace that do not match"). A
  // GlobalNetworkPolicy without `namespaceSelector` has no scope: its `notSelector` alone matches
  // everything that does not carry matching labels, including the world outside the cluster.
  bool positive = ent.selector || ent.serviceAccounts || ent.namespaceSelector || (namespaced && ent.notSelector);
  if (!positive && !ent.notSelector) return true;
  Scratch scratch;
  std::vector<Carrier> carriers;
  view.carriers(e, scratch, carriers);
  if (positive) {
    static const model::Labels kNone;
    bool any = false;
    for (const Carrier& c : carriers) {
      if (ent.namespaceSelector) {
        if (!ent.namespaceSelector->matches(c.ns ? *c.nsLabels : kNone)) continue;
      } else if (namespaced && (!c.ns || *c.ns != policyNs)) {
        continue;
      }
      if (ent.selector && !ent.selector->matches(*c.labels)) continue;
      if (ent.serviceAccounts) {
        if (!c.saName) continue;
        const auto& names = ent.serviceAccounts->names;
        if (!names.empty() && std::find(names.begin(), names.end(), *c.saName) == names.end()) continue;
        if (ent.serviceAccounts->selector && !ent.serviceAccounts->selector->matches(*c.saLabels)) continue;
      }
      any = true;
      break;
    }
    if (!any) return false;
  }
  if (ent.notSelector)
    for (const Carrier& c : carriers)
      if (ent.notSelector->matches(*c.labels)) return false;
  return true;
}

// `ports`/`notPorts` entries as connections for `protocol` (TCP, UDP or SCTP); named ports
// resolve against the destination workload's container ports of that protocol.
net::ConnectionSet portConnections(const std::vector<model::CalicoPort>& ports, net::Protocol protocol,
                                   const Endpoint& dst) {
  net::ConnectionSet out;
  for (const model::CalicoPort& p : ports) {
    if (!p.name.empty()) {
      if (!dst.workload) continue;
      for (const model::ContainerPort& cp : dst.workload->ports)
        if (cp.name == p.name && cp.protocol == protocol)
          out.add(net::ConnectionSet::ports(protocol, net::PortSet(cp.port, cp.port)));
    } else {
      uint32_t first = std::max(p.first, net::kMinPort);
      if (first <= p.last) out.add(net::ConnectionSet::ports(protocol, net::PortSet(first, p.last)));
    }
  }
  return out;
}

std::optional<net::Protocol> portProtocolOf(uint32_t iana) {
  if (iana == net::kIanaTcp) return net::Protocol::TCP;
  if (iana == net::kIanaUdp) return net::Protocol::UDP;
  if (iana == net::kIanaSctp) return net::Protocol::SCTP;
  return std::nullopt;
}

class CalicoSubject : public EndpointMatcher {
 public:
  CalicoSubject(std::shared_ptr<const CalicoView> view, const model::CalicoPolicy& p) : view_(std::move(view)), p_(p) {}

  bool matches(const Endpoint& e) const override {
    if (p_.hostEndpointsOnly || !e.selectable()) return false;
    const model::Workload& w = *e.workload;
    if (!p_.global && w.meta.ns != p_.meta.ns) return false;
    Scratch scratch;
    if (!p_.selector.matches(view_->podLabels(e, scratch))) return false;
    if (p_.namespaceSelector && !p_.namespaceSelector->matches(view_->namespaceLabels(w.meta.ns, e.ns, scratch)))
      return false;
    if (p_.serviceAccountSelector &&
        !p_.serviceAccountSelector->matches(view_->serviceAccountLabels(w.meta.ns, w.serviceAccount, scratch)))
      return false;
    return true;
  }
  const std::string* onlyNamespace() const override { return p_.global ? nullptr : &p_.meta.ns; }

 private:
  std::shared_ptr<const CalicoView> view_;
  const model::CalicoPolicy& p_;
};

class CalicoRuleMatcher : public RuleMatcher {
 public:
  // `scope`: the policy's namespace, empty for a GlobalNetworkPolicy or a Profile.
  CalicoRuleMatcher(std::shared_ptr<const CalicoView> view, const std::string& scope, const model::CalicoRule& r)
      : view_(std::move(view)), scope_(scope), r_(r) {
    udpLitePorts_ = r.protocol == kIanaUdpLite && (!r.destination.ports.empty() || !r.destination.notPorts.empty());
    lossy_ = r.icmp || r.http || !r.source.ports.empty() || !r.source.notPorts.empty() || udpLitePorts_;
  }

  net::ConnectionSet match(const Endpoint& src, const Endpoint& dst) const override {
    // A Deny we cannot evaluate exactly matches nothing (see the top of this file).
    if (lossy_ && r_.action == CalicoAction::Deny) return {};
    if (r_.ipVersion && (!hasIpVersion(src, *r_.ipVersion) || !hasIpVersion(dst, *r_.ipVersion))) return {};
    if (!entityMatches(r_.source, scope_, *view_, src)) return {};
    if (!entityMatches(r_.destination, scope_, *view_, dst)) return {};

    net::ConnectionSet conns = r_.protocol ? net::ConnectionSet::protocolNumber(*r_.protocol) : net::ConnectionSet::all();
    if (r_.notProtocol) conns = conns.minus(net::ConnectionSet::protocolNumber(*r_.notProtocol));
    if (r_.protocol && !udpLitePorts_) {
      if (auto proto = portProtocolOf(*r_.protocol)) {
        if (!r_.destination.ports.empty()) conns = conns.intersect(portConnections(r_.destination.ports, *proto, dst));
        if (!r_.destination.notPorts.empty()) conns = conns.minus(portConnections(r_.destination.notPorts, *proto, dst));
      }
    }
    return conns;
  }

  void addressCuts(std::vector<net::IpSet>& out) const override {
    bool byLabel = false;
    for (const model::CalicoEntityRule* e : {&r_.source, &r_.destination}) {
      if (e->nets) out.push_back(*e->nets);
      if (e->notNets) out.push_back(*e->notNets);
      byLabel = byLabel || e->selector || e->notSelector || e->namespaceSelector;
    }
    if (byLabel) view_->netSetCuts(out);
  }

 private:
  std::shared_ptr<const CalicoView> view_;
  const std::string& scope_;
  const model::CalicoRule& r_;
  bool udpLitePorts_ = false;
  bool lossy_ = false;
};

RuleAction actionOf(CalicoAction a) {
  switch (a) {
    case CalicoAction::Allow: return RuleAction::Allow;
    case CalicoAction::Deny: return RuleAction::Deny;
    case CalicoAction::Log: return RuleAction::Log;
    case CalicoAction::Pass: return RuleAction::Pass;
  }
  return RuleAction::Allow;
}

Ref refOf(const char* kind, const model::ObjectMeta& meta, int rule, const char* section, uint32_t line) {
  Ref r{kind, meta.ns, meta.name, rule, section, meta.where};
  if (line) r.where.line = line;
  return r;
}

// The rules of one direction of a policy or profile of `kind`, scoped to `scope`.
std::vector<Rule> compileRules(const std::shared_ptr<const CalicoView>& view, const char* kind,
                               const model::ObjectMeta& meta, const std::string& scope,
                               const std::vector<model::CalicoRule>& rules, const char* section) {
  std::vector<Rule> out;
  for (size_t i = 0; i < rules.size(); ++i)
    out.push_back({actionOf(rules[i].action), std::make_unique<CalicoRuleMatcher>(view, scope, rules[i]),
                   refOf(kind, meta, static_cast<int>(i), section, rules[i].line)});
  return out;
}

Policy compilePolicy(const std::shared_ptr<const CalicoView>& view, const model::CalicoPolicy& cp) {
  Policy p;
  // Calico sorts equal orders by name; a namespaced policy's name is `namespace/name`.
  p.name = cp.global ? cp.meta.name : cp.meta.ns + "/" + cp.meta.name;
  p.order = cp.order.value_or(kLast);
  p.subject = std::make_unique<CalicoSubject>(view, cp);
  p.ingress = cp.ingress;
  p.egress = cp.egress;
  const char* kind = cp.global ? kGlobalNetworkPolicyKind : kCalicoNetworkPolicyKind;
  p.ref = refOf(kind, cp.meta, -1, "", 0);
  p.ingressRules = compileRules(view, kind, cp.meta, cp.meta.ns, cp.ingressRules, "ingress");
  p.egressRules = compileRules(view, kind, cp.meta, cp.meta.ns, cp.egressRules, "egress");
  return p;
}

// A profile: its rules as a policy's, not scoped to a namespace. Which endpoints go through it is
// the program's business (Program::setProfiles).
Policy compileProfile(const std::shared_ptr<const CalicoView>& view, const model::CalicoProfile& cp) {
  static const std::string kNoScope;
  Policy p;
  p.name = cp.meta.name;
  p.ingress = p.egress = true;
  p.ref = refOf(kProfileKind, cp.meta, -1, "", 0);
  p.ingressRules = compileRules(view, kProfileKind, cp.meta, kNoScope, cp.ingressRules, "ingress");
  p.egressRules = compileRules(view, kProfileKind, cp.meta, kNoScope, cp.egressRules, "egress");
  return p;
}

}  // namespace

model::Labels calicoPodLabels(const model::Workload& w, const model::Namespace* ns, const model::ServiceAccount* sa,
                              const model::CalicoObjects& calico) {
  model::Labels out;
  // Profile labels first, so that the pod's own labels win on a clash; among profiles, the first
  // in the endpoint's list wins (emplace keeps what is there).
  for (const std::string& name : w.calicoProfileNames())
    if (const model::CalicoProfile* p = calico.findProfile(name))
      for (const auto& [k, v] : p->labelsToApply) out.emplace(k, v);
  if (ns)
    for (const auto& [k, v] : ns->meta.labels) out["pcns." + k] = v;
  out[std::string("pcns.") + sel::kNamespaceNameKey] = w.meta.ns;
  if (sa)
    for (const auto& [k, v] : sa->meta.labels) out["pcsa." + k] = v;
  out[std::string("pcsa.") + sel::kNamespaceNameKey] = w.serviceAccount;
  for (const auto& [k, v] : w.podLabels) out[k] = v;
  out[kNamespaceLabel] = w.meta.ns;
  out[kOrchestratorLabel] = "k8s";
  out[kServiceAccountLabel] = w.serviceAccount;
  return out;
}

CalicoProgram compileCalicoPolicies(const model::Cluster& cluster) {
  CalicoProgram out;
  const model::CalicoObjects& calico = cluster.calico;
  if (calico.policies.empty() && calico.tiers.empty() && calico.profiles.empty()) return out;
  auto view = std::make_shared<const CalicoView>(cluster);
  for (const model::CalicoProfile& p : calico.profiles) out.profiles.push_back(compileProfile(view, p));

  std::map<std::string, Tier> tiers;
  for (const model::CalicoTier& t : calico.tiers) {
    if (t.meta.name == kDefaultTier) {
      out.defaultTierEnd = t.defaultPass ? TierEnd::Pass : TierEnd::Deny;  // its order stays fixed
      continue;
    }
    if (tiers.count(t.meta.name)) continue;  // the first declaration wins
    Tier& tier = tiers[t.meta.name];
    tier.name = t.meta.name;
    tier.order = t.order.value_or(kLast);
    tier.end = t.defaultPass ? TierEnd::Pass : TierEnd::Deny;
  }
  for (const model::CalicoPolicy& cp : calico.policies) {
    if (cp.tier == kDefaultTier) {
      out.defaultTier.push_back(compilePolicy(view, cp));
      continue;
    }
    auto [it, added] = tiers.try_emplace(cp.tier);
    if (added) {  // not declared: last, Deny (see the top of this file)
      it->second.name = cp.tier;
      it->second.order = kLast;
    }
    it->second.policies.push_back(compilePolicy(view, cp));
  }
  for (auto& [name, tier] : tiers) out.tiers.push_back(std::move(tier));
  std::stable_sort(out.tiers.begin(), out.tiers.end(), [](const Tier& a, const Tier& b) {
    return a.order != b.order ? a.order < b.order : a.name < b.name;
  });
  return out;
}

}  // namespace tg::layers::network
