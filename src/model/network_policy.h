// A Kubernetes NetworkPolicy (networking.k8s.io/v1), as declared. Semantics live in
// layers/network/k8s_network_policy.*; this is plain data with source lines for each rule.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/object.h"
#include "net/ip.h"
#include "net/protocol.h"
#include "selector/label_selector.h"

namespace tg::model {

// A port or port name; `endPort` turns a numeric port into the range port..endPort.
struct PolicyPort {
  net::Protocol protocol = net::Protocol::TCP;
  std::optional<uint32_t> number;  // absent with no name: every port of the protocol
  std::string name;                // named port, resolved against the destination pod
  std::optional<uint32_t> endPort;
  uint32_t line = 0;
};

struct IpBlock {
  std::string cidr;
  std::vector<std::string> except;
  net::IpSet addresses;  // cidr minus except
};

struct NetworkPolicyPeer {
  std::optional<selector::LabelSelector> podSelector;
  std::optional<selector::LabelSelector> namespaceSelector;
  std::optional<IpBlock> ipBlock;
  uint32_t line = 0;
};

struct NetworkPolicyRule {
  std::vector<NetworkPolicyPeer> peers;  // empty: every peer
  std::vector<PolicyPort> ports;         // empty: every port
  uint32_t line = 0;
};

struct NetworkPolicy {
  ObjectMeta meta;
  selector::LabelSelector podSelector;
  bool ingressIsolation = true;  // from policyTypes (inferred when absent)
  bool egressIsolation = false;
  std::vector<NetworkPolicyRule> ingress;
  std::vector<NetworkPolicyRule> egress;
};

}  // namespace tg::model
