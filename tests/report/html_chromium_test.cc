// The HTML reports opened in headless Chromium: the page must render its matrix (the script
// writes data-rendered="ok" and what it drew on #tg-status, which --dump-dom shows) without a
// single console message (errors, CSP violations and uncaught exceptions are console messages).
// The article's report is also saved as docs/report.png for the README, with
// TG_UPDATE_SCREENSHOT=1.
//
// Skips, with a message, only where no Chromium binary can be found (Debian package `chromium`,
// installed by scripts/install-deps.sh; TG_CHROMIUM may name another binary).
#include <gtest/gtest.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "report/html_report.h"
#include "support/command.h"

namespace tg::report {
namespace {

namespace fs = std::filesystem;
using tg::testing::runCommand;
using tg::testing::runTenantguard;

std::string findChromium() {
  if (const char* env = std::getenv("TG_CHROMIUM"); env && *env && access(env, X_OK) == 0) return env;
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  std::string dir;
  std::vector<std::string> all;
  while (std::getline(dirs, dir, ':')) all.push_back(dir);
  for (const char* name : {"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"})
    for (const auto& d : all) {
      std::string candidate = d + "/" + name;
      if (access(candidate.c_str(), X_OK) == 0) return candidate;
    }
  return "";
}

#define REQUIRE_CHROMIUM(var)                                                                                  \
  std::string var = findChromium();                                                                            \
  if (var.empty())                                                                                             \
    GTEST_SKIP() << "chromium not found in PATH (install the Debian package `chromium`, as "                   \
                    "scripts/install-deps.sh does, or set TG_CHROMIUM)";

std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A fresh temporary directory, removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "tg-html-XXXXXX").string();
    path = mkdtemp(tmpl.data()) ? fs::path(tmpl) : fs::path();
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

struct Page {
  int exitCode = -1;
  std::string dom;
  std::vector<std::string> console;  // console messages Chromium logged
};

// Opens file://`html``fragment` in headless Chromium with a fresh profile; `extra` adds flags
// (e.g. --screenshot=FILE, which replaces --dump-dom).
Page open(const std::string& chromium, const fs::path& html, const std::string& fragment, const std::string& extra = "") {
  TempDir profile;
  fs::path log = profile.path / "chromium.log";
  std::string cmd = "timeout 300 '" + chromium +
                    "' --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking"
                    " --disable-component-update --disable-sync --user-data-dir='" +
                    (profile.path / "profile").string() + "' --enable-logging=stderr --v=0 " +
                    (extra.empty() ? std::string("--dump-dom") : extra) + " 'file://" + html.string() + fragment + "' 2>'" +
                    log.string() + "'";
  tg::testing::CommandResult r = runCommand(cmd);
  Page p{r.exitCode, r.out, {}};
  std::stringstream lines(readFile(log));
  for (std::string line; std::getline(lines, line);)
    if (line.find(":CONSOLE") != std::string::npos) p.console.push_back(line);
  return p;
}

// The attributes the page's script writes on #tg-status once everything is drawn.
std::string status(const std::string& dom) {
  size_t at = dom.find("id=\"tg-status\"");
  if (at == std::string::npos) return "";
  return dom.substr(at, dom.find('>', at) - at);
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = 0; (at = text.find(what, at)) != std::string::npos; at += what.size()) ++n;
  return n;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

TEST(HtmlChromium, ArticleVerifyReportRendersAndIsSavedAsScreenshot) {
  REQUIRE_CHROMIUM(chromium);
  TempDir dir;
  fs::path html = dir.path / "report.html";
  tg::testing::CommandResult r = runTenantguard("verify examples/article --spec examples/article/tenantguard.yaml -o html > '" +
                                            html.string() + "'");
  ASSERT_EQ(r.exitCode, 1);  // the article's cluster has errors

  Page p = open(chromium, html, "#pair=beta,alpha");
  ASSERT_EQ(p.exitCode, 0);
  EXPECT_EQ(p.console, std::vector<std::string>{}) << joined(p.console);
  std::string s = status(p.dom);
  EXPECT_NE(s.find("data-rendered=\"ok\""), std::string::npos) << s;
  EXPECT_EQ(s.find("data-error"), std::string::npos) << s;
  // The spec names 5 tenants: a 5×5 table whose 20 off-diagonal cells are pairs.
  EXPECT_NE(s.find("data-matrix-mode=\"table\""), std::string::npos) << s;
  EXPECT_NE(s.find("data-matrix-cells=\"20\""), std::string::npos) << s;
  EXPECT_EQ(count(p.dom, "<td class=\"cell "), 25u);
  // beta → alpha is open in the article (UDP/SCTP); the link opened its drill-down.
  EXPECT_NE(s.find("data-drill=\"beta\""), std::string::npos) << s;
  EXPECT_NE(p.dom.find("id=\"tg-pair-2-1\""), std::string::npos);  // tenants sorted: acme alpha beta globex initech

  // The screenshot goes to docs/ only when asked (TG_UPDATE_SCREENSHOT=1): a test run leaves the
  // source tree as it found it.
  fs::path png = std::getenv("TG_UPDATE_SCREENSHOT") ? fs::path(TG_SOURCE_DIR) / "docs" / "report.png"
                                                     : dir.path / "report.png";
  fs::create_directories(png.parent_path());
  Page shot = open(chromium, html, "#pair=beta,alpha",
                   "--hide-scrollbars --window-size=1400,1000 --screenshot='" + png.string() + "'");
  ASSERT_EQ(shot.exitCode, 0);
  std::string bytes = readFile(png);
  ASSERT_GT(bytes.size(), 10000u);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
}

TEST(HtmlChromium, DiffReportRendersWithTheChangedCellMarked) {
  REQUIRE_CHROMIUM(chromium);
  TempDir dir;
  fs::path html = dir.path / "diff.html";
  tg::testing::CommandResult r = runTenantguard(
      "diff --base tests/data/diff/delete-default-deny/base --head tests/data/diff/delete-default-deny/head -o html > '" +
      html.string() + "'");
  ASSERT_EQ(r.exitCode, 1);
  Page p = open(chromium, html, "");
  ASSERT_EQ(p.exitCode, 0);
  EXPECT_EQ(p.console, std::vector<std::string>{}) << joined(p.console);
  std::string s = status(p.dom);
  EXPECT_NE(s.find("data-rendered=\"ok\""), std::string::npos) << s;
  EXPECT_NE(s.find("data-matrix-cells=\"6\""), std::string::npos) << s;  // 3 tenants
  // Only b → a changed (2L → OPEN): one outlined cell, and it is open.
  EXPECT_EQ(count(p.dom, " changed\" title="), 1u);  // matrix cells (the legend's swatch has no title)
  EXPECT_EQ(count(p.dom, "class=\"cell c-open changed\""), 1u);
  EXPECT_NE(p.dom.find("id=\"tg-diff\""), std::string::npos);
}

TEST(HtmlChromium, AThousandTenantsDrawAHeatMapNotATable) {
  REQUIRE_CHROMIUM(chromium);
  // A synthetic result: 1,000 tenants, every ordered pair a cell, states in a fixed pattern.
  verify::VerifyResult r;
  const size_t n = 1000;
  for (size_t i = 0; i < n; ++i) r.tenants.push_back(fmt::format("t{:04}", i));
  r.matrix.reserve(n * (n - 1));
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < n; ++j) {
      if (i == j) continue;
      verify::TenantPair p;
      p.from = static_cast<uint32_t>(i);
      p.to = static_cast<uint32_t>(j);
      size_t k = (i * 7 + j * 13) % 5;
      p.openFlows = k == 0;
      p.declaredFlows = k == 1;
      p.blockedPairs = k >= 2;
      p.minBlockingLayers = k >= 2 ? static_cast<int>(k) - 1 : -1;
      r.matrix.push_back(std::move(p));
    }
  r.summary.tenants = n;
  TempDir dir;
  fs::path html = dir.path / "big.html";
  std::ofstream(html) << renderVerifyHtml(r);

  Page p = open(chromium, html, "#tenant=t0500");
  ASSERT_EQ(p.exitCode, 0);
  EXPECT_EQ(p.console, std::vector<std::string>{}) << joined(p.console);
  std::string s = status(p.dom);
  EXPECT_NE(s.find("data-rendered=\"ok\""), std::string::npos) << s;
  EXPECT_NE(s.find("data-matrix-mode=\"canvas\""), std::string::npos) << s;
  EXPECT_NE(s.find("data-matrix-cells=\"999000\""), std::string::npos) << s;
  EXPECT_NE(s.find("data-drill=\"t0500\""), std::string::npos) << s;  // its block parsed on demand
  // The DOM holds pages of lists, never the matrix as elements.
  EXPECT_LT(count(p.dom, "<td"), 2000u);
  EXPECT_EQ(count(p.dom, "<canvas"), 1u);
}

}  // namespace
}  // namespace tg::report
