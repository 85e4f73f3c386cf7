// Differences between NCA's expected facts and tenantguard's that come from a semantic choice
// tenantguard makes on purpose (DESIGN §2), recognised so that they are not reported as wrong
// verdicts.
#pragma once

#include "comparison.h"

namespace tg::conformance::nca {

// Istio decides a port's protocol from the Service port that targets it (name prefix `http`,
// `tcp`, ... or appProtocol; a port nothing names is detected, and taken as HTTP). On a port
// declared TCP an ALLOW rule with HTTP-only fields (methods, paths, hosts) does not apply; NCA
// applies such rules to every TCP port. The difference shows as HTTP-restricted TCP ports that NCA
// allows and tenantguard does not, with everything else equal.
bool explainedByPortProtocol(const FactDiff& d);

}  // namespace tg::conformance::nca
