// What an `istio-proxy` log line is. The container's output mixes access-log entries (JSON or
// text) with the proxy's own messages (pilot-agent: `TIME<TAB>level<TAB>scope...`, Envoy:
// `[TIME][thread][level]...`); the latter are not access logs and not errors either.
#pragma once

#include <string_view>

namespace tg::audit {

enum class LineKind { Blank, Json, Text, ProxyMessage, Unknown };

LineKind kindOf(std::string_view line);

}  // namespace tg::audit
