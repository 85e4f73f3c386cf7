#include "net/protocol.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace tg::net {

std::string_view protocolName(Protocol p) {
  switch (p) {
    case Protocol::TCP: return "TCP";
    case Protocol::UDP: return "UDP";
    case Protocol::SCTP: return "SCTP";
  }
  return "?";
}

std::optional<Protocol> parseProtocol(std::string_view s) {
  std::string u(s);
  std::transform(u.begin(), u.end(), u.begin(), [](unsigned char c) { return std::toupper(c); });
  if (u == "TCP") return Protocol::TCP;
  if (u == "UDP") return Protocol::UDP;
  if (u == "SCTP") return Protocol::SCTP;
  return std::nullopt;
}

}  // namespace tg::net
