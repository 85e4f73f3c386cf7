// Reading tenantguard's conditional-authorization summaries (verify::Connection::authorization)
// as HTTP restrictions, so they compare with NCA's `methods:`/`paths:`/`hosts:` connections.
//
//   only when method GET|POST and path /a                  one summary for every TCP port
//   only when (method GET and path /a) or method POST      a union of restrictions
//   TCP 8080: only when method GET; TCP 9090: only when …  per port set
//
// A summary with anything else in it (negations, `all except when`, headers, JWT claims,
// addresses) has no NCA counterpart; it is kept as an opaque condition.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "facts.h"
#include "net/connection_set.h"

namespace tg::conformance::nca {

// The restrictions whose union a condition allows, or nullopt when it is not of the form
// "only when" + an OR of ANDs of method/path/host atoms.
std::optional<std::vector<HttpRestriction>> restrictionsOf(std::string_view condition);

// The connections of `conns` (allowed by tenantguard) under `summary`.
Conn conditionalConnections(const net::ConnectionSet& conns, std::string_view summary);

}  // namespace tg::conformance::nca
