// The SARIF that `verify -o sarif` and `diff -o sarif` print, checked against what GitHub code
// scanning requires of an upload (SARIF 2.1.0 plus GitHub's own rules): the version and schema;
// per rule an id, short and full descriptions, help text and `security-severity` as a string
// holding a number; per result a rule id, a level, a message and a physical location with a
// repository-relative URI and an integer start line of at least 1.
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "support/command.h"

namespace {

using nlohmann::json;

bool nonEmptyString(const json& j, const char* key) {
  return j.contains(key) && j[key].is_string() && !j[key].get<std::string>().empty();
}

bool hasText(const json& j, const char* key) { return j.contains(key) && j[key].is_object() && nonEmptyString(j[key], "text"); }

// Checks one SARIF log; counts its results into `count`.
void expectCodeScanningSarif(const std::string& text, size_t& count) {
  count = 0;
  json log = json::parse(text, nullptr, false);
  ASSERT_FALSE(log.is_discarded()) << "not JSON";
  EXPECT_EQ(log.value("version", ""), "2.1.0");
  EXPECT_TRUE(nonEmptyString(log, "$schema"));
  EXPECT_TRUE(log.contains("runs") && log["runs"].is_array() && !log["runs"].empty());
  for (const json& run : log["runs"]) {
    const json& driver = run["tool"]["driver"];
    EXPECT_EQ(driver.value("name", ""), "tenantguard");
    ASSERT_TRUE(driver.contains("rules") && driver["rules"].is_array());
    std::set<std::string> ids;
    for (const json& rule : driver["rules"]) {
      ASSERT_TRUE(nonEmptyString(rule, "id")) << rule.dump();
      std::string id = rule["id"];
      SCOPED_TRACE(id);
      ids.insert(id);
      EXPECT_TRUE(hasText(rule, "shortDescription"));
      EXPECT_TRUE(hasText(rule, "fullDescription"));
      EXPECT_TRUE(hasText(rule, "help"));
      ASSERT_TRUE(rule.contains("properties") && rule["properties"].contains("security-severity"));
      const json& severity = rule["properties"]["security-severity"];
      ASSERT_TRUE(severity.is_string());
      std::string s = severity;
      char* end = nullptr;
      double score = std::strtod(s.c_str(), &end);
      EXPECT_TRUE(!s.empty() && *end == '\0') << s;
      EXPECT_GE(score, 0.0);
      EXPECT_LE(score, 10.0);
    }
    ASSERT_TRUE(run.contains("results") && run["results"].is_array());
    for (const json& r : run["results"]) {
      SCOPED_TRACE(r.dump());
      ++count;
      ASSERT_TRUE(nonEmptyString(r, "ruleId"));
      EXPECT_TRUE(ids.count(r["ruleId"].get<std::string>()));
      if (r.contains("ruleIndex")) {
        EXPECT_EQ(driver["rules"][r["ruleIndex"].get<size_t>()]["id"], r["ruleId"]);
      }
      std::string level = r.value("level", "");
      EXPECT_TRUE(level == "error" || level == "warning" || level == "note") << level;
      EXPECT_TRUE(hasText(r, "message"));
      ASSERT_TRUE(r.contains("locations") && r["locations"].is_array() && !r["locations"].empty());
      for (const json& loc : r["locations"]) {
        const json& physical = loc["physicalLocation"];
        ASSERT_TRUE(nonEmptyString(physical["artifactLocation"], "uri"));
        std::string uri = physical["artifactLocation"]["uri"];
        EXPECT_NE(uri.front(), '/') << "absolute URI " << uri;
        EXPECT_EQ(uri.find("://"), std::string::npos) << uri;
        const json& start = physical["region"]["startLine"];
        ASSERT_TRUE(start.is_number_integer());
        EXPECT_GE(start.get<long>(), 1);
      }
    }
  }
}

TEST(SarifStructure, VerifyArticle) {
  auto r = tg::testing::runTenantguard("verify examples/article --spec examples/article/tenantguard.yaml -o sarif");
  EXPECT_EQ(r.exitCode, 1);
  size_t results = 0;
  expectCodeScanningSarif(r.out, results);
  EXPECT_GT(results, 0u);
}

TEST(SarifStructure, VerifyFixedArticle) {
  auto r = tg::testing::runTenantguard("verify examples/article-fixed --spec examples/article-fixed/tenantguard.yaml -o sarif");
  EXPECT_EQ(r.exitCode, 0);
  size_t results = 0;
  expectCodeScanningSarif(r.out, results);
}

TEST(SarifStructure, Diff) {
  const std::string dir = "tests/data/diff/delete-default-deny";
  auto r = tg::testing::runTenantguard("diff --base " + dir + "/base --head " + dir + "/head -o sarif");
  EXPECT_EQ(r.exitCode, 1);
  size_t results = 0;
  expectCodeScanningSarif(r.out, results);
  EXPECT_GT(results, 0u);
}

}  // namespace
