// Exclusion: one policy object the layers act as if it were deleted. What-if analysis asks "what
// if this object were gone?" for every policy object; excluding one is much cheaper than
// rebuilding every layer without it.
#pragma once

#include <string>

#include "layers/verdict.h"

namespace tg::layers {

struct Exclusion {
  std::string kind, ns, name;  // empty kind: nothing is excluded

  bool active() const { return !kind.empty(); }
  bool excludes(const std::string& k, const std::string& n, const std::string& nm) const {
    return active() && kind == k && ns == n && name == nm;
  }
  bool excludes(const Ref& r) const { return excludes(r.kind, r.ns, r.name); }
};

}  // namespace tg::layers
