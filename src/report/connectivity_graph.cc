#include "report/connectivity_graph.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

namespace tg::report {
namespace {

constexpr const char* kCrossColor = "#cf222e";

std::string dotId(const std::string& s) {
  std::string q = "\"";
  for (char ch : s) q += ch == '"' ? std::string("\\\"") : ch == '\n' ? std::string("\\n") : std::string(1, ch);
  return q + "\"";
}

// Mermaid labels are double-quoted strings; a quote inside one is written as an entity.
std::string mermaidText(const std::string& s) {
  std::string q = "\"";
  for (char ch : s) q += ch == '"' ? std::string("#quot;") : std::string(1, ch);
  return q + "\"";
}

std::string edgeLabel(const verify::GroupEdge& e) {
  return fmt::format("{} connection{}: {}", e.connections, e.connections == 1 ? "" : "s", e.conns.toString());
}

// Connections in the order of the connlist output: by source name, then destination name.
std::vector<size_t> sortedConnections(const verify::Connectivity& c) {
  std::vector<size_t> order(c.connections.size());
  std::iota(order.begin(), order.end(), 0);
  std::vector<std::string> names;
  for (const auto& e : c.endpoints) names.push_back(e.name());
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const auto& x = c.connections[a];
    const auto& y = c.connections[b];
    return std::tie(names[x.src], names[x.dst]) < std::tie(names[y.src], names[y.dst]);
  });
  return order;
}

std::string workloadDot(const verify::Connectivity& c, const verify::ConnectivityGroups* g) {
  std::string out = "digraph connectivity {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n";
  std::set<std::string> declared;  // the same range can be both a source and a destination atom
  for (const auto& e : c.endpoints)
    if (declared.insert(e.name()).second)
      out += fmt::format("  {} [style={}];\n", dotId(e.name()), e.isExternal() ? "dashed" : "solid");
  for (size_t i : sortedConnections(c)) {
    const auto& conn = c.connections[i];
    bool cross = g && g->crossTenant[i];
    out += fmt::format("  {} -> {} [label={}{}];\n", dotId(c.endpoints[conn.src].name()), dotId(c.endpoints[conn.dst].name()),
                       dotId(conn.conns.toString()),
                       cross ? fmt::format(", color=\"{0}\", fontcolor=\"{0}\", penwidth=2.5", kCrossColor) : "");
  }
  return out + "}\n";
}

std::string workloadMermaid(const verify::Connectivity& c, const verify::ConnectivityGroups* g) {
  std::string out = "flowchart LR\n";
  // One node per name: an external range can be both a source and a destination atom.
  std::map<std::string, size_t> idOf;
  std::vector<size_t> node(c.endpoints.size());
  for (size_t i = 0; i < c.endpoints.size(); ++i) {
    const auto& e = c.endpoints[i];
    auto [it, added] = idOf.emplace(e.name(), i);
    node[i] = it->second;
    if (!added) continue;
    out += e.isExternal() ? fmt::format("  n{}([{}])\n", i, mermaidText(e.name())) : fmt::format("  n{}[{}]\n", i, mermaidText(e.name()));
  }
  std::vector<size_t> cross;
  size_t link = 0;
  for (size_t i : sortedConnections(c)) {
    const auto& conn = c.connections[i];
    out += fmt::format("  n{} -->|{}| n{}\n", node[conn.src], mermaidText(conn.conns.toString()), node[conn.dst]);
    if (g && g->crossTenant[i]) cross.push_back(link);
    ++link;
  }
  out += "  classDef tgExternal stroke-dasharray: 5 5\n";
  std::vector<std::string> externals;
  for (size_t i = 0; i < c.endpoints.size(); ++i)
    if (c.endpoints[i].isExternal() && node[i] == i) externals.push_back(fmt::format("n{}", i));
  if (!externals.empty()) out += fmt::format("  class {} tgExternal\n", fmt::join(externals, ","));
  if (!cross.empty()) out += fmt::format("  linkStyle {} stroke:{},stroke-width:3px,color:{}\n", fmt::join(cross, ","), kCrossColor, kCrossColor);
  return out;
}

