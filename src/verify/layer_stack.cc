#include "verify/layer_stack.h"

namespace tg::verify {

namespace {

std::vector<const model::Labels*> labelsOf(const std::vector<model::Namespace>& namespaces) {
  std::vector<const model::Labels*> out;
  for (const model::Namespace& ns : namespaces) out.push_back(&ns.meta.labels);
  return out;
}

}  // namespace

LayerStack::LayerStack(const model::Cluster& cluster, const layers::mesh::MeshOptions& options)
    : cluster_(cluster),
      network_(cluster, &excluded_),
      mesh_(cluster, options),
      mtls_(mesh_, &excluded_),
      authz_(mesh_, mtls_, &excluded_),
      namespaceLabels_(labelsOf(cluster.namespaces)) {}

layers::Endpoint LayerStack::endpoint(const model::Workload& w) const {
  return layers::Endpoint::ofWorkload(w, cluster_.findNamespace(w.meta.ns));
}

}  // namespace tg::verify
