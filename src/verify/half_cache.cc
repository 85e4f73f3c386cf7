#include "verify/half_cache.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>

namespace tg::verify {
namespace {

using layers::PeerKind;
using layers::PeerReach;
using layers::network::Policy;

PeerKind peerKindOf(uint32_t bits) { return {(bits & 1) != 0, (bits & 2) != 0}; }
uint32_t peerKindBits(const model::Workload& w) { return (w.hostNetwork ? 0u : 1u) | (w.podIps.empty() ? 0u : 2u); }

// Slots for the peer kinds the cluster's workloads have, in signature tables: most clusters have
// one or two of the four, and the tables are as long as namespaces × kinds.
std::array<uint8_t, 4> kindSlotsOf(const model::Cluster& c, uint32_t& count) {
  std::array<uint8_t, 4> slots;
  slots.fill(HalfCache::kAbsentKind);
  for (const model::Workload& w : c.workloads) slots[peerKindBits(w)] = 0;
  count = 0;
  for (uint8_t& slot : slots)
    if (slot != HalfCache::kAbsentKind) slot = static_cast<uint8_t>(count++);
  return slots;
}

std::vector<const Policy*> policiesSelecting(const layers::network::Program& program, layers::Direction dir,
                                             const layers::Endpoint& self) {
  std::vector<const Policy*> out;
  for (const auto& tier : program.tiers())
    for (const Policy* p : program.applicable(tier, dir, self)) out.push_back(p);
  for (const Policy* p : program.profilesOf(self)) out.push_back(p);
  return out;
}

void appendPointer(std::string& key, const void* p) { key.append(reinterpret_cast<const char*>(&p), sizeof p); }

}  // namespace

bool HalfCache::ruleReaches(const PolicyList& list, uint32_t ns, uint32_t kind, std::string& sig) {
  uint32_t at = ns * kindCount_ + kindSlots_[kind];
  for (uint32_t id : list.rules) {
    if (id == kEndOfPolicy) {
      sig += '|';
      continue;
    }
    char known = reachAt(reachOf(id), at);
    if (known == static_cast<char>(PeerReach::Varies)) return false;
    sig += known;
  }
  return true;
}

char HalfCache::reachAt(const SparseReach& r, uint32_t slot) const {
  auto it = std::lower_bound(r.slots.begin(), r.slots.end(), slot);
  return it != r.slots.end() && *it == slot ? r.values[it - r.slots.begin()] : r.common[slot % kindCount_];
}

const HalfCache::SparseReach& HalfCache::reachOf(uint32_t rule) {
  SparseReach& reach = ruleReach_[rule];
  if (reach.ready) return reach;
  reach.ready = true;
  // Policies recur in many lists: a rule is asked once, for all namespaces and kinds.
  const size_t namespaces = layers_.cluster().namespaces.size();
  layers::network::NamespaceTable table{layers_.cluster(), layers_.namespaceLabels()};
  std::vector<std::vector<char>> columns(kindCount_);  // by kind slot, then namespace
  for (uint32_t bits = 0; bits < 4; ++bits) {
    if (kindSlots_[bits] == kAbsentKind) continue;
    std::vector<char>& column = columns[kindSlots_[bits]];
    rules_[rule]->matcher->peerReaches(table, peerKindOf(bits), column);
    std::array<size_t, 256> counts{};
    for (char c : column) ++counts[static_cast<unsigned char>(c)];
    reach.common[kindSlots_[bits]] = static_cast<char>(std::max_element(counts.begin(), counts.end()) - counts.begin());
  }
  for (size_t n = 0; n < namespaces; ++n)
    for (uint32_t k = 0; k < kindCount_; ++k)
      if (columns[k][n] != reach.common[k]) {
        reach.slots.push_back(static_cast<uint32_t>(n * kindCount_ + k));
        reach.values.push_back(columns[k][n]);
      }
  return reach;
}

const layers::mesh::NamespaceNames& HalfCache::namespaceNames() {
  if (base_) return base_->namespaceNames();
  if (!names_) names_.emplace(layers_.cluster().namespaces);
  return *names_;
}

uint32_t VerdictIds::of(const EgressHalf& h) {
  return ids_.try_emplace("e" + h.allowed.toString(), static_cast<uint32_t>(ids_.size())).first->second;
}

uint32_t VerdictIds::of(const IngressHalf& h) {
  std::string key = "i" + h.network.toString() + "|" + h.mtls.toString() + "|" + h.authorization.toString();
  return ids_.try_emplace(std::move(key), static_cast<uint32_t>(ids_.size())).first->second;
}

VerdictIds::Outcome VerdictIds::outcome(const EgressHalf& e, IngressRef i) {
  if (outcomes_.size() <= e.verdictId) outcomes_.resize(e.verdictId + 1);
  std::vector<Memo>& row = outcomes_[e.verdictId];
  if (row.size() <= i.verdictId) row.resize(i.verdictId + 1);
  Memo& m = row[i.verdictId];
  if (!m.known) {
    PairAnalysis a = combine(e, *i.half);
    m = {true, {!a.combined.empty(), a.blockingLayers()}};
  }
  return m.outcome;
}

bool VerdictIds::ingressOpen(IngressRef i) {
  if (ingressOpen_.size() <= i.verdictId) ingressOpen_.resize(i.verdictId + 1, 0);
  char& known = ingressOpen_[i.verdictId];
  if (!known) known = i.half->network.intersect(i.half->mtls).intersect(i.half->authorization).empty() ? 1 : 2;
  return known == 2;
}

HalfCache::HalfCache(const LayerStack& layers, VerdictIds& ids)
    : layers_(layers),
      ids_(ids),
      infos_(layers.cluster().workloads.size()),
      kindSlots_(kindSlotsOf(layers.cluster(), kindCount_)) {}

HalfCache::HalfCache(LayerStack& layers, VerdictIds& ids, HalfCache& base, layers::Exclusion excluded, Affected affected)
    : layers_(layers),
      ids_(ids),
      base_(&base),
      excluding_(&layers),
      excluded_(std::move(excluded)),
      affected_(std::move(affected)),
      infos_(layers.cluster().workloads.size()),
      kindCount_(base.kindCount_),
      kindSlots_(base.kindSlots_) {}

uint32_t HalfCache::intern(std::unordered_map<std::string, uint32_t>& table, std::string key) {
  return table.try_emplace(std::move(key), static_cast<uint32_t>(table.size())).first->second;
}

uint32_t HalfCache::internSignature(OwnerSignatures& owner) {
  if (owner.lastId == kNone || owner.lastText != scratch_) {
    owner.lastText = scratch_;
    owner.lastId = intern(signatures_, scratch_);
  }
  return owner.lastId;
}

const HalfCache::WorkloadInfo& HalfCache::info(const model::Workload& w) {
  WorkloadInfo& i = infos_[&w - layers_.cluster().workloads.data()];
  if (i.ready) return i;
  i.ready = true;
  const model::Namespace* ns = layers_.cluster().findNamespace(w.meta.ns);
  if (ns) {
    i.ns = static_cast<uint32_t>(ns - layers_.cluster().namespaces.data());
  }
  i.peerKind = peerKindBits(w);
  // What the mTLS layer reads of a source: whether it is in the mesh, how, and which outbound
  // ports bypass its proxy.
  const auto& m = layers_.mesh().membership(w);
  std::string kind = fmt::format("{}|{}|", i.peerKind, static_cast<int>(m.dataplane));
  for (const auto& iv : m.outboundExcluded.intervals()) kind += fmt::format("{}-{},", iv.lo, iv.hi);
  i.sourceKind = intern(kinds_, std::move(kind));
  return i;
}

const HalfCache::WorkloadInfo& HalfCache::withPolicies(const model::Workload& w) {
  info(w);
  WorkloadInfo& i = infos_[&w - layers_.cluster().workloads.data()];
  if (i.policiesReady) return i;
  i.policiesReady = true;
  layers::Endpoint e = layers_.endpoint(w);
  const auto& program = layers_.network().program();
  auto list = [&](layers::Direction dir, std::string& key) {
    auto policies = policiesSelecting(program, dir, e);
    key = dir == layers::Direction::Egress ? "e" : "i";
    for (const Policy* p : policies) appendPointer(key, p);
    uint32_t id = intern(policyLists_, key);
    if (id == lists_.size()) {
      PolicyList& l = lists_.emplace_back();
      for (const Policy* p : policies) {
        for (const auto& rule : dir == layers::Direction::Ingress ? p->ingressRules : p->egressRules) {
          auto [it, fresh] = ruleIds_.try_emplace(&rule, static_cast<uint32_t>(rules_.size()));
          if (fresh) {
            rules_.push_back(&rule);
            ruleReach_.emplace_back();
          }
          l.rules.push_back(it->second);
        }
        l.rules.push_back(kEndOfPolicy);
      }
      l.policies = std::move(policies);
    }
    return id;
  };
  std::string key;
  i.egressPolicies = list(layers::Direction::Egress, key);
  i.ingressPolicies = list(layers::Direction::Ingress, key);
  for (const auto* ap : layers_.authz().policiesFor(w)) appendPointer(key, ap);
  i.ingressContext = intern(contexts_, std::move(key));
  if (i.ingressContext == lenses_.size()) lenses_.push_back(layers_.authz().sourceLens(w));
  return i;
}

void HalfCache::considered(const model::Workload& w, layers::Direction dir, std::vector<layers::Exclusion>& out) {
  const WorkloadInfo& i = withPolicies(w);
  for (const Policy* p : lists_[dir == layers::Direction::Egress ? i.egressPolicies : i.ingressPolicies].policies)
    out.push_back({p->ref.kind, p->ref.ns, p->ref.name});
  if (dir == layers::Direction::Ingress)
    for (const auto* ap : layers_.authz().policiesFor(w)) out.push_back({"AuthorizationPolicy", ap->meta.ns, ap->meta.name});
}

uint32_t HalfCache::sourceClass(const model::Workload& w) {
  const WorkloadInfo& i = withPolicies(w);
  return intern(classes_, fmt::format("{}|{}|{}", i.ns, i.egressPolicies, i.sourceKind));
}

uint64_t HalfCache::sourceView(const model::Workload& w) {
  const WorkloadInfo& i = info(w);
  return (uint64_t{i.ns} << 32) | i.sourceKind;
}

uint64_t HalfCache::destinationClass(const model::Workload& w) {
  const WorkloadInfo& i = info(w);
  return (uint64_t{i.ns} << 2) | i.peerKind;
}

void HalfCache::singleOut(OwnerSignatures& owner, const PolicyList& list, const std::vector<uint32_t>& namespaces) {
  owner.ready = true;
  owner.common.fill(kUnasked);
  for (uint32_t id : list.rules)
    if (id != kEndOfPolicy) {
      const SparseReach& r = reachOf(id);
      owner.slots.insert(owner.slots.end(), r.slots.begin(), r.slots.end());
    }
  for (uint32_t ns : namespaces)
    for (uint32_t k = 0; k < kindCount_; ++k) owner.slots.push_back(ns * kindCount_ + k);
  std::sort(owner.slots.begin(), owner.slots.end());
  owner.slots.erase(std::unique(owner.slots.begin(), owner.slots.end()), owner.slots.end());
  owner.sigs.assign(owner.slots.size(), kUnasked);
}

uint32_t& HalfCache::signatureSlot(OwnerSignatures& owner, const WorkloadInfo& peer) {
  uint32_t kind = kindSlots_[peer.peerKind];
  uint32_t slot = peer.ns * kindCount_ + kind;
  auto it = std::lower_bound(owner.slots.begin(), owner.slots.end(), slot);
  return it != owner.slots.end() && *it == slot ? owner.sigs[it - owner.slots.begin()] : owner.common[kind];
}

HalfCache::OwnerSignatures& HalfCache::egressOwner(const WorkloadInfo& src) {
  if (egressSigs_.size() <= src.egressPolicies) egressSigs_.resize(src.egressPolicies + 1);
  OwnerSignatures& owner = egressSigs_[src.egressPolicies];
  if (!owner.ready) singleOut(owner, lists_[src.egressPolicies], {});
  return owner;
}

HalfCache::OwnerSignatures& HalfCache::ingressOwner(const WorkloadInfo& dst) {
  if (ingressSigs_.size() <= dst.ingressContext) ingressSigs_.resize(dst.ingressContext + 1);
  OwnerSignatures& owner = ingressSigs_[dst.ingressContext];
  if (!owner.ready) {
    std::vector<uint32_t> named;  // namespaces the authorization patterns single out
    layers::mesh::AuthzLayer::singledOut(lenses_[dst.ingressContext], namespaceNames(),
                                         layers_.mesh().config().trustDomain, named);
    singleOut(owner, lists_[dst.ingressPolicies], named);
  }
  return owner;
}

std::vector<uint32_t> HalfCache::namespacesOf(const OwnerSignatures& owner) const {
  std::vector<uint32_t> out;
  for (uint32_t slot : owner.slots) out.push_back(slot / kindCount_);
  return out;
}

std::vector<uint32_t> HalfCache::egressSingledOut(const model::Workload& src) {
  return namespacesOf(egressOwner(withPolicies(src)));
}

std::vector<uint32_t> HalfCache::ingressSingledOut(const model::Workload& dst) {
  return namespacesOf(ingressOwner(withPolicies(dst)));
}

uint32_t HalfCache::egressSignature(const WorkloadInfo& src, const WorkloadInfo& dst) {
  if (dst.ns == kNone) return kNone;
  OwnerSignatures& owner = egressOwner(src);
  uint32_t& slot = signatureSlot(owner, dst);
  if (slot != kUnasked) return slot;
  scratch_.clear();
  slot = ruleReaches(lists_[src.egressPolicies], dst.ns, dst.peerKind, scratch_) ? internSignature(owner) : kNone;
  return slot;
}

uint32_t HalfCache::ingressSignature(const WorkloadInfo& dst, const WorkloadInfo& src) {
  if (src.ns == kNone) return kNone;
  OwnerSignatures& owner = ingressOwner(dst);
  uint32_t& slot = signatureSlot(owner, src);
  if (slot != kUnasked) return slot;
  slot = kNone;
  const model::Namespace& ns = layers_.cluster().namespaces[src.ns];
  PeerKind kind = peerKindOf(src.peerKind);
  scratch_.clear();
  if (!ruleReaches(lists_[dst.ingressPolicies], src.ns, src.peerKind, scratch_)) return kNone;
  scratch_ += '#';
  layers::mesh::SourceScope scope{ns.meta.name, layers_.mesh().config().trustDomain, kind.addressed};
  layers::mesh::AuthzLayer::sourceSignature(lenses_[dst.ingressContext], scope, scratch_);
  if (scratch_.find(static_cast<char>(PeerReach::Varies)) != std::string::npos) return kNone;
  slot = internSignature(owner);
  return slot;
}

uint64_t HalfCache::egressKey(const model::Workload& src, const model::Workload& dst) {
  const WorkloadInfo& s = withPolicies(src);
  const WorkloadInfo& d = info(dst);
  uint32_t sig = egressSignature(s, d);
  return sig == kNone ? kVaries : (uint64_t{sig} << 2) | d.peerKind;
}

uint64_t HalfCache::ingressKey(const model::Workload& src, const model::Workload& dst) {
  const WorkloadInfo& s = info(src);
  const WorkloadInfo& d = withPolicies(dst);
  uint32_t sig = ingressSignature(d, s);
  return sig == kNone ? kVaries : (uint64_t{sig} << 32) | s.sourceKind;
}

const EgressHalf& HalfCache::egress(const model::Workload& src, const model::Workload& dst, bool* shared) {
  if (base_ && !affected_(src, layers::Direction::Egress)) return base_->egress(src, dst, shared);
  // Everything this cache works out itself (policy lists, signatures, halves) is without the object.
  std::optional<LayerStack::Excluding> without;
  if (excluding_) without.emplace(*excluding_, excluded_);
  const WorkloadInfo& s = withPolicies(src);
  const WorkloadInfo& d = info(dst);
  uint32_t sig = egressSignature(s, d);
  uint64_t key = (uint64_t{s.egressPolicies} << 32) | (uint64_t{sig} << 2) | d.peerKind;
  bool cacheable = sig != kNone && sig < (1u << 30);
  if (shared) *shared = cacheable;
  if (cacheable)
    if (auto it = egressKeys_.find(key); it != egressKeys_.end()) return *it->second;
  EgressHalf& h = egress_.emplace_back(analyzeEgress(layers_, layers_.endpoint(src), layers_.endpoint(dst)));
  h.verdictId = ids_.of(h);
  if (cacheable) egressKeys_.emplace(key, &h);
  return h;
}

IngressRef HalfCache::ingressRef(const model::Workload& src, const model::Workload& dst, bool* shared) {
  if (base_ && !affected_(dst, layers::Direction::Ingress)) return base_->ingressRef(src, dst, shared);
  std::optional<LayerStack::Excluding> without;
  if (excluding_) without.emplace(*excluding_, excluded_);
  const WorkloadInfo& s = info(src);
  const WorkloadInfo& d = withPolicies(dst);
  uint32_t sig = ingressSignature(d, s);
  bool cacheable = sig != kNone;
  if (shared) *shared = cacheable;
  std::vector<IngressEntry>* known = nullptr;
  IngressEntry* last = nullptr;
  if (cacheable) {
    size_t index = &dst - layers_.cluster().workloads.data();
    // Sized as far as asked: a what-if cache asks for the few destinations an object affects.
    if (ingressKeys_.size() <= index) {
      ingressKeys_.resize(index + 1);
      lastIngress_.resize(index + 1, {kNone, kNone, {nullptr, 0}});
    }
    last = &lastIngress_[index];
    if (last->signature == sig && last->sourceKind == s.sourceKind) return last->ref;
    known = &ingressKeys_[index];
    for (const IngressEntry& k : *known)
      if (k.signature == sig && k.sourceKind == s.sourceKind) return (*last = k).ref;
  }
  IngressHalf& h = ingress_.emplace_back(analyzeIngress(layers_, layers_.endpoint(src), layers_.endpoint(dst)));
  h.verdictId = ids_.of(h);
  if (known) known->push_back(*last = {sig, s.sourceKind, {&h, h.verdictId}});
  return {&h, h.verdictId};
}

}  // namespace tg::verify
