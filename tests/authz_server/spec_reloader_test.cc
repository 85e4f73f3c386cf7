#include "authz_server/spec_reloader.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <cstdio>
#include <thread>

#include "authz_server/authorizer.h"
#include "authz_server/authz_fixture.h"
#include "authz_server/grpc_service.h"
#include "authz_server/http_service.h"
#include "envoy/service/auth/v3/external_auth.grpc.pb.h"

namespace tg::authz {
namespace {

namespace pb = envoy::service::auth::v3;
using testing::kLogHost;
using testing::kMetricsHost;
using testing::principal;

// The fixture spec plus tenant `vN` (namespace ns-vN); version 0 is the fixture spec itself.
std::string specVersion(int n) {
  std::string text = testing::kSpec;
  if (n == 0) return text;
  std::string tenant = "    - {name: v" + std::to_string(n) + ", namespaces: [ns-v" + std::to_string(n) + "]}\n";
  text.insert(text.find("  sharedServices:"), tenant);
  return text;
}

bool waitFor(const std::function<bool()>& cond, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return cond();
}

bool allowsOnLogCollector(const Policy& p, const std::string& ns) {
  std::string caller = principal(ns);  // CheckInput holds views
  CheckInput in{caller, "", "POST", "/logs/ingest", kLogHost};
  return decide(p, in).allowed;
}

TEST(SpecReloader, InitialLoadAndExplicitReload) {
  testing::TempDir dir;
  std::string path = dir.file("tenantguard.yaml");
  testing::writeAtomically(path, specVersion(0));
  testing::LogCapture logs;
  std::vector<std::pair<bool, uint64_t>> events;
  SpecReloader r(path, logs.sink(), [&](bool applied, uint64_t g) { events.emplace_back(applied, g); });
  std::vector<tenant::SpecError> errors;
  ASSERT_TRUE(r.loadInitial(errors));
  EXPECT_EQ(r.generation(), 1u);
  std::shared_ptr<const Policy> first = r.current();
  EXPECT_FALSE(allowsOnLogCollector(*first, "ns-v1"));

  testing::writeAtomically(path, specVersion(1));
  ASSERT_TRUE(r.reloadNow("test"));
  EXPECT_EQ(r.generation(), 2u);
  EXPECT_TRUE(allowsOnLogCollector(*r.current(), "ns-v1"));
  // A request that took the old policy keeps deciding with it.
  EXPECT_FALSE(allowsOnLogCollector(*first, "ns-v1"));
  EXPECT_EQ(first->generation(), 1u);

  // Invalid specs are rejected and the old one stays.
  for (const std::string& bad : {std::string("not: [valid"), std::string("kind: Other\n"),
                                 specVersion(1) + "    - {name: x, namespace: tenant-acme}\n"}) {
    testing::writeAtomically(path, bad);
    EXPECT_FALSE(r.reloadNow("test"));
    EXPECT_EQ(r.generation(), 2u);
    EXPECT_TRUE(allowsOnLogCollector(*r.current(), "ns-v1"));
  }
  std::vector<std::string> lines = logs.lines();
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_NE(lines[0].find(R"("result":"applied")"), std::string::npos) << lines[0];
  for (size_t i = 1; i < 4; ++i) EXPECT_NE(lines[i].find(R"("result":"rejected")"), std::string::npos) << lines[i];
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0], std::make_pair(true, uint64_t{2}));
  EXPECT_EQ(events[3], std::make_pair(false, uint64_t{2}));

  // A missing file is rejected too.
  std::filesystem::remove(path);
  EXPECT_FALSE(r.reloadNow("test"));
  EXPECT_EQ(r.generation(), 2u);
}

TEST(SpecReloader, InvalidInitialSpecIsAnError) {
  testing::TempDir dir;
  std::string path = dir.file("tenantguard.yaml");
  testing::writeAtomically(path, "apiVersion: tenantguard.io/v1alpha1\nkind: TenantIsolation\nspec: {}\n");
  SpecReloader r(path, {});
  std::vector<tenant::SpecError> errors;
  EXPECT_FALSE(r.loadInitial(errors));
  EXPECT_FALSE(errors.empty());
  EXPECT_EQ(r.current(), nullptr);
}

