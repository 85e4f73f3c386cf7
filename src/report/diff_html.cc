// `diff -o html`: the head configuration's full report (matrix, drill-down, findings, what-if)
// with the change on top: flow changes (new cross-tenant flows first), changed matrix cells
// outlined, findings new and resolved, load-bearing changes, policy objects and topology.
#include "report/html_page.h"
#include "report/html_report.h"
#include "report/report_util.h"

namespace tg::report {
namespace {

using nlohmann::json;

constexpr size_t kMaxDiffRows = 20000;

json side(const verify::FlowSide& s, html::Tables& t) {
  if (!s.present) return nullptr;
  return json::array({s.conns.empty() ? -1 : t.conns(s.conns.toString()), t.text(s.authorization), s.declared ? 1 : 0,
                      t.layers(s.layers)});
}

json cell(const std::optional<verify::TenantPair>& p) {
  if (!p) return nullptr;
  return std::string(1, html::cellCode(*p));
}

json loadBearing(const std::vector<verify::LoadBearingObject>& list) {
  json arr = json::array();
  for (const auto& lb : list) arr.push_back(json::array({objectText(lb.object), whereText(lb.where), lb.opens}));
  return arr;
}

json objects(const std::vector<verify::ObjectChange>& list) {
  json arr = json::array();
  for (const auto& o : list) arr.push_back(json::array({objectText(o.object), whereText(o.where)}));
  return arr;
}

json workloads(const std::vector<verify::WorkloadChange>& list) {
  json arr = json::array();
  for (const auto& w : list) arr.push_back(json::array({w.name, w.tenant, whereText(w.where)}));
  return arr;
}

}  // namespace

std::string renderDiffHtml(const verify::DiffResult& d) {
  html::Tables t;
  json data;
  std::vector<json> rows;
  data["kind"] = "diff";
  data["title"] = "tenantguard diff";
  html::encodeVerify(d.head, t, data, rows);

  json diff;
  const auto& s = d.summary;
  diff["summary"] = {{"newFlows", s.newFlows},         {"addedFlows", s.addedFlows},
                     {"removedFlows", s.removedFlows}, {"changedFlows", s.changedFlows},
                     {"newFindings", s.newFindings},   {"resolvedFindings", s.resolvedFindings},
                     {"unchangedFindings", s.unchangedFindings}, {"newErrors", s.newErrors}};
  const auto& b = d.base.summary;
  diff["base"] = {{"tenants", b.tenants},   {"namespaces", b.namespaces}, {"workloads", b.workloads},
                  {"policies", b.policies}, {"errors", b.errors},         {"warnings", b.warnings},
                  {"info", b.infos},        {"crossTenant", d.base.crossTenant.size()}};
  // At most kMaxDiffRows flow changes and cell changes are embedded; the page names the rest.
  diff["flows"] = json::array();
  diff["flowsTotal"] = d.flows.size();
  for (const auto& f : d.flows) {
    if (diff["flows"].size() == kMaxDiffRows) break;
    json changed = json::array();
    for (const auto& c : f.layerChanges) changed.push_back(c.layer);
    diff["flows"].push_back(json::array({verify::changeKindName(f.kind), verify::changeCauseName(f.cause), f.opensUndeclared(),
                                         f.fromTenant, f.toTenant, t.text(f.src), t.text(f.dst),
                                         f.opened.empty() ? -1 : t.conns(f.opened.toString()),
                                         f.closed.empty() ? -1 : t.conns(f.closed.toString()), side(f.base, t), side(f.head, t),
                                         changed, whereText(f.dstWhere)}));
  }
  diff["cells"] = json::array();
  diff["cellsTotal"] = d.cells.size();
  for (const auto& c : d.cells)
    if (diff["cells"].size() < kMaxDiffRows) diff["cells"].push_back(json::array({c.from, c.to, cell(c.base), cell(c.head)}));
  json omittedNew, omittedResolved;
  diff["findingsNew"] = html::findingRows(d.findings.added, t, omittedNew);
  diff["findingsResolved"] = html::findingRows(d.findings.resolved, t, omittedResolved);
  diff["findingsNewOmitted"] = omittedNew;
  diff["findingsResolvedOmitted"] = omittedResolved;
  diff["newlyLoadBearing"] = loadBearing(d.newlyLoadBearing);
  diff["noLongerLoadBearing"] = loadBearing(d.noLongerLoadBearing);
  diff["policiesAdded"] = objects(d.policiesAdded);
  diff["policiesRemoved"] = objects(d.policiesRemoved);
  diff["topology"] = {{"tenantsAdded", d.tenantsAdded},       {"tenantsRemoved", d.tenantsRemoved},
                      {"namespacesAdded", d.namespacesAdded}, {"namespacesRemoved", d.namespacesRemoved},
                      {"workloadsAdded", workloads(d.workloadsAdded)}, {"workloadsRemoved", workloads(d.workloadsRemoved)}};
  data["diff"] = std::move(diff);
  t.writeTo(data);
  return html::page("tenantguard diff", data, rows);
}

}  // namespace tg::report
