// HTTP ext_authz calls on 127.0.0.1 (ephemeral ports), as Envoy makes them: the original method
// and path, the original Host, and x-forwarded-client-cert.
#include "authz_server/http_service.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "authz_server/authz_fixture.h"
#include "authz_server/grpc_service.h"

namespace tg::authz {
namespace {

using testing::kLogHost;
using testing::kMetricsHost;
using testing::principal;

std::string xfcc(const std::string& clientNs, const std::string& serverNs = "shared-services") {
  return "By=" + principal(serverNs, "svc") + ";Hash=abcd;Subject=\"\";URI=" + principal(clientNs);
}

// Raw request on a new connection; returns what the server answered (until close or 2 s).
// `halfClose` ends the client's side after sending (httplib then closes without answering).
std::string rawExchange(int port, const std::string& bytes, bool halfClose = true) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return {};
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return {};
  }
  (void)!::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  if (halfClose) ::shutdown(fd, SHUT_WR);
  std::string out;
  char buf[4096];
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

class HttpServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    ASSERT_TRUE(server_.start("127.0.0.1:0", error)) << error;
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_.port());
    client_->set_connection_timeout(5);
    client_->set_read_timeout(5);
  }

  httplib::Result send(const std::string& method, const std::string& path, httplib::Headers headers) {
    httplib::Request req;
    req.method = method;
    req.path = path;
    req.headers = std::move(headers);
    return client_->send(req);
  }

  // Envoy's check: the original request line and headers, no body.
  httplib::Result check(const std::string& method, const std::string& path, const std::string& host,
                        const std::string& xfccHeader, httplib::Headers extra = {}) {
    extra.emplace("Host", host);
    if (!xfccHeader.empty()) extra.emplace("x-forwarded-client-cert", xfccHeader);
    return send(method, path, std::move(extra));
  }

  testing::LogCapture logs_;
  std::shared_ptr<const Policy> policy_ = testing::policy();
  Metrics metrics_;
  DecisionLog log_{true, logs_.sink()};  // --log-allows
  Authorizer authorizer_{[this] { return policy_; }, metrics_, log_};
  HttpAuthzServer server_{authorizer_, 8};
  std::unique_ptr<httplib::Client> client_;
};

void expectDenied(const httplib::Result& r, const std::string& reason) {
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(r->body, "denied: " + reason + "\n");
  EXPECT_FALSE(r->has_header("x-tenant-identity"));
  EXPECT_FALSE(r->has_header("x-tenant"));
}

TEST_F(HttpServiceTest, AllowReturns200WithIdentityHeader) {
  auto r = check("POST", "/logs/ingest", kLogHost, xfcc("tenant-acme"));
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value_count("x-tenant-identity"), 1u);
  EXPECT_EQ(r->get_header_value("x-tenant-identity"), "acme");
  EXPECT_EQ(metrics_.decisions(Transport::Http, true, "acme"), 1u);
  std::vector<std::string> lines = logs_.lines();
  ASSERT_EQ(lines.size(), 1u);  // --log-allows
  EXPECT_NE(lines[0].find(R"("decision":"allow")"), std::string::npos) << lines[0];
}

