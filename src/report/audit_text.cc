// `audit -o text`: alerts first (what crossed a boundary), then denials grouped by source,
// destination and policy, the most denied paths, the per-day series and the line counts.
#include <fmt/format.h>

#include "report/audit_report.h"
#include "report/report_util.h"

namespace tg::report {
namespace {

std::string when(const audit::Seen& s) {
  if (s.first.empty()) return "";
  return s.first == s.last ? fmt::format("at {}", s.first) : fmt::format("{} .. {}", s.first, s.last);
}

std::string deniedBy(const audit::DeniedGroup& g) {
  if (g.layer == "network") return fmt::format("network: connection failed ({})", g.flags);
  if (g.policy == "none") return "authorization: no ALLOW policy matched";
  if (g.rule >= 0) return fmt::format("authorization: AuthorizationPolicy {} rule {}", g.policy, g.rule);
  return fmt::format("authorization: {}", g.policy);
}

void renderAlerts(const audit::AuditResult& r, std::string& out) {
  if (r.alerts.empty()) {
    out += "No undeclared cross-tenant request got through.\n";
    return;
  }
  out += fmt::format("ALERT: {} got through ({})\n", plural(r.summary.alerts, "undeclared cross-tenant request"),
                     plural(r.alerts.size(), "source/destination pair"));
  for (const auto& a : r.alerts) {
    std::string to = a.sharedService.empty() ? a.dstTenant : "shared service " + a.sharedService + ", undeclared use";
    out += fmt::format("  {} => {} : port {}  [{} -> {}]  x{}  {}\n", a.src, a.dst, a.port, a.srcTenant, to, a.seen.count,
                       when(a.seen));
    out += fmt::format("      e.g. {}\n", a.example);
  }
}

void renderDenied(const audit::AuditResult& r, std::string& out) {
  out += fmt::format("\nDenied cross-tenant requests: {} in {}\n", r.summary.crossTenantDenied, plural(r.denied.size(), "group"));
  for (const auto& g : r.denied) {
    out += fmt::format("  {} => {}  [{} -> {}]  x{}  {}\n", g.src, g.dst, g.srcTenant, g.dstTenant, g.seen.count,
                       when(g.seen));
    out += fmt::format("      {}\n", deniedBy(g));
  }
}

void renderPathsAndDays(const audit::AuditResult& r, std::string& out) {
  if (!r.topDeniedPaths.empty()) {
    out += "\nTop denied paths\n";
    for (const auto& p : r.topDeniedPaths) out += fmt::format("  {:>8}  {}\n", p.count, p.path);
    if (r.summary.otherDeniedPaths)
      out += fmt::format("  {:>8}  (other paths, not tracked)\n", r.summary.otherDeniedPaths);
  }
  if (!r.days.empty()) {
    out += "\nPer day (UTC)          cross-tenant    denied    alerts\n";
    for (const auto& d : r.days)
      out += fmt::format("  {:<20} {:>12} {:>9} {:>9}\n", d.day, d.crossTenant, d.denied, d.alerts);
  }
}

void renderCounts(const audit::AuditSummary& s, std::string& out) {
  out += fmt::format("\nRead {} from {}: {}, {}, {} malformed\n", plural(s.lines, "line"), plural(s.inputs, "input"),
                     plural(s.entries, "access-log record"), plural(s.proxyMessages, "proxy message"), s.malformed);
  if (s.outsideWindow) out += fmt::format("  {} entries outside --since/--until\n", s.outsideWindow);
  out += fmt::format("  {} cross-tenant ({} denied, {} declared), {} to shared services, {} same tenant, {} to or from platform namespaces\n",
                     s.crossTenant, s.crossTenantDenied, s.crossTenantDeclared, s.sharedServiceRequests, s.sameTenant,
                     s.notBetweenTenants);
  out += fmt::format("  {} of requests the destination logged\n", plural(s.clientCopies, "client-side record"));
  if (s.unattributedSource || s.unattributedDestination)
    out += fmt::format("  not attributable: {} with an unknown source, {} with an unknown destination"
                       " (give the cluster snapshot with pod IPs, or log downstream_peer_uri_san)\n",
                       s.unattributedSource, s.unattributedDestination);
}

}  // namespace

std::string renderAuditText(const audit::AuditResult& r) {
  std::string out;
  renderAlerts(r, out);
  renderDenied(r, out);
  renderPathsAndDays(r, out);
  renderCounts(r.summary, out);
  return out;
}

}  // namespace tg::report
