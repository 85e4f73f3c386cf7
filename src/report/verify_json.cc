#include <nlohmann/json.hpp>

#include "report/verify_report.h"

namespace tg::report {

std::string renderVerifyJson(const verify::VerifyResult& r) {
  using nlohmann::json;
  json j;
  j["findings"] = json::array();
  for (const auto& f : r.findings)
    j["findings"].push_back({{"id", f.id},
                             {"severity", verify::severityName(f.severity)},
                             {"message", f.message},
                             {"object", {{"kind", f.object.kind}, {"namespace", f.object.ns}, {"name", f.object.name}}},
                             {"file", f.where.file ? f.where.path() : ""},
                             {"line", f.where.line},
                             {"hint", f.hint}});
  j["tenants"] = r.tenants;
  j["matrix"] = json::array();
  for (const auto& p : r.matrix)
    j["matrix"].push_back({{"from", r.tenants[p.from]},
                           {"to", r.tenants[p.to]},
                           {"openFlows", p.openFlows},
                           {"declaredFlows", p.declaredFlows},
                           {"blockedPairs", p.blockedPairs},
                           {"minBlockingLayers", p.minBlockingLayers}});
  j["crossTenant"] = json::array();
  for (const auto& f : r.crossTenant)
    j["crossTenant"].push_back({{"fromTenant", f.fromTenant},
                                {"toTenant", f.toTenant},
                                {"src", f.src},
                                {"dst", f.dst},
                                {"conn", f.conns.toString()},
                                {"authorization", f.authorization},
                                {"declared", f.declared}});
  j["loadBearing"] = json::array();
  for (const auto& lb : r.loadBearing)
    j["loadBearing"].push_back({{"object", {{"kind", lb.object.kind}, {"namespace", lb.object.ns}, {"name", lb.object.name}}},
                                {"file", lb.where.path()},
                                {"line", lb.where.line},
                                {"opens", lb.opens}});
  const auto& s = r.summary;
  j["summary"] = {{"tenants", s.tenants}, {"namespaces", s.namespaces}, {"workloads", s.workloads},
                  {"policies", s.policies}, {"errors", s.errors},   {"warnings", s.warnings},
                  {"info", s.infos}};
  return j.dump(2) + "\n";
}

}  // namespace tg::report
