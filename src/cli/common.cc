#include "cli/common.h"

#include <iostream>

namespace tg::cli {

void printError(const std::string& message) { std::cerr << "tenantguard: " << message << "\n"; }

load::LoadResult loadInput(const std::vector<std::string>& paths, bool& inputError) {
  load::LoadResult r = load::loadPaths(paths);
  for (const auto& d : r.diagnostics) printError(d.str());
  inputError = !r.diagnostics.empty();
  return r;
}

}  // namespace tg::cli
