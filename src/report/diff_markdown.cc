// `diff -o md`: a pull-request comment. Headline first (new cross-tenant flows), tables that
// GitHub renders, and the long explanations (what decided each layer) folded in <details>.
#include <fmt/format.h>

#include "report/diff_report.h"
#include "report/report_util.h"

namespace tg::report {
namespace {

// Inline code in a table cell: only the pipe needs escaping there.
std::string code(const std::string& s) {
  std::string out = "`";
  for (char ch : s) out += ch == '|' ? std::string("\\|") : ch == '`' ? std::string("'") : std::string(1, ch);
  return out + "`";
}

// "deny → **allow**" when the layer changed, else its verdict.
std::string layerCell(const verify::FlowChange& f, size_t i) {
  const verify::LayerResult* b = i < f.base.layers.size() ? &f.base.layers[i] : nullptr;
  const verify::LayerResult* h = i < f.head.layers.size() ? &f.head.layers[i] : nullptr;
  const std::string& name = h ? h->layer : b->layer;
  for (const auto& c : f.layerChanges)
    if (c.layer == name)
      return mdCell(fmt::format("{} → **{}**", b ? layerVerdictText(*b) : "—", h ? layerVerdictText(*h) : "—"));
  return mdCell(h ? layerVerdictText(*h) : "—");
}

std::string connsCell(const verify::FlowChange& f) {
  switch (f.kind) {
    case verify::ChangeKind::Added: return mdCell(f.head.conns.toString());
    case verify::ChangeKind::Removed: return "~~" + mdCell(f.base.conns.toString()) + "~~";
    case verify::ChangeKind::Changed: {
      std::string s = mdCell(f.base.conns.toString()) + " → " + mdCell(f.head.conns.toString());
      if (!f.opened.empty()) s += "<br>opened " + mdCell(f.opened.toString());
      if (!f.closed.empty()) s += "<br>closed " + mdCell(f.closed.toString());
      return s;
    }
  }
  return "";
}

void flowTable(const std::string& title, const std::vector<const verify::FlowChange*>& flows, std::string& out) {
  if (flows.empty()) return;
  out += fmt::format("### {} ({})\n\n", title, flows.size());
  out += "| from | to | connections | network | mtls | authorization | cause |\n|---|---|---|---|---|---|---|\n";
  for (const auto* f : flows) {
    size_t layers = std::max(f->base.layers.size(), f->head.layers.size());
    std::string cells[3];
    for (size_t i = 0; i < 3; ++i) cells[i] = i < layers ? layerCell(*f, i) : "—";
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {}{} |\n", code(f->src), code(f->dst), connsCell(*f), cells[0], cells[1],
                       cells[2], verify::changeCauseName(f->cause), f->head.declared ? ", declared" : "");
  }
  out += "\n<details><summary>What decided each layer</summary>\n\n";
  for (const auto* f : flows) {
    out += fmt::format("- {} ⇒ {}\n", code(f->src), code(f->dst));
    const auto& head = f->head.layers.empty() ? f->base.layers : f->head.layers;
    for (size_t i = 0; i < head.size(); ++i) {
      std::string line = fmt::format("  - {}: {}", head[i].layer, head[i].decidedBy.empty() ? "no object decided (default)"
                                                                                            : mdCell(refsText(head[i].decidedBy, 5)));
      for (const auto& c : f->layerChanges)
        if (c.layer == head[i].layer && i < f->base.layers.size() && !f->head.layers.empty() &&
            !f->base.layers[i].decidedBy.empty())
          line += "; was " + mdCell(refsText(f->base.layers[i].decidedBy, 5));
      out += line + "\n";
    }
    if (f->authorizationChanged)
      out += fmt::format("  - authorization summary: {} → {}\n", mdCell(f->base.authorization.empty() ? "(none)" : f->base.authorization),
                         mdCell(f->head.authorization.empty() ? "(none)" : f->head.authorization));
  }
  out += "\n</details>\n\n";
}

void findingRows(const char* state, const std::vector<verify::Finding>& list, std::string& out) {
  for (const auto& f : list)
    out += fmt::format("| {} | {} | {} | {} | {} |\n", state, verify::severityName(f.severity), f.id, code(whereText(f.where)),
                       mdCell(f.message));
}

}  // namespace

