#include "verify/flow_evaluation.h"

namespace tg::verify {

bool FlowEvaluation::allowed() const { return blockingLayers() == 0; }

int FlowEvaluation::blockingLayers() const {
  int n = 0;
  for (const auto& l : layers)
    if (l.verdict.verdict == layers::VerdictKind::Deny) ++n;
  return n;
}

}  // namespace tg::verify
