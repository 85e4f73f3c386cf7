// `audit -o json`: one object for SIEM ingestion; field names follow `verify -o json`'s style.
#include <nlohmann/json.hpp>

#include "report/audit_report.h"

namespace tg::report {
namespace {

using nlohmann::json;

json seenJson(const audit::Seen& s) {
  return {{"count", s.count}, {"firstSeen", s.first}, {"lastSeen", s.last}};
}

}  // namespace

std::string renderAuditJson(const audit::AuditResult& r) {
  const audit::AuditSummary& s = r.summary;
  json j;
  j["summary"] = {{"inputs", s.inputs},
                  {"lines", s.lines},
                  {"entries", s.entries},
                  {"malformed", s.malformed},
                  {"proxyMessages", s.proxyMessages},
                  {"outsideWindow", s.outsideWindow},
                  {"clientCopies", s.clientCopies},
                  {"unattributedSource", s.unattributedSource},
                  {"unattributedDestination", s.unattributedDestination},
                  {"sameTenant", s.sameTenant},
                  {"notBetweenTenants", s.notBetweenTenants},
                  {"sharedServiceRequests", s.sharedServiceRequests},
                  {"crossTenant", s.crossTenant},
                  {"crossTenantDenied", s.crossTenantDenied},
                  {"crossTenantDeclared", s.crossTenantDeclared},
                  {"alerts", s.alerts},
                  {"otherDeniedPaths", s.otherDeniedPaths}};
  j["alerts"] = json::array();
  for (const auto& a : r.alerts) {
    json e = seenJson(a.seen);
    e.update({{"src", a.src}, {"dst", a.dst}, {"fromTenant", a.srcTenant}, {"toTenant", a.dstTenant},
              {"port", a.port}, {"example", a.example}});
    if (!a.sharedService.empty()) e["sharedService"] = a.sharedService;
    j["alerts"].push_back(e);
  }
  j["denied"] = json::array();
  for (const auto& g : r.denied) {
    json e = seenJson(g.seen);
    e.update({{"src", g.src}, {"dst", g.dst}, {"fromTenant", g.srcTenant}, {"toTenant", g.dstTenant}, {"layer", g.layer}});
    if (g.layer == "network") e["responseFlags"] = g.flags;
    else e["policy"] = g.policy;
    if (g.rule >= 0) e["rule"] = g.rule;
    j["denied"].push_back(e);
  }
  j["topDeniedPaths"] = json::array();
  for (const auto& p : r.topDeniedPaths) j["topDeniedPaths"].push_back({{"path", p.path}, {"count", p.count}});
  j["days"] = json::array();
  for (const auto& d : r.days)
    j["days"].push_back({{"day", d.day}, {"crossTenant", d.crossTenant}, {"denied", d.denied}, {"alerts", d.alerts}});
  j["errors"] = json::array();
  for (const auto& e : r.errors) j["errors"].push_back({{"file", e.file}, {"line", e.line}, {"message", e.message}});
  return j.dump(2) + "\n";
}

}  // namespace tg::report
