#include "layers/verdict.h"

namespace tg::layers {

const char* verdictName(VerdictKind v) {
  switch (v) {
    case VerdictKind::Allow: return "allow";
    case VerdictKind::Deny: return "deny";
    case VerdictKind::NotApplicable: return "not-applicable";
  }
  return "?";
}

}  // namespace tg::layers
