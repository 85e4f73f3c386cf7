#include "net/connection_set.h"

#include <gtest/gtest.h>

namespace tg::net {
namespace {

TEST(ConnectionSet, PrintsLikeNetpolAnalyzer) {
  EXPECT_EQ(ConnectionSet::all().toString(), "All Connections");
  ConnectionSet c = ConnectionSet::ports(Protocol::TCP, PortSet(80, 80))
                        .unite(ConnectionSet::ports(Protocol::UDP, PortSet(53, 53)))
                        .unite(ConnectionSet::ports(Protocol::SCTP, PortSet(1, 9002)));
  EXPECT_EQ(c.toString(), "SCTP 1-9002,TCP 80,UDP 53");
}

TEST(ConnectionSet, AllMinusOnePortListsTheRest) {
  ConnectionSet c = ConnectionSet::all().minus(ConnectionSet::ports(Protocol::UDP, PortSet(5353, 5353)));
  EXPECT_FALSE(c.isAll());
  EXPECT_EQ(c.toString(), "SCTP 1-65535,TCP 1-65535,UDP 1-5352,5354-65535");
  EXPECT_FALSE(c.contains(Protocol::UDP, 5353));
  EXPECT_TRUE(c.contains(Protocol::TCP, 5353));
}

TEST(ConnectionSet, SctpIsDistinctFromTcp) {
  ConnectionSet tcp = ConnectionSet::ports(Protocol::TCP, PortSet(80, 80));
  EXPECT_FALSE(tcp.contains(Protocol::SCTP, 80));
  EXPECT_TRUE(tcp.intersect(ConnectionSet::allPorts(Protocol::SCTP)).empty());
}

TEST(ConnectionSet, ProtocolNumbersMapToPortProtocols) {
  EXPECT_EQ(ConnectionSet::protocolNumber(6), ConnectionSet::allPorts(Protocol::TCP));
  ConnectionSet icmp = ConnectionSet::protocolNumber(1);
  EXPECT_EQ(icmp.toString(), "ICMP");
  EXPECT_EQ(ConnectionSet::allPorts(Protocol::TCP).unite(icmp).toString(), "TCP 1-65535,ICMP");
  EXPECT_TRUE(ConnectionSet::all().intersect(icmp) == icmp);
}

}  // namespace
}  // namespace tg::net
