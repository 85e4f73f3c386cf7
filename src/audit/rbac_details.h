// What Envoy's RBAC filter says when it denies: `rbac_access_denied_matched_policy[...]` in
// %RESPONSE_CODE_DETAILS% (HTTP) or %CONNECTION_TERMINATION_DETAILS% (TCP). Istio names each
// Envoy policy `ns[NAMESPACE]-policy[NAME]-rule[INDEX]`, so a DENY match names the
// AuthorizationPolicy and its rule; `[none]` means no ALLOW policy matched.
#pragma once

#include <optional>
#include <string_view>

namespace tg::audit {

struct RbacDenial {
  std::string_view matched;  // the text between the brackets, as logged
  std::string_view ns, name; // empty unless `matched` has Istio's ns[..]-policy[..] form
  int rule = -1;

  bool noAllowMatched() const { return matched == "none"; }
};

// Denials in either details field; nullopt when neither is an RBAC denial.
std::optional<RbacDenial> parseRbacDenial(std::string_view details);

}  // namespace tg::audit
