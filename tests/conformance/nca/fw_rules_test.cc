#include "fw_rules.h"

#include <gtest/gtest.h>

namespace tg::conformance::nca {
namespace {

using net::ConnectionSet;
using net::PortSet;
using net::Protocol;

TEST(ParseConnection, AllAndPorts) {
  EXPECT_EQ(parseConnection("All connections"), Conn(ConnectionSet::all()));
  EXPECT_EQ(parseConnection("{protocols:TCP,dst_ports:80}"), Conn(ConnectionSet::ports(Protocol::TCP, PortSet(80, 80))));
  EXPECT_EQ(parseConnection("{protocols:UDP,dst_ports:53, 100-200}"),
            Conn(ConnectionSet::ports(Protocol::UDP, PortSet(53, 53).unite(PortSet(100, 200)))));
  EXPECT_EQ(parseConnection("{protocols:TCP, UDP}"),
            Conn(ConnectionSet::allPorts(Protocol::TCP).unite(ConnectionSet::allPorts(Protocol::UDP))));
}

TEST(ParseConnection, HttpAttributes) {
  HttpRestriction http;
  http.methods = {"GET", "POST"};
  http.paths = {"/a", "/b"};
  // Without `protocols`, ports are of every port protocol; sections narrow them to TCP.
  ConnectionSet l4;
  for (auto p : {Protocol::TCP, Protocol::UDP, Protocol::SCTP}) l4.add(ConnectionSet::ports(p, PortSet(8080, 8080)));
  EXPECT_EQ(parseConnection("{dst_ports:8080,methods:POST, GET,paths:/b, /a}"), Conn(l4, http));
}

TEST(ParseConnection, RejectsUnknownFields) {
  EXPECT_THROW(parseConnection("{src_ports:80}"), ExpectedOutputError);
  EXPECT_THROW(parseConnection("TCP 80"), ExpectedOutputError);
}

TEST(ParseExpectedOutput, FwRulesSections) {
  const char* text =
      "For connections of type TCP, final fw rules for query: q, config: c1:\n"
      "src: 0.0.0.0/0 dst_ns: [default] dst_pods: [*] conn: All connections\n"
      "src_ns: [default] src_pods: [app in (a,b)] dst: api.example.com conn: {dst_ports:443}\n"
      "\n"
      "For connections of type non-TCP, final fw rules for query: q, config: c1:\n"
      "src_ns: [default,prod] src_pods: [web, api] dst_ns: [prod] dst_pods: [db] conn: All connections\n"
      "\n"
      "final fw rules for query: q, config: c2/ns/policy:\n";
  auto out = parseExpectedOutput(text, OutputFormat::FwRules);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].config, "c1");
  EXPECT_EQ(out[1].config, "c2/ns/policy");
  EXPECT_TRUE(out[1].rules.empty());
  ASSERT_EQ(out[0].rules.size(), 3u);

  const FwRule& external = out[0].rules[0];
  EXPECT_EQ(external.src.kind, RulePeer::Kind::Addresses);
  EXPECT_EQ(external.dst.namespaces, std::vector<std::string>{"default"});
  EXPECT_EQ(external.dst.pods.kind, PodSelection::Kind::All);
  EXPECT_EQ(external.conn, Conn(ConnectionSet::allPorts(Protocol::TCP)));  // the TCP section

  const FwRule& dns = out[0].rules[1];
  EXPECT_EQ(dns.src.pods.kind, PodSelection::Kind::Labels);
  EXPECT_EQ(dns.dst.kind, RulePeer::Kind::DnsName);
  EXPECT_EQ(dns.dst.text, "api.example.com");

  const FwRule& names = out[0].rules[2];
  EXPECT_EQ(names.src.pods.names, (std::vector<std::string>{"web", "api"}));
  EXPECT_EQ(names.conn, Conn(ConnectionSet::all().minus(ConnectionSet::allPorts(Protocol::TCP))));
}

TEST(ParseExpectedOutput, ConnectionList) {
  const char* text =
      "TCP Connections:\n"
      "0.0.0.0-9.255.255.255 => default/web[Deployment] : All connections\n"
      "default/web[Deployment] => kube-system/dns[Pod] : {protocols:UDP,dst_ports:53}\n";
  auto out = parseExpectedOutput(text, OutputFormat::Connlist);
  ASSERT_EQ(out.size(), 1u);
  ASSERT_EQ(out[0].rules.size(), 2u);
  EXPECT_EQ(out[0].rules[0].src.kind, RulePeer::Kind::Addresses);
  EXPECT_EQ(out[0].rules[0].dst.namespaces, std::vector<std::string>{"default"});
  EXPECT_EQ(out[0].rules[0].dst.pods.names, std::vector<std::string>{"web"});
  EXPECT_TRUE(out[0].rules[1].conn.empty());  // UDP in the TCP section
}

TEST(ParseExpectedOutput, ReportsTheLine) {
  try {
    parseExpectedOutput("final fw rules for query: q, config: c:\nsrc_ns: [a] oops\n", OutputFormat::FwRules);
    FAIL() << "no error";
  } catch (const ExpectedOutputError& e) {
    EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace tg::conformance::nca
