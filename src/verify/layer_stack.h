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
#include "selector/label_index.h"

namespace tg::verify {

class LayerStack {
 public:
  explicit LayerStack(const model::Cluster& cluster, const layers::mesh::MeshOptions& options = {});

  const model::Cluster& cluster() const { return cluster_; }
  const layers::network::NetworkLayer& network() const { return network_; }
  const layers::mesh::MeshContext& mesh() const { return mesh_; }
  const layers::mesh::MtlsLayer& mtls() const { return mtls_; }
  const layers::mesh::AuthzLayer& authz() const { return authz_; }
  // The cluster's namespaces indexed by label (in cluster.namespaces order), for rules that
  // match selectors against all of them at once.
  const selector::LabelIndex& namespaceLabels() const { return namespaceLabels_; }

  layers::Endpoint endpoint(const model::Workload& w) const;

  // While an Excluding lives, every layer acts as if `object` were deleted (what-if analysis).
  class Excluding {
   public:
    Excluding(LayerStack& stack, const layers::Exclusion& object) : stack_(stack) { stack_.excluded_ = object; }
    ~Excluding() { stack_.excluded_ = {}; }
    Excluding(const Excluding&) = delete;
    Excluding& operator=(const Excluding&) = delete;

   private:
    LayerStack& stack_;
  };

 private:
  const model::Cluster& cluster_;
  layers::Exclusion excluded_;  // before the layers, which keep a pointer to it
  layers::network::NetworkLayer network_;
  layers::mesh::MeshContext mesh_;
  layers::mesh::MtlsLayer mtls_;
  layers::mesh::AuthzLayer authz_;
  selector::LabelIndex namespaceLabels_;
};

}  // namespace tg::verify
