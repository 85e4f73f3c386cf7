#include "audit/outcome.h"

namespace tg::audit {
namespace {

// Response flags are a comma-separated list of short codes.
bool hasFlag(std::string_view flags, std::string_view flag) {
  while (!flags.empty()) {
    size_t comma = flags.find(',');
    if (flags.substr(0, comma) == flag) return true;
    if (comma == std::string_view::npos) break;
    flags.remove_prefix(comma + 1);
  }
  return false;
}

// UF: upstream connection failure; URX: connect attempts exhausted. The connection was never
// established, so the destination's proxy has no entry. (UC, a connection reset after it was
// established, is left out: the destination's proxy logged that connection itself.)
bool connectionFailed(const LogRecord& r) {
  if (r.responseCodeDetails == "via_upstream") return false;
  return hasFlag(r.responseFlags, "UF") || hasFlag(r.responseFlags, "URX");
}

Direction directionOf(const LogRecord& r, bool denied) {
  std::string_view c = r.upstreamCluster;
  if (c.starts_with("inbound|") || c.starts_with("InboundPassthrough")) return Direction::Inbound;
  if (c.starts_with("outbound|") || c == "PassthroughCluster" || c == "BlackHoleCluster") return Direction::Outbound;
  // A custom format without the cluster: RBAC denies only inbound, failed connects only outbound.
  return denied || !connectionFailed(r) ? Direction::Inbound : Direction::Outbound;
}

}  // namespace

Outcome classify(const LogRecord& r) {
  Outcome o;
  o.rbac = parseRbacDenial(r.responseCodeDetails);
  if (!o.rbac) o.rbac = parseRbacDenial(r.connectionTerminationDetails);
  o.direction = directionOf(r, o.rbac.has_value());
  if (o.rbac) o.verdict = Verdict::DeniedAuthorization;
  // Inbound, a failed connect is to the proxy's own application: the mesh had let it through.
  else if (o.direction == Direction::Inbound) o.verdict = Verdict::Allowed;
  else o.verdict = connectionFailed(r) ? Verdict::DeniedNetwork : Verdict::ClientCopy;
  return o;
}

}  // namespace tg::audit
