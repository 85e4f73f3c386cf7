// Running the tenantguard binary (or any shell command) from a test and capturing its output.
#pragma once

#include <string>

namespace tg::testing {

struct CommandResult {
  int exitCode = -1;  // -1 when the command did not exit normally
  std::string out;    // standard output
};

// Runs `command` with /bin/sh; stderr is not captured (redirect it in `command` if needed).
CommandResult runCommand(const std::string& command);

// Runs the tenantguard binary with `args` from the source directory, so paths in its output are
// repository-relative.
CommandResult runTenantguard(const std::string& args);

}  // namespace tg::testing
