#include "facts.h"

#include <gtest/gtest.h>

#include "comparison.h"

namespace tg::conformance::nca {
namespace {

using net::ConnectionSet;
using net::PortSet;
using net::Protocol;

Peer range(const char* cidr) {
  auto set = net::parseCidr(cidr);
  return Peer::addresses(set->intervals().front().lo, set->intervals().front().hi);
}

Peer workload(const char* ns, const char* name) {
  model::Workload w;
  w.meta.ns = ns;
  w.meta.name = name;
  w.meta.kind = "Deployment";
  return Peer::workload(w);
}

TEST(Conn, UnrestrictedAbsorbsRestricted) {
  HttpRestriction get;
  get.methods = {"GET"};
  Conn c(ConnectionSet::ports(Protocol::TCP, PortSet(80, 90)), get);
  c.add(Conn(ConnectionSet::ports(Protocol::TCP, PortSet(85, 100))));
  Conn expected(ConnectionSet::ports(Protocol::TCP, PortSet(85, 100)));
  expected.add(Conn(ConnectionSet::ports(Protocol::TCP, PortSet(80, 84)), get));
  EXPECT_EQ(c, expected);
  EXPECT_TRUE(c.hasHttpRestrictions());
  EXPECT_FALSE(Conn(ConnectionSet::all()).hasHttpRestrictions());
}

TEST(FactSet, IgnoresSelfConnections) {
  FactSet f;
  f.add(workload("a", "web"), workload("a", "web"), Conn(ConnectionSet::all()));
  EXPECT_TRUE(f.facts().empty());
}

// NCA's `0.0.0.0/0` and tenantguard's ranges split by policies are the same addresses.
TEST(CompareFacts, SplitsExternalRanges) {
  FactSet nca, tg;
  Conn all(ConnectionSet::all());
  nca.add(range("0.0.0.0/0"), workload("a", "web"), all);
  tg.add(range("0.0.0.0/1"), workload("a", "web"), all);
  tg.add(range("128.0.0.0/1"), workload("a", "web"), all);
  EXPECT_TRUE(compareFacts(nca, tg).diffs.empty());

  FactSet partial;
  partial.add(range("0.0.0.0/1"), workload("a", "web"), all);
  Comparison c = compareFacts(nca, partial);
  ASSERT_EQ(c.diffs.size(), 1u);
  EXPECT_EQ(c.diffs[0].src, range("128.0.0.0/1"));
  EXPECT_TRUE(c.diffs[0].actual.empty());
}

// IPv6 counts only when both sides name it.
TEST(CompareFacts, Ipv6OnlyWhenBothNameIt) {
  FactSet nca, tg;
  Conn all(ConnectionSet::all());
  nca.add(workload("a", "web"), range("0.0.0.0/0"), all);
  nca.add(workload("a", "web"), range("::/0"), all);
  tg.add(workload("a", "web"), range("0.0.0.0/0"), all);
  EXPECT_TRUE(compareFacts(nca, tg).diffs.empty());
}

TEST(CompareFacts, ReportsDifferentConnections) {
  FactSet nca, tg;
  nca.add(workload("a", "web"), workload("a", "db"), Conn(ConnectionSet::ports(Protocol::TCP, PortSet(5432, 5432))));
  tg.add(workload("a", "web"), workload("a", "db"), Conn(ConnectionSet::all()));
  Comparison c = compareFacts(nca, tg);
  ASSERT_EQ(c.diffs.size(), 1u);
  EXPECT_EQ(c.diffs[0].expected.str(), "TCP 5432");
}

}  // namespace
}  // namespace tg::conformance::nca
