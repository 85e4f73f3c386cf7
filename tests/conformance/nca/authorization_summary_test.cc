#include "authorization_summary.h"

#include <gtest/gtest.h>

namespace tg::conformance::nca {
namespace {

using net::ConnectionSet;
using net::PortSet;
using net::Protocol;

HttpRestriction http(std::vector<std::string> methods, std::vector<std::string> paths = {}) {
  HttpRestriction r;
  r.methods = std::move(methods);
  r.paths = std::move(paths);
  return r;
}

TEST(AuthorizationSummary, ConjunctionsAndUnions) {
  auto r = restrictionsOf("only when method POST|GET and path /a");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0], http({"GET", "POST"}, {"/a"}));

  r = restrictionsOf("only when (method GET and path /a) or method POST");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0], http({"GET"}, {"/a"}));
  EXPECT_EQ((*r)[1], http({"POST"}));

  r = restrictionsOf("only when path /a and (method GET or method PUT)");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[1], http({"PUT"}, {"/a"}));
}

TEST(AuthorizationSummary, OtherConditionsAreNotMapped) {
  EXPECT_FALSE(restrictionsOf("all except when method GET"));
  EXPECT_FALSE(restrictionsOf("only when not method GET"));
  EXPECT_FALSE(restrictionsOf("only when method not GET"));
  EXPECT_FALSE(restrictionsOf("only when header x-user: a"));
}

TEST(AuthorizationSummary, PerPortSummaries) {
  ConnectionSet conns = ConnectionSet::allPorts(Protocol::TCP).unite(ConnectionSet::allPorts(Protocol::UDP));
  Conn c = conditionalConnections(conns, "TCP 8080: only when method GET; TCP 9000-9001: all except when path /x");
  Conn expected(ConnectionSet::allPorts(Protocol::UDP));
  expected.add(Conn(ConnectionSet::ports(Protocol::TCP, PortSet(1, 8079).unite(PortSet(8081, 8999)).unite(PortSet(9002, 65535)))));
  expected.add(Conn(ConnectionSet::ports(Protocol::TCP, PortSet(8080, 8080)), http({"GET"})));
  HttpRestriction opaque;
  opaque.condition = "all except when path /x";
  expected.add(Conn(ConnectionSet::ports(Protocol::TCP, PortSet(9000, 9001)), opaque));
  EXPECT_EQ(c, expected);
}

TEST(AuthorizationSummary, OneSummaryForEveryTcpPort) {
  ConnectionSet conns = ConnectionSet::ports(Protocol::TCP, PortSet(80, 80));
  EXPECT_EQ(conditionalConnections(conns, "only when method GET"), Conn(conns, http({"GET"})));
}

}  // namespace
}  // namespace tg::conformance::nca
