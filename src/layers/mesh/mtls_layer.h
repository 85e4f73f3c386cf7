// MtlsLayer: Istio PeerAuthentication. The effective mode of a workload port is, narrowest
// first: the workload policy's `portLevelMtls` for that port → the workload policy (selector,
// not in the root namespace) → the namespace policy (no selector) → the mesh policy (root
// namespace, no selector) → PERMISSIVE. UNSET inherits from the next wider scope; inside one
// scope the oldest policy wins (creationTimestamp, then name; a missing timestamp counts as
// newest, as an object not yet applied). A selector in the root namespace is ignored, and so is
// `portLevelMtls` without a selector.
//
// Verdict for a flow: not-applicable when the destination's proxy does not handle it (not in the
// mesh, a port outside the sidecar's capture, not TCP); deny when the port is STRICT and the
// source cannot present a mesh certificate; allow otherwise, saying whether it is mTLS.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "layers/endpoint.h"
#include "layers/exclusion.h"
#include "layers/mesh/mesh_membership.h"
#include "layers/verdict.h"
#include "model/istio.h"
#include "net/protocol.h"

namespace tg::layers::mesh {

struct EffectiveMtls {
  model::MtlsMode mode = model::MtlsMode::Permissive;
  std::optional<Ref> decidedBy;  // the PeerAuthentication (line of `mtls` or of the port entry)
  std::string scope = "default";  // "default", "mesh", "namespace", "workload", "port"
  std::vector<std::string> ignored;  // policies that look relevant but Istio ignores, and why
};

// The mTLS state of one flow.
struct PeerSecurity {
  bool applicable = false;      // the destination's proxy handles this flow
  bool sourcePresentsCert = false;
  bool mtls = false;            // mutual TLS (the peer identity is known to the destination)
  bool refused = false;         // STRICT destination, plaintext source
  EffectiveMtls destination;
  std::string reason;
};

class MtlsLayer {
 public:
  // `exclusion` (may be null): a PeerAuthentication to act as if deleted (layers/exclusion.h).
  explicit MtlsLayer(const MeshContext& mesh, const Exclusion* exclusion = nullptr);

  const MeshContext& mesh() const { return mesh_; }

  EffectiveMtls effectiveMode(const model::Workload& w, uint32_t port) const;
  PeerSecurity security(const Endpoint& src, const Endpoint& dst, net::Protocol p, uint32_t port) const;
  Verdict verdict(const Endpoint& src, const Endpoint& dst, net::Protocol p, uint32_t port) const;

  // Ports whose verdict can differ from the rest of the workload's ports: portLevelMtls keys and
  // the ports named by the sidecar's inbound capture annotations.
  std::vector<uint32_t> distinctPorts(const model::Workload& w) const;

 private:
  struct Scopes {
    const model::PeerAuthentication* mesh = nullptr;
    const model::PeerAuthentication* ns = nullptr;
    const model::PeerAuthentication* workload = nullptr;
    std::vector<std::string> ignored;
  };
  Scopes scopesOf(const model::Workload& w) const;

  const MeshContext& mesh_;
  const Exclusion* exclusion_;
  std::vector<const model::PeerAuthentication*> policies_;  // oldest first
  std::unordered_map<std::string, std::vector<size_t>> byNamespace_;  // positions in policies_
};

}  // namespace tg::layers::mesh
