#include "audit/audit.h"

#include <fmt/format.h>

#include "audit/json_log_parser.h"
#include "audit/line_kind.h"
#include "audit/log_reader.h"
#include "audit/text_log_parser.h"

namespace tg::audit {
namespace {

static_assert(LogReader::kLinePadding >= simdjson::SIMDJSON_PADDING, "JSON lines are parsed in place");

void readLog(const std::string& path, JsonLogParser& json, ReportBuilder& report) {
  LogReader reader;
  std::string error;
  if (!reader.open(path, error)) {
    report.error(path, 0, fmt::format("cannot open: {}", error));
    return;
  }
  AuditSummary& s = report.summary();
  ++s.inputs;
  LogLine line;
  LogRecord record;
  while (reader.next(line)) {
    ++s.lines;
    const char* problem = nullptr;
    switch (kindOf(line.text)) {
      case LineKind::Blank: continue;
      case LineKind::ProxyMessage: ++s.proxyMessages; continue;
      case LineKind::Json: problem = json.parse(line.text, line.capacity, record); break;
      case LineKind::Text: problem = parseTextLogLine(line.text, record); break;
      case LineKind::Unknown: problem = "neither a JSON nor a text access-log entry"; break;
    }
    if (problem) {
      report.error(path, line.number, problem);
      continue;
    }
    if (record.podName.empty()) record.podName = line.pod;
    report.add(record);
  }
  if (!reader.error().empty()) report.error(path, 0, fmt::format("read error: {}", reader.error()));
}

}  // namespace

AuditResult runAudit(const std::vector<std::string>& logs, const model::Cluster& cluster, const tenant::Tenancy& tenancy,
                     const AuditOptions& options) {
  Attribution attribution(cluster, tenancy);
  DeclaredFlows declared(tenancy.spec);
  ReportBuilder report(attribution, declared, options);
  JsonLogParser json;
  for (const auto& path : logs) readLog(path, json, report);
  return std::move(report).finish();
}

}  // namespace tg::audit
