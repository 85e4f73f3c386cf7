#include "layers/network/network_layer.h"

#include "layers/network/admin_network_policy.h"
#include "layers/network/calico_policy.h"
#include "layers/network/k8s_network_policy.h"

namespace tg::layers::network {

NetworkLayer::NetworkLayer(const model::Cluster& cluster, const Exclusion* exclusion) {
  program_.setExclusion(exclusion);
  Tier def;
  def.name = "default";
  // Calico gives its default tier order 1,000,000 (releases before the AdminNetworkPolicy tiers
  // left it without order, i.e. last); tiers ordered above it, or without order, come after it.
  def.order = 1e6;
  def.end = TierEnd::Deny;
  def.policies = compileNetworkPolicies(cluster);
  // Calico: default-tier policies share the tier with NetworkPolicy (order 1000); other tiers
  // by their order. Their nets and network-set nets reach the address cuts through the rules.
  CalicoProgram calico = compileCalicoPolicies(cluster);
  for (Policy& p : calico.defaultTier) def.policies.push_back(std::move(p));
  if (calico.defaultTierEnd) def.end = *calico.defaultTierEnd;
  program_.addTier(std::move(def));
  for (Tier& t : calico.tiers) program_.addTier(std::move(t));
  for (Tier& t : compileAdminNetworkPolicies(cluster)) program_.addTier(std::move(t));
  if (!calico.profiles.empty()) program_.setProfiles(std::move(calico.profiles));

}

DirectionalDecision NetworkLayer::decide(const Endpoint& src, const Endpoint& dst) const {
  return {program_.evaluate(Direction::Egress, src, dst), program_.evaluate(Direction::Ingress, src, dst)};
}

net::ConnectionSet NetworkLayer::allowed(const Endpoint& src, const Endpoint& dst) const {
  net::ConnectionSet eg = program_.evaluate(Direction::Egress, src, dst).allowed();
  if (eg.empty()) return eg;
  return eg.intersect(program_.evaluate(Direction::Ingress, src, dst).allowed());
}

Verdict NetworkLayer::verdict(const Endpoint& src, const Endpoint& dst, net::Protocol p, uint32_t port) const {
  DirectionalDecision d = decide(src, dst);
  const Segment* eg = d.egress.find(p, port);
  const Segment* in = d.ingress.find(p, port);
  Verdict v;
  bool egOk = eg && eg->allow, inOk = in && in->allow;
  v.verdict = egOk && inOk ? VerdictKind::Allow : VerdictKind::Deny;
  // A denial is explained by the direction(s) that deny; an allow by both.
  auto add = [&](const Segment* s, const char* dir) {
    if (!s) return;
    if (!v.reason.empty()) v.reason += "; ";
    v.reason += std::string(dir) + " " + (s->allow ? "allowed" : "denied") + ": " + s->reason;
    if (v.verdict == VerdictKind::Deny && s->allow) return;
    for (const Ref& r : s->decidedBy) v.decidedBy.push_back(r);
  };
  add(eg, "egress");
  add(in, "ingress");
  return v;
}

}  // namespace tg::layers::network
