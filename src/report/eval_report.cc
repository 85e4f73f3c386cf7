#include "report/eval_report.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace tg::report {
namespace {

std::string refText(const layers::Ref& r) {
  std::string obj = r.ns.empty() ? r.name : r.ns + "/" + r.name;
  std::string rule = r.rule >= 0         ? fmt::format(" {} rule {}", r.section, r.rule)
                     : !r.section.empty() ? fmt::format(" {}", r.section)
                                          : "";
  return fmt::format("{} {}{}  ({})", r.kind, obj, rule, r.where.str());
}

}  // namespace

std::string renderEvalText(const verify::FlowEvaluation& e) {
  std::string out = fmt::format("{} => {} : {} {}\n", e.src, e.dst, net::protocolName(e.protocol), e.port);
  out += fmt::format("verdict: {}", e.allowed() ? "ALLOWED" : "DENIED");
  if (!e.allowed()) out += fmt::format(" (blocked by {} layer{})", e.blockingLayers(), e.blockingLayers() == 1 ? "" : "s");
  out += "\n";
  for (const auto& l : e.layers) {
    out += fmt::format("\n[{}] {}\n", l.layer, layers::verdictName(l.verdict.verdict));
    if (!l.verdict.reason.empty()) out += fmt::format("  why: {}\n", l.verdict.reason);
    for (const auto& r : l.verdict.decidedBy) out += fmt::format("  by:  {}\n", refText(r));
  }
  return out;
}

std::string renderEvalJson(const verify::FlowEvaluation& e) {
  nlohmann::json j;
  j["src"] = e.src;
  j["dst"] = e.dst;
  j["protocol"] = std::string(net::protocolName(e.protocol));
  j["port"] = e.port;
  j["allowed"] = e.allowed();
  j["blockingLayers"] = e.blockingLayers();
  j["layers"] = nlohmann::json::array();
  for (const auto& l : e.layers) {
    nlohmann::json by = nlohmann::json::array();
    for (const auto& r : l.verdict.decidedBy)
      by.push_back({{"kind", r.kind}, {"namespace", r.ns}, {"name", r.name}, {"rule", r.rule},
                    {"section", r.section}, {"file", r.where.path()}, {"line", r.where.line}});
    j["layers"].push_back({{"layer", l.layer}, {"verdict", layers::verdictName(l.verdict.verdict)},
                           {"reason", l.verdict.reason}, {"decidedBy", by}});
  }
  return j.dump(2) + "\n";
}

}  // namespace tg::report
