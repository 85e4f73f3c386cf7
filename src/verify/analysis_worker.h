// AnalysisWorker: what one thread of the verify engine owns — the layers (what-if excludes objects
// from them while it evaluates), the numbering of verdicts and a cache of halves (half_cache.h).
// Workers share nothing that changes, so the tenant matrix (boundaries.h) and what-if (what_if.h)
// can share their work out among them; each worker's cache fills with what that worker meets.
// Results never depend on how many workers there are.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "verify/half_cache.h"
#include "verify/layer_stack.h"

namespace tg::verify {

struct AnalysisWorker {
  AnalysisWorker(const model::Cluster& cluster, const layers::mesh::MeshOptions& mesh)
      : layers(cluster, mesh), halves(layers, verdicts) {}
  AnalysisWorker(const AnalysisWorker&) = delete;
  AnalysisWorker& operator=(const AnalysisWorker&) = delete;

  LayerStack layers;
  VerdictIds verdicts;
  HalfCache halves;  // over `layers` and `verdicts`, declared before it
};

using Workers = std::vector<std::unique_ptr<AnalysisWorker>>;

// `count` workers (at least one) over the same cluster.
Workers makeWorkers(const model::Cluster& cluster, const layers::mesh::MeshOptions& mesh, unsigned count);

// Calls fn(worker) for every worker at once, each on a thread of its own (the first on the
// calling thread), and returns when all are done.
void onEveryWorker(const Workers& workers, const std::function<void(AnalysisWorker&)>& fn);

}  // namespace tg::verify
