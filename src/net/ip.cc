#include "net/ip.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <set>

namespace tg::net {
namespace {

constexpr IpValue kMappedPrefix = static_cast<IpValue>(0xffff) << 32;
constexpr IpValue kAllOnes = ~static_cast<IpValue>(0);

IpValue maskBits(int hostBits) {
  return hostBits >= 128 ? kAllOnes : ((static_cast<IpValue>(1) << hostBits) - 1);
}

}  // namespace

bool isIpv4(IpValue v) { return (v >> 32) == 0xffff; }

IpSet ipv4Universe() { return IpSet(kMappedPrefix, kMappedPrefix | 0xffffffffu); }

IpSet ipv6Universe() { return IpSet(0, kAllOnes).minus(ipv4Universe()); }

std::optional<IpValue> parseIp(std::string_view text) {
  std::string s(text);
  in_addr v4{};
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    return kMappedPrefix | static_cast<IpValue>(ntohl(v4.s_addr));
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
    IpValue v = 0;
    for (unsigned char b : v6.s6_addr) v = (v << 8) | b;
    return v;
  }
  return std::nullopt;
}

std::optional<IpSet> parseCidr(std::string_view text) {
  auto slash = text.find('/');
  auto addr = parseIp(text.substr(0, slash));
  if (!addr) return std::nullopt;
  bool v4 = isIpv4(*addr) && text.substr(0, slash).find(':') == std::string_view::npos;
  int width = v4 ? 32 : 128;
  int prefix = width;
  if (slash != std::string_view::npos) {
    auto digits = text.substr(slash + 1);
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (ec != std::errc() || p != digits.data() + digits.size() || prefix < 0 || prefix > width)
      return std::nullopt;
  }
  IpValue host = maskBits(width - prefix);
  IpValue lo = *addr & ~host;
  IpValue hi = lo | host;
  if (v4 && prefix == 0) return ipv4Universe();
  if (!v4 && prefix == 0) return ipv6Universe();
  IpSet s(lo, hi);
  return v4 ? s : s.minus(ipv4Universe());
}

std::string formatIp(IpValue v) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (isIpv4(v)) {
    in_addr a{};
    a.s_addr = htonl(static_cast<uint32_t>(v & 0xffffffffu));
    inet_ntop(AF_INET, &a, buf, sizeof buf);
  } else {
    in6_addr a{};
    for (int i = 15; i >= 0; --i) {
      a.s6_addr[i] = static_cast<unsigned char>(v & 0xff);
      v >>= 8;
    }
    inet_ntop(AF_INET6, &a, buf, sizeof buf);
  }
  return buf;
}

std::string formatIpRange(IpValue lo, IpValue hi) { return formatIp(lo) + "-" + formatIp(hi); }

std::vector<IpSet::Interval> atomize(const IpSet& universe, const std::vector<IpSet>& cuts) {
  // Every interval endpoint of every cut is a boundary; ranges between boundaries are atoms.
  std::set<IpValue> starts;
  for (const auto& u : universe.intervals()) starts.insert(u.lo);
  for (const IpSet& c : cuts)
    for (const auto& i : c.intervals()) {
      starts.insert(i.lo);
      if (i.hi != kAllOnes) starts.insert(i.hi + 1);
    }
  std::vector<IpSet::Interval> atoms;
  for (const auto& u : universe.intervals()) {
    auto it = starts.lower_bound(u.lo);
    while (it != starts.end() && *it <= u.hi) {
      IpValue lo = *it;
      auto next = std::next(it);
      IpValue hi = (next != starts.end() && *next <= u.hi) ? *next - 1 : u.hi;
      atoms.push_back({lo, hi});
      it = next;
    }
  }
  return atoms;
}

}  // namespace tg::net
