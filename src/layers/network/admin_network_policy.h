// AdminNetworkPolicy and BaselineAdminNetworkPolicy semantics, compiled into the network program:
// the ANPs form the first tier (priority order, lower first; a rule's Allow/Deny is final, Pass
// skips the remaining ANPs, no match goes on), the BANP forms the last tier, after every Calico
// tier and the NetworkPolicies, before the final allow.
#pragma once

#include <vector>

#include "layers/network/program.h"
#include "model/cluster.h"

namespace tg::layers::network {

// Both tiers; a tier without policies is left out.
std::vector<Tier> compileAdminNetworkPolicies(const model::Cluster& cluster);

}  // namespace tg::layers::network