TEST_F(HttpServiceTest, ForgedIdentityHeaderIsReplacedByTheVerifiedTenant) {
  auto r = check("POST", "/logs/ingest", kLogHost, xfcc("tenant-initech"), {{"x-tenant-identity", "acme"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value_count("x-tenant-identity"), 1u);
  EXPECT_EQ(r->get_header_value("x-tenant-identity"), "initech");
}

TEST_F(HttpServiceTest, ForgedFirstXfccElementIsIgnored) {
  // globex may call anything on metrics, initech nothing. The client claims to be globex in a
  // first element; the sidecar appended initech's verified identity last.
  std::string forged = "URI=" + principal("tenant-globex", "admin") + "," + xfcc("tenant-initech");
  expectDenied(check("GET", "/api/v1", kMetricsHost, forged), "not-allowed");
  std::vector<std::string> lines = logs_.lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find(R"("tenant":"initech")"), std::string::npos) << lines[0];

  // Same with the forged element in a separate header line before the sidecar's.
  expectDenied(send("GET", "/api/v1",
                    {{"Host", kMetricsHost},
                     {"x-forwarded-client-cert", "URI=" + principal("tenant-globex")},
                     {"x-forwarded-client-cert", xfcc("tenant-initech")}}),
               "not-allowed");

  // And the other way round: the verified caller is globex, the forged one initech.
  auto ok = check("GET", "/api/v1", kMetricsHost, "URI=" + principal("tenant-initech") + "," + xfcc("tenant-globex"));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(ok->get_header_value("x-tenant"), "globex");
}

TEST_F(HttpServiceTest, DeniesWithShortReasons) {
  expectDenied(check("POST", "/logs/ingest", kLogHost, ""), "missing-identity");
  expectDenied(check("GET", "/logs/ingest", kLogHost, xfcc("tenant-acme")), "not-allowed");
  expectDenied(check("POST", "/logs/ingest", "log-collector.elsewhere", xfcc("tenant-acme")), "unknown-host");
  expectDenied(check("POST", "/logs/ingest", kLogHost, xfcc("kube-system")), "unknown-tenant");
  expectDenied(check("POST", "/logs/../admin", kLogHost, xfcc("tenant-acme")), "malformed-request");
  expectDenied(check("POST", "/logs/ingest", kLogHost, xfcc("tenant-acme", "tenant-globex")), "destination-mismatch");
  EXPECT_EQ(metrics_.denials(Reason::NotAllowed), 1u);
}

TEST_F(HttpServiceTest, PercentEncodedTraversalIsNotDecodedIntoAnAllow) {
  // httplib decodes req.path; the check uses the raw target, so %2F never becomes a '/'.
  expectDenied(check("POST", "/logs%2Fingest", kLogHost, xfcc("tenant-acme")), "malformed-request");
  expectDenied(check("GET", "/api/%2e%2e/admin", kMetricsHost, xfcc("tenant-acme")), "malformed-request");
}

TEST_F(HttpServiceTest, BadXfccIsDenied) {
  for (const std::string& bad : {std::string("URI=\"unterminated"), std::string("garbage"),
                                 std::string("URI=a;URI=b"), std::string("By=x;Hash=y"), std::string(",")}) {
    expectDenied(check("POST", "/logs/ingest", kLogHost, bad), "malformed-request");
  }
}

TEST_F(HttpServiceTest, HeaderAbuseIsDeniedAndTheServerKeepsServing) {
  httplib::Headers many;
  for (size_t i = 0; i < kMaxRequestHeaders + 1; ++i) many.emplace("h" + std::to_string(i), "v");
  expectDenied(check("POST", "/logs/ingest", kLogHost, xfcc("tenant-acme"), many), "malformed-request");

  httplib::Headers bulky;
  for (int i = 0; i < 16; ++i) bulky.emplace("b" + std::to_string(i), std::string(8000, 'x'));
  expectDenied(check("POST", "/logs/ingest", kLogHost, xfcc("tenant-acme"), bulky), "malformed-request");

  // One header line beyond httplib's own limit: refused before any decision, never a 200 or 5xx.
  auto huge = check("POST", "/logs/ingest", kLogHost, xfcc("tenant-acme"), {{"cookie", std::string(100000, 'c')}});
  if (huge) {
    EXPECT_NE(huge->status, 200);
    EXPECT_LT(huge->status, 500);
  }

  expectDenied(send("POST", "/logs/ingest",
                    {{"Host", kLogHost}, {"Host", "billing.shared-billing"}, {"x-forwarded-client-cert", xfcc("tenant-acme")}}),
               "malformed-request");

  auto ok = check("POST", "/logs/ingest", kLogHost, xfcc("tenant-acme"));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST_F(HttpServiceTest, ABodyIsMalformed) {
  httplib::Headers h{{"Host", kLogHost}, {"x-forwarded-client-cert", xfcc("tenant-acme")}};
  auto r = client_->Post("/logs/ingest", h, "payload", "text/plain");
  expectDenied(r, "malformed-request");
}

TEST_F(HttpServiceTest, GarbageBytesNeverGetA200) {
  for (const std::string& bytes :
       {std::string("\x00\x01\x02garbage\r\n\r\n", 14), std::string("FOO /logs/ingest HTTP/1.1\r\nHost: x\r\n\r\n"),
        std::string("POST /logs/ingest HTTP/9.9\r\n\r\n"), std::string("POST\r\n\r\n"),
        std::string("POST /logs/ingest HTTP/1.1\r\nHost ") + kLogHost + "\r\n\r\n",
        std::string("POST /logs/ingest HTTP/1.1\r\nHost: ") + kLogHost + "\r\nContent-Length: -5\r\n\r\n",
        std::string(20000, 'A')}) {
    std::string answer = rawExchange(server_.port(), bytes);
    EXPECT_EQ(answer.find("HTTP/1.1 200"), std::string::npos) << answer.substr(0, 200);
    EXPECT_EQ(answer.find("HTTP/1.1 5"), std::string::npos) << answer.substr(0, 200);
  }
  // A well-formed raw request still gets its 200.
  std::string answer = rawExchange(server_.port(), std::string("POST /logs/ingest HTTP/1.1\r\nHost: ") + kLogHost +
                                                       "\r\nx-forwarded-client-cert: " + xfcc("tenant-acme") +
                                                       "\r\nConnection: close\r\n\r\n",
                               /*halfClose=*/false);
  EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << answer;
  EXPECT_NE(answer.find("x-tenant-identity: acme"), std::string::npos) << answer;
}

TEST_F(HttpServiceTest, OpsPathsOnTheCheckPortAreChecks) {
  // /healthz on the check port is a request to decide, never an unconditional 200.
  expectDenied(send("GET", "/healthz", {{"Host", "127.0.0.1"}}), "missing-identity");
}

TEST(OpsServer, HealthReadinessAndMetrics) {
  Metrics metrics;
  std::atomic<bool> ready{false};
  OpsServer ops(metrics, ready);
  std::string error;
  ASSERT_TRUE(ops.start("127.0.0.1:0", error)) << error;
  httplib::Client c("127.0.0.1", ops.port());
  c.set_read_timeout(5);
  auto health = c.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  auto notReady = c.Get("/readyz");
  ASSERT_TRUE(notReady);
  EXPECT_EQ(notReady->status, 503);
  ready = true;
  auto isReady = c.Get("/readyz");
  ASSERT_TRUE(isReady);
  EXPECT_EQ(isReady->status, 200);

  Decision d;
  d.allowed = true;
  d.reason = Reason::Allowed;
  d.tenant = "acme";
  metrics.recordDecision(Transport::Http, d, std::chrono::microseconds(80));
  auto m = c.Get("/metrics");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->status, 200);
  EXPECT_NE(m->get_header_value("Content-Type").find("text/plain"), std::string::npos);
  EXPECT_NE(m->body.find(R"(tenantguard_authz_decisions_total{transport="http",result="allow",tenant="acme"} 1)"),
            std::string::npos)
      << m->body;
  ops.stop();
}

TEST(HttpListenAddress, Parsing) {
  std::string host;
  int port = -1;
  ASSERT_TRUE(parseListenAddress("127.0.0.1:8000", host, port));
  EXPECT_EQ(host, "127.0.0.1");
  EXPECT_EQ(port, 8000);
  ASSERT_TRUE(parseListenAddress("[::1]:0", host, port));
  EXPECT_EQ(host, "::1");
  EXPECT_EQ(port, 0);
  for (const char* bad : {"", "8000", ":8000", "host:", "host:99999", "host:80x", "[::1]8000", "[::1"})
    EXPECT_FALSE(parseListenAddress(bad, host, port)) << bad;
}

}  // namespace
}  // namespace tg::authz
