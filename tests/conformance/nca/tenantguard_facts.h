// tenantguard's side of the comparison: every connection tenantguard allows, as facts.
#pragma once

#include "facts.h"
#include "model/cluster.h"

namespace tg::conformance::nca {

// Makes the model what NCA sees of the same input. NCA reads neither pod IPs nor hostNetwork:
// its ipBlocks never match pods, and it treats hostNetwork pods as ordinary pods that policies
// select. tenantguard does both on purpose (DESIGN §2), so the harness clears them to compare the
// policy semantics NCA does model.
void alignWithNca(model::Cluster& cluster);

// Facts from tenantguard's combined connectivity (every layer).
FactSet tenantguardFacts(const model::Cluster& cluster);

}  // namespace tg::conformance::nca
