// `diff -o sarif`: SARIF 2.1.0 results with `baselineState` — each new cross-tenant flow (rule
// TG001, at the destination workload) and each new finding as "new", each resolved finding as
// "absent". `partialFingerprints` carry the matching key, so a code-scanning upload tracks the
// same alert across commits.
#include <fmt/format.h>

#include "report/diff_report.h"
#include "report/sarif_common.h"

namespace tg::report {

std::string renderDiffSarif(const verify::DiffResult& d) {
  using nlohmann::json;
  SarifRun run;
  json results = json::array();
  for (const auto& f : d.flows) {
    if (!f.opensUndeclared()) continue;
    json r = run.result("TG001", verify::Severity::Error,
                        fmt::format("new cross-tenant flow {} => {} : {} (tenant {} → {}, {} change)", f.src, f.dst,
                                    f.opened.toString(), f.fromTenant, f.toTenant, verify::changeCauseName(f.cause)),
                        f.dstWhere);
    r["baselineState"] = "new";
    r["partialFingerprints"] = {{"tenantguardFlow/v1", f.src + " => " + f.dst}};
    results.push_back(std::move(r));
  }
  auto addFinding = [&](const verify::Finding& f, const char* state) {
    json r = run.finding(f);
    r["baselineState"] = state;
    r["partialFingerprints"] = {{"tenantguardFinding/v1", verify::findingKey(f)}};
    results.push_back(std::move(r));
  };
  for (const auto& f : d.findings.added) addFinding(f, "new");
  for (const auto& f : d.findings.resolved) addFinding(f, "absent");
  return run.render(std::move(results), {{"automationDetails", {{"id", "tenantguard/diff/"}}}});
}

}  // namespace tg::report
