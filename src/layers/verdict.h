// What a layer says about a flow, and which objects and rules said it.
#pragma once

#include <string>
#include <vector>

#include "model/object.h"

namespace tg::layers {

// A reference to the object (and rule) that decided: shown by `eval`, counted by `verify`.
struct Ref {
  std::string kind;
  std::string ns;
  std::string name;
  int rule = -1;          // index in the object's rule list; -1: the object as a whole
  std::string section;    // "ingress", "egress", a tier name, ...
  model::Source where;    // the rule's line when rule >= 0, else the object's

  bool operator==(const Ref& o) const {
    return kind == o.kind && ns == o.ns && name == o.name && rule == o.rule && section == o.section;
  }
};

enum class VerdictKind { Allow, Deny, NotApplicable };
const char* verdictName(VerdictKind v);  // "allow", "deny", "not-applicable"

struct Verdict {
  VerdictKind verdict = VerdictKind::NotApplicable;
  std::vector<Ref> decidedBy;
  std::string reason;
};

}  // namespace tg::layers
