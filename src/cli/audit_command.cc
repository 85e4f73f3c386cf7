// `tenantguard audit --logs FILE... [PATH...] [--spec FILE | --tenant-label L] [--since T]
//  [--until T] [-o text|json]`
// PATH... is the cluster snapshot (manifests or a `kubectl get -o json` dump with pod IPs) that
// attributes addresses to workloads. Exit 1 when an undeclared cross-tenant request got through,
// 2 on input errors (malformed log lines included: the report is still written), else 0.
#include <fmt/format.h>

#include <iostream>
#include <regex>

#include "audit/audit.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/tenancy_options.h"
#include "report/audit_report.h"

namespace tg::cli {
namespace {

// RFC 3339 in UTC, or a prefix of it down to the date, as Envoy's START_TIME is compared as text.
std::string checkTime(const std::string& t) {
  static const std::regex kTime(R"(\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z?)?)");
  return std::regex_match(t, kTime) ? "" : "expected a UTC time like 2024-05-01 or 2024-05-01T10:00:00Z";
}

void printErrors(const audit::AuditResult& r) {
  uint64_t listed = 0;
  for (const auto& e : r.errors) {
    if (e.line == 0) {
      printError(fmt::format("{}: {}", e.file, e.message));
      continue;
    }
    ++listed;
    printError(fmt::format("{}:{}: {}", e.file, e.line, e.message));
  }
  if (r.summary.malformed > listed) printError(fmt::format("{} more malformed lines not listed", r.summary.malformed - listed));
}

}  // namespace

void addAuditCommand(CLI::App& app, int& exitCode) {
  struct Options {
    std::vector<std::string> logs, paths;
    TenancyOptions tenancy;
    audit::AuditOptions audit;
    std::string format = "text";
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("audit", "cross-tenant denials and breaches from Envoy/Istio access logs");
  cmd->add_option("--logs", opts->logs, "access logs (JSON or text, gzip or not, kubectl --prefix lines), - for stdin")
      ->required();
  cmd->add_option("paths", opts->paths, "the cluster snapshot: manifests, directories, kubectl dumps (pod IPs)");
  opts->tenancy.addTo(cmd, false);  // identities are read whatever their trust domain
  cmd->add_option("--since", opts->audit.since, "only entries at or after this UTC time")->check(checkTime);
  cmd->add_option("--until", opts->audit.until, "only entries before this UTC time")->check(checkTime);
  cmd->add_option("-o,--output", opts->format, "text|json")->check(CLI::IsMember({"text", "json"}));
  cmd->callback([opts, &exitCode] {
    bool inputError = false;
    load::LoadResult input = opts->paths.empty() ? load::LoadResult{} : loadInput(opts->paths, inputError);
    std::optional<tenant::Spec> spec;
    if (!opts->tenancy.loadSpec(spec)) {
      exitCode = kExitInputError;
      return;
    }
    tenant::Tenancy tenancy = opts->tenancy.tenancy(spec, input.cluster);
    audit::AuditResult result = audit::runAudit(opts->logs, input.cluster, tenancy, opts->audit);
    printErrors(result);
    std::cout << (opts->format == "json" ? report::renderAuditJson(result) : report::renderAuditText(result));
    if (inputError || result.inputError) exitCode = kExitInputError;
    else exitCode = result.hasAlerts() ? kExitFindings : kExitOk;
  });
}

}  // namespace tg::cli