std::string renderDiffMarkdown(const verify::DiffResult& d) {
  const auto& s = d.summary;
  std::string out = "## tenantguard diff\n\n";
  out += s.newFlows ? fmt::format("**{} opened by this change.**", plural(s.newFlows, "new cross-tenant flow"))
                    : std::string("**No new cross-tenant flows.**");
  out += fmt::format(" Flows: {} added, {} removed, {} changed. Findings: {} new ({}), {} resolved, {} unchanged.\n\n",
                     s.addedFlows, s.removedFlows, s.changedFlows, s.newFindings, plural(s.newErrors, "error"),
                     s.resolvedFindings, s.unchangedFindings);
  out += "| | tenants | workloads | policies | cross-tenant flows | errors | warnings |\n|---|---|---|---|---|---|---|\n";
  for (const auto& [name, r] : {std::pair{"base", &d.base}, std::pair{"head", &d.head}})
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", name, r->summary.tenants, r->summary.workloads,
                       r->summary.policies, r->crossTenant.size(), r->summary.errors, r->summary.warnings);
  out += "\n";

  std::vector<const verify::FlowChange*> fresh, added, changed, removed;
  for (const auto& f : d.flows) {
    if (f.opensUndeclared()) fresh.push_back(&f);
    else if (f.kind == verify::ChangeKind::Added) added.push_back(&f);
    else if (f.kind == verify::ChangeKind::Changed) changed.push_back(&f);
    else removed.push_back(&f);
  }
  flowTable("New cross-tenant flows", fresh, out);
  flowTable("Other added cross-tenant flows", added, out);
  flowTable("Changed cross-tenant flows", changed, out);
  flowTable("Removed cross-tenant flows", removed, out);

  if (!d.cells.empty()) {
    out += "### Tenant matrix, changed cells\n\n`NL` = blocked by N independent layers.\n\n| from | to | base | head |\n|---|---|---|---|\n";
    for (const auto& c : d.cells)
      out += fmt::format("| {} | {} | {} | {} |\n", mdCell(c.from), mdCell(c.to), c.base ? mdCell(cellText(*c.base)) : "—",
                         c.head ? "**" + mdCell(cellText(*c.head)) + "**" : "—");
    out += "\n";
  }

  if (!d.findings.added.empty() || !d.findings.resolved.empty()) {
    out += fmt::format("### Findings: {} new, {} resolved\n\n| | severity | id | where | message |\n|---|---|---|---|---|\n",
                       d.findings.added.size(), d.findings.resolved.size());
    findingRows("new", d.findings.added, out);
    findingRows("resolved", d.findings.resolved, out);
    out += "\n";
  }

  auto lb = [&](const char* title, const std::vector<verify::LoadBearingObject>& list) {
    if (list.empty()) return;
    out += fmt::format("### {}\n\n| object | where | opens |\n|---|---|---|\n", title);
    for (const auto& o : list)
      out += fmt::format("| {} | {} | {}: {} |\n", mdCell(objectText(o.object)), code(whereText(o.where)),
                         plural(o.opens.size(), "flow"), code(o.opens.front()));
    out += "\n";
  };
  lb("Newly load-bearing objects (deleting one alone opens a cross-tenant flow)", d.newlyLoadBearing);
  lb("No longer load-bearing", d.noLongerLoadBearing);

  if (!d.policiesAdded.empty() || !d.policiesRemoved.empty()) {
    out += "### Policy objects\n\n";
    for (const auto& p : d.policiesAdded) out += fmt::format("- added {} ({})\n", mdCell(objectText(p.object)), code(whereText(p.where)));
    for (const auto& p : d.policiesRemoved)
      out += fmt::format("- removed {} ({})\n", mdCell(objectText(p.object)), code(whereText(p.where)));
    out += "\n";
  }

  if (!d.tenantsAdded.empty() || !d.tenantsRemoved.empty() || !d.namespacesAdded.empty() || !d.namespacesRemoved.empty() ||
      !d.workloadsAdded.empty() || !d.workloadsRemoved.empty()) {
    out += "### Topology\n\n";
    for (const auto& t : d.tenantsAdded) out += fmt::format("- added tenant {}\n", mdCell(t));
    for (const auto& t : d.tenantsRemoved) out += fmt::format("- removed tenant {}\n", mdCell(t));
    for (const auto& n : d.namespacesAdded) out += fmt::format("- added namespace {}\n", code(n));
    for (const auto& n : d.namespacesRemoved) out += fmt::format("- removed namespace {}\n", code(n));
    for (const auto& w : d.workloadsAdded)
      out += fmt::format("- added workload {}{} ({})\n", code(w.name), w.tenant.empty() ? "" : " of tenant " + mdCell(w.tenant),
                         code(whereText(w.where)));
    for (const auto& w : d.workloadsRemoved)
      out += fmt::format("- removed workload {}{} ({})\n", code(w.name), w.tenant.empty() ? "" : " of tenant " + mdCell(w.tenant),
                         code(whereText(w.where)));
    out += "\n";
  }
  out += "<sub>tenantguard diff: `NL` = blocked by N independent layers (network, mtls, authorization).</sub>\n";
  return out;
}

}  // namespace tg::report
