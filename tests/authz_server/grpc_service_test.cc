// Real gRPC calls to envoy.service.auth.v3.Authorization/Check on 127.0.0.1 (ephemeral port).
#include "authz_server/grpc_service.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <grpcpp/grpcpp.h>

#include <random>

#include "authz_server/authz_fixture.h"
#include "envoy/service/auth/v3/external_auth.grpc.pb.h"

namespace tg::authz {
namespace {

namespace pb = envoy::service::auth::v3;
using testing::kLogHost;
using testing::kMetricsHost;
using testing::principal;

pb::CheckRequest request(const std::string& source, const std::string& method, const std::string& path,
                         const std::string& host) {
  pb::CheckRequest r;
  auto* attrs = r.mutable_attributes();
  attrs->mutable_source()->set_principal(source);
  auto* http = attrs->mutable_request()->mutable_http();
  http->set_method(method);
  http->set_path(path);
  http->set_host(host);
  (*http->mutable_headers())[":authority"] = host;
  (*http->mutable_headers())[":method"] = method;
  (*http->mutable_headers())[":path"] = path;
  return r;
}

// Sends raw bytes to 127.0.0.1:port and reads until the peer closes or 2 s pass.
void sendGarbage(int port, const std::string& bytes) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  (void)!::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  char buf[4096];
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    if (::recv(fd, buf, sizeof buf, 0) <= 0) break;
  }
  ::close(fd);
}

class GrpcServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    ASSERT_TRUE(server_.start("127.0.0.1:0", error)) << error;
    ASSERT_GT(server_.port(), 0);
    channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(server_.port()), grpc::InsecureChannelCredentials());
    stub_ = pb::Authorization::NewStub(channel_);
  }

  pb::CheckResponse call(const pb::CheckRequest& r) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    pb::CheckResponse response;
    grpc::Status status = stub_->Check(&ctx, r, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();  // decisions are never gRPC errors
    return response;
  }

  testing::LogCapture logs_;
  std::shared_ptr<const Policy> policy_ = testing::policy();
  Metrics metrics_;
  DecisionLog log_{false, logs_.sink()};
  Authorizer authorizer_{[this] { return policy_; }, metrics_, log_};
  GrpcAuthzServer server_{authorizer_};
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<pb::Authorization::Stub> stub_;
};

void expectDenied(const pb::CheckResponse& r, const char* reason) {
  EXPECT_EQ(r.status().code(), 7);  // PERMISSION_DENIED
  EXPECT_EQ(r.status().message(), reason);
  ASSERT_TRUE(r.has_denied_response());
  EXPECT_EQ(r.denied_response().status().code(), envoy::type::v3::Forbidden);
  EXPECT_NE(r.denied_response().body().find(reason), std::string::npos);
  EXPECT_FALSE(r.has_ok_response());
}

TEST_F(GrpcServiceTest, AllowSetsIdentityHeaderWithoutAppend) {
  pb::CheckResponse r = call(request(principal("tenant-acme"), "POST", "/logs/ingest", kLogHost));
  EXPECT_EQ(r.status().code(), 0);
  ASSERT_TRUE(r.has_ok_response());
  ASSERT_EQ(r.ok_response().headers_size(), 1);
  const auto& h = r.ok_response().headers(0);
  EXPECT_EQ(h.header().key(), "x-tenant-identity");
  EXPECT_EQ(h.header().value(), "acme");
  ASSERT_TRUE(h.has_append());
  EXPECT_FALSE(h.append().value());
  EXPECT_EQ(metrics_.decisions(Transport::Grpc, true, "acme"), 1u);
  EXPECT_TRUE(logs_.lines().empty());  // allows are not logged without --log-allows
}

TEST_F(GrpcServiceTest, ForgedIdentityHeaderIsReplaced) {
  pb::CheckRequest req = request(principal("tenant-initech"), "POST", "/logs/ingest", kLogHost);
  (*req.mutable_attributes()->mutable_request()->mutable_http()->mutable_headers())["x-tenant-identity"] = "acme";
  pb::CheckResponse r = call(req);
  ASSERT_TRUE(r.has_ok_response());
  ASSERT_EQ(r.ok_response().headers_size(), 1);
  EXPECT_EQ(r.ok_response().headers(0).header().value(), "initech");
  EXPECT_FALSE(r.ok_response().headers(0).append().value());
}

