// Shared by the subcommands: loading input with diagnostics on stderr, and exit codes.
#pragma once

#include <string>
#include <vector>

#include "load/loader.h"

namespace tg::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitInputError = 2;

// Loads every path; prints each diagnostic as `tenantguard: FILE:LINE: message` on stderr.
// `inputError` is set when there was any diagnostic (exit code 2 once the output is written).
load::LoadResult loadInput(const std::vector<std::string>& paths, bool& inputError);

// `tenantguard: message` on stderr.
void printError(const std::string& message);

}  // namespace tg::cli