std::string groupNodeLabel(const verify::EndpointGroup& n) {
  switch (n.kind) {
    case verify::GroupKind::Tenant:
      return fmt::format("tenant {}\n{} workload{}", n.name, n.workloads, n.workloads == 1 ? "" : "s");
    case verify::GroupKind::Namespace:
      return fmt::format("namespace {}\n{} workload{}", n.name, n.workloads, n.workloads == 1 ? "" : "s");
    case verify::GroupKind::External: return "External";
  }
  return n.name;
}

std::string tenantDot(const verify::ConnectivityGroups& g) {
  std::string out = "digraph tenants {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n";
  for (size_t i = 0; i < g.groups.size(); ++i) {
    const auto& n = g.groups[i];
    const char* style = n.kind == verify::GroupKind::Tenant      ? "shape=box, style=\"rounded,filled\", fillcolor=\"#ddf4ff\""
                        : n.kind == verify::GroupKind::Namespace ? "shape=box, style=filled, fillcolor=\"#f6f8fa\""
                                                                 : "shape=ellipse, style=dashed";
    out += fmt::format("  g{} [label={}, {}];\n", i, dotId(groupNodeLabel(n)), style);
  }
  for (const auto& e : g.edges)
    out += fmt::format("  g{} -> g{} [label={}{}];\n", e.from, e.to, dotId(edgeLabel(e)),
                       e.crossTenant ? fmt::format(", color=\"{0}\", fontcolor=\"{0}\", penwidth=3", kCrossColor) : "");
  return out + "}\n";
}

std::string tenantMermaid(const verify::ConnectivityGroups& g) {
  std::string out = "flowchart LR\n";
  for (size_t i = 0; i < g.groups.size(); ++i) {
    const auto& n = g.groups[i];
    std::string label = groupNodeLabel(n);
    std::replace(label.begin(), label.end(), '\n', ' ');
    out += n.kind == verify::GroupKind::External ? fmt::format("  g{}([{}])\n", i, mermaidText(label))
                                                 : fmt::format("  g{}[{}]\n", i, mermaidText(label));
  }
  std::vector<size_t> cross;
  for (size_t i = 0; i < g.edges.size(); ++i) {
    const auto& e = g.edges[i];
    out += fmt::format("  g{} -->|{}| g{}\n", e.from, mermaidText(edgeLabel(e)), e.to);
    if (e.crossTenant) cross.push_back(i);
  }
  out += "  classDef tgTenant fill:#ddf4ff,stroke:#0969da\n  classDef tgNamespace fill:#f6f8fa,stroke:#59636e\n"
         "  classDef tgExternal stroke-dasharray: 5 5\n";
  for (auto [kind, cls] : {std::pair{verify::GroupKind::Tenant, "tgTenant"}, std::pair{verify::GroupKind::Namespace, "tgNamespace"},
                           std::pair{verify::GroupKind::External, "tgExternal"}}) {
    std::vector<std::string> ids;
    for (size_t i = 0; i < g.groups.size(); ++i)
      if (g.groups[i].kind == kind) ids.push_back(fmt::format("g{}", i));
    if (!ids.empty()) out += fmt::format("  class {} {}\n", fmt::join(ids, ","), cls);
  }
  if (!cross.empty()) out += fmt::format("  linkStyle {} stroke:{},stroke-width:3px,color:{}\n", fmt::join(cross, ","), kCrossColor, kCrossColor);
  return out;
}

}  // namespace

std::string renderConnectivityGraph(const verify::Connectivity& c, const verify::ConnectivityGroups* groups,
                                    std::string_view format, bool byTenant) {
  if (byTenant && groups) return format == "mermaid" ? tenantMermaid(*groups) : tenantDot(*groups);
  return format == "mermaid" ? workloadMermaid(c, groups) : workloadDot(c, groups);
}

}  // namespace tg::report
