#include <fmt/format.h>

#include <algorithm>
#include <map>

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

// The text of a matrix cell: OPEN (undeclared flow), decl (only declared flows), NL (isolated,
// blocked by N independent layers at the weakest workload pair).
std::string cellText(const verify::TenantPair& p) {
  if (p.openFlows) return "OPEN";
  if (p.declaredFlows) return "decl";
  if (p.minBlockingLayers < 0) return "·";
  return fmt::format("{}L", p.minBlockingLayers);
}

// The cell, coloured by how well the pair is isolated.
std::string cell(const verify::TenantPair& p, const Palette& c, size_t width) {
  std::string padded = fmt::format("{:<{}}", cellText(p), width);
  if (p.openFlows) return c.red(padded);
  if (p.minBlockingLayers == 1) return c.yellow(padded);
  if (p.minBlockingLayers >= 2) return c.green(padded);
  return padded;
}

// Up to this many tenants the matrix is drawn; beyond, it is summarised (a 1,000-column grid
// helps nobody on a terminal; `-o html` draws it as a heat-map).
constexpr size_t kMatrixTenants = 20;
constexpr size_t kListedCells = 40;

void renderMatrixSummary(const verify::VerifyResult& r, const Palette& c, std::string& out) {
  // Cells by state: OPEN, decl, no pair, then by blocking layers (a hundred million cells at
  // 10,000 tenants: counted, then named once per state).
  size_t open = 0, declared = 0, none = 0;
  std::map<int32_t, size_t> byLayers;
  std::vector<const verify::TenantPair*> weak;  // open, or held by one layer
  for (const auto& p : r.matrix) {
    if (p.openFlows) ++open;
    else if (p.declaredFlows) ++declared;
    else if (p.minBlockingLayers < 0) ++none;
    else ++byLayers[p.minBlockingLayers];
    if (p.openFlows || p.minBlockingLayers == 1) weak.push_back(&p);
  }
  std::map<std::string, size_t> byState;
  if (open) byState["OPEN"] = open;
  if (declared) byState["decl"] = declared;
  if (none) byState["·"] = none;
  for (const auto& [layers, n] : byLayers) byState[fmt::format("{}L", layers)] = n;
  out += c.bold(fmt::format("Tenant isolation ({} tenants, {} ordered pairs; NL = blocked by N independent layers)",
                            r.tenants.size(), r.matrix.size())) + "\n";
  for (const auto& [state, n] : byState) out += fmt::format("  {:<6} {}\n", state, n);
  if (!weak.empty()) {
    out += "  pairs that are open or held by one layer:\n";
    for (size_t i = 0; i < weak.size() && i < kListedCells; ++i)
      out += fmt::format("    {} → {}  {}\n", r.tenants[weak[i]->from], r.tenants[weak[i]->to], cell(*weak[i], c, 0));
    if (weak.size() > kListedCells) out += fmt::format("    … and {} more (see -o json or -o html)\n", weak.size() - kListedCells);
  }
  out += "\n";
}

void renderMatrix(const verify::VerifyResult& r, const Palette& c, std::string& out) {
  if (r.tenants.empty()) return;
  if (r.tenants.size() > kMatrixTenants) return renderMatrixSummary(r, c, out);
  const size_t n = r.tenants.size();
  std::vector<const verify::TenantPair*> cells(n * n, nullptr);  // by from × n + to
  for (const auto& p : r.matrix) cells[size_t{p.from} * n + p.to] = &p;
  size_t w = 6;
  for (const auto& t : r.tenants) w = std::max(w, t.size() + 2);
  out += c.bold("Tenant isolation (row: from, column: to; NL = blocked by N independent layers)") + "\n";
  out += fmt::format("  {:<{}}", "", w);
  for (const auto& t : r.tenants) out += fmt::format("{:<{}}", t, w);
  out += "\n";
  for (size_t from = 0; from < n; ++from) {
    out += fmt::format("  {:<{}}", r.tenants[from], w);
    for (size_t to = 0; to < n; ++to) {
      const verify::TenantPair* p = cells[from * n + to];
      out += from == to ? fmt::format("{:<{}}", "-", w) : !p ? fmt::format("{:<{}}", "", w) : cell(*p, c, w);
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
  // A finding takes two lines of ~150 bytes each, a flow one: at 10,000 tenants there can be
  // millions, and growing the text by doubling would copy it a dozen times.
  out.reserve(out.size() + 320 * r.findings.size() + 160 * r.crossTenant.size() + 4096);
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
