// `diff -o sarif`: SARIF 2.1.0 results with `baselineState` — each new cross-tenant flow (rule
// TG001, at the destination workload) and each new finding as "new", each resolved finding as
// "absent". `partialFingerprints` carry the matching key, so a code-scanning upload tracks the
// same alert across commits.
#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "report/diff_report.h"
#include "report/report_util.h"

namespace tg::report {
namespace {

using nlohmann::json;

const char* level(verify::Severity s) {
  switch (s) {
    case verify::Severity::Error: return "error";
    case verify::Severity::Warning: return "warning";
    case verify::Severity::Info: return "note";
  }
  return "none";
}

json location(const model::Source& where) {
  if (!where.file) return json::array();
  return json::array({{{"physicalLocation",
                        {{"artifactLocation", {{"uri", where.path()}}},
                         {"region", {{"startLine", std::max<uint32_t>(1, where.line)}}}}}}});
}

}  // namespace

std::string renderDiffSarif(const verify::DiffResult& d) {
  json rules = json::array();
  std::map<std::string, size_t> index;
  for (const auto& rule : verify::catalogue()) {
    index[std::string(rule.id)] = rules.size();
    rules.push_back({{"id", rule.id},
                     {"name", rule.id},
                     {"shortDescription", {{"text", rule.title}}},
                     {"help", {{"text", rule.help}}},
                     {"defaultConfiguration", {{"level", level(rule.severity)}}}});
  }
  json results = json::array();
  for (const auto& f : d.flows) {
    if (!f.opensUndeclared()) continue;
    json r = {{"ruleId", "TG001"},
              {"ruleIndex", index["TG001"]},
              {"level", "error"},
              {"baselineState", "new"},
              {"message",
               {{"text", fmt::format("new cross-tenant flow {} => {} : {} (tenant {} → {}, {} change)", f.src, f.dst,
                                     f.opened.toString(), f.fromTenant, f.toTenant, verify::changeCauseName(f.cause))}}},
              {"partialFingerprints", {{"tenantguardFlow/v1", f.src + " => " + f.dst}}}};
    json loc = location(f.dstWhere);
    if (!loc.empty()) r["locations"] = loc;
    results.push_back(std::move(r));
  }
  auto addFinding = [&](const verify::Finding& f, const char* state) {
    json r = {{"ruleId", f.id},
              {"ruleIndex", index.count(f.id) ? index[f.id] : 0},
              {"level", level(f.severity)},
              {"baselineState", state},
              {"message", {{"text", f.hint.empty() ? f.message : f.message + ". Fix: " + f.hint}}},
              {"partialFingerprints", {{"tenantguardFinding/v1", verify::findingKey(f)}}}};
    json loc = location(f.where);
    if (!loc.empty()) r["locations"] = loc;
    results.push_back(std::move(r));
  };
  for (const auto& f : d.findings.added) addFinding(f, "new");
  for (const auto& f : d.findings.resolved) addFinding(f, "absent");

  json sarif = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                {"version", "2.1.0"},
                {"runs", json::array({{{"tool", {{"driver", {{"name", "tenantguard"}, {"version", "0.1.0"}, {"rules", rules}}}}},
                                       {"automationDetails", {{"id", "tenantguard/diff/"}}},
                                       {"results", results}}})}};
  return sarif.dump(2) + "\n";
}

}  // namespace tg::report
