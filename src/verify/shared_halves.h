// SharedHalves: the halves that stand for whole tenant pairs.
//
// For most pairs of tenants neither side's policies name the other's namespaces: a source's
// egress half toward such a tenant is then the one it has toward every namespace it does not
// name (per peer kind), and a destination's ingress half from such a tenant the one it has for
// every namespace it does not name (per source kind). Rows of the tenant matrix take those halves
// from here, without working out signatures pair by pair; the tenant pairs where a side names the
// other (pairByPair) are judged pair by pair (boundaries.cc). Both give the same halves
// (tests/verify/half_cache_test.cc), and tenants that show a row the same shared halves
// (columnKey) give it alike cells.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/workload.h"
#include "tenant/tenancy.h"
#include "verify/half_cache.h"

namespace tg::verify {

class SharedHalves {
 public:
  static constexpr uint32_t kNoTenant = UINT32_MAX;

  // `workloads`: by position in tenancy.tenants, the tenant's workloads.
  SharedHalves(HalfCache& halves, const tenant::Tenancy& tenancy,
               const std::vector<const std::vector<const model::Workload*>*>& workloads);

  // The tenants whose cells with source tenant `from` go pair by pair: those whose namespaces a
  // source's egress policies name, those with a destination that names one of `from`'s
  // namespaces, and those with a workload outside every known namespace (all tenants when a
  // source is). Sorted.
  std::vector<uint32_t> pairByPair(uint32_t from);

  // The halves of src → dst for a tenant pair pairByPair leaves out: `src`'s egress half toward
  // every namespace it does not name, for destinations of `dst`'s peer kind, and `dst`'s ingress
  // half for sources of `src`'s kind (HalfCache::sourceKind, given) from every namespace it does
  // not name. nullopt when either is not shared (HalfCache::egress, HalfCache::ingressRef).
  struct Halves {
    const EgressHalf& egress;
    IngressRef ingress;
  };
  std::optional<Halves> halves(const model::Workload& src, uint32_t srcKind, const model::Workload& dst);
  // What tenant `to`'s workloads, in order, show the sources of `src`'s kind (`srcKind`) from
  // namespaces they do not name: their peer kinds and shared ingress verdicts, as an id that is
  // equal for tenants that show the same. kNoKey when a workload has no shared half for them.
  // The peer kinds are part of it because the sources' egress halves depend on them: a tenant
  // with another kind may meet an egress half that is not shared, or that lets something through.
  static constexpr uint32_t kNoKey = UINT32_MAX;
  uint32_t columnKey(uint32_t to, const model::Workload& src, uint32_t srcKind);
  // The destination's peer kind (layers::PeerKind as two bits).
  uint32_t peerKind(const model::Workload& w) const { return peerKinds_[&w - first_]; }

 private:
  // The two halves of halves(), each asked once: nullptr when not shared.
  const EgressHalf* egress(const model::Workload& src, const model::Workload& dst);
  IngressRef ingress(const model::Workload& src, uint32_t srcKind, const model::Workload& dst);

  HalfCache& halves_;
  const model::Workload* first_;  // cluster.workloads.data()
  std::vector<uint32_t> tenantOf_;  // by namespace id (position in cluster.namespaces): tenant position
  const std::vector<const std::vector<const model::Workload*>*>& workloads_;
  std::vector<std::vector<uint32_t>> namedBy_;  // by source tenant: destination tenants that name it
  // Tenants with a workload outside every known namespace: only in a cluster that was not
  // finalize()d (finalize gives every workload's namespace an entry), where halves are per pair.
  std::vector<uint32_t> unplaced_;
  std::vector<uint8_t> peerKinds_;  // by workload position
  template <typename Half>
  struct Entry {
    bool asked = false;
    Half half{};
  };
  // By source workload position × 4 + peer kind; by source kind, then destination position.
  std::vector<Entry<const EgressHalf*>> egress_;
  std::vector<std::vector<Entry<IngressRef>>> ingress_;
  static constexpr uint32_t kUnasked = kNoKey - 1;
  std::vector<std::vector<uint32_t>> columnKeys_;      // by source kind, then tenant
  std::unordered_map<std::string, uint32_t> columns_;  // column key text → id
};

}  // namespace tg::verify
