// `tenantguard connectivity PATH... [-o txt|json|csv|md|dot|mermaid] [--by workload|tenant]
//  [--spec FILE | --tenant-label L]`
// The graph formats (dot, mermaid) highlight cross-tenant edges; `--by tenant` draws one node per
// tenant (plus non-tenant namespaces and External) with the connections aggregated.
#include <iostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/tenancy_options.h"
#include "report/connectivity_graph.h"
#include "report/connectivity_report.h"
#include "verify/connectivity.h"
#include "verify/layer_stack.h"
#include "verify/tenant_graph.h"

namespace tg::cli {

void addConnectivityCommand(CLI::App& app, int& exitCode) {
  struct Options {
    std::vector<std::string> paths;
    std::string format = "txt", by = "workload";
    TenancyOptions tenancy;
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("connectivity", "list every allowed connection");
  cmd->add_option("paths", opts->paths, "manifest files, directories, or - for stdin")->required();
  cmd->add_option("-o,--output", opts->format, "txt|json|csv|md|dot|mermaid")
      ->check(CLI::IsMember({"txt", "json", "csv", "md", "dot", "mermaid"}));
  cmd->add_option("--by", opts->by, "graph nodes for dot/mermaid: workload|tenant")->check(CLI::IsMember({"workload", "tenant"}));
  opts->tenancy.addTo(cmd, false);
  cmd->callback([opts, &exitCode] {
    bool inputError = false;
    load::LoadResult input = loadInput(opts->paths, inputError);
    bool graph = opts->format == "dot" || opts->format == "mermaid";
    if (opts->by == "tenant" && !graph) {
      printError("--by tenant needs -o dot or -o mermaid");
      exitCode = kExitInputError;
      return;
    }
    std::optional<tenant::Spec> spec;
    if (graph && !opts->tenancy.loadSpec(spec)) {
      exitCode = kExitInputError;
      return;
    }
    // The spec's namespaces join the cluster before the layers are built, as for verify.
    tenant::Tenancy tenancy = graph ? opts->tenancy.tenancy(spec, input.cluster) : tenant::Tenancy{};
    // With --spec, the mesh layers use its root namespace and trust domain.
    verify::LayerStack layers(input.cluster, opts->tenancy.mesh(spec));
    verify::Connectivity c = verify::computeConnectivity(layers);
    if (graph) {
      verify::ConnectivityGroups groups = verify::groupByTenant(c, tenancy);
      std::cout << report::renderConnectivityGraph(c, &groups, opts->format, opts->by == "tenant");
    } else {
      std::cout << report::renderConnectivity(c, opts->format);
    }
    exitCode = inputError ? kExitInputError : kExitOk;
  });
}

}  // namespace tg::cli
