// Each subcommand registers itself on the app; `exitCode` receives its result.
#pragma once

#include <CLI/CLI.hpp>

namespace tg::cli {

void addAuditCommand(CLI::App& app, int& exitCode);
void addConnectivityCommand(CLI::App& app, int& exitCode);
void addDiffCommand(CLI::App& app, int& exitCode);
void addEvalCommand(CLI::App& app, int& exitCode);
void addGenerateCommand(CLI::App& app, int& exitCode);
void addParseCommand(CLI::App& app, int& exitCode);  // hidden: load only, for benchmarks
void addServeAuthzCommand(CLI::App& app, int& exitCode);
void addVerifyCommand(CLI::App& app, int& exitCode);

}  // namespace tg::cli
