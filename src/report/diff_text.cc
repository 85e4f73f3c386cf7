// `diff -o text`: new cross-tenant flows first, then the other flow changes, the tenant matrix
// cells that changed, findings, load-bearing objects, policy objects, and topology last.
#include <fmt/format.h>

#include "report/diff_report.h"
#include "report/report_util.h"

namespace tg::report {
namespace {

std::string sideSummary(const verify::VerifyResult& r) {
  return fmt::format("{}, {}, {} {}", plural(r.summary.tenants, "tenant"), plural(r.summary.workloads, "workload"),
                     r.summary.policies, r.summary.policies == 1 ? "policy" : "policies");
}

// One line per layer: its verdict (before → after when it changed) and what decided it.
void renderLayers(const verify::FlowChange& f, std::string& out) {
  const auto& head = f.head.layers;
  const auto& base = f.base.layers;
  size_t n = std::max(head.size(), base.size());
  for (size_t i = 0; i < n; ++i) {
    const verify::LayerResult* b = i < base.size() ? &base[i] : nullptr;
    const verify::LayerResult* h = i < head.size() ? &head[i] : nullptr;
    const std::string& name = h ? h->layer : b->layer;
    bool changed = false;
    for (const auto& c : f.layerChanges) changed = changed || c.layer == name;
    std::string verdict;
    if (changed) verdict = fmt::format("{} → {}", b ? layerVerdictText(*b) : "(absent)", h ? layerVerdictText(*h) : "(absent)");
    else verdict = layerVerdictText(*h);
    out += fmt::format("      {:<14} {}\n", name + ":", verdict);
    if (h && !h->decidedBy.empty()) out += fmt::format("      {:<14}   by {}\n", "", refsText(h->decidedBy));
    else if (h) out += fmt::format("      {:<14}   by no object (nothing applies: the layer's default)\n", "");
    if (changed && b && !b->decidedBy.empty()) out += fmt::format("      {:<14}   was {}\n", "", refsText(b->decidedBy));
  }
  if (f.authorizationChanged)
    out += fmt::format("      {:<14} {} → {}\n", "authz summary:", f.base.authorization.empty() ? "(none)" : f.base.authorization,
                       f.head.authorization.empty() ? "(none)" : f.head.authorization);
}

void renderFlow(const verify::FlowChange& f, std::string& out) {
  std::string tag = fmt::format("[{}{}]", verify::changeCauseName(f.cause), f.head.declared ? ", declared" : "");
  switch (f.kind) {
    case verify::ChangeKind::Added:
      out += fmt::format("  + {} => {} : {}  {}\n", f.src, f.dst, f.head.conns.toString(), tag);
      break;
    case verify::ChangeKind::Removed:
      out += fmt::format("  - {} => {} : was {}  {}\n", f.src, f.dst, f.base.conns.toString(), tag);
      break;
    case verify::ChangeKind::Changed: {
      out += fmt::format("  ~ {} => {} : {} → {}  {}\n", f.src, f.dst, f.base.conns.toString(), f.head.conns.toString(), tag);
      std::string delta;
      if (!f.opened.empty()) delta += "opened " + f.opened.toString();
      if (!f.closed.empty()) delta += (delta.empty() ? "" : "; ") + std::string("closed ") + f.closed.toString();
      if (f.base.declared != f.head.declared) delta += (delta.empty() ? "" : "; ") + std::string(f.head.declared ? "now declared" : "no longer declared");
      if (!delta.empty()) out += fmt::format("      {}\n", delta);
      break;
    }
  }
  if (!f.head.present) out += "      (a workload of the pair is gone)\n";
  renderLayers(f, out);
}

}  // namespace

std::string cellText(const verify::TenantPair& p) {
  if (p.openFlows) return fmt::format("OPEN ({})", p.openFlows);
  if (p.declaredFlows) return "decl";
  if (p.minBlockingLayers < 0) return "·";
  return fmt::format("{}L", p.minBlockingLayers);
}

std::string renderDiffText(const verify::DiffResult& d) {
  const auto& s = d.summary;
  std::string out = fmt::format("tenantguard diff: base {} → head {}\n", sideSummary(d.base), sideSummary(d.head));
  out += fmt::format("{} · {} added, {} removed, {} changed · findings: {} new, {} resolved, {} unchanged\n\n",
                     s.newFlows ? plural(s.newFlows, "NEW cross-tenant flow") : "no new cross-tenant flows", s.addedFlows,
                     s.removedFlows, s.changedFlows, s.newFindings, s.resolvedFindings, s.unchangedFindings);

  struct Group {
    const char* title;
    bool (*in)(const verify::FlowChange&);
  };
  const Group groups[] = {
      {"NEW cross-tenant flows (undeclared connections opened)", [](const verify::FlowChange& f) { return f.opensUndeclared(); }},
      {"Other added cross-tenant flows",
       [](const verify::FlowChange& f) { return !f.opensUndeclared() && f.kind == verify::ChangeKind::Added; }},
      {"Changed cross-tenant flows",
       [](const verify::FlowChange& f) { return !f.opensUndeclared() && f.kind == verify::ChangeKind::Changed; }},
      {"Removed cross-tenant flows", [](const verify::FlowChange& f) { return f.kind == verify::ChangeKind::Removed; }},
  };
  for (const Group& g : groups) {
    std::string body;
    size_t n = 0;
    for (const auto& f : d.flows)
      if (g.in(f)) {
        renderFlow(f, body);
        ++n;
      }
    if (n) out += fmt::format("{} ({})\n{}\n", g.title, n, body);
  }

  if (!d.cells.empty()) {
    out += "Tenant matrix, changed cells (from → to: base → head; NL = blocked by N independent layers)\n";
    for (const auto& c : d.cells)
      out += fmt::format("  {} → {}: {} → {}\n", c.from, c.to, c.base ? cellText(*c.base) : "(no tenant)",
                         c.head ? cellText(*c.head) : "(no tenant)");
    out += "\n";
  }

  if (!d.findings.added.empty() || !d.findings.resolved.empty()) {
    out += fmt::format("Findings: {} new, {} resolved, {} unchanged\n", s.newFindings, s.resolvedFindings, s.unchangedFindings);
    for (const auto& f : d.findings.added)
      out += fmt::format("  new      {:<7} {} {}: {}\n", verify::severityName(f.severity), f.id, whereText(f.where), f.message);
    for (const auto& f : d.findings.resolved)
      out += fmt::format("  resolved {:<7} {} {}: {}\n", verify::severityName(f.severity), f.id, whereText(f.where), f.message);
    out += "\n";
  }

  auto lbList = [&](const char* title, const std::vector<verify::LoadBearingObject>& list) {
    if (list.empty()) return;
    out += fmt::format("{}\n", title);
    for (const auto& lb : list)
      out += fmt::format("  {} ({}) opens {}, e.g. {}\n", objectText(lb.object), whereText(lb.where),
                         plural(lb.opens.size(), "flow"), lb.opens.front());
    out += "\n";
  };
  lbList("Newly load-bearing objects (deleting one alone opens a cross-tenant flow)", d.newlyLoadBearing);
  lbList("No longer load-bearing", d.noLongerLoadBearing);

  if (!d.policiesAdded.empty() || !d.policiesRemoved.empty()) {
    out += "Policy objects\n";
    for (const auto& p : d.policiesAdded) out += fmt::format("  + {} ({})\n", objectText(p.object), whereText(p.where));
    for (const auto& p : d.policiesRemoved) out += fmt::format("  - {} ({})\n", objectText(p.object), whereText(p.where));
    out += "\n";
  }

  bool topology = !d.tenantsAdded.empty() || !d.tenantsRemoved.empty() || !d.namespacesAdded.empty() ||
                  !d.namespacesRemoved.empty() || !d.workloadsAdded.empty() || !d.workloadsRemoved.empty();
  if (topology) {
    out += "Topology\n";
    for (const auto& t : d.tenantsAdded) out += fmt::format("  + tenant {}\n", t);
    for (const auto& t : d.tenantsRemoved) out += fmt::format("  - tenant {}\n", t);
    for (const auto& n : d.namespacesAdded) out += fmt::format("  + namespace {}\n", n);
    for (const auto& n : d.namespacesRemoved) out += fmt::format("  - namespace {}\n", n);
    auto wl = [&](char sign, const verify::WorkloadChange& w) {
      out += fmt::format("  {} workload {}{} ({})\n", sign, w.name, w.tenant.empty() ? "" : " of tenant " + w.tenant,
                         whereText(w.where));
    };
    for (const auto& w : d.workloadsAdded) wl('+', w);
    for (const auto& w : d.workloadsRemoved) wl('-', w);
    out += "\n";
  }

  if (d.flows.empty() && d.cells.empty() && d.findings.added.empty() && d.findings.resolved.empty() && !topology &&
      d.policiesAdded.empty() && d.policiesRemoved.empty())
    out += "No difference in tenant isolation.\n\n";
  out += s.newFlows ? fmt::format("result: {} (exit 1)\n", plural(s.newFlows, "new cross-tenant flow"))
                    : "result: no new cross-tenant flows\n";
  return out;
}

}  // namespace tg::report
