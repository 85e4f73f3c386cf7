// SARIF 2.1.0 as GitHub code scanning reads it: one rule per catalogue ID (with
// `security-severity`), one result per finding with a physical location and a line region.
#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "report/verify_report.h"

namespace tg::report {
namespace {

const char* level(verify::Severity s) {
  switch (s) {
    case verify::Severity::Error: return "error";
    case verify::Severity::Warning: return "warning";
    case verify::Severity::Info: return "note";
  }
  return "none";
}

// GitHub ranks alerts by this CVSS-like score: critical > 9, high 7-8.9, medium 4-6.9.
const char* securitySeverity(verify::Severity s) {
  switch (s) {
    case verify::Severity::Error: return "8.0";
    case verify::Severity::Warning: return "5.0";
    case verify::Severity::Info: return "1.0";
  }
  return "0.0";
}

}  // namespace

std::string renderVerifySarif(const verify::VerifyResult& r) {
  using nlohmann::json;
  json rules = json::array();
  std::map<std::string, size_t> index;
  for (const auto& rule : verify::catalogue()) {
    index[std::string(rule.id)] = rules.size();
    rules.push_back({{"id", rule.id},
                     {"name", rule.id},
                     {"shortDescription", {{"text", rule.title}}},
                     {"fullDescription", {{"text", rule.title}}},
                     {"help", {{"text", rule.help}, {"markdown", fmt::format("**{}**: {}", rule.id, rule.help)}}},
                     {"defaultConfiguration", {{"level", level(rule.severity)}}},
                     {"properties", {{"security-severity", securitySeverity(rule.severity)}, {"tags", {"security", "kubernetes"}}}}});
  }
  json results = json::array();
  for (const auto& f : r.findings) {
    json result = {{"ruleId", f.id},
                   {"ruleIndex", index.count(f.id) ? index[f.id] : 0},
                   {"level", level(f.severity)},
                   {"message", {{"text", f.hint.empty() ? f.message : f.message + ". Fix: " + f.hint}}}};
    if (f.where.file) {
      json region = {{"startLine", std::max<uint32_t>(1, f.where.line)}};
      result["locations"] = json::array(
          {{{"physicalLocation", {{"artifactLocation", {{"uri", f.where.path()}}}, {"region", region}}}}});
    }
    results.push_back(std::move(result));
  }
  json sarif = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                {"version", "2.1.0"},
                {"runs", json::array({{{"tool", {{"driver", {{"name", "tenantguard"},
                                                             {"version", "0.1.0"},
                                                             {"informationUri", "https://github.com/tenantguard/tenantguard"},
                                                             {"rules", rules}}}}},
                                       {"results", results}}})}};
  return sarif.dump(2) + "\n";
}

}  // namespace tg::report
