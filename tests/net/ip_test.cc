#include "net/ip.h"

#include <gtest/gtest.h>

namespace tg::net {
namespace {

std::string ranges(const IpSet& s) {
  std::string out;
  for (const auto& i : s.intervals()) out += (out.empty() ? "" : ",") + formatIpRange(i.lo, i.hi);
  return out;
}

TEST(Ip, ParsesAndFormatsBothFamilies) {
  EXPECT_EQ(formatIp(*parseIp("10.1.2.3")), "10.1.2.3");
  EXPECT_EQ(formatIp(*parseIp("fd00::1")), "fd00::1");
  EXPECT_FALSE(parseIp("10.1.2"));
  EXPECT_FALSE(parseIp("nope"));
}

TEST(Ip, CidrIsARangeAndIgnoresHostBits) {
  EXPECT_EQ(ranges(*parseCidr("10.0.0.0/8")), "10.0.0.0-10.255.255.255");
  EXPECT_EQ(ranges(*parseCidr("10.1.2.3/24")), "10.1.2.0-10.1.2.255");
  EXPECT_EQ(ranges(*parseCidr("0.0.0.0/0")), "0.0.0.0-255.255.255.255");
  EXPECT_FALSE(parseCidr("10.0.0.0/33"));
  EXPECT_FALSE(parseCidr("10.0.0.0/x"));
}

TEST(Ip, Ipv6AnyDoesNotMatchIpv4) {
  IpSet all6 = *parseCidr("::/0");
  EXPECT_FALSE(all6.contains(*parseIp("10.0.0.1")));
  EXPECT_TRUE(all6.contains(*parseIp("2001:db8::1")));
}

TEST(Ip, CidrMinusExceptIsDisjointRanges) {
  IpSet s = parseCidr("10.0.0.0/8")->minus(*parseCidr("10.1.0.0/16"));
  EXPECT_EQ(ranges(s), "10.0.0.0-10.0.255.255,10.2.0.0-10.255.255.255");
}

TEST(Ip, AtomizeSplitsUniverseByEveryCut) {
  auto atoms = atomize(ipv4Universe(), {*parseCidr("10.0.0.0/8"), *parseCidr("10.1.0.0/16")});
  std::vector<std::string> got;
  for (const auto& a : atoms) got.push_back(formatIpRange(a.lo, a.hi));
  EXPECT_EQ(got, (std::vector<std::string>{"0.0.0.0-9.255.255.255", "10.0.0.0-10.0.255.255",
                                           "10.1.0.0-10.1.255.255", "10.2.0.0-10.255.255.255",
                                           "11.0.0.0-255.255.255.255"}));
}

}  // namespace
}  // namespace tg::net
