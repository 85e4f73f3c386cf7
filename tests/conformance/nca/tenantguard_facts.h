// tenantguard's side of the comparison: every connection tenantguard allows, as facts.
#pragma once

#include "facts.h"
#include "model/cluster.h"

namespace tg::conformance::nca {

// Makes the model what NCA sees of the same input:
// - NCA reads neither pod IPs nor hostNetwork: its ipBlocks never match pods, and hostNetwork pods
//   are ordinary pods that policies select. tenantguard does both on purpose (DESIGN §2).
// - NCA applies Istio policies to every pod, as if every pod had a sidecar; tenantguard decides
//   mesh membership from injection labels and containers. Every workload gets an `istio-proxy`
//   container (without Istio policies in the input this changes nothing).
// The harness aligns these so that the comparison covers the policy semantics NCA does model.
void alignWithNca(model::Cluster& cluster);

// Facts from tenantguard's combined connectivity: network, mtls and authorization layers, with
// conditional authorization as HTTP restrictions.
FactSet tenantguardFacts(const model::Cluster& cluster);

}  // namespace tg::conformance::nca
