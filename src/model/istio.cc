#include "model/istio.h"

namespace tg::model {

const char* mtlsModeName(MtlsMode m) {
  switch (m) {
    case MtlsMode::Unset: return "UNSET";
    case MtlsMode::Disable: return "DISABLE";
    case MtlsMode::Permissive: return "PERMISSIVE";
    case MtlsMode::Strict: return "STRICT";
  }
  return "?";
}

const char* authzActionName(AuthzAction a) {
  switch (a) {
    case AuthzAction::Allow: return "ALLOW";
    case AuthzAction::Deny: return "DENY";
    case AuthzAction::Audit: return "AUDIT";
    case AuthzAction::Custom: return "CUSTOM";
  }
  return "?";
}

}  // namespace tg::model
