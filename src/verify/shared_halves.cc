#include "verify/shared_halves.h"

#include <algorithm>
#include <string_view>

namespace tg::verify {
namespace {

void sortUnique(std::vector<uint32_t>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

SharedHalves::SharedHalves(HalfCache& halves, const tenant::Tenancy& tenancy,
                           const std::vector<const std::vector<const model::Workload*>*>& workloads)
    : halves_(halves),
      first_(halves.layers().cluster().workloads.data()),
      workloads_(workloads),
      namedBy_(workloads.size()),
      egress_(halves.layers().cluster().workloads.size() * 4) {
  const auto& namespaces = halves.layers().cluster().namespaces;
  std::unordered_map<std::string_view, uint32_t> position;
  for (uint32_t t = 0; t < tenancy.tenants.size(); ++t) position.emplace(tenancy.tenants[t], t);
  tenantOf_.assign(namespaces.size(), kNoTenant);
  for (size_t n = 0; n < namespaces.size(); ++n)
    if (const std::string* t = tenancy.tenantOfNamespace(namespaces[n].meta.name))
      if (auto it = position.find(*t); it != position.end()) tenantOf_[n] = it->second;
  for (uint32_t to = 0; to < workloads.size(); ++to)
    for (const model::Workload* dst : *workloads[to]) {
      if (!halves_.inKnownNamespace(*dst)) {
        unplaced_.push_back(to);
        continue;
      }
      for (uint32_t ns : halves_.ingressSingledOut(*dst))
        if (uint32_t from = tenantOf_[ns]; from != kNoTenant && from != to) namedBy_[from].push_back(to);
    }
  sortUnique(unplaced_);
  for (auto& named : namedBy_) sortUnique(named);
  const auto& all = halves.layers().cluster().workloads;
  peerKinds_.reserve(all.size());
  for (const model::Workload& w : all) peerKinds_.push_back(static_cast<uint8_t>(halves_.peerKind(w)));
}

std::vector<uint32_t> SharedHalves::pairByPair(uint32_t from) {
  std::vector<uint32_t> out = namedBy_[from];
  out.insert(out.end(), unplaced_.begin(), unplaced_.end());
  for (const model::Workload* src : *workloads_[from]) {
    if (!halves_.inKnownNamespace(*src)) {
      out.resize(workloads_.size());
      for (uint32_t t = 0; t < out.size(); ++t) out[t] = t;
      return out;
    }
    for (uint32_t ns : halves_.egressSingledOut(*src))
      if (uint32_t to = tenantOf_[ns]; to != kNoTenant) out.push_back(to);
  }
  sortUnique(out);
  return out;
}

std::optional<SharedHalves::Halves> SharedHalves::halves(const model::Workload& src, uint32_t srcKind,
                                                        const model::Workload& dst) {
  const EgressHalf* e = egress(src, dst);
  IngressRef i = e ? ingress(src, srcKind, dst) : IngressRef{nullptr, 0};
  if (!i.half) return std::nullopt;
  return Halves{*e, i};
}

const EgressHalf* SharedHalves::egress(const model::Workload& src, const model::Workload& dst) {
  Entry<const EgressHalf*>& e = egress_[(&src - first_) * 4 + peerKind(dst)];
  if (!e.asked) {
    bool shared = false;
    const EgressHalf& h = halves_.egress(src, dst, &shared);
    e = {true, shared ? &h : nullptr};
  }
  return e.half;
}

IngressRef SharedHalves::ingress(const model::Workload& src, uint32_t kind, const model::Workload& dst) {
  if (ingress_.size() <= kind) ingress_.resize(kind + 1);
  std::vector<Entry<IngressRef>>& byDst = ingress_[kind];
  if (byDst.empty()) byDst.resize(halves_.layers().cluster().workloads.size());
  Entry<IngressRef>& e = byDst[&dst - first_];
  if (!e.asked) {
    bool shared = false;
    IngressRef ref = halves_.ingressRef(src, dst, &shared);
    e = {true, shared ? ref : IngressRef{nullptr, 0}};
  }
  return e.half;
}

uint32_t SharedHalves::columnKey(uint32_t to, const model::Workload& src, uint32_t srcKind) {
  if (columnKeys_.size() <= srcKind) columnKeys_.resize(srcKind + 1);
  std::vector<uint32_t>& keys = columnKeys_[srcKind];
  if (keys.empty()) keys.assign(workloads_.size(), kUnasked);
  uint32_t& key = keys[to];
  if (key != kUnasked) return key;
  std::string text;
  for (const model::Workload* dst : *workloads_[to]) {
    IngressRef i = ingress(src, srcKind, *dst);
    if (!i.half) return key = kNoKey;
    uint32_t entry[2] = {peerKind(*dst), i.verdictId};
    text.append(reinterpret_cast<const char*>(entry), sizeof entry);
  }
  return key = columns_.try_emplace(std::move(text), static_cast<uint32_t>(columns_.size())).first->second;
}

}  // namespace tg::verify
