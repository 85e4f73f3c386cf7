#include "report/connectivity_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "report/connectivity_graph.h"

namespace tg::report {
namespace {

struct Line {
  std::string src, dst, conns;
  bool operator<(const Line& o) const { return std::tie(src, dst) < std::tie(o.src, o.dst); }
};

std::vector<Line> lines(const verify::Connectivity& c) {
  std::vector<Line> out;
  out.reserve(c.connections.size());
  for (const auto& conn : c.connections)
    out.push_back({c.endpoints[conn.src].name(), c.endpoints[conn.dst].name(), conn.conns.toString()});
  // Ingress routes: one line per backend, whatever controller and path lead there (netpol-analyzer's form).
  std::map<std::string, net::ConnectionSet> entering;
  for (const verify::IngressRoute& r : c.ingress.routes)
    if (!r.allowed.empty()) entering[r.backend->displayName()].add(r.allowed);
  for (const auto& [backend, conns] : entering) out.push_back({verify::kIngressControllerPeer, backend, conns.toString()});
  std::sort(out.begin(), out.end());
  return out;
}

std::string csvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char ch : s) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return q + "\"";
}

}  // namespace

bool isConnectivityFormat(std::string_view f) {
  return f == "txt" || f == "json" || f == "csv" || f == "md" || f == "dot" || f == "mermaid";
}

std::string renderConnectivity(const verify::Connectivity& c, std::string_view format) {
  std::vector<Line> ls = lines(c);
  std::string out;
  if (format == "txt") {
    for (const Line& l : ls) out += fmt::format("{} => {} : {}\n", l.src, l.dst, l.conns);
  } else if (format == "json") {
    nlohmann::json arr = nlohmann::json::array();
    for (const Line& l : ls) arr.push_back({{"src", l.src}, {"dst", l.dst}, {"conn", l.conns}});
    out = arr.dump(2) + "\n";
  } else if (format == "csv") {
    out = "src,dst,conn\n";
    for (const Line& l : ls) out += fmt::format("{},{},{}\n", csvField(l.src), csvField(l.dst), csvField(l.conns));
  } else if (format == "md") {
    out = "| src | dst | conn |\n|---|---|---|\n";
    for (const Line& l : ls) out += fmt::format("| {} | {} | {} |\n", l.src, l.dst, l.conns);
  } else if (format == "dot" || format == "mermaid") {
    out = renderConnectivityGraph(c, nullptr, format, false);  // graphs: connectivity_graph.h
  }
  return out;
}

}  // namespace tg::report
