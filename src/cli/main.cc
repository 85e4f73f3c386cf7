// tenantguard: multi-tenant isolation on Kubernetes, proven from the manifests.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.h"
#include "cli/common.h"

int main(int argc, char** argv) {
  CLI::App app{"tenantguard: prove and watch multi-tenant isolation on Kubernetes"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "tenantguard 0.1.0");
  int exitCode = tg::cli::kExitOk;
  tg::cli::addAuditCommand(app, exitCode);
  tg::cli::addConnectivityCommand(app, exitCode);
  tg::cli::addDiffCommand(app, exitCode);
  tg::cli::addEvalCommand(app, exitCode);
  tg::cli::addGenerateCommand(app, exitCode);
  tg::cli::addParseCommand(app, exitCode);
  tg::cli::addServeAuthzCommand(app, exitCode);
  tg::cli::addVerifyCommand(app, exitCode);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    tg::cli::printError(e.what());
    return tg::cli::kExitInputError;
  }
  return exitCode;
}
