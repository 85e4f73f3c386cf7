// Calico policy objects (projectcalico.org/v3, also stored as crd.projectcalico.org/v1 with the
// same spec), as declared: NetworkPolicy, GlobalNetworkPolicy, Tier, NetworkSet, GlobalNetworkSet,
// Profile. (A WorkloadEndpoint is a pod: model/workload.h.)
// Staged* variants are recognised and counted, never enforced. Semantics live in
// layers/network/calico_policy.*; this is plain data with source lines for each rule.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/object.h"
#include "net/ip.h"
#include "selector/calico/selector.h"

namespace tg::model {

enum class CalicoAction { Allow, Deny, Log, Pass };

// A field the engine does not evaluate exactly (TG090); the layer assumes the more permissive
// outcome for it and says how in the compiled rule's comment.
struct CalicoUnmodelled {
  uint32_t line = 0;
  std::string what;  // e.g. "icmp type/code (matched as the whole protocol)"
};

// One entry of `ports`/`notPorts`: a number, a "first:last" range, or a named port (resolved
// against the destination workload's container ports).
struct CalicoPort {
  uint32_t first = 0;
  uint32_t last = 0;
  std::string name;  // non-empty: a named port (first/last unused)
};

// `serviceAccounts: {names, selector}`: the endpoint's service account has one of the names
// (any when empty) and its labels match the selector (any when absent).
struct CalicoServiceAccountMatch {
  std::vector<std::string> names;
  std::optional<selector::calico::Selector> selector;
};

// A rule's `source` or `destination`. Every field present must hold (AND).
struct CalicoEntityRule {
  std::optional<net::IpSet> nets;     // union of `nets`
  std::optional<net::IpSet> notNets;  // union of `notNets`
  std::vector<std::string> netsText;  // as written, for reports
  std::vector<std::string> notNetsText;
  std::optional<selector::calico::Selector> selector;
  std::optional<selector::calico::Selector> notSelector;
  std::optional<selector::calico::Selector> namespaceSelector;  // Scope::Namespace
  std::vector<CalicoPort> ports;
  std::vector<CalicoPort> notPorts;
  std::optional<CalicoServiceAccountMatch> serviceAccounts;
  uint32_t line = 0;  // 0 when the rule has no such field

  bool empty() const {
    return !nets && !notNets && !selector && !notSelector && !namespaceSelector && ports.empty() &&
           notPorts.empty() && !serviceAccounts;
  }
};

struct CalicoRule {
  CalicoAction action = CalicoAction::Allow;
  std::optional<uint32_t> protocol;     // IANA number (TCP 6, UDP 17, ICMP 1, ...)
  std::optional<uint32_t> notProtocol;
  bool icmp = false;                    // `icmp` or `notICMP` present (type/code not modelled)
  std::optional<int> ipVersion;         // 4 or 6
  bool http = false;                    // `http` match present (application layer, not modelled)
  CalicoEntityRule source;
  CalicoEntityRule destination;
  uint32_t line = 0;
};

struct CalicoPolicy {
  ObjectMeta meta;  // meta.ns is empty for a GlobalNetworkPolicy
  bool global = false;
  std::string tier = "default";
  std::optional<double> order;  // absent: after every policy that has one
  selector::calico::Selector selector = selector::calico::Selector::all();
  std::optional<selector::calico::Selector> namespaceSelector;       // GlobalNetworkPolicy only
  std::optional<selector::calico::Selector> serviceAccountSelector;  // over service account labels
  bool ingress = false;  // `types` (inferred when absent, see the decoder)
  bool egress = false;
  bool hostEndpointsOnly = false;  // doNotTrack or preDNAT: such policies never apply to pods
  std::vector<CalicoRule> ingressRules;
  std::vector<CalicoRule> egressRules;
  std::vector<CalicoUnmodelled> unmodelled;
};

struct CalicoTier {
  ObjectMeta meta;
  std::optional<double> order;  // absent: after every tier that has one
  bool defaultPass = false;     // spec.defaultAction: Pass (default Deny)
};

// NetworkSet (namespaced) and GlobalNetworkSet: labels for address ranges, so that rule
// selectors can name them.
struct CalicoNetworkSet {
  ObjectMeta meta;  // meta.ns is empty for a GlobalNetworkSet
  bool global = false;
  std::vector<std::string> netsText;
  net::IpSet nets;
};

// Profile: labels for the endpoints that name it in their profile list, and rules (deprecated by
// Calico, still enforced) that decide what no tier decided. Calico generates `kns.NAMESPACE`
// (allow everything, the namespace's labels as `pcns.*`) and `ksa.NAMESPACE.SERVICEACCOUNT` for
// Kubernetes pods; a dump may carry them.
struct CalicoProfile {
  ObjectMeta meta;  // cluster-scoped: meta.ns is empty
  Labels labelsToApply;
  std::vector<CalicoRule> ingressRules;
  std::vector<CalicoRule> egressRules;
  std::vector<CalicoUnmodelled> unmodelled;
};

struct CalicoObjects {
  std::vector<CalicoPolicy> policies;  // NetworkPolicy and GlobalNetworkPolicy
  std::vector<CalicoTier> tiers;
  std::vector<CalicoNetworkSet> networkSets;
  std::vector<CalicoProfile> profiles;
  std::map<std::string, size_t> staged;  // Staged* kinds: recognised and counted, never enforced

  const CalicoProfile* findProfile(const std::string& name) const;

  bool empty() const { return policies.empty() && tiers.empty() && networkSets.empty() && profiles.empty(); }
};

}  // namespace tg::model
