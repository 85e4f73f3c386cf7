#include "support/command.h"

#include <sys/wait.h>

#include <cstdio>

namespace tg::testing {

CommandResult runCommand(const std::string& command) {
  CommandResult r;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return r;
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = pclose(p);
  r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

CommandResult runTenantguard(const std::string& args) {
  return runCommand(std::string("cd '") + TG_SOURCE_DIR + "' && '" + TG_BINARY + "' " + args);
}

}  // namespace tg::testing
