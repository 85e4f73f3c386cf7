#include "authz_server/xfcc.h"

#include <gtest/gtest.h>

namespace tg::authz {
namespace {

TEST(Xfcc, EnvoyElementWithQuotedSubject) {
  XfccParse p = parseXfcc(
      R"(By=spiffe://cluster.local/ns/shared/sa/logs;Hash=468ed33be74eee6556d90c0149c1309e9ba61d6425303443c0748a02dd8de688;Subject="/C=US/ST=CA/L=San Francisco/OU=Lyft/CN=Test Client";URI=spiffe://cluster.local/ns/tenant-acme/sa/web)");
  ASSERT_TRUE(p.ok()) << p.error;
  ASSERT_EQ(p.elements.size(), 1u);
  const XfccElement& e = p.elements[0];
  ASSERT_EQ(e.pairs.size(), 4u);
  EXPECT_EQ(e.values("by").at(0), "spiffe://cluster.local/ns/shared/sa/logs");
  EXPECT_EQ(e.values("subject").at(0), "/C=US/ST=CA/L=San Francisco/OU=Lyft/CN=Test Client");
  EXPECT_EQ(e.values("uri").at(0), "spiffe://cluster.local/ns/tenant-acme/sa/web");
}

TEST(Xfcc, QuotedValuesKeepSeparatorsAndEscapes) {
  XfccParse p = parseXfcc(R"(Subject="CN=a,O=b;c \"quoted\" back\\slash";URI=spiffe://td/ns/a/sa/b)");
  ASSERT_TRUE(p.ok()) << p.error;
  ASSERT_EQ(p.elements.size(), 1u);
  EXPECT_EQ(p.elements[0].values("subject").at(0), R"(CN=a,O=b;c "quoted" back\slash)");
}

TEST(Xfcc, SeveralElementsKeysCaseInsensitiveAndSpaces) {
  XfccParse p = parseXfcc("uri=spiffe://td/ns/x/sa/a; By=b1 , URI=spiffe://td/ns/y/sa/b;DNS=a.example;DNS=b.example");
  ASSERT_TRUE(p.ok()) << p.error;
  ASSERT_EQ(p.elements.size(), 2u);
  EXPECT_EQ(p.elements[0].values("uri").at(0), "spiffe://td/ns/x/sa/a");
  EXPECT_EQ(p.elements[0].values("by").at(0), "b1");
  EXPECT_EQ(p.elements[1].values("dns").size(), 2u);
  EXPECT_EQ(p.elements[1].values("hash").size(), 0u);
}

TEST(Xfcc, EmptyValuesAreValues) {
  XfccParse p = parseXfcc(R"(By=;Subject="";URI=spiffe://td/ns/a/sa/b)");
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_EQ(p.elements[0].values("by").at(0), "");
  EXPECT_EQ(p.elements[0].values("subject").at(0), "");
}

TEST(Xfcc, MalformedHeadersAreRejected) {
  for (const char* h : {"", "   ", "URI", "URI=a;", "=a", "URI=\"unterminated", "URI=a\"b", "URI=a=b",
                        "a=b,,c=d", ",", "a=b,", ",a=b", "URI=\"x\\n\"", "URI=\"x\\", "URI=x\\y", "URI=a b",
                        "UR I=a", "URI=\"a\"b", "URI=a\x01", "URI=a\x7f", "URI=\"a\r\nX-Injected: 1\""}) {
    XfccParse p = parseXfcc(h);
    EXPECT_FALSE(p.ok()) << "accepted: " << h;
    EXPECT_TRUE(p.elements.empty()) << h;
  }
}

TEST(Xfcc, LimitsAreEnforced) {
  std::string many;
  for (size_t i = 0; i <= kXfccMaxElements; ++i) many += (i ? "," : "") + std::string("URI=spiffe://td/ns/a/sa/b");
  EXPECT_FALSE(parseXfcc(many).ok());
  std::string wide = "URI=x";
  for (size_t i = 0; i < kXfccMaxPairs; ++i) wide += ";DNS=d";
  EXPECT_FALSE(parseXfcc(wide).ok());
  EXPECT_FALSE(parseXfcc("URI=" + std::string(kXfccMaxLength, 'a')).ok());
  EXPECT_TRUE(parseXfcc("URI=" + std::string(1000, 'a')).ok());
}

TEST(XfccPeer, TheLastElementIsTheVerifiedOne) {
  std::string error;
  // The client forged a first element claiming tenant globex; the sidecar appended the real one.
  auto peer = verifiedPeer(
      "URI=spiffe://cluster.local/ns/tenant-globex/sa/admin,"
      "By=spiffe://cluster.local/ns/shared-services/sa/metrics;URI=spiffe://cluster.local/ns/tenant-initech/sa/web",
      error);
  ASSERT_TRUE(peer.has_value()) << error;
  EXPECT_EQ(peer->uri, "spiffe://cluster.local/ns/tenant-initech/sa/web");
  EXPECT_EQ(peer->by, "spiffe://cluster.local/ns/shared-services/sa/metrics");
}

TEST(XfccPeer, LastElementWithoutOrWithSeveralUrisIsRejected) {
  std::string error;
  EXPECT_FALSE(verifiedPeer("URI=spiffe://td/ns/a/sa/b,By=spiffe://td/ns/s/sa/x;Hash=ab", error));
  EXPECT_NE(error.find("no URI"), std::string::npos) << error;
  error.clear();
  EXPECT_FALSE(verifiedPeer("URI=spiffe://td/ns/a/sa/b;URI=spiffe://td/ns/c/sa/d", error));
  EXPECT_NE(error.find("more than one URI"), std::string::npos) << error;
  error.clear();
  EXPECT_FALSE(verifiedPeer("URI=", error));
  error.clear();
  EXPECT_FALSE(verifiedPeer("By=a;By=b;URI=spiffe://td/ns/a/sa/b", error));
  error.clear();
  EXPECT_FALSE(verifiedPeer("URI=\"bad", error));
  EXPECT_NE(error.find("x-forwarded-client-cert"), std::string::npos);
}

}  // namespace
}  // namespace tg::authz
