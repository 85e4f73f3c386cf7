// `tenantguard generate --spec FILE [--out DIR] [--floor calico|anp] [--identity lua|ext-authz]`
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "cli/common.h"
#include "generate/generate.h"

namespace tg::cli {
namespace {

bool writeFiles(const std::filesystem::path& dir, const std::map<std::string, std::string>& files) {
  for (const auto& [relative, content] : files) {
    std::filesystem::path path = dir / relative;
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    if (ec || !out.flush()) {
      printError(fmt::format("{}: cannot write file", path.string()));
      return false;
    }
  }
  return true;
}

}  // namespace

void addGenerateCommand(CLI::App& app, int& exitCode) {
  struct Options {
    std::string spec, out, floor = "calico", identity = "lua";
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("generate", "emit the complete isolation bundle for the tenants of a spec");
  cmd->add_option("--spec", opts->spec, "tenant spec (tenantguard.yaml)")->required();
  cmd->add_option("--out", opts->out, "write one file per namespace, cluster/ and kustomization.yaml here (default: stdout)");
  cmd->add_option("--floor", opts->floor, "cluster floor between tenants: calico (tiered GlobalNetworkPolicy) or anp")
      ->check(CLI::IsMember({"calico", "anp"}));
  cmd->add_option("--identity", opts->identity, "tenant identity for shared services: lua (EnvoyFilter) or ext-authz")
      ->check(CLI::IsMember({"lua", "ext-authz"}));
  cmd->callback([opts, &exitCode] {
    // Read here rather than with loadSpec: with ext-authz the text goes into the bundle.
    std::ifstream in(opts->spec);
    if (!in) {
      printError(fmt::format("{}: cannot read the spec file", opts->spec));
      exitCode = kExitInputError;
      return;
    }
    std::ostringstream text;
    text << in.rdbuf();
    std::vector<tenant::SpecError> errors;
    std::optional<tenant::Spec> spec = tenant::parseSpec(opts->spec, text.str(), errors);
    if (spec) errors = generate::checkNames(*spec);
    for (const auto& e : errors) printError(fmt::format("{}:{}: {}", e.file, e.line, e.message));
    if (!spec || !errors.empty()) {
      exitCode = kExitInputError;
      return;
    }
    generate::Options options;
    options.floor = opts->floor == "anp" ? generate::Floor::AdminNetworkPolicy : generate::Floor::Calico;
    options.identity = opts->identity == "ext-authz" ? generate::Identity::ExtAuthz : generate::Identity::Lua;
    options.specText = text.str();
    generate::Bundle bundle = generate::generateBundle(*spec, options);
    if (opts->out.empty()) {
      std::cout << generate::renderStream(bundle);
      exitCode = kExitOk;
      return;
    }
    exitCode = writeFiles(opts->out, generate::renderFiles(bundle)) ? kExitOk : kExitInputError;
  });
}

}  // namespace tg::cli
