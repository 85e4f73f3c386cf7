// What one access-log entry says happened, and whose proxy said it.
//
// Each request between two sidecars is logged twice: outbound by the client's proxy and inbound
// by the server's. Authorization happens inbound, so the inbound entry is the one that decides
// (denied by RBAC, or it reached the application). The outbound entry only counts when the
// server never saw the request: the connection failed (UF, URX: a NetworkPolicy drop, a
// refused connection), so no inbound entry exists.
#pragma once

#include <optional>

#include "audit/log_record.h"
#include "audit/rbac_details.h"

namespace tg::audit {

enum class Direction { Inbound, Outbound };

enum class Verdict {
  Allowed,              // reached the destination application (whatever it answered)
  DeniedAuthorization,  // the destination proxy's RBAC filter (AuthorizationPolicy)
  DeniedNetwork,        // the connection never completed: network policy, mTLS mismatch, reset
  ClientCopy,           // outbound entry of a request the destination proxy logs itself
};

struct Outcome {
  Direction direction = Direction::Inbound;
  Verdict verdict = Verdict::Allowed;
  std::optional<RbacDenial> rbac;  // with DeniedAuthorization
};

Outcome classify(const LogRecord& r);

}  // namespace tg::audit
