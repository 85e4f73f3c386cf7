#include "report/html_page.h"

#include <fmt/format.h>

#include "report/html_report.h"
#include "report/report_util.h"

namespace tg::report {

std::string escapeJsonForScript(const std::string& json) {
  // '<', '>' and '&' occur in JSON text only inside strings, where \u escapes mean the same.
  std::string out;
  out.reserve(json.size());
  for (char ch : json) {
    switch (ch) {
      case '<': out += "\\u003c"; break;
      case '>': out += "\\u003e"; break;
      case '&': out += "\\u0026"; break;
      default: out += ch;
    }
  }
  return out;
}

namespace html {

using nlohmann::json;

int Tables::intern(json& arr, std::map<std::string, int>& index, const std::string& s) {
  auto [it, added] = index.emplace(s, static_cast<int>(arr.size()));
  if (added) arr.push_back(s);
  return it->second;
}

int Tables::ref(const layers::Ref& r) {
  std::string file = r.where.file ? r.where.path() : "";
  std::string key = fmt::format("{}\n{}\n{}\n{}\n{}\n{}\n{}", r.kind, r.ns, r.name, r.rule, r.section, file, r.where.line);
  auto [it, added] = refIndex_.emplace(key, static_cast<int>(refs_.size()));
  if (added) refs_.push_back(json::array({r.kind, r.ns, r.name, r.rule, r.section, file, r.where.line}));
  return it->second;
}

int Tables::layer(const verify::LayerResult& l) {
  json refs = json::array();
  for (const auto& r : l.decidedBy) refs.push_back(ref(r));
  json entry = json::array({text(l.layer), std::string(1, l.verdict()[0]), conns(l.allowed.toString()), refs});
  LayerTable& table = inRow_ ? row_ : global_;
  auto [it, added] = table.index.emplace(entry.dump(), static_cast<int>(table.entries.size()));
  if (added) table.entries.push_back(std::move(entry));
  return it->second;
}

json Tables::layers(const std::vector<verify::LayerResult>& ls) {
  json out = json::array();
  for (const auto& l : ls) out.push_back(layer(l));
  return out;
}

void Tables::beginRow() {
  row_ = LayerTable{};
  inRow_ = true;
}

void Tables::endRow(json& row) {
  row["layers"] = std::move(row_.entries);
  row_ = LayerTable{};
  inRow_ = false;
}

void Tables::writeTo(json& data) const {
  data["texts"] = texts_;
  data["conns"] = conns_;
  data["refs"] = refs_;
  data["layers"] = global_.entries;
}

char cellCode(const verify::TenantPair& p) {
  if (p.openFlows) return 'O';
  if (p.declaredFlows) return 'D';
  if (p.minBlockingLayers < 0) return '.';
  return static_cast<char>('0' + std::min(p.minBlockingLayers, 9));
}

json findingRow(const verify::Finding& f, Tables& t) {
  return json::array({f.id, verify::severityName(f.severity), f.message, t.text(f.where.file ? f.where.path() : ""),
                      f.where.line, t.text(objectText(f.object)), t.text(f.hint)});
}

json findingRows(const std::vector<verify::Finding>& list, Tables& t, json& omitted) {
  json rows = json::array();
  std::map<std::string, size_t> perId;
  omitted = json::object();
  for (const auto& f : list) {
    if (++perId[f.id] > kMaxFindingsPerId) {
      omitted[f.id] = omitted.value(f.id, 0) + 1;
      continue;
    }
    rows.push_back(findingRow(f, t));
  }
  return rows;
}

void encodeVerify(const verify::VerifyResult& r, Tables& t, json& data, std::vector<json>& rows) {
  const auto& s = r.summary;
  data["summary"] = {{"tenants", s.tenants}, {"namespaces", s.namespaces}, {"workloads", s.workloads},
                     {"policies", s.policies}, {"errors", s.errors},       {"warnings", s.warnings},
                     {"info", s.infos},        {"crossTenant", r.crossTenant.size()}};
  data["tenants"] = r.tenants;
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < r.tenants.size(); ++i) index[r.tenants[i]] = i;
  const size_t n = r.tenants.size();