TEST(SpecReloader, PollingSeesChangesOnlyWhenTheFileChanges) {
  testing::TempDir dir;
  std::string path = dir.file("tenantguard.yaml");
  testing::writeAtomically(path, specVersion(0));
  SpecReloader r(path, {});
  std::vector<tenant::SpecError> errors;
  ASSERT_TRUE(r.loadInitial(errors));
  EXPECT_FALSE(r.pollOnce());  // unchanged
  testing::writeAtomically(path, specVersion(2));
  EXPECT_TRUE(r.pollOnce());
  EXPECT_FALSE(r.pollOnce());
  EXPECT_TRUE(allowsOnLogCollector(*r.current(), "ns-v2"));

  // The background poller.
  r.start(std::chrono::milliseconds(10));
  testing::writeAtomically(path, specVersion(3));
  EXPECT_TRUE(waitFor([&] { return r.generation() == 3; }));
  EXPECT_TRUE(allowsOnLogCollector(*r.current(), "ns-v3"));
  r.stop();
}

// Two clients (gRPC and HTTP) send checks without pause while the spec file is rewritten ten
// times (two of the rewrites invalid). Every answer must be the right one for every spec version:
// acme may POST /logs/ingest, initech may not GET /api on metrics. After each valid rewrite, the
// new version's tenant is allowed once the poller has picked it up.
TEST(SpecReloader, ReloadUnderLoad) {
  testing::TempDir dir;
  std::string path = dir.file("tenantguard.yaml");
  testing::writeAtomically(path, specVersion(0));
  Metrics metrics;
  DecisionLog log(false, [](const std::string&) {});
  SpecReloader reloader(path, [](const std::string&) {});
  std::vector<tenant::SpecError> errors;
  ASSERT_TRUE(reloader.loadInitial(errors));
  Authorizer authorizer([&reloader] { return reloader.current(); }, metrics, log);
  GrpcAuthzServer grpcServer(authorizer);
  HttpAuthzServer httpServer(authorizer, 4);
  std::string error;
  ASSERT_TRUE(grpcServer.start("127.0.0.1:0", error)) << error;
  ASSERT_TRUE(httpServer.start("127.0.0.1:0", error)) << error;
  reloader.start(std::chrono::milliseconds(10));

  std::atomic<bool> stop{false};
  std::atomic<uint64_t> grpcOk{0}, httpOk{0}, failures{0};
  std::mutex failMu;
  std::string firstFailure;
  auto fail = [&](const std::string& what) {
    failures.fetch_add(1);
    std::lock_guard lock(failMu);
    if (firstFailure.empty()) firstFailure = what;
  };

  std::thread grpcClient([&] {
    auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(grpcServer.port()), grpc::InsecureChannelCredentials());
    auto stub = pb::Authorization::NewStub(channel);
    for (uint64_t i = 0; !stop.load() && i < 2'000'000; ++i) {
      bool expectAllow = i % 2 == 0;
      pb::CheckRequest req;
      auto* attrs = req.mutable_attributes();
      attrs->mutable_source()->set_principal(principal(expectAllow ? "tenant-acme" : "tenant-initech"));
      auto* http = attrs->mutable_request()->mutable_http();
      http->set_method(expectAllow ? "POST" : "GET");
      http->set_path(expectAllow ? "/logs/ingest" : "/api/v1");
      http->set_host(expectAllow ? kLogHost : kMetricsHost);
      grpc::ClientContext ctx;
      ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
      pb::CheckResponse resp;
      grpc::Status s = stub->Check(&ctx, req, &resp);
      if (!s.ok()) fail("grpc error: " + s.error_message());
      else if ((resp.status().code() == 0) != expectAllow) fail("grpc wrong decision: " + resp.status().message());
      else if (expectAllow && (resp.ok_response().headers_size() != 1 || resp.ok_response().headers(0).header().value() != "acme"))
        fail("grpc: missing identity header");
      else grpcOk.fetch_add(1);
    }
  });
  std::thread httpClient([&] {
    httplib::Client c("127.0.0.1", httpServer.port());
    c.set_read_timeout(5);
    c.set_keep_alive(true);
    for (uint64_t i = 0; !stop.load() && i < 2'000'000; ++i) {
      bool expectAllow = i % 2 == 1;
      httplib::Request req;
      req.method = expectAllow ? "POST" : "GET";
      req.path = expectAllow ? "/logs/ingest" : "/api/v1";
      req.headers = {{"Host", expectAllow ? kLogHost : kMetricsHost},
                     {"x-forwarded-client-cert",
                      "URI=" + principal(expectAllow ? "tenant-acme" : "tenant-initech")}};
      auto r = c.send(req);
      if (!r) fail("http error: " + httplib::to_string(r.error()));
      else if ((r->status == 200) != expectAllow) fail("http wrong decision: " + std::to_string(r->status) + " " + r->body);
      else if (expectAllow && r->get_header_value("x-tenant-identity") != "acme") fail("http: missing identity header");
      else httpOk.fetch_add(1);
    }
  });

  // Let both clients get going, then rewrite the spec.
  ASSERT_TRUE(waitFor([&] { return grpcOk.load() > 50 && httpOk.load() > 50; }));
  int version = 0;
  for (int step = 1; step <= 10; ++step) {
    uint64_t before = reloader.generation();
    uint64_t seenGrpc = grpcOk.load(), seenHttp = httpOk.load();
    if (step == 4 || step == 8) {
      testing::writeAtomically(path, "apiVersion: tenantguard.io/v1alpha1\nkind: TenantIsolation\nspec: {tenants: [}\n");
      // Give the poller several periods; the old spec must stay.
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      EXPECT_EQ(reloader.generation(), before);
      EXPECT_TRUE(allowsOnLogCollector(*reloader.current(), "ns-v" + std::to_string(version)) || version == 0);
    } else {
      version = step;
      testing::writeAtomically(path, specVersion(version));
      ASSERT_TRUE(waitFor([&] { return reloader.generation() > before; })) << "step " << step;
      std::shared_ptr<const Policy> now = reloader.current();
      EXPECT_TRUE(allowsOnLogCollector(*now, "ns-v" + std::to_string(version))) << "step " << step;
      if (version > 1) {
        EXPECT_FALSE(allowsOnLogCollector(*now, "ns-v" + std::to_string(version - 1)));
      }
      // The new tenant through the real transport too.
      pb::CheckRequest req;
      req.mutable_attributes()->mutable_source()->set_principal(principal("ns-v" + std::to_string(version)));
      auto* http = req.mutable_attributes()->mutable_request()->mutable_http();
      http->set_method("POST");
      http->set_path("/logs/ingest");
      http->set_host(kLogHost);
      pb::CheckResponse resp;
      handleCheck(authorizer, req, resp);
      EXPECT_EQ(resp.status().code(), 0) << "step " << step;
      EXPECT_EQ(resp.ok_response().headers(0).header().value(), "v" + std::to_string(version));
    }
    // Both clients made progress during this step.
    EXPECT_TRUE(waitFor([&] { return grpcOk.load() > seenGrpc + 20 && httpOk.load() > seenHttp + 20; })) << step;
  }
  stop = true;
  grpcClient.join();
  httpClient.join();
  reloader.stop();
  std::printf("reload under load: %llu gRPC and %llu HTTP checks, all decided right, across 10 rewrites\n",
              static_cast<unsigned long long>(grpcOk.load()), static_cast<unsigned long long>(httpOk.load()));
  EXPECT_EQ(failures.load(), 0u) << firstFailure;
  EXPECT_GT(grpcOk.load(), 200u);
  EXPECT_GT(httpOk.load(), 200u);
  EXPECT_EQ(reloader.generation(), 9u);  // 1 + 8 valid rewrites
}

}  // namespace
}  // namespace tg::authz
