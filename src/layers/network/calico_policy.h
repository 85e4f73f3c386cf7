// Calico NetworkPolicy and GlobalNetworkPolicy (projectcalico.org/v3), compiled into the network
// program (DESIGN §2 "Calico"):
//
//   - tiers by `order` (missing = last, ties by name); a tier takes part for an endpoint only
//     when one of its policies selects it for the direction; then traffic no rule decided gets
//     the tier's defaultAction (Deny unless the Tier says Pass);
//   - policies by `order` (missing = last, ties by name); rules in order: Allow/Deny decide,
//     Log goes on, Pass jumps to the next tier;
//   - policies of tier `default` join Kubernetes NetworkPolicy (order 1000) in one tier, so a
//     default-tier Pass below 1000 skips the NetworkPolicies and a default-tier policy above
//     1000 never sees traffic a NetworkPolicy decided.
//
//   - Profiles (rules deprecated, still enforced) decide what no tier decided, after the BANP
//     tier: see Program::setProfiles.
//
// Endpoints as Calico sees them: a pod carries its labels plus `projectcalico.org/namespace`,
// `projectcalico.org/orchestrator: k8s`, `projectcalico.org/serviceaccount` and its namespace's
// and service account's labels as `pcns.*` / `pcsa.*`; namespaces are matched through
// `namespaceSelector` on their labels plus `projectcalico.org/name`; an address inside a
// (Global)NetworkSet carries that set's labels. See calico_policy.cc for what is approximated.
#pragma once

#include <optional>
#include <vector>

#include "layers/network/program.h"
#include "model/cluster.h"

namespace tg::layers::network {

// Ref::kind of what a Calico policy decided ("NetworkPolicy" alone is the Kubernetes kind).
inline constexpr const char* kCalicoNetworkPolicyKind = "CalicoNetworkPolicy";
inline constexpr const char* kGlobalNetworkPolicyKind = "GlobalNetworkPolicy";
inline constexpr const char* kProfileKind = "Profile";
inline constexpr const char* kDefaultTier = "default";

struct CalicoProgram {
  std::vector<Policy> defaultTier;        // to merge into tier `default` beside NetworkPolicies
  std::optional<TierEnd> defaultTierEnd;  // when a Tier `default` is declared
  std::vector<Tier> tiers;                // every other tier, sorted by (order, name)
  std::vector<Policy> profiles;           // for Program::setProfiles
};

// The matchers keep references into `cluster`, which must outlive the program.
CalicoProgram compileCalicoPolicies(const model::Cluster& cluster);

// The labels Calico's selectors see on a pod (see above), with the labelsToApply of the profiles
// its list names; `ns`/`sa` may be null.
model::Labels calicoPodLabels(const model::Workload& w, const model::Namespace* ns, const model::ServiceAccount* sa,
                              const model::CalicoObjects& calico);

}  // namespace tg::layers::network
