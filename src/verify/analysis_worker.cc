#include "verify/analysis_worker.h"

#include <thread>

namespace tg::verify {

Workers makeWorkers(const model::Cluster& cluster, const layers::mesh::MeshOptions& mesh, unsigned count) {
  Workers out;
  for (unsigned i = 0; i < std::max(count, 1u); ++i) out.push_back(std::make_unique<AnalysisWorker>(cluster, mesh));
  return out;
}

void onEveryWorker(const Workers& workers, const std::function<void(AnalysisWorker&)>& fn) {
  std::vector<std::thread> threads;
  for (size_t i = 1; i < workers.size(); ++i) threads.emplace_back([&fn, w = workers[i].get()] { fn(*w); });
  if (!workers.empty()) fn(*workers.front());
  for (std::thread& t : threads) t.join();
}

}  // namespace tg::verify
