#include "report/sarif_common.h"

#include <fmt/format.h>

#include <algorithm>

namespace tg::report {
namespace {

using nlohmann::json;

// How GitHub shows a severity: the result `level`, and the CVSS-like `security-severity` it
// ranks alerts by (critical > 9, high 7-8.9, medium 4-6.9, low < 4).
struct SarifSeverity {
  const char* level;
  const char* score;
};

SarifSeverity sarifSeverity(verify::Severity s) {
  switch (s) {
    case verify::Severity::Error: return {"error", "8.0"};
    case verify::Severity::Warning: return {"warning", "5.0"};
    case verify::Severity::Info: return {"note", "1.0"};
  }
  return {"none", "0.0"};
}

}  // namespace

SarifRun::SarifRun() {
  for (const auto& rule : verify::catalogue()) {
    index_.emplace(std::string(rule.id), rules_.size());
    rules_.push_back(
        {{"id", rule.id},
         {"name", rule.id},
         {"shortDescription", {{"text", rule.title}}},
         {"fullDescription", {{"text", rule.title}}},
         {"help", {{"text", rule.help}, {"markdown", fmt::format("**{}**: {}", rule.id, rule.help)}}},
         {"defaultConfiguration", {{"level", sarifSeverity(rule.severity).level}}},
         {"properties", {{"security-severity", sarifSeverity(rule.severity).score}, {"tags", {"security", "kubernetes"}}}}});
  }
}

json SarifRun::result(std::string_view id, verify::Severity severity, const std::string& message,
                      const model::Source& where) const {
  auto it = index_.find(id);
  json r = {{"ruleId", id},
            {"ruleIndex", it == index_.end() ? 0 : it->second},
            {"level", sarifSeverity(severity).level},
            {"message", {{"text", message}}}};
  if (where.file)
    r["locations"] = json::array({{{"physicalLocation",
                                    {{"artifactLocation", {{"uri", where.path()}}},
                                     {"region", {{"startLine", std::max<uint32_t>(1, where.line)}}}}}}});
  return r;
}

json SarifRun::finding(const verify::Finding& f) const {
  return result(f.id, f.severity, f.hint.empty() ? f.message : f.message + ". Fix: " + f.hint, f.where);
}

std::string SarifRun::render(json results, const json& runMembers) const {
  json run = {{"tool", {{"driver", {{"name", "tenantguard"},
                                    {"version", "0.1.0"},
                                    {"informationUri", "https://github.com/tenantguard/tenantguard"},
                                    {"rules", rules_}}}}}};
  for (const auto& [k, v] : runMembers.items()) run[k] = v;
  run["results"] = std::move(results);
  json sarif = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"}, {"version", "2.1.0"}, {"runs", json::array({run})}};
  return sarif.dump(2) + "\n";
}

}  // namespace tg::report
