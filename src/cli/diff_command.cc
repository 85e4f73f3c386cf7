// `tenantguard diff --base PATH... --head PATH... [--spec FILE | --tenant-label L]
//  [-o text|json|md|sarif|html] [--no-what-if]`
// Exit 1 when the head configuration opens cross-tenant connections that the base did not have
// and the spec does not declare; 2 on input errors (in either configuration); else 0.
#include <iostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/tenancy_options.h"
#include "report/diff_report.h"
#include "report/html_report.h"
#include "verify/diff.h"

namespace tg::cli {

void addDiffCommand(CLI::App& app, int& exitCode) {
  struct Options {
    std::vector<std::string> base, head;
    TenancyOptions tenancy;
    std::string format = "text";
    bool noWhatIf = false;
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("diff", "what a change does to tenant isolation (new cross-tenant flows first)");
  cmd->add_option("--base", opts->base, "the configuration before the change: files, directories, or -")->required();
  cmd->add_option("--head", opts->head, "the configuration after the change: files, directories, or -")->required();
  opts->tenancy.addTo(cmd, true);
  cmd->add_option("-o,--output", opts->format, "text|json|md|sarif|html")
      ->check(CLI::IsMember({"text", "json", "md", "sarif", "html"}));
  cmd->add_flag("--no-what-if", opts->noWhatIf, "skip the load-bearing object analysis (TG003)");
  cmd->callback([opts, &exitCode] {
    bool baseError = false, headError = false;
    load::LoadResult base = loadInput(opts->base, baseError);
    load::LoadResult head = loadInput(opts->head, headError);
    std::optional<tenant::Spec> spec;
    if (!opts->tenancy.loadSpec(spec)) {
      exitCode = kExitInputError;
      return;
    }
    tenant::Tenancy baseTenancy = opts->tenancy.tenancy(spec, base.cluster);
    tenant::Tenancy headTenancy = opts->tenancy.tenancy(spec, head.cluster);
    verify::VerifyOptions options;
    options.whatIf = !opts->noWhatIf;
    options.weakestLayers = opts->format == "html";  // the head's matrix in the HTML page shows them
    options.mesh = opts->tenancy.mesh(spec);

    verify::DiffResult d = verify::runDiff(base.cluster, baseTenancy, head.cluster, headTenancy, options);
    if (opts->format == "json") std::cout << report::renderDiffJson(d);
    else if (opts->format == "md") std::cout << report::renderDiffMarkdown(d);
    else if (opts->format == "sarif") std::cout << report::renderDiffSarif(d);
    else if (opts->format == "html") std::cout << report::renderDiffHtml(d);
    else std::cout << report::renderDiffText(d);

    if (baseError || headError) exitCode = kExitInputError;
    else exitCode = d.opensNewFlows() ? kExitFindings : kExitOk;
  });
}

}  // namespace tg::cli
