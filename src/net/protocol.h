// Transport protocols that carry ports. Everything else (ICMP, GRE, numbered protocols) is kept
// by protocol number in ConnectionSet without ports.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace tg::net {

enum class Protocol : uint8_t { TCP = 0, UDP = 1, SCTP = 2 };
inline constexpr int kPortProtocols = 3;

inline constexpr uint32_t kMinPort = 1;
inline constexpr uint32_t kMaxPort = 65535;

// IANA protocol numbers, used for Calico's numeric protocols.
inline constexpr uint32_t kIanaTcp = 6, kIanaUdp = 17, kIanaSctp = 132, kIanaIcmp = 1, kIanaIcmpv6 = 58;

std::string_view protocolName(Protocol p);
// Accepts TCP/UDP/SCTP in any case.
std::optional<Protocol> parseProtocol(std::string_view s);

}  // namespace tg::net
