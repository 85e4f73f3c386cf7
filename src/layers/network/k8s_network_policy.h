// Kubernetes NetworkPolicy semantics, compiled into the network program: each NetworkPolicy is a
// policy of tier `default` at order 1000 whose rules only allow; selecting a pod for a direction
// isolates it (the tier ends in Deny).
#pragma once

#include <vector>

#include "layers/network/program.h"
#include "model/cluster.h"

namespace tg::layers::network {

inline constexpr double kNetworkPolicyOrder = 1000;

std::vector<Policy> compileNetworkPolicies(const model::Cluster& cluster);

// Does a NetworkPolicy peer (in a policy of namespace `policyNs`) match the endpoint?
bool peerMatches(const model::NetworkPolicyPeer& peer, const std::string& policyNs, const Endpoint& e);

// The connections a rule's `ports` list allows towards `dst` (named ports resolve against its
// container ports; an unresolvable name matches nothing).
net::ConnectionSet portsToConnections(const std::vector<model::PolicyPort>& ports, const Endpoint& dst);

}  // namespace tg::layers::network
