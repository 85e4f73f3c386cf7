// Shared services (TG050): a service every tenant may use must be reachable only by the tenants,
// on the ports, with the methods and on the paths the spec declares for it. Ports are checked
// exactly; methods and paths by probing the authorization layer with concrete requests just
// outside what is declared (a probe that gets through is a concrete counterexample).
#pragma once

#include <vector>

#include "tenant/tenancy.h"
#include "verify/finding.h"
#include "verify/half_cache.h"

namespace tg::verify {

// Pairs are judged through `halves` (over the layers that the probes ask): every tenant source
// meets each shared workload, and the sources of one class share their halves.
std::vector<Finding> checkSharedServices(HalfCache& halves, const tenant::Tenancy& tenancy);

}  // namespace tg::verify