  std::vector<std::string> matrix(n, std::string(n, '.'));
  for (size_t i = 0; i < n; ++i) matrix[i][i] = '-';
  rows.assign(n, json{{"cells", json::array()}, {"flows", json::array()}});
  std::vector<std::vector<const verify::TenantPair*>> cellsOf(n);
  for (const auto& p : r.matrix) {
    matrix[p.from][p.to] = cellCode(p);
    cellsOf[p.from].push_back(&p);
  }
  data["matrix"] = matrix;
  std::vector<std::vector<const verify::CrossTenantFlow*>> flowsOf(n);
  for (const auto& f : r.crossTenant) {
    auto fi = index.find(f.fromTenant);
    if (fi != index.end() && index.count(f.toTenant)) flowsOf[fi->second].push_back(&f);
  }

  json omittedFlows = json::array();  // [[from, to, count]]
  for (size_t i = 0; i < n; ++i) {
    t.beginRow();
    json& row = rows[i];
    // [to, open, declared, blocked, minLayers, weakestSrc, weakestDst, blockedBy, [layer...]]
    for (const verify::TenantPair* p : cellsOf[i]) {
      json cell = json::array({p->to, p->openFlows, p->declaredFlows, p->blockedPairs, p->minBlockingLayers});
      if (p->weakestSrc != verify::TenantPair::kNone) {
        cell.push_back(t.text(r.workloads[p->weakestSrc]));
        cell.push_back(t.text(r.workloads[p->weakestDst]));
        static const verify::WeakestPair kUndetailed;
        const verify::WeakestPair& w = p->weakestDetail == verify::TenantPair::kNone ? kUndetailed : r.weakest[p->weakestDetail];
        std::string by;
        for (const auto& l : w.blockedBy) by += (by.empty() ? "" : ", ") + l;
        cell.push_back(t.text(by));
        cell.push_back(t.layers(w.layers));
      }
      row["cells"].push_back(std::move(cell));
    }
    // [to, src, dst, conns, authorization, declared, [layer...], srcWhere, dstWhere]
    std::map<size_t, size_t> perPair;
    for (const verify::CrossTenantFlow* f : flowsOf[i]) {
      size_t to = index.at(f->toTenant);
      if (++perPair[to] > kMaxFlowsPerPair) continue;
      row["flows"].push_back(json::array({to, t.text(f->src), t.text(f->dst), t.conns(f->conns.toString()),
                                          t.text(f->authorization), f->declared ? 1 : 0, t.layers(f->layers),
                                          t.text(whereText(f->srcWhere)), t.text(whereText(f->dstWhere))}));
    }
    for (const auto& [to, count] : perPair)
      if (count > kMaxFlowsPerPair) omittedFlows.push_back(json::array({i, to, count - kMaxFlowsPerPair}));
    t.endRow(row);
  }
  data["flowsOmitted"] = omittedFlows;

  json omitted;
  data["findings"] = findingRows(r.findings, t, omitted);
  data["findingsOmitted"] = omitted;
  data["findingsTotal"] = r.findings.size();
  data["loadBearing"] = json::array();
  for (const auto& lb : r.loadBearing)
    data["loadBearing"].push_back(json::array({objectText(lb.object), whereText(lb.where), lb.opens}));
}

std::string page(const std::string& title, const json& data, const std::vector<json>& rows) {
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  // Nothing may be fetched: the page is one file that works offline.
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
         "script-src 'unsafe-inline'; img-src data:\">\n";
  out += "<title>" + title + "</title>\n<style>\n";
  out += kCss;
  out += "</style>\n</head>\n<body>\n";
  out += "<header><h1>" + title + "</h1><div id=\"tg-headline\"></div></header>\n";
  out += "<noscript><p class=\"note\">This report draws its tables with JavaScript; the data is in the "
         "<code>tg-data</code> block of this file.</p></noscript>\n";
  out += "<main id=\"tg-app\"></main>\n";
  out += "<script type=\"application/json\" id=\"tg-data\">" + escapeJsonForScript(data.dump()) + "</script>\n";
  for (size_t i = 0; i < rows.size(); ++i)
    out += fmt::format("<script type=\"application/json\" id=\"tg-row-{}\">{}</script>\n", i, escapeJsonForScript(rows[i].dump()));
  out += "<script>\n";
  out += kScript;
  out += "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace html

}  // namespace tg::report