TEST_F(GrpcServiceTest, CrossTenantDenialIsLogged) {
  pb::CheckResponse r = call(request(principal("tenant-initech"), "GET", "/api/v1", kMetricsHost));
  expectDenied(r, "not-allowed");
  std::vector<std::string> lines = logs_.lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find(R"("decision":"deny")"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find(R"("reason":"not-allowed")"), std::string::npos);
  EXPECT_NE(lines[0].find(R"("tenant":"initech")"), std::string::npos);
  EXPECT_NE(lines[0].find(R"("transport":"grpc")"), std::string::npos);
  EXPECT_EQ(metrics_.decisions(Transport::Grpc, false, "initech"), 1u);
}

TEST_F(GrpcServiceTest, MissingOrEmptyAttributesAreDenied) {
  expectDenied(call(pb::CheckRequest{}), "missing-identity");
  expectDenied(call(request("", "POST", "/logs/ingest", kLogHost)), "missing-identity");
  expectDenied(call(request(principal("tenant-acme"), "", "/logs/ingest", kLogHost)), "malformed-request");
  expectDenied(call(request(principal("tenant-acme"), "POST", "", kLogHost)), "malformed-request");
}

TEST_F(GrpcServiceTest, HostFallsBackToAuthorityHeader) {
  pb::CheckRequest req = request(principal("tenant-acme"), "POST", "/logs/ingest", kLogHost);
  req.mutable_attributes()->mutable_request()->mutable_http()->clear_host();
  EXPECT_EQ(call(req).status().code(), 0);
  req.mutable_attributes()->mutable_request()->mutable_http()->mutable_headers()->erase(":authority");
  expectDenied(call(req), "unknown-host");
}

TEST_F(GrpcServiceTest, DestinationPrincipalIsChecked) {
  pb::CheckRequest req = request(principal("tenant-acme"), "POST", "/logs/ingest", kLogHost);
  req.mutable_attributes()->mutable_destination()->set_principal("spiffe://cluster.local/ns/shared-billing/sa/billing");
  expectDenied(call(req), "destination-mismatch");
}

TEST_F(GrpcServiceTest, HugeAndNumerousHeadersAreDenied) {
  pb::CheckRequest many = request(principal("tenant-globex"), "GET", "/x", kMetricsHost);
  for (size_t i = 0; i < kMaxRequestHeaders + 1; ++i)
    (*many.mutable_attributes()->mutable_request()->mutable_http()->mutable_headers())["h" + std::to_string(i)] = "v";
  expectDenied(call(many), "malformed-request");

  pb::CheckRequest big = request(principal("tenant-globex"), "GET", "/x", kMetricsHost);
  (*big.mutable_attributes()->mutable_request()->mutable_http()->mutable_headers())["cookie"] =
      std::string(kMaxRequestHeaderBytes + 1, 'c');
  expectDenied(call(big), "malformed-request");

  // Still serving.
  EXPECT_EQ(call(request(principal("tenant-globex"), "GET", "/x", kMetricsHost)).status().code(), 0);
}

TEST_F(GrpcServiceTest, GarbageOnThePortDoesNotStopTheServer) {
  std::mt19937 rng(42);
  std::string noise(64 * 1024, '\0');
  for (char& c : noise) c = static_cast<char>(rng());
  sendGarbage(server_.port(), noise);
  sendGarbage(server_.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  // An HTTP/2 preface followed by a bogus frame.
  sendGarbage(server_.port(), std::string("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") + std::string("\x00\x00\x04\xff\xff", 5) +
                                  std::string(32, '\xff'));
  sendGarbage(server_.port(), "");
  pb::CheckResponse r = call(request(principal("tenant-acme"), "POST", "/logs/ingest", kLogHost));
  EXPECT_EQ(r.status().code(), 0);
}

TEST_F(GrpcServiceTest, NoPolicyMeansDeny) {
  policy_ = nullptr;
  expectDenied(call(request(principal("tenant-acme"), "POST", "/logs/ingest", kLogHost)), "internal-error");
}

TEST(GrpcServiceListen, BadAddressIsAnError) {
  auto p = testing::policy();
  Metrics m;
  DecisionLog log(false, [](const std::string&) {});
  Authorizer a([p] { return p; }, m, log);
  GrpcAuthzServer s(a);
  std::string error;
  EXPECT_FALSE(s.start("256.1.1.1:99999", error));
  EXPECT_FALSE(error.empty());
}

}  // namespace
}  // namespace tg::authz
