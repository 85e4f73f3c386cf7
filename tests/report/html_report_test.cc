// The HTML reports' page structure and data blocks (src/report/html_page.cc, verify_html.cc),
// checked on small hand-built results whose expected encoding is written out here.
#include "report/html_report.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <regex>

namespace tg::report {
namespace {

using nlohmann::json;

// The text of <script type="application/json" id="ID">…</script>.
std::string jsonBlock(const std::string& html, const std::string& id) {
  std::string open = "<script type=\"application/json\" id=\"" + id + "\">";
  size_t at = html.find(open);
  if (at == std::string::npos) return "";
  at += open.size();
  return html.substr(at, html.find("</script>", at) - at);
}

verify::VerifyResult threeTenants() {
  verify::VerifyResult r;
  r.tenants = {"a", "b", "c"};
  auto pair = [&](const std::string& from, const std::string& to, uint32_t open, uint32_t declared, int layers) {
    auto position = [&](const std::string& t) {
      return static_cast<uint32_t>(std::find(r.tenants.begin(), r.tenants.end(), t) - r.tenants.begin());
    };
    verify::TenantPair p;
    p.from = position(from);
    p.to = position(to);
    p.openFlows = open;
    p.declaredFlows = declared;
    p.blockedPairs = open || declared ? 0 : 1;
    p.minBlockingLayers = open || declared ? -1 : layers;
    return p;
  };
  r.matrix = {pair("a", "b", 1, 0, 0), pair("a", "c", 0, 0, 2), pair("b", "a", 0, 1, 0),
              pair("b", "c", 0, 0, 1), pair("c", "a", 0, 0, 3), pair("c", "b", 0, 0, -1)};
  r.matrix.back().blockedPairs = 0;  // c → b: no workload pair at all
  verify::CrossTenantFlow f;
  f.fromTenant = "a";
  f.toTenant = "b";
  f.src = "ns-a/web[Deployment]";
  f.dst = "ns-b/api</script><!--[Deployment]";  // hostile text must stay inside its JSON string
  f.conns = net::ConnectionSet::allPorts(net::Protocol::UDP);
  r.crossTenant.push_back(f);
  verify::Finding finding;
  finding.id = "TG001";
  finding.severity = verify::Severity::Error;
  finding.message = "tenant a can reach tenant b & more <b>";
  r.findings.push_back(finding);
  r.summary.tenants = 3;
  return r;
}

TEST(HtmlReport, EscapesEverythingThatCouldEndTheScriptBlock) {
  std::string raw = json{{"s", "</script><!-- & </SCRIPT>"}}.dump();
  std::string safe = escapeJsonForScript(raw);
  EXPECT_EQ(safe.find('<'), std::string::npos);
  EXPECT_EQ(safe.find('>'), std::string::npos);
  EXPECT_EQ(safe.find('&'), std::string::npos);
  EXPECT_EQ(json::parse(safe), json::parse(raw));  // the same JSON value
}

TEST(HtmlReport, EmbedsTheMatrixAsOneCodeStringPerRow) {
  std::string html = renderVerifyHtml(threeTenants());
  json data = json::parse(jsonBlock(html, "tg-data"));
  // Row from, column to: a→b open, a→c 2L; b→a declared only, b→c 1L; c→a 3L, c→b no pair.
  EXPECT_EQ(data["matrix"], json::parse(R"(["-O2", "D-1", "3.-"])"));
  EXPECT_EQ(data["tenants"], json::parse(R"(["a", "b", "c"])"));
  EXPECT_EQ(data["findings"].size(), 1u);
  EXPECT_EQ(data["findings"][0][2], "tenant a can reach tenant b & more <b>");
  // One block per tenant; a's block holds its flow to b (tenant index 1).
  json rowA = json::parse(jsonBlock(html, "tg-row-0"));
  ASSERT_EQ(rowA["flows"].size(), 1u);
  EXPECT_EQ(rowA["flows"][0][0], 1);
  EXPECT_EQ(data["texts"][rowA["flows"][0][2].get<int>()], "ns-b/api</script><!--[Deployment]");
  EXPECT_FALSE(jsonBlock(html, "tg-row-2").empty());
  EXPECT_TRUE(jsonBlock(html, "tg-row-3").empty());
}

TEST(HtmlReport, IsOneSelfContainedFile) {
  std::string html = renderVerifyHtml(threeTenants());
  // Nothing is loaded from elsewhere: no src= or href= to another document, no @import, no url().
  EXPECT_FALSE(std::regex_search(html, std::regex(R"((src|href)\s*=\s*["']?(https?:|//|[a-z0-9_./-]+\.(js|css|png|svg|woff2?)))",
                                                  std::regex::icase)));
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
  EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
  // The hostile workload name did not close the data block: exactly one </script> per block.
  size_t blocks = 0, closes = 0;
  for (size_t at = 0; (at = html.find("<script", at)) != std::string::npos; ++at) ++blocks;
  for (size_t at = 0; (at = html.find("</script>", at)) != std::string::npos; ++at) ++closes;
  EXPECT_EQ(blocks, closes);
  EXPECT_EQ(blocks, 1u + 3u + 1u);  // data, three tenant blocks, the script
  EXPECT_EQ(html.find("<table"), std::string::npos);  // the script draws every table
}

TEST(HtmlReport, CapsWhatOneTenantPairEmbeds) {
  verify::VerifyResult r = threeTenants();
  r.crossTenant.clear();
  for (int i = 0; i < 25; ++i) {  // 25 flows a → b: 20 embedded, 5 named as omitted
    verify::CrossTenantFlow f;
    f.fromTenant = "a";
    f.toTenant = "b";
    f.src = "ns-a/w" + std::to_string(i) + "[Deployment]";
    f.dst = "ns-b/api[Deployment]";
    f.conns = net::ConnectionSet::all();
    r.crossTenant.push_back(f);
  }
  std::string html = renderVerifyHtml(r);
  json data = json::parse(jsonBlock(html, "tg-data"));
  EXPECT_EQ(json::parse(jsonBlock(html, "tg-row-0"))["flows"].size(), 20u);
  EXPECT_EQ(data["flowsOmitted"], json::parse("[[0, 1, 5]]"));
}

}  // namespace
}  // namespace tg::report
