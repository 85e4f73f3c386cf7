// `diff -o json`: every part of the DiffResult, in the vocabulary of `verify -o json`.
#include "report/diff_report.h"
#include "report/report_util.h"

namespace tg::report {
namespace {

using nlohmann::json;

json sideJson(const verify::FlowSide& s) {
  if (!s.present) return nullptr;
  json layers = json::array();
  for (const auto& l : s.layers) layers.push_back(layerJson(l));
  return {{"conn", s.conns.empty() ? "" : s.conns.toString()},
          {"authorization", s.authorization},
          {"declared", s.declared},
          {"layers", layers}};
}

json cellJson(const std::optional<verify::TenantPair>& p) {
  if (!p) return nullptr;
  return {{"openFlows", p->openFlows},
          {"declaredFlows", p->declaredFlows},
          {"blockedPairs", p->blockedPairs},
          {"minBlockingLayers", p->minBlockingLayers}};
}

json loadBearingJson(const std::vector<verify::LoadBearingObject>& list) {
  json arr = json::array();
  for (const auto& lb : list)
    arr.push_back({{"object", objectJson(lb.object)},
                   {"file", lb.where.file ? lb.where.path() : ""},
                   {"line", lb.where.line},
                   {"opens", lb.opens}});
  return arr;
}

json objectsJson(const std::vector<verify::ObjectChange>& list) {
  json arr = json::array();
  for (const auto& o : list)
    arr.push_back({{"object", objectJson(o.object)}, {"file", o.where.file ? o.where.path() : ""}, {"line", o.where.line}});
  return arr;
}

json workloadsJson(const std::vector<verify::WorkloadChange>& list) {
  json arr = json::array();
  for (const auto& w : list)
    arr.push_back({{"name", w.name}, {"tenant", w.tenant}, {"file", w.where.file ? w.where.path() : ""}, {"line", w.where.line}});
  return arr;
}

}  // namespace

std::string renderDiffJson(const verify::DiffResult& d) {
  json j;
  const auto& s = d.summary;
  j["summary"] = {{"newCrossTenantFlows", s.newFlows}, {"addedFlows", s.addedFlows},   {"removedFlows", s.removedFlows},
                  {"changedFlows", s.changedFlows},    {"newFindings", s.newFindings}, {"resolvedFindings", s.resolvedFindings},
                  {"unchangedFindings", s.unchangedFindings}, {"newErrors", s.newErrors}};
  j["flows"] = json::array();
  for (const auto& f : d.flows) {
    json changes = json::array();
    for (const auto& c : f.layerChanges)
      changes.push_back({{"layer", c.layer},
                         {"before", c.before},
                         {"after", c.after},
                         {"opened", c.opened.empty() ? "" : c.opened.toString()},
                         {"closed", c.closed.empty() ? "" : c.closed.toString()}});
    j["flows"].push_back({{"change", verify::changeKindName(f.kind)},
                          {"cause", verify::changeCauseName(f.cause)},
                          {"new", f.opensUndeclared()},
                          {"fromTenant", f.fromTenant},
                          {"toTenant", f.toTenant},
                          {"src", f.src},
                          {"dst", f.dst},
                          {"opened", f.opened.empty() ? "" : f.opened.toString()},
                          {"closed", f.closed.empty() ? "" : f.closed.toString()},
                          {"layerChanges", changes},
                          {"base", sideJson(f.base)},
                          {"head", sideJson(f.head)}});
  }
  j["matrix"] = json::array();
  for (const auto& c : d.cells) j["matrix"].push_back({{"from", c.from}, {"to", c.to}, {"base", cellJson(c.base)}, {"head", cellJson(c.head)}});
  j["findings"] = {{"new", json::array()}, {"resolved", json::array()}, {"unchanged", d.findings.unchanged}};
  for (const auto& f : d.findings.added) j["findings"]["new"].push_back(findingJson(f));
  for (const auto& f : d.findings.resolved) j["findings"]["resolved"].push_back(findingJson(f));
  j["loadBearing"] = {{"new", loadBearingJson(d.newlyLoadBearing)}, {"resolved", loadBearingJson(d.noLongerLoadBearing)}};
  j["policies"] = {{"added", objectsJson(d.policiesAdded)}, {"removed", objectsJson(d.policiesRemoved)}};
  j["topology"] = {{"tenants", {{"added", d.tenantsAdded}, {"removed", d.tenantsRemoved}}},
                   {"namespaces", {{"added", d.namespacesAdded}, {"removed", d.namespacesRemoved}}},
                   {"workloads", {{"added", workloadsJson(d.workloadsAdded)}, {"removed", workloadsJson(d.workloadsRemoved)}}}};
  return j.dump(2) + "\n";
}

}  // namespace tg::report
