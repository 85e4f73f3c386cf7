#include <fmt/format.h>

#include <algorithm>

#include "report/verify_report.h"

namespace tg::report {
namespace {

struct Palette {
  bool on;
  std::string red(const std::string& s) const { return on ? "\033[31m" + s + "\033[0m" : s; }
  std::string yellow(const std::string& s) const { return on ? "\033[33m" + s + "\033[0m" : s; }
  std::string green(const std::string& s) const { return on ? "\033[32m" + s + "\033[0m" : s; }
  std::string bold(const std::string& s) const { return on ? "\033[1m" + s + "\033[0m" : s; }
};

// A matrix cell: OPEN (undeclared flow), decl (only declared flows), NL (isolated, blocked by N
// independent layers at the weakest workload pair).
std::string cell(const verify::TenantPair& p, const Palette& c, size_t width) {
  std::string text;
  if (p.openFlows) text = "OPEN";
  else if (p.declaredFlows) text = "decl";
  else if (p.minBlockingLayers < 0) text = "·";
  else text = fmt::format("{}L", p.minBlockingLayers);
  std::string padded = fmt::format("{:<{}}", text, width);
  if (p.openFlows) return c.red(padded);
  if (p.minBlockingLayers == 1) return c.yellow(padded);
  if (p.minBlockingLayers >= 2) return c.green(padded);
  return padded;
}

void renderMatrix(const verify::VerifyResult& r, const Palette& c, std::string& out) {
  if (r.tenants.empty()) return;
  size_t w = 6;
  for (const auto& t : r.tenants) w = std::max(w, t.size() + 2);
  out += c.bold("Tenant isolation (row: from, column: to; NL = blocked by N independent layers)") + "\n";
  out += fmt::format("  {:<{}}", "", w);
  for (const auto& t : r.tenants) out += fmt::format("{:<{}}", t, w);
  out += "\n";
  for (const auto& from : r.tenants) {
    out += fmt::format("  {:<{}}", from, w);
    for (const auto& to : r.tenants) {
      if (from == to) {
        out += fmt::format("{:<{}}", "-", w);
        continue;
      }
      auto it = std::find_if(r.matrix.begin(), r.matrix.end(),
                             [&](const verify::TenantPair& p) { return p.from == from && p.to == to; });
      out += it == r.matrix.end() ? fmt::format("{:<{}}", "", w) : cell(*it, c, w);
    }
    out += "\n";
  }
  out += "\n";
}

}  // namespace

std::string renderVerifyText(const verify::VerifyResult& r, bool color) {
  Palette c{color};
  const auto& s = r.summary;
  std::string out = fmt::format("tenantguard verify: {} tenants, {} namespaces, {} workloads, {} policies\n\n", s.tenants,
                                s.namespaces, s.workloads, s.policies);
  renderMatrix(r, c, out);

  if (!r.crossTenant.empty()) {
    out += c.bold("Cross-tenant flows") + "\n";
    for (const auto& f : r.crossTenant)
      out += fmt::format("  {} {} => {} : {}{}\n", f.declared ? "declared " : c.red("UNDECLARED"), f.src, f.dst,
                         f.conns.toString(), f.authorization.empty() ? "" : " [authorization: " + f.authorization + "]");
    out += "\n";
  }
  if (!r.loadBearing.empty()) {
    out += c.bold("Load-bearing objects (deleting one alone opens a cross-tenant flow)") + "\n";
    for (const auto& lb : r.loadBearing)
      out += fmt::format("  {} {}{}  ({}) opens {} flow{}\n", lb.object.kind, lb.object.ns.empty() ? "" : lb.object.ns + "/",
                         lb.object.name, lb.where.str(), lb.opens.size(), lb.opens.size() == 1 ? "" : "s");
    out += "\n";
  }

  for (auto sev : {verify::Severity::Error, verify::Severity::Warning, verify::Severity::Info}) {
    size_t n = std::count_if(r.findings.begin(), r.findings.end(), [&](const verify::Finding& f) { return f.severity == sev; });
    if (!n) continue;
    std::string title = fmt::format("{}s ({})", verify::severityName(sev), n);
    out += (sev == verify::Severity::Error ? c.red(title) : sev == verify::Severity::Warning ? c.yellow(title) : title) + "\n";
    for (const auto& f : r.findings) {
      if (f.severity != sev) continue;
      out += fmt::format("  {} {}: {}\n", f.id, f.where.file ? f.where.str() : "<no file>", f.message);
      if (!f.hint.empty()) out += fmt::format("        fix: {}\n", f.hint);
    }
    out += "\n";
  }
  out += fmt::format("{} errors, {} warnings, {} info\n", s.errors, s.warnings, s.infos);
  return out;
}

}  // namespace tg::report
