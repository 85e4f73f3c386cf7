// `tenantguard parse PATH...` (hidden): load the input and stop. The benchmarks time it as the
// floor under every command: none can be faster than reading its input.
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/common.h"

namespace tg::cli {

void addParseCommand(CLI::App& app, int& exitCode) {
  auto paths = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd = app.add_subcommand("parse", "load the input and report what was read (for benchmarks)");
  cmd->group("");  // hidden from --help
  cmd->add_option("paths", *paths, "manifest files, directories, or - for stdin")->required();
  cmd->callback([paths, &exitCode] {
    bool inputError = false;
    load::LoadResult input = loadInput(*paths, inputError);
    fmt::print("{} objects, {} namespaces, {} workloads\n", input.objects, input.cluster.namespaces.size(),
               input.cluster.workloads.size());
    exitCode = inputError ? kExitInputError : 0;
  });
}

}  // namespace tg::cli
