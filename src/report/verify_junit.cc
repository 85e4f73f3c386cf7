// JUnit XML: one test case per catalogue rule; each finding at warning or above fails it.
#include <fmt/format.h>

#include "report/verify_report.h"

namespace tg::report {
namespace {

std::string xmlEscape(const std::string& s) {
  std::string out;
  for (char ch : s) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += ch;
    }
  }
  return out;
}

}  // namespace

std::string renderVerifyJunit(const verify::VerifyResult& r) {
  std::string cases;
  size_t failures = 0;
  for (const auto& rule : verify::catalogue()) {
    std::string body, notes;
    for (const auto& f : r.findings) {
      if (f.id != rule.id) continue;
      std::string where = f.where.file ? f.where.str() : "";
      if (f.severity == verify::Severity::Info) {
        notes += xmlEscape(fmt::format("{} {}\n", where, f.message));
        continue;
      }
      body += fmt::format("      <failure type=\"{}\" message=\"{}\">{}</failure>\n", verify::severityName(f.severity),
                          xmlEscape(f.message), xmlEscape(fmt::format("{}\nfix: {}", where, f.hint)));
    }
    if (!body.empty()) ++failures;  // a rule with findings is a failed test case
    if (!notes.empty()) body += "      <system-out>" + notes + "</system-out>\n";
    cases += fmt::format("    <testcase classname=\"tenantguard\" name=\"{} {}\"{}", rule.id, xmlEscape(std::string(rule.title)),
                         body.empty() ? "/>\n" : ">\n" + body + "    </testcase>\n");
  }
  size_t tests = verify::catalogue().size();
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites tests=\"{0}\" failures=\"{1}\">\n"
      "  <testsuite name=\"tenantguard verify\" tests=\"{0}\" failures=\"{1}\">\n{2}  </testsuite>\n</testsuites>\n",
      tests, failures, cases);
}

}  // namespace tg::report
