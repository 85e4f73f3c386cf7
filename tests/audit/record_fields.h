// A parsed record as name → value for its non-empty fields, so that a test states every field
// it expects and sees any it did not.
#pragma once

#include <map>
#include <string>

#include "audit/log_record.h"

namespace tg::audit {

inline std::map<std::string, std::string> fieldsOf(const LogRecord& r) {
  static const std::pair<const char*, std::string_view LogRecord::*> kFields[] = {
      {"start_time", &LogRecord::startTime},
      {"method", &LogRecord::method},
      {"path", &LogRecord::path},
      {"response_flags", &LogRecord::responseFlags},
      {"response_code_details", &LogRecord::responseCodeDetails},
      {"connection_termination_details", &LogRecord::connectionTerminationDetails},
      {"authority", &LogRecord::authority},
      {"upstream_cluster", &LogRecord::upstreamCluster},
      {"upstream_host", &LogRecord::upstreamHost},
      {"downstream_local_address", &LogRecord::downstreamLocalAddress},
      {"downstream_remote_address", &LogRecord::downstreamRemoteAddress},
      {"requested_server_name", &LogRecord::requestedServerName},
      {"peer", &LogRecord::peerPrincipal},
      {"pod_name", &LogRecord::podName},
      {"pod_namespace", &LogRecord::podNamespace},
  };
  std::map<std::string, std::string> out;
  for (const auto& [name, field] : kFields)
    if (!(r.*field).empty()) out[name] = std::string(r.*field);
  if (r.responseCode) out["response_code"] = std::to_string(r.responseCode);
  return out;
}

}  // namespace tg::audit
