// An Istio EnvoyFilter, reduced to what tenant identity depends on: which workloads it patches
// and the inline Lua code it inserts (with the line where the code starts).
#pragma once

#include <string>
#include <vector>

#include "model/object.h"

namespace tg::model {

struct LuaCode {
  std::string code;
  uint32_t line = 0;
};

struct EnvoyFilter {
  ObjectMeta meta;
  Labels workloadSelector;  // empty: every workload of the namespace (or mesh, in the root)
  std::vector<LuaCode> lua;
};

}  // namespace tg::model
