// IP addresses and address sets, IPv4 and IPv6 in one space: an IPv4 address a.b.c.d is kept as
// the IPv4-mapped IPv6 address ::ffff:a.b.c.d, so one IntervalSet holds both families and an
// IPv6 CIDR never matches an IPv4 address (::/0 excludes the mapped block, as Kubernetes does).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "net/interval_set.h"

namespace tg::net {

using IpValue = unsigned __int128;
using IpSet = IntervalSet<IpValue>;

bool isIpv4(IpValue v);
IpSet ipv4Universe();
IpSet ipv6Universe();  // every IPv6 address that is not IPv4-mapped

std::optional<IpValue> parseIp(std::string_view text);
// "10.0.0.0/8", "fd00::/8"; a bare address is a /32 or /128. Host bits below the prefix are
// ignored, as the Kubernetes API does for ipBlock.
std::optional<IpSet> parseCidr(std::string_view text);

std::string formatIp(IpValue v);
// Each interval as "lo-hi" (netpol-analyzer's external peer form); joined by ','.
std::string formatIpRange(IpValue lo, IpValue hi);

// Splits `universe` into the coarsest disjoint ranges such that every set in `cuts` is a union
// of whole ranges. Used to turn ipBlocks into the external peers that connectivity prints.
std::vector<IpSet::Interval> atomize(const IpSet& universe, const std::vector<IpSet>& cuts);

}  // namespace tg::net
