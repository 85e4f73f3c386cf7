// Renders a Connectivity: txt (netpol-analyzer's connlist lines), json, csv, md, dot, mermaid
// (the graphs without tenant highlighting; see connectivity_graph.h for that and --by tenant).
#pragma once

#include <string>
#include <string_view>

#include "verify/connectivity.h"

namespace tg::report {

// Returns false for an unknown format.
bool isConnectivityFormat(std::string_view format);
std::string renderConnectivity(const verify::Connectivity& c, std::string_view format);

}  // namespace tg::report
