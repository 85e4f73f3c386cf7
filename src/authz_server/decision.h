// The authorization decision of `tenantguard serve-authz`, apart from any transport: a pure
// function of a compiled tenant spec (Policy) and what the proxy tells about one request.
//
// Who calls: the caller's verified principal `spiffe://TRUST_DOMAIN/ns/NS/sa/SA` (the trust
// domain must be the spec's) names its namespace, and the spec names the namespace's tenant.
// What is called: the request host `NAME.NAMESPACE[.svc[.CLUSTER_DOMAIN]][:PORT]` names the shared
// service whose `name` is NAME and `namespace` is NAMESPACE (exactly that service, not any
// service of the namespace: two shared services of one namespace keep separate rules).
// What is allowed: the service's `allow` entries, OR'ed; in one entry the tenant must be listed
// (or "*"), the method must match one of `methods` and the path (without query) one of `paths`,
// each with Istio string matching (exact, prefix*, *suffix, * = non-empty); empty = any.
// Everything else is denied: no identity, another trust domain, a namespace that is no tenant's,
// an unknown or unparsable host, a path that is not normalized (dot segments, encoded '.', '/'
// or '\'), or a request no entry allows.
//
// On allow, the service's `tenantIdentityHeader` is set to the tenant name; it replaces whatever
// the client sent under that name.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "layers/mesh/authz_matchers.h"
#include "tenant/spec.h"

namespace tg::authz {

enum class Reason {
  Allowed,
  MissingIdentity,      // no verified peer principal
  BadIdentity,          // principal is not spiffe://TD/ns/NS/sa/SA
  ForeignTrustDomain,   // principal of another trust domain
  UnknownTenant,        // caller namespace belongs to no tenant
  UnknownHost,          // host names no shared service of the spec
  DestinationMismatch,  // the proxy asking is not in the shared service's namespace
  NotAllowed,           // no allow entry matches tenant, method and path
  Malformed,            // missing or invalid method, path, host or headers
  InternalError,        // an exception; denied (fail closed)
};
inline constexpr size_t kReasonCount = 10;

// Stable short code, used in responses, logs and metrics: "not-allowed", ...
const char* reasonCode(Reason r);

// A tenant spec compiled for lookups. Immutable once built; shared by in-flight requests.
class Policy {
 public:
  struct Rule {
    bool anyTenant = false;
    std::vector<std::string> tenants;
    std::vector<layers::mesh::StringPattern> methods;  // empty: any
    std::vector<layers::mesh::StringPattern> paths;    // empty: any
  };
  struct Service {
    std::string name, ns;
    std::string id;              // "NAMESPACE/NAME", as decisions name the service
    std::string identityHeader;  // lower case; empty: none declared
    std::vector<Rule> rules;
  };

  explicit Policy(const tenant::Spec& spec, uint64_t generation = 0);

  const std::string& trustDomain() const { return trustDomain_; }
  const std::string& specName() const { return specName_; }
  uint64_t generation() const { return generation_; }
  const std::vector<std::string>& tenantNames() const { return tenantNames_; }
  const std::map<std::string, Service, std::less<>>& services() const { return services_; }

  // nullptr when the namespace is no tenant's.
  const std::string* tenantOf(std::string_view ns) const;
  // `key` is "NAME.NAMESPACE".
  const Service* service(std::string_view key) const;

 private:
  std::string trustDomain_;
  std::string specName_;
  uint64_t generation_ = 0;
  std::vector<std::string> tenantNames_;
  std::map<std::string, std::string, std::less<>> tenantByNamespace_;
  std::map<std::string, Service, std::less<>> services_;  // by "NAME.NAMESPACE"
};

// What the proxy says about one request. Views must outlive the call.
struct CheckInput {
  std::string_view principal;             // verified peer principal; empty: none
  std::string_view destinationPrincipal;  // the asking proxy's own identity; empty: not sent
  std::string_view method;
  std::string_view path;                  // request target: path and optional query
  std::string_view host;                  // :authority / Host
};

struct Decision {
  bool allowed = false;
  Reason reason = Reason::InternalError;
  std::string detail;   // one short human sentence, for the log
  std::string tenant;   // when the caller's tenant is known
  std::string service;  // NAMESPACE/NAME when the host named a shared service
  std::string headerName, headerValue;  // on allow: the identity header to set (may be empty)

  int httpStatus() const { return allowed ? 200 : 403; }
  static Decision deny(Reason r, std::string detail);
};

Decision decide(const Policy& policy, const CheckInput& in);

// Parsing helpers, exposed for tests and transports.
struct SpiffeId {
  std::string_view trustDomain, ns, serviceAccount;
};
// `spiffe://TD/ns/NS/sa/SA`, nothing more; false otherwise.
bool parseSpiffeId(std::string_view principal, SpiffeId& out);

struct ServiceHost {
  std::string key;  // "NAME.NAMESPACE", lower case
  std::string name, ns;
};
// `NAME.NAMESPACE`, `NAME.NAMESPACE.svc`, `NAME.NAMESPACE.svc.DOMAIN...`, each with optional
// `:PORT` and a trailing dot; false for anything else (IP literals, other domains, bad labels).
bool parseServiceHost(std::string_view host, ServiceHost& out);

// A request path the proxy has normalized: starts with '/', printable ASCII without spaces, no
// '#', no '.'/'..' segment, no backslash and no percent-encoded '.', '/' or '\'.
bool isNormalizedPath(std::string_view pathWithoutQuery);

}  // namespace tg::authz
