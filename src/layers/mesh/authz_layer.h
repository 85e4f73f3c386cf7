// AuthzLayer: Istio AuthorizationPolicy at the destination's proxy.
//
//   CUSTOM (unknown provider: deny all; known: the external authorizer decides, not modelled and
//   assumed to allow) → DENY (deny if any rule matches) → no ALLOW policy applies → allow;
//   some ALLOW rule matches → allow; else deny. AUDIT never decides.
//
// Policies apply from the root namespace (mesh-wide) and the destination's namespace, when their
// `selector` is a subset of the workload's labels; `targetRef(s)` policies are for waypoints and
// gateways and are not enforced by sidecars or ztunnel. Rules compile into matcher trees
// (authz_matchers.h). HTTP-only fields on a TCP port (and everywhere at ztunnel, which is L4):
// an ALLOW (or CUSTOM) rule that uses one is dropped; in DENY/AUDIT only that field is dropped.
// Identity fields need mTLS: for a plaintext peer positive matches are false, `not*` true.
//
// Without a concrete request the result is symbolic: allow-all, deny-all, or conditional with the
// condition spelled out ("only when method POST and path /logs/ingest").
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "layers/endpoint.h"
#include "layers/mesh/authz_matchers.h"
#include "layers/mesh/mesh_membership.h"
#include "layers/mesh/mtls_layer.h"
#include "layers/verdict.h"

namespace tg::layers::mesh {

enum class AuthzOutcome { NotApplicable, AllowAll, DenyAll, Conditional };
const char* authzOutcomeName(AuthzOutcome o);  // "not-applicable", "allow-all", "deny-all", "conditional"

struct AuthzResult {
  AuthzOutcome outcome = AuthzOutcome::NotApplicable;
  Cond allowed = Cond::truth();  // when the flow is allowed
  std::vector<Ref> decidedBy;
  std::string reason;
  // "allow-all", "deny-all", "only when …" / "all except when …"; empty when not applicable.
  std::string summary;
  std::vector<std::string> notModelled;  // what the outcome assumes (CUSTOM providers, waypoints, ...)

  // Allow for allow-all and conditional (reachability is assumed where it depends on the request).
  Verdict verdict() const;
};

class AuthzLayer {
 public:
  // `exclusion` (may be null): an AuthorizationPolicy to act as if deleted (layers/exclusion.h).
  AuthzLayer(const MeshContext& mesh, const MtlsLayer& mtls, const Exclusion* exclusion = nullptr);
  ~AuthzLayer();
  AuthzLayer(const AuthzLayer&) = delete;
  AuthzLayer& operator=(const AuthzLayer&) = delete;

  // `request` null: every request (symbolic). A request on a TCP port is not visible and ignored.
  AuthzResult evaluate(const Endpoint& src, const Endpoint& dst, net::Protocol p, uint32_t port,
                       const HttpRequest* request = nullptr) const;
  Verdict verdict(const Endpoint& src, const Endpoint& dst, net::Protocol p, uint32_t port,
                  const HttpRequest* request = nullptr) const {
    return evaluate(src, dst, p, port, request).verdict();
  }

  // The policies the destination's proxy enforces, and those that select it but are ignored.
  std::vector<const model::AuthorizationPolicy*> policiesFor(const model::Workload& w) const;
  // Ports whose outcome can differ from the rest: those named by the policies that apply to `w`
  // (`ports`, `notPorts`, `destination.port`) and those a Service port targets (the protocol).
  std::vector<uint32_t> distinctPorts(const model::Workload& w) const;
  // The rule trees of the policies that apply to `dst`, with a null after each policy's: what
  // sourceSignature reads, gathered once for a destination and signed against many namespaces.
  using SourceLens = std::vector<const Matcher*>;
  SourceLens sourceLens(const model::Workload& dst) const;
  // How the policies of `lens` see the sources of one namespace: one PeerReach character per
  // identity or address leaf (authz_matchers.h). Sources of namespaces with equal signatures, of
  // the same mesh membership, get equal outcomes.
  static void sourceSignature(const SourceLens& lens, const SourceScope& scope, std::string& signature);
  // The namespaces whose sources the lens may sign differently from every other namespace's
  // (Matcher::singledOut), appended to `out`.
  static void singledOut(const SourceLens& lens, const NamespaceNames& names, std::string_view trustDomain,
                         std::vector<uint32_t>& out);
  // Address sets named by any policy (ipBlocks, remoteIpBlocks, source.ip, remote.ip).
  std::vector<net::IpSet> addressCuts() const;

  struct Compiled;  // one policy, compiled for HTTP and for TCP ports

 private:
  // The policies that can apply to `w`: those of the root namespace and of w's, in order.
  std::vector<const Compiled*> candidates(const model::Workload& w) const;

  const MeshContext& mesh_;
  const MtlsLayer& mtls_;
  const Exclusion* exclusion_;
  std::vector<std::unique_ptr<Compiled>> compiled_;  // by (namespace, name)
  std::unordered_map<std::string, std::pair<size_t, size_t>> range_;  // namespace → [begin, end) in compiled_
};

}  // namespace tg::layers::mesh
