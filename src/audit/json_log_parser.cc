#include "audit/json_log_parser.h"

#include <charconv>

namespace tg::audit {
namespace {

using simdjson::ondemand::json_type;

// The field of `out` a key fills, or null for keys audit ignores. This runs for every key of
// every line, so it compares the raw key (no unescaping, no copy) after a switch on its first
// character; the keys audit reads have nothing to unescape.
std::string_view* fieldFor(simdjson::ondemand::raw_json_string key, LogRecord& out) {
  auto is = [&](std::string_view name) { return key.unsafe_is_equal(name); };
  switch (key.raw()[0]) {
    case 'a': return is("authority") ? &out.authority : nullptr;
    case 'c': return is("connection_termination_details") ? &out.connectionTerminationDetails : nullptr;
    case 'd':
      if (is("downstream_local_address")) return &out.downstreamLocalAddress;
      if (is("downstream_remote_address")) return &out.downstreamRemoteAddress;
      return is("downstream_peer_uri_san") ? &out.peerPrincipal : nullptr;
    case 'm': return is("method") ? &out.method : nullptr;
    case 'p':
      if (is("path")) return &out.path;
      if (is("pod_name")) return &out.podName;
      return is("pod_namespace") ? &out.podNamespace : nullptr;
    case 'r':
      if (is("response_flags")) return &out.responseFlags;
      if (is("response_code_details")) return &out.responseCodeDetails;
      return is("requested_server_name") ? &out.requestedServerName : nullptr;
    case 's':
      if (is("start_time")) return &out.startTime;
      return is("source_principal") ? &out.peerPrincipal : nullptr;
    case 'u':
      if (is("upstream_cluster")) return &out.upstreamCluster;
      return is("upstream_host") ? &out.upstreamHost : nullptr;
    default: return nullptr;
  }
}

// Istio's typed JSON logs response_code as a number; custom formats often as a string.
const char* readResponseCode(simdjson::ondemand::value& v, int& code) {
  json_type type;
  if (v.type().get(type)) return "response_code is not valid JSON";
  if (type == json_type::null) return nullptr;
  if (type == json_type::number) {
    int64_t n = 0;
    if (v.get_int64().get(n) || n < 0 || n > 999) return "response_code is not an HTTP status";
    code = static_cast<int>(n);
    return nullptr;
  }
  std::string_view s;
  if (v.get_string().get(s)) return "response_code is neither a number nor a string";
  s = logged(s);
  if (s.empty()) return nullptr;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), code);
  if (ec != std::errc{} || end != s.data() + s.size() || code < 0 || code > 999) return "response_code is not an HTTP status";
  return nullptr;
}

}  // namespace

const char* JsonLogParser::parse(std::string_view line, size_t capacity, LogRecord& out) {
  out.clear();
  simdjson::ondemand::document doc;
  if (parser_.iterate(line.data(), line.size(), capacity).get(doc)) return "not JSON";
  simdjson::ondemand::object obj;
  if (doc.get_object().get(obj)) return "not one JSON object";
  for (auto field : obj) {
    simdjson::ondemand::raw_json_string key;
    if (field.key().get(key)) return "invalid JSON key";
    simdjson::ondemand::value v;
    if (field.value().get(v)) return "invalid JSON value";
    if (key.unsafe_is_equal("response_code")) {
      if (const char* e = readResponseCode(v, out.responseCode)) return e;
      continue;
    }
    std::string_view* target = fieldFor(key, out);
    if (!target) continue;
    json_type type;
    if (v.type().get(type)) return "invalid JSON value";
    if (type == json_type::null) continue;
    std::string_view s;
    if (v.get_string().get(s)) return "an access-log field is not a string";
    *target = logged(s);
  }
  // On-Demand reads lazily: a second value after the object is still unread.
  const char* rest = nullptr;
  if (doc.current_location().get(rest) == simdjson::SUCCESS) return "not one JSON object";
  return nullptr;
}

}  // namespace tg::audit
