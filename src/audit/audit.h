// `tenantguard audit`: reads Envoy/Istio access logs and reports cross-tenant denials (grouped by
// source, destination and policy) and cross-tenant requests that got through without being
// declared (alerts).
//
//   AuditResult r = runAudit({"proxy.log.gz", "-"}, cluster, tenancy, options);
//
// Inputs are streamed; a malformed line is counted (the first few listed with their line) and
// reading goes on.
#pragma once

#include <string>
#include <vector>

#include "audit/report.h"
#include "model/cluster.h"
#include "tenant/tenancy.h"

namespace tg::audit {

AuditResult runAudit(const std::vector<std::string>& logs, const model::Cluster& cluster, const tenant::Tenancy& tenancy,
                     const AuditOptions& options);

}  // namespace tg::audit
