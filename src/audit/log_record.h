// One Envoy access-log entry as `istio-proxy` writes it, with only the fields audit reads. Every
// field views the line buffer or the parser's string buffer, so a record is valid until the next
// line is parsed: nothing is allocated per line. An empty view means "not logged" (Envoy's `-`).
#pragma once

#include <string_view>

namespace tg::audit {

struct LogRecord {
  std::string_view startTime;  // RFC 3339 in UTC, e.g. 2024-05-01T10:00:00.123Z
  std::string_view method, path;
  int responseCode = 0;        // 0: no HTTP response (TCP, or the connection failed)
  std::string_view responseFlags;               // e.g. "UF,URX"
  std::string_view responseCodeDetails;         // e.g. rbac_access_denied_matched_policy[none]
  std::string_view connectionTerminationDetails;
  std::string_view authority;
  std::string_view upstreamCluster;             // inbound|8080||  or  outbound|8080||svc.ns.svc.cluster.local
  std::string_view upstreamHost;                // ip:port
  std::string_view downstreamLocalAddress;      // ip:port
  std::string_view downstreamRemoteAddress;     // ip:port
  std::string_view requestedServerName;         // SNI: outbound_.8080_._.svc.ns.svc.cluster.local
  std::string_view peerPrincipal;               // spiffe://TD/ns/NS/sa/SA (downstream_peer_uri_san)
  std::string_view podName, podNamespace;       // the logging pod: kubectl prefix or custom keys

  void clear() { *this = LogRecord{}; }
};

// Envoy writes "-" for a value it does not have.
inline std::string_view logged(std::string_view v) { return v == "-" ? std::string_view{} : v; }

}  // namespace tg::audit
