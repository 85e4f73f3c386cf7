// `tenantguard audit` as a process: exit codes (1 on alerts, 2 on input errors, 0 otherwise),
// stdin, gzip, json output, errors on stderr as FILE:LINE.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/command.h"

namespace tg::audit {
namespace {

using testing::runTenantguard;

const std::string kArgs = "audit tests/data/audit/cluster.yaml --spec tests/data/audit/tenantguard.yaml --logs ";

TEST(AuditCommand, MalformedLinesAreReportedAndExitTwoAfterTheReport) {
  auto r = runTenantguard(kArgs + "tests/data/audit/istio-proxy.jsonl 2>&1");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.out.find("tenantguard: tests/data/audit/istio-proxy.jsonl:17: not JSON"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ALERT: 4 undeclared cross-tenant requests got through"), std::string::npos) << r.out;
}

TEST(AuditCommand, AlertsExitOneAndStdinIsALog) {
  // Lines 1-16: without the malformed line 17, only the alerts decide.
  auto r = testing::runCommand(std::string("cd '") + TG_SOURCE_DIR + "' && head -n 16 tests/data/audit/istio-proxy.jsonl | '" +
                          TG_BINARY + "' " + kArgs + "- 2>&1");
  EXPECT_EQ(r.exitCode, 1) << r.out;
  EXPECT_NE(r.out.find("tenant-acme/api[Deployment] => tenant-globex/billing[StatefulSet] : port 8080"), std::string::npos)
      << r.out;
}

TEST(AuditCommand, NothingCrossedExitsZero) {
  auto r = testing::runCommand(std::string("cd '") + TG_SOURCE_DIR + "' && sed -n 10p tests/data/audit/istio-proxy.jsonl | gzip | '" +
                               TG_BINARY + "' " + kArgs + "- 2>&1");
  EXPECT_EQ(r.exitCode, 0) << r.out;
  EXPECT_NE(r.out.find("No undeclared cross-tenant request got through."), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 same tenant"), std::string::npos) << r.out;
}

TEST(AuditCommand, JsonForSiem) {
  auto r = runTenantguard(kArgs + "tests/data/audit/istio-proxy.jsonl tests/data/audit/istio-proxy-text.log -o json 2>/dev/null");
  EXPECT_EQ(r.exitCode, 2);
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["summary"]["inputs"], 2);
  EXPECT_EQ(j["summary"]["malformed"], 2);
  EXPECT_EQ(j["summary"]["alerts"], 5);
  ASSERT_FALSE(j["denied"].empty());
  const auto& top = j["denied"][0];
  EXPECT_EQ(top["src"], "tenant-acme/api[Deployment]");
  EXPECT_EQ(top["policy"], "istio-system/deny-cross-tenant");
  EXPECT_EQ(top["rule"], 0);
  EXPECT_EQ(top["count"], 4);
  EXPECT_EQ(top["firstSeen"], "2026-11-02T10:15:00.002Z");
  EXPECT_EQ(j["errors"].size(), 2u);
  EXPECT_EQ(j["days"].size(), 2u);
}

TEST(AuditCommand, UsageAndInputErrorsExitTwo) {
  EXPECT_EQ(runTenantguard(kArgs + "tests/data/audit/istio-proxy.jsonl --since yesterday 2>/dev/null").exitCode, 2);
  auto r = runTenantguard(kArgs + "tests/data/audit/missing.log 2>&1");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.out.find("tenantguard: tests/data/audit/missing.log: cannot open: No such file or directory"), std::string::npos)
      << r.out;
}

}  // namespace
}  // namespace tg::audit
