// LayerStack: every layer of one cluster, built once — network (NetworkPolicy, Calico, ANP/BANP),
// mtls (PeerAuthentication) and authorization (AuthorizationPolicy). Layers know nothing of each
// other; verify combines them.
#pragma once

#include "layers/endpoint.h"
#include "layers/mesh/authz_layer.h"
#include "layers/mesh/mesh_membership.h"
#include "layers/mesh/mtls_layer.h"
#include "layers/network/network_layer.h"
#include "model/cluster.h"

namespace tg::verify {

class LayerStack {
 public:
  explicit LayerStack(const model::Cluster& cluster, const layers::mesh::MeshOptions& options = {});

  const model::Cluster& cluster() const { return cluster_; }
  const layers::network::NetworkLayer& network() const { return network_; }
  const layers::mesh::MeshContext& mesh() const { return mesh_; }
  const layers::mesh::MtlsLayer& mtls() const { return mtls_; }
  const layers::mesh::AuthzLayer& authz() const { return authz_; }

  layers::Endpoint endpoint(const model::Workload& w) const;

  // Every layer acts as if this policy object were deleted, until `include()` (what-if analysis);
  // `pause(true)` brings it back for a while.
  void exclude(const std::string& kind, const std::string& ns, const std::string& name) { excluded_ = {kind, ns, name}; }
  void include() { excluded_ = {}; }
  void pause(bool paused) { excluded_.paused = paused; }
  const layers::Exclusion& excluded() const { return excluded_; }

 private:
  const model::Cluster& cluster_;
  layers::Exclusion excluded_;  // before the layers, which keep a pointer to it
  layers::network::NetworkLayer network_;
  layers::mesh::MeshContext mesh_;
  layers::mesh::MtlsLayer mtls_;
  layers::mesh::AuthzLayer authz_;
};

}  // namespace tg::verify
