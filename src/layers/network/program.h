// The network layer's compiled form. Every network policy kind — Kubernetes NetworkPolicy,
// Calico (Global)NetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy — compiles into
// tiers of ordered policies of ordered rules, which is Calico's own model and strict enough to
// express the others:
//
//   ANP tier (priority order, ends in Pass) → Calico tiers by order, with Kubernetes
//   NetworkPolicy inside tier `default` at order 1000 (ends in Deny) → BANP tier → Calico
//   profiles → allow.
//
// A tier only takes part for an endpoint when one of its policies selects it for the direction.
// Profiles take part only when the input has some (see setProfiles).
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "layers/endpoint.h"
#include "layers/exclusion.h"
#include "layers/peer_reach.h"
#include "layers/verdict.h"
#include "model/cluster.h"
#include "net/connection_set.h"
#include "selector/label_index.h"

namespace tg::layers::network {

// Does a policy select this endpoint (as the pod it protects)?
class EndpointMatcher {
 public:
  virtual ~EndpointMatcher() = default;
  virtual bool matches(const Endpoint& e) const = 0;
  // The one namespace whose endpoints it can select, if there is one: lets the program look only
  // at the policies that can apply to an endpoint instead of all of them.
  virtual const std::string* onlyNamespace() const { return nullptr; }
};

// The cluster's namespaces with their labels indexed, for rules that say at once how they see
// the peers of every namespace (RuleMatcher::peerReaches).
struct NamespaceTable {
  const model::Cluster& cluster;
  const selector::LabelIndex& labels;  // over cluster.namespaces, in order
};

// Which connections of the flow src→dst a rule matches (empty: the rule does not match).
// Named ports resolve against `dst`.
class RuleMatcher {
 public:
  virtual ~RuleMatcher() = default;
  virtual net::ConnectionSet match(const Endpoint& src, const Endpoint& dst) const = 0;
  // The address sets this rule distinguishes (ipBlock cidr and except, nets, networks): they
  // split the outside world into the external endpoints that connectivity reports.
  virtual void addressCuts(std::vector<net::IpSet>& out) const {}
  // How the rule sees the peers (sources of an ingress rule, destinations of an egress rule) of
  // `ns` that are of `kind`. Only rules that can say for sure override it.
  virtual PeerReach peerReach(const model::Namespace& ns, const PeerKind& kind) const { return PeerReach::Varies; }
  // peerReach for every namespace: out[i] for cluster.namespaces[i]. Rules whose namespace
  // selectors the index answers override it; the rest ask namespace by namespace.
  virtual void peerReaches(const NamespaceTable& namespaces, const PeerKind& kind, std::vector<char>& out) const;
};

// anyOf(out[i], reach) for every namespace i of `set`, as rules whose peers match when any does.
void addReach(const selector::LabelIndex::Set& set, PeerReach reach, std::vector<char>& out);
// Named ports resolve against the destination, which on an egress rule is the peer: wherever such
// a rule reaches, which peers it matches varies.
void namedPortsVary(std::vector<char>& out);

enum class RuleAction { Allow, Deny, Pass, Log };

struct Rule {
  RuleAction action = RuleAction::Allow;
  std::unique_ptr<const RuleMatcher> matcher;
  Ref ref;
};

struct Policy {
  std::string name;     // sort key inside equal orders
  double order = 0;
  std::unique_ptr<const EndpointMatcher> subject;
  bool ingress = false;  // takes part in ingress decisions for the endpoints it selects
  bool egress = false;
  std::vector<Rule> ingressRules;
  std::vector<Rule> egressRules;
  Ref ref;               // the object as a whole
};

enum class TierEnd { Deny, Pass };

struct Tier {
  std::string name;
  double order = 0;
  TierEnd end = TierEnd::Deny;  // what happens to traffic no rule of an applicable tier decided
  std::vector<Policy> policies;  // sorted by (order, name) by Program::add
};

// One piece of the connection space with its outcome; a Decision's segments are disjoint and
// together cover every connection.
struct Segment {
  net::ConnectionSet conns;
  bool allow = false;
  std::vector<Ref> decidedBy;
  std::string reason;
};

struct Decision {
  std::vector<Segment> segments;

  net::ConnectionSet allowed() const;
  // The segment holding protocol/port, or nullptr (only for an empty decision).
  const Segment* find(net::Protocol p, uint32_t port) const;
};

class Program {
 public:
  void addTier(Tier tier);  // sorts its policies
  const std::vector<Tier>& tiers() const { return tiers_; }

  // The decision for direction `dir` at the endpoint it protects (dst for ingress, src for egress).
  Decision evaluate(Direction dir, const Endpoint& src, const Endpoint& dst) const;

  // The policies of `tier` (one of tiers()) that select `self` for direction `dir`, in
  // evaluation order.
  std::vector<const Policy*> applicable(const Tier& tier, Direction dir, const Endpoint& self) const;

  // Calico profiles, compiled like policies (their `name` is the profile's name). What no tier
  // decided goes through the profiles the endpoint's list names, in the list's order: rules in
  // order, Allow/Deny decide, Log goes on, Pass ends that profile; what no profile decided is
  // denied. A listed profile the input lacks is taken as Calico generates it: `ksa.*` has no
  // rules; any other (`kns.*`, or a name tenantguard cannot know) allows everything, the
  // permissive assumption. Without profiles in the input, what no tier decided is allowed.
  void setProfiles(std::vector<Policy> profiles);
  // The profiles `self` goes through, in order (empty when the stage does not apply to it).
  std::vector<const Policy*> profilesOf(const Endpoint& self) const;

  // Every address set named by a rule of that direction, over all tiers and profiles.
  std::vector<net::IpSet> addressCuts(Direction dir) const;

  // Policies matching `*exclusion` take no part (null: none excluded). The exclusion is read at
  // every evaluation, so its owner can change it between evaluations.
  void setExclusion(const Exclusion* exclusion) { exclusion_ = exclusion; }

 private:
  // Per tier (same positions as tiers_): positions in its `policies` of those bound to one
  // namespace, by namespace, and of the rest.
  struct TierIndex {
    std::unordered_map<std::string, std::vector<uint32_t>> byNamespace;
    std::vector<uint32_t> anyNamespace;
  };

  // Decides `remaining` through self's profiles, adding the segments to `d`.
  void evaluateProfiles(Direction dir, const Endpoint& src, const Endpoint& dst, const Endpoint& self,
                        net::ConnectionSet remaining, Decision& d) const;

  std::vector<Tier> tiers_;  // by order
  std::vector<TierIndex> indexes_;
  std::unordered_map<std::string, Policy> profiles_;  // by name
  Policy missingProfile_;  // stands for a listed profile the input lacks: allows everything
  const Exclusion* exclusion_ = nullptr;
};

}  // namespace tg::layers::network
