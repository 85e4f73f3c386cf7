// `verify -o sarif`: one result per finding (see sarif_common.h for the shape).
#include "report/sarif_common.h"
#include "report/verify_report.h"

namespace tg::report {

std::string renderVerifySarif(const verify::VerifyResult& r) {
  SarifRun run;
  nlohmann::json results = nlohmann::json::array();
  for (const auto& f : r.findings) results.push_back(run.finding(f));
  return run.render(std::move(results));
}

}  // namespace tg::report
