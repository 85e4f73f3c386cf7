#include "verify/layer_stack.h"

namespace tg::verify {

LayerStack::LayerStack(const model::Cluster& cluster, const layers::mesh::MeshOptions& options)
    : cluster_(cluster),
      network_(cluster, &excluded_),
      mesh_(cluster, options),
      mtls_(mesh_, &excluded_),
      authz_(mesh_, mtls_, &excluded_) {}

layers::Endpoint LayerStack::endpoint(const model::Workload& w) const {
  return layers::Endpoint::ofWorkload(w, cluster_.findNamespace(w.meta.ns));
}

}  // namespace tg::verify
