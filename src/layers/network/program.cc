#include "layers/network/program.h"

#include <algorithm>

namespace tg::layers::network {
namespace {

// The rule of a profile the input lacks: Calico's generated namespace profile allows everything.
class AnyConnection : public RuleMatcher {
 public:
  net::ConnectionSet match(const Endpoint&, const Endpoint&) const override { return net::ConnectionSet::all(); }
};

}  // namespace

void RuleMatcher::peerReaches(const NamespaceTable& namespaces, const PeerKind& kind, std::vector<char>& out) const {
  const auto& list = namespaces.cluster.namespaces;
  out.resize(list.size());
  for (size_t i = 0; i < list.size(); ++i) out[i] = static_cast<char>(peerReach(list[i], kind));
}

void addReach(const selector::LabelIndex::Set& set, PeerReach reach, std::vector<char>& out) {
  set.forEach([&](size_t i) { out[i] = static_cast<char>(anyOf(static_cast<PeerReach>(out[i]), reach)); });
}

void namedPortsVary(std::vector<char>& out) {
  for (char& c : out)
    if (c != static_cast<char>(PeerReach::None)) c = static_cast<char>(PeerReach::Varies);
}

net::ConnectionSet Decision::allowed() const {
  net::ConnectionSet out;
  for (const Segment& s : segments)
    if (s.allow) out.add(s.conns);
  return out;
}

const Segment* Decision::find(net::Protocol p, uint32_t port) const {
  for (const Segment& s : segments)
    if (s.conns.contains(p, port)) return &s;
  return nullptr;
}

void Program::addTier(Tier tier) {
  std::stable_sort(tier.policies.begin(), tier.policies.end(), [](const Policy& a, const Policy& b) {
    return a.order != b.order ? a.order < b.order : a.name < b.name;
  });
  TierIndex index;
  for (uint32_t i = 0; i < tier.policies.size(); ++i) {
    const std::string* ns = tier.policies[i].subject->onlyNamespace();
    (ns ? index.byNamespace[*ns] : index.anyNamespace).push_back(i);
  }
  auto pos = std::upper_bound(tiers_.begin(), tiers_.end(), tier,
                              [](const Tier& a, const Tier& b) { return a.order < b.order; });
  indexes_.insert(indexes_.begin() + (pos - tiers_.begin()), std::move(index));
  tiers_.insert(pos, std::move(tier));
}

void Program::setProfiles(std::vector<Policy> profiles) {
  profiles_.clear();
  for (Policy& p : profiles) {
    std::string name = p.name;
    profiles_.try_emplace(std::move(name), std::move(p));  // the first of a name wins
  }
  missingProfile_ = Policy{};
  missingProfile_.name = "(profile not in the input)";
  missingProfile_.ingress = missingProfile_.egress = true;
  missingProfile_.ref = {"Profile", "", missingProfile_.name, -1, "", {}};
  for (auto* rules : {&missingProfile_.ingressRules, &missingProfile_.egressRules})
    rules->push_back({RuleAction::Allow, std::make_unique<AnyConnection>(), missingProfile_.ref});
}

std::vector<const Policy*> Program::profilesOf(const Endpoint& self) const {
  std::vector<const Policy*> out;
  if (profiles_.empty() || !self.selectable()) return out;
  for (const std::string& name : self.workload->calicoProfileNames()) {
    auto it = profiles_.find(name);
    // An excluded profile (what-if: deleted) is one the input lacks.
    if (it == profiles_.end() || (exclusion_ && exclusion_->excludes(it->second.ref))) {
      // Calico generates `ksa.*` profiles without rules: nothing to decide.
      if (name.rfind("ksa.", 0) == 0) continue;
      out.push_back(&missingProfile_);
      break;  // it allows everything: later profiles never decide
    }
    out.push_back(&it->second);
  }
  return out;
}

void Program::evaluateProfiles(Direction dir, const Endpoint& src, const Endpoint& dst, const Endpoint& self,
                               net::ConnectionSet remaining, Decision& d) const {
  std::vector<const Policy*> profiles = profilesOf(self);
  for (const Policy* p : profiles) {
    net::ConnectionSet open = remaining;  // not yet decided inside this profile
    for (const Rule& r : dir == Direction::Ingress ? p->ingressRules : p->egressRules) {
      if (open.empty()) break;
      net::ConnectionSet m = r.matcher->match(src, dst).intersect(open);
      if (m.empty() || r.action == RuleAction::Log) continue;
      open = open.minus(m);
      if (r.action == RuleAction::Pass) continue;  // ends this profile for m: the next one decides
      remaining = remaining.minus(m);
      bool allow = r.action == RuleAction::Allow;
      d.segments.push_back({m, allow, {r.ref}, allow ? "allowed by profile rule" : "denied by profile rule"});
    }
  }
  if (remaining.empty()) return;
  Segment s{remaining, false, {}, ""};
  for (const Policy* p : profiles) s.decidedBy.push_back(p->ref);
  s.reason = profiles.empty() ? "the endpoint has no Calico profile" : "no rule of the endpoint's profiles allows it";
  d.segments.push_back(std::move(s));
}

std::vector<net::IpSet> Program::addressCuts(Direction dir) const {
  std::vector<net::IpSet> out;
  auto add = [&](const Policy& p) {
    for (const Rule& r : dir == Direction::Ingress ? p.ingressRules : p.egressRules) r.matcher->addressCuts(out);
  };
  for (const Tier& t : tiers_)
    for (const Policy& p : t.policies) add(p);
  for (const auto& [name, p] : profiles_) add(p);
  return out;
}

std::vector<const Policy*> Program::applicable(const Tier& tier, Direction dir, const Endpoint& self) const {
  static const std::vector<uint32_t> kNone;
  const TierIndex& index = indexes_[&tier - tiers_.data()];
  const std::vector<uint32_t>* bound = &kNone;
  if (self.workload) {
    auto it = index.byNamespace.find(self.workload->meta.ns);
    if (it != index.byNamespace.end()) bound = &it->second;
  }
  // Both lists are ascending positions: merging them keeps the tier's order.
  std::vector<const Policy*> out;
  const std::vector<uint32_t>& any = index.anyNamespace;
  auto a = bound->begin(), b = any.begin();
  while (a != bound->end() || b != any.end()) {
    uint32_t i = (b == any.end() || (a != bound->end() && *a < *b)) ? *a++ : *b++;
    const Policy& p = tier.policies[i];
    if (exclusion_ && exclusion_->excludes(p.ref)) continue;
    bool takesPart = dir == Direction::Ingress ? p.ingress : p.egress;
    if (takesPart && p.subject->matches(self)) out.push_back(&p);
  }
  return out;
}

Decision Program::evaluate(Direction dir, const Endpoint& src, const Endpoint& dst) const {
  const Endpoint& self = dir == Direction::Ingress ? dst : src;
  Decision d;
  net::ConnectionSet remaining = net::ConnectionSet::all();
  bool anyTierApplied = false;
  std::vector<Ref> passedThrough;  // policies that passed traffic on, for the final explanation

  for (const Tier& tier : tiers_) {
    if (remaining.empty()) break;
    std::vector<const Policy*> applicable = this->applicable(tier, dir, self);
    if (applicable.empty()) continue;  // a tier that does not select the endpoint is skipped
    anyTierApplied = true;

    net::ConnectionSet open = remaining;  // not yet decided inside this tier
    net::ConnectionSet passed;
    for (const Policy* p : applicable) {
      const auto& rules = dir == Direction::Ingress ? p->ingressRules : p->egressRules;
      for (const Rule& r : rules) {
        if (open.empty()) break;
        net::ConnectionSet m = r.matcher->match(src, dst).intersect(open);
        if (m.empty()) continue;
        switch (r.action) {
          case RuleAction::Log: continue;  // logs and goes on
          case RuleAction::Pass:
            passed.add(m);
            passedThrough.push_back(r.ref);
            break;
          case RuleAction::Allow:
          case RuleAction::Deny:
            d.segments.push_back({m, r.action == RuleAction::Allow, {r.ref},
                                  r.action == RuleAction::Allow ? "allowed by rule" : "denied by rule"});
            break;
        }
        open = open.minus(m);
      }
    }
    if (!open.empty()) {
      if (tier.end == TierEnd::Deny) {
        Segment s{open, false, {}, ""};
        for (const Policy* p : applicable) s.decidedBy.push_back(p->ref);
        s.reason = "selected by a policy of tier `" + tier.name + "` and no rule allows it";
        d.segments.push_back(std::move(s));
      } else {
        passed.add(open);
      }
    }
    remaining = passed;
  }

  // Calico profiles: for an endpoint without profiles (not a pod, or none in the input), the
  // namespace profile Calico generates allows.
  if (!remaining.empty() && !profiles_.empty() && self.selectable()) {
    evaluateProfiles(dir, src, dst, self, remaining, d);
    return d;
  }
  if (!remaining.empty()) {
    Segment s{remaining, true, passedThrough, ""};
    s.reason = anyTierApplied ? "passed on by every policy that applies; allowed by default"
                              : std::string("no policy selects the endpoint for ") + directionName(dir);
    d.segments.push_back(std::move(s));
  }
  return d;
}

}  // namespace tg::layers::network
