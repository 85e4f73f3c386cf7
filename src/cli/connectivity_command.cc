// `tenantguard connectivity PATH... [-o txt|json|csv|md|dot]`
#include <iostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "layers/network/network_layer.h"
#include "report/connectivity_report.h"
#include "verify/connectivity.h"

namespace tg::cli {

void addConnectivityCommand(CLI::App& app, int& exitCode) {
  struct Options {
    std::vector<std::string> paths;
    std::string format = "txt";
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("connectivity", "list every allowed connection");
  cmd->add_option("paths", opts->paths, "manifest files, directories, or - for stdin")->required();
  cmd->add_option("-o,--output", opts->format, "txt|json|csv|md|dot")
      ->check(CLI::IsMember({"txt", "json", "csv", "md", "dot"}));
  cmd->callback([opts, &exitCode] {
    bool inputError = false;
    load::LoadResult input = loadInput(opts->paths, inputError);
    layers::network::NetworkLayer network(input.cluster);
    verify::Connectivity c = verify::computeConnectivity(input.cluster, network);
    std::cout << report::renderConnectivity(c, opts->format);
    exitCode = inputError ? kExitInputError : kExitOk;
  });
}

}  // namespace tg::cli
