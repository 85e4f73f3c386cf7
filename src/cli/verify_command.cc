// `tenantguard verify PATH... [--spec FILE | --tenant-label L] [-o text|json|sarif|junit|html]
//  [--fail-on error|warning|info|none] [--no-what-if]`
#include <unistd.h>

#include <fmt/format.h>

#include <iostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "report/html_report.h"
#include "report/verify_report.h"
#include "tenant/tenancy.h"
#include "verify/verify.h"

namespace tg::cli {
namespace {

bool failsAt(const verify::VerifyResult& r, const std::string& failOn) {
  if (failOn == "none") return false;
  verify::Severity threshold = failOn == "error"     ? verify::Severity::Error
                               : failOn == "warning" ? verify::Severity::Warning
                                                     : verify::Severity::Info;
  for (const auto& f : r.findings)
    if (f.severity >= threshold) return true;
  return false;
}

}  // namespace

void addVerifyCommand(CLI::App& app, int& exitCode) {
  struct Options {
    std::vector<std::string> paths;
    std::string spec, tenantLabel = "tenant", format = "text", failOn = "error", rootNamespace, trustDomain;
    bool noWhatIf = false;
    unsigned threads = 0;
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("verify", "prove tenant isolation through every layer and lint the configuration");
  cmd->add_option("paths", opts->paths, "manifest files, directories, or - for stdin")->required();
  cmd->add_option("--spec", opts->spec, "tenant spec (tenantguard.yaml); without it tenants come from a namespace label");
  cmd->add_option("--tenant-label", opts->tenantLabel, "namespace label naming the tenant (without --spec)");
  cmd->add_option("-o,--output", opts->format, "text|json|sarif|junit|html")
      ->check(CLI::IsMember({"text", "json", "sarif", "junit", "html"}));
  cmd->add_option("--fail-on", opts->failOn, "exit 1 on findings at or above: error|warning|info|none")
      ->check(CLI::IsMember({"error", "warning", "info", "none"}));
  cmd->add_flag("--no-what-if", opts->noWhatIf, "skip the load-bearing object analysis (TG003)");
  cmd->add_option("--threads", opts->threads,
                  "threads for the tenant matrix and what-if (default: one per core, at most 4; each needs memory of its own)")
      ->check(CLI::Range(0u, 64u));
  cmd->add_option("--root-namespace", opts->rootNamespace, "Istio root namespace (default: mesh config or istio-system)");
  cmd->add_option("--trust-domain", opts->trustDomain, "mesh trust domain (default: mesh config or cluster.local)");
  cmd->callback([opts, &exitCode] {
    bool inputError = false;
    load::LoadResult input = loadInput(opts->paths, inputError);

    std::optional<tenant::Spec> spec;
    if (!opts->spec.empty()) {
      std::vector<tenant::SpecError> errors;
      spec = tenant::loadSpec(opts->spec, errors);
      for (const auto& e : errors) printError(fmt::format("{}:{}: {}", e.file, e.line, e.message));
      if (!spec) {
        exitCode = kExitInputError;
        return;
      }
      tenant::addSpecNamespaces(*spec, input.cluster);
    }

    verify::VerifyOptions options;
    options.whatIf = !opts->noWhatIf;
    options.weakestLayers = opts->format == "html";
    options.threads = opts->threads;
    if (!opts->rootNamespace.empty()) options.mesh.rootNamespace = opts->rootNamespace;
    else if (spec) options.mesh.rootNamespace = spec->rootNamespace;
    if (!opts->trustDomain.empty()) options.mesh.trustDomain = opts->trustDomain;
    else if (spec) options.mesh.trustDomain = spec->trustDomain;

    tenant::Tenancy tenancy =
        spec ? tenant::fromSpec(*spec, input.cluster)
             : tenant::fromLabels(input.cluster, opts->tenantLabel, options.mesh.rootNamespace.value_or("istio-system"));
    verify::VerifyResult result = verify::runVerify(input.cluster, tenancy, options);

    if (opts->format == "json") std::cout << report::renderVerifyJson(result);
    else if (opts->format == "sarif") std::cout << report::renderVerifySarif(result);
    else if (opts->format == "junit") std::cout << report::renderVerifyJunit(result);
    else if (opts->format == "html") std::cout << report::renderVerifyHtml(result);
    else std::cout << report::renderVerifyText(result, isatty(STDOUT_FILENO) != 0);

    if (inputError) exitCode = kExitInputError;
    else exitCode = failsAt(result, opts->failOn) ? kExitFindings : kExitOk;
  });
}

}  // namespace tg::cli
