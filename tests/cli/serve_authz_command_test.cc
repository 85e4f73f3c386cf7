// `tenantguard serve-authz` as a process: listening line, a real check, reload on a file change
// and on SIGHUP, readiness, clean stop on SIGTERM, exit 2 on bad input. Ports are ephemeral on
// 127.0.0.1; every wait is bounded.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <grpcpp/grpcpp.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "authz_server/authz_fixture.h"
#include "envoy/service/auth/v3/external_auth.grpc.pb.h"

namespace tg::authz {
namespace {

namespace pb = envoy::service::auth::v3;

class Process {
 public:
  Process(std::vector<std::string> args, const std::string& stderrPath) : args_(std::move(args)) {
    // Everything the child needs is prepared before fork: the test process has threads, so the
    // child must not allocate.
    std::string binary = TG_BINARY;
    args_.insert(args_.begin(), binary);
    std::vector<char*> argv;
    for (auto& a : args_) argv.push_back(a.data());
    argv.push_back(nullptr);
    int err = ::open(stderrPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(err, 2);
      ::dup2(null, 1);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(err);
    ::close(null);
  }
  ~Process() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  pid_t pid() const { return pid_; }
  // Exit status, or -1 when it did not exit within the limit.
  int wait(std::chrono::seconds limit = std::chrono::seconds(15)) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
  }

 private:
  std::vector<std::string> args_;
  pid_t pid_ = -1;
  bool exited_ = false;
};

std::string readAll(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Waits until the file holds a line containing `needle`; returns that line ("" on timeout).
std::string waitForLine(const std::string& path, const std::string& needle,
                        std::chrono::seconds limit = std::chrono::seconds(15)) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    std::istringstream lines(readAll(path));
    for (std::string line; std::getline(lines, line);)
      if (line.find(needle) != std::string::npos) return line;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return {};
}

std::string addressOf(const std::string& listening, const std::string& key) {
  std::string marker = "\"" + key + "\":\"";
  auto at = listening.find(marker);
  if (at == std::string::npos) return {};
  at += marker.size();
  return listening.substr(at, listening.find('"', at) - at);
}

int check(const std::string& grpcAddress, const std::string& ns, std::string* identity = nullptr) {
  auto channel = grpc::CreateChannel(grpcAddress, grpc::InsecureChannelCredentials());
  auto stub = pb::Authorization::NewStub(channel);
  pb::CheckRequest req;
  req.mutable_attributes()->mutable_source()->set_principal(testing::principal(ns));
  auto* http = req.mutable_attributes()->mutable_request()->mutable_http();
  http->set_method("POST");
  http->set_path("/logs/ingest");
  http->set_host(testing::kLogHost);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  pb::CheckResponse resp;
  if (!stub->Check(&ctx, req, &resp).ok()) return -1;
  if (identity && resp.ok_response().headers_size() == 1) *identity = resp.ok_response().headers(0).header().value();
  return resp.status().code();
}

TEST(ServeAuthzCommand, ChecksReloadsAndStops) {
  testing::TempDir dir;
  std::string spec = dir.file("tenantguard.yaml"), log = dir.file("stderr.log");
  testing::writeAtomically(spec, testing::kSpec);
  Process p({"serve-authz", "--spec", spec, "--grpc", "127.0.0.1:0", "--metrics", "127.0.0.1:0", "--poll-interval",
             "50"},
            log);
  std::string listening = waitForLine(log, "\"event\":\"listening\"");
  ASSERT_FALSE(listening.empty()) << readAll(log);
  std::string grpcAddress = addressOf(listening, "grpc"), metricsAddress = addressOf(listening, "metrics");
  ASSERT_FALSE(grpcAddress.empty()) << listening;
  ASSERT_FALSE(metricsAddress.empty()) << listening;

  std::string identity;
  EXPECT_EQ(check(grpcAddress, "tenant-acme", &identity), 0);
  EXPECT_EQ(identity, "acme");
  EXPECT_EQ(check(grpcAddress, "tenant-newco"), 7);  // not a tenant yet
  EXPECT_FALSE(waitForLine(log, "\"reason\":\"unknown-tenant\"").empty()) << readAll(log);

  // A changed file is picked up by the poller.
  std::string text = testing::kSpec;
  text.insert(text.find("  sharedServices:"), "    - {name: newco, namespaces: [tenant-newco]}\n");
  testing::writeAtomically(spec, text);
  EXPECT_FALSE(waitForLine(log, "\"trigger\":\"file-change\"").empty()) << readAll(log);
  EXPECT_EQ(check(grpcAddress, "tenant-newco", &identity), 0);
  EXPECT_EQ(identity, "newco");

  // SIGHUP reloads too; an invalid spec is rejected and the old one stays.
  testing::writeAtomically(spec, "kind: Nonsense\n");
  ASSERT_EQ(::kill(p.pid(), SIGHUP), 0);
  std::string rejected = waitForLine(log, "\"result\":\"rejected\"");
  EXPECT_FALSE(rejected.empty()) << readAll(log);
  EXPECT_EQ(check(grpcAddress, "tenant-newco"), 0);

  std::string host = metricsAddress.substr(0, metricsAddress.rfind(':'));
  int port = std::stoi(metricsAddress.substr(metricsAddress.rfind(':') + 1));
  httplib::Client ops(host, port);
  ops.set_read_timeout(5);
  auto ready = ops.Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200);
  auto metrics = ops.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find(R"(tenantguard_authz_decisions_total{transport="grpc",result="allow",tenant="newco"} 2)"),
            std::string::npos)
      << metrics->body;
  EXPECT_NE(metrics->body.find("tenantguard_authz_spec_generation 2"), std::string::npos);

  ASSERT_EQ(::kill(p.pid(), SIGTERM), 0);
  EXPECT_EQ(p.wait(), 0) << readAll(log);
  EXPECT_FALSE(waitForLine(log, "\"event\":\"stopped\"", std::chrono::seconds(1)).empty());
}

TEST(ServeAuthzCommand, BadInputExitsTwo) {
  testing::TempDir dir;
  std::string spec = dir.file("tenantguard.yaml"), log = dir.file("stderr.log");
  testing::writeAtomically(spec, "apiVersion: tenantguard.io/v1alpha1\nkind: TenantIsolation\nspec: {}\n");
  {
    Process p({"serve-authz", "--spec", spec, "--grpc", "127.0.0.1:0"}, log);
    EXPECT_EQ(p.wait(), 2);
    EXPECT_NE(readAll(log).find("tenantguard: "), std::string::npos) << readAll(log);
  }
  testing::writeAtomically(spec, testing::kSpec);
  {
    Process p({"serve-authz", "--spec", spec}, log);  // no transport
    EXPECT_EQ(p.wait(), 2);
  }
  {
    Process p({"serve-authz", "--spec", spec, "--http", "not-an-address"}, log);
    EXPECT_EQ(p.wait(), 2);
    EXPECT_NE(readAll(log).find("invalid listen address"), std::string::npos) << readAll(log);
  }
}

}  // namespace
}  // namespace tg::authz
