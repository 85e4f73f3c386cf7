// AdminNetworkPolicy and BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1), as
// declared: cluster-scoped policies set by administrators that tenants cannot override.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/object.h"
#include "net/ip.h"
#include "net/protocol.h"
#include "selector/label_selector.h"

namespace tg::model {

// Pods in namespaces matching `namespaces`, or pods matching both selectors of `pods`.
struct AnpPodSet {
  selector::LabelSelector namespaceSelector;
  std::optional<selector::LabelSelector> podSelector;  // absent: every pod of those namespaces
};

struct AnpPeer {
  std::optional<AnpPodSet> pods;
  std::optional<selector::LabelSelector> nodes;  // not modelled (no Node objects)
  std::vector<std::string> networks;             // CIDRs, egress only
  net::IpSet networkAddresses;
  uint32_t line = 0;
};

struct AnpPort {
  enum class Kind { Number, Range, Named } kind = Kind::Number;
  net::Protocol protocol = net::Protocol::TCP;
  uint32_t start = 0, end = 0;  // Number: start == end
  std::string name;
  uint32_t line = 0;
};

struct AnpRule {
  std::string name;
  std::string action;  // Allow, Deny, Pass (Pass only in AdminNetworkPolicy)
  std::vector<AnpPeer> peers;
  std::optional<std::vector<AnpPort>> ports;  // absent: every port
  uint32_t line = 0;
};

struct AdminNetworkPolicy {
  ObjectMeta meta;
  bool baseline = false;  // BaselineAdminNetworkPolicy
  int priority = 0;       // AdminNetworkPolicy only; lower first
  AnpPodSet subject;
  std::vector<AnpRule> ingress;
  std::vector<AnpRule> egress;
};

}  // namespace tg::model
