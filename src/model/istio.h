// Istio security objects (security.istio.io v1 and v1beta1) and the mesh configuration, as
// declared. Semantics live in layers/mesh/*; this is plain data with source lines for each rule.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/object.h"

namespace tg::model {

// ---- mesh configuration (ConfigMap `istio`, data key `mesh`) ----

struct MeshConfigMap {
  ObjectMeta meta;
  std::optional<std::string> rootNamespace;
  std::optional<std::string> trustDomain;
  std::vector<std::string> trustDomainAliases;
  std::vector<std::string> extensionProviders;  // names
};

// ---- PeerAuthentication ----

enum class MtlsMode { Unset, Disable, Permissive, Strict };
const char* mtlsModeName(MtlsMode m);  // "UNSET", "DISABLE", "PERMISSIVE", "STRICT"

struct PortMtls {
  MtlsMode mode = MtlsMode::Unset;
  uint32_t line = 0;
};

struct PeerAuthentication {
  ObjectMeta meta;
  Labels selector;          // matchLabels; empty: no selector (namespace- or mesh-wide)
  MtlsMode mode = MtlsMode::Unset;
  uint32_t modeLine = 0;    // line of `mtls` (0: absent)
  std::map<uint32_t, PortMtls> portLevelMtls;  // keyed by the workload (container) port
};

// ---- AuthorizationPolicy ----

enum class AuthzAction { Allow, Deny, Audit, Custom };
const char* authzActionName(AuthzAction a);  // "ALLOW", "DENY", "AUDIT", "CUSTOM"

// One field of a Source or Operation: `principals: [...]` is {"principals", false, ...};
// `notPrincipals: [...]` is {"principals", true, ...}. Values OR; fields of one source AND.
struct AuthzField {
  std::string name;   // principals, requestPrincipals, namespaces, serviceAccounts, ipBlocks,
                      // remoteIpBlocks, hosts, ports, methods, paths
  bool negated = false;
  std::vector<std::string> values;
  uint32_t line = 0;
};

struct AuthzSource {
  std::vector<AuthzField> fields;
  uint32_t line = 0;
};

struct AuthzOperation {
  std::vector<AuthzField> fields;
  uint32_t line = 0;
};

struct AuthzCondition {
  std::string key;  // request.headers[x], source.ip, ...
  std::vector<std::string> values;
  std::vector<std::string> notValues;
  uint32_t line = 0;
};

struct AuthzRule {
  std::vector<AuthzSource> from;       // OR; empty: any source
  std::vector<AuthzOperation> to;      // OR; empty: any operation
  std::vector<AuthzCondition> when;    // AND
  uint32_t line = 0;
};

struct AuthorizationPolicy {
  ObjectMeta meta;
  Labels selector;               // matchLabels; empty: every workload of the namespace (or mesh)
  bool hasTargetRef = false;     // targetRef / targetRefs set: not enforced by sidecars
  std::vector<std::string> targetRefs;  // "Kind/name" as written
  AuthzAction action = AuthzAction::Allow;
  std::string provider;          // CUSTOM only
  std::vector<AuthzRule> rules;  // OR; empty: matches nothing
};

}  // namespace tg::model
