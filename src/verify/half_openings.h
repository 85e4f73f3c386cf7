// HalfOpenings: the cross-tenant workload pairs that one of their halves (pair_analysis.h) leaves
// open on its own — the egress half allows some connection, or the ingress half's network, mtls
// and authorization sets share one.
//
// A pair's verdict only intersects its halves, so deleting an object that takes part in just one
// half of a pair can open the pair only where the other half is open on its own. Well isolated
// tenants block each other on both sides, so these pairs are few: what-if analysis (what_if.h)
// judges them instead of every pair around an object. The boundary analysis records them as it
// meets the halves; a source with more than kLimit such pairs is marked unknown, and what-if
// then judges it against every destination.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tg::verify {

class HalfOpenings {
 public:
  static constexpr size_t kLimit = 1024;

  // Workloads by position in cluster.workloads; `limit`: pairs per source before it is unknown.
  explicit HalfOpenings(size_t workloads = 0, size_t limit = kLimit);

  // Recorded by source: calls for distinct sources may come from different threads at once.
  void addEgressOpen(uint32_t src, uint32_t dst) { add(egressBySource_[src], dst); }
  void addIngressOpen(uint32_t src, uint32_t dst) { add(ingressBySource_[src], dst); }
  // After the last add: indexes the egress-open pairs by destination.
  void finish();

  // The destinations whose ingress half leaves `src` open; nullptr when unknown (too many).
  const std::vector<uint32_t>* ingressOpenFrom(uint32_t src) const { return known(ingressBySource_[src]); }
  // The sources whose egress half leaves `dst` open, apart from egressUnknown(). After finish().
  const std::vector<uint32_t>& egressOpenTo(uint32_t dst) const { return egressByDestination_[dst]; }
  // The sources whose egress-open destinations are unknown (too many).
  const std::vector<uint32_t>& egressUnknown() const { return egressUnknown_; }

 private:
  struct List {
    bool overflow = false;
    std::vector<uint32_t> ids;
  };
  void add(List& l, uint32_t id);
  static const std::vector<uint32_t>* known(const List& l) { return l.overflow ? nullptr : &l.ids; }

  size_t limit_;
  std::vector<List> egressBySource_, ingressBySource_;
  std::vector<std::vector<uint32_t>> egressByDestination_;
  std::vector<uint32_t> egressUnknown_;
};

}  // namespace tg::verify
