#include "report/report_util.h"

#include <fmt/format.h>

namespace tg::report {

std::string objectText(const verify::ObjectRef& o) {
  return fmt::format("{} {}{}", o.kind, o.ns.empty() ? "" : o.ns + "/", o.name);
}

std::string whereText(const model::Source& s) { return s.file ? s.str() : ""; }

std::string refText(const layers::Ref& r) {
  std::string text = objectText({r.kind, r.ns, r.name});
  if (r.rule >= 0) text += fmt::format(" {}{}rule {}", r.section, r.section.empty() ? "" : " ", r.rule);
  else if (!r.section.empty()) text += " " + r.section;
  std::string where = whereText(r.where);
  return where.empty() ? text : text + " (" + where + ")";
}

std::string refsText(const std::vector<layers::Ref>& refs, size_t max) {
  std::string out;
  for (size_t i = 0; i < refs.size() && i < max; ++i) out += (i ? ", " : "") + refText(refs[i]);
  if (refs.size() > max) out += fmt::format(", +{} more", refs.size() - max);
  return out;
}

std::string layerVerdictText(const verify::LayerResult& l) {
  std::string v = l.verdict();
  return v == "partial" ? fmt::format("partial ({})", l.allowed.toString()) : v;
}

nlohmann::json refJson(const layers::Ref& r) {
  return {{"kind", r.kind},       {"namespace", r.ns},   {"name", r.name},
          {"rule", r.rule},       {"section", r.section}, {"file", r.where.file ? r.where.path() : ""},
          {"line", r.where.line}};
}

nlohmann::json layerJson(const verify::LayerResult& l) {
  nlohmann::json by = nlohmann::json::array();
  for (const auto& r : l.decidedBy) by.push_back(refJson(r));
  return {{"layer", l.layer}, {"verdict", l.verdict()}, {"allowed", l.allowed.toString()}, {"decidedBy", by}};
}

nlohmann::json objectJson(const verify::ObjectRef& o) { return {{"kind", o.kind}, {"namespace", o.ns}, {"name", o.name}}; }

nlohmann::json findingJson(const verify::Finding& f) {
  nlohmann::json j = {{"id", f.id},
                      {"severity", verify::severityName(f.severity)},
                      {"message", f.message},
                      {"object", objectJson(f.object)},
                      {"file", f.where.file ? f.where.path() : ""},
                      {"line", f.where.line},
                      {"hint", f.hint}};
  if (!f.subject.empty()) j["subject"] = f.subject;
  return j;
}

std::string mdCell(const std::string& s) {
  std::string out;
  for (char ch : s) {
    switch (ch) {
      case '|': out += "\\|"; break;
      case '\n': out += "<br>"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += ch;
    }
  }
  return out;
}

std::string plural(size_t n, const char* word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

}  // namespace tg::report
