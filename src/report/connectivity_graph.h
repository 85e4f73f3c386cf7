// Graph renderings of a Connectivity: Graphviz dot and Mermaid flowcharts, per workload or per
// tenant (`--by tenant`: tenants, non-tenant namespaces and "External" as nodes, connections
// aggregated into one edge per ordered pair). With groups, cross-tenant edges are drawn red and
// thick.
#pragma once

#include <string>
#include <string_view>

#include "verify/connectivity.h"
#include "verify/tenant_graph.h"

namespace tg::report {

// format: "dot" or "mermaid". `groups` may be null (no highlighting); `byTenant` needs it.
std::string renderConnectivityGraph(const verify::Connectivity& c, const verify::ConnectivityGroups* groups,
                                    std::string_view format, bool byTenant);

}  // namespace tg::report
