// `verify -o html`: the verify result as one self-contained page (see html_report.h).
#include "report/html_page.h"
#include "report/html_report.h"

namespace tg::report {

std::string renderVerifyHtml(const verify::VerifyResult& r) {
  html::Tables t;
  nlohmann::json data;
  std::vector<nlohmann::json> rows;
  data["kind"] = "verify";
  data["title"] = "tenantguard verify";
  html::encodeVerify(r, t, data, rows);
  t.writeTo(data);
  return html::page("tenantguard verify", data, rows);
}

}  // namespace tg::report
