#include "verify/half_openings.h"

namespace tg::verify {

HalfOpenings::HalfOpenings(size_t workloads, size_t limit)
    : limit_(limit), egressBySource_(workloads), ingressBySource_(workloads), egressByDestination_(workloads) {}

void HalfOpenings::add(List& l, uint32_t id) {
  if (l.overflow) return;
  if (l.ids.size() == limit_) {
    l.overflow = true;
    l.ids = {};
    return;
  }
  l.ids.push_back(id);
}

void HalfOpenings::finish() {
  for (uint32_t src = 0; src < egressBySource_.size(); ++src) {
    const List& l = egressBySource_[src];
    if (l.overflow) egressUnknown_.push_back(src);
    for (uint32_t dst : l.ids) egressByDestination_[dst].push_back(src);
  }
  egressBySource_ = {};  // all it held is in the two lists now
}

}  // namespace tg::verify
