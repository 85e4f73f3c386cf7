// HalfCache: the two halves of every workload pair (pair_analysis.h), each evaluated once for
// all the pairs that its deciding side cannot tell apart.
//
// The egress half looks at the destination only through the source's egress rules; the ingress
// half looks at the source only through the destination's ingress rules, its mTLS and its
// authorization policies. Every rule says how it sees the workloads of a namespace
// (layers::PeerReach). Where no rule of a side varies inside a namespace, one evaluation stands
// for every workload of that namespace of the same kind, and for every namespace with the same
// signature; where one does, the pair is evaluated on its own. The halves are exactly those of
// evaluating each pair (tests/verify/half_cache_test.cc compares both on random clusters).
//
// What-if analysis layers a cache over another: `HalfCache(layers, ids, base, excluded, affected)`
// evaluates anew, with `excluded` left out of the layers, only the halves of the workloads
// `affected` names (those that see the excluded object) and takes every other half from `base`;
// such a cache answers egress(), ingress() and ingressRef(). The base itself always sees every
// object.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "layers/mesh/namespace_names.h"
#include "verify/layer_stack.h"
#include "verify/pair_analysis.h"

namespace tg::verify {

// An ingress half with its verdict id at hand: a destination has halves of its own, spread over
// memory, and most pairs are judged by the id alone (VerdictIds memoizes by id).
struct IngressRef {
  const IngressHalf* half;
  uint32_t verdictId;
};

// Numbers the distinct allowed-connection sets of halves, so that pairs can be judged by number.
class VerdictIds {
 public:
  uint32_t of(const EgressHalf& h);
  uint32_t of(const IngressHalf& h);

  // Whether src → dst has an allowed connection, and its blocking layers (PairAnalysis).
  struct Outcome {
    bool open = false;
    int blockingLayers = 0;
  };
  Outcome outcome(const EgressHalf& e, const IngressHalf& i) { return outcome(e, {&i, i.verdictId}); }
  Outcome outcome(const EgressHalf& e, IngressRef i);

  // Whether the ingress half's network, mtls and authorization sets share a connection: whether
  // an egress half that allows everything would leave the pair open.
  bool ingressOpen(IngressRef i);

 private:
  std::unordered_map<std::string, uint32_t> ids_;
  // By egress verdict id, then ingress verdict id: the outcome, `known` once worked out. There
  // are few distinct verdicts, and every workload pair asks.
  struct Memo {
    bool known = false;
    Outcome outcome;
  };
  std::vector<std::vector<Memo>> outcomes_;
  std::vector<char> ingressOpen_;  // by ingress verdict id: 0 not worked out, 1 blocks, 2 open
};

class HalfCache {
 public:
  // Which side of a workload must be evaluated anew: as the source (egress) or the destination.
  using Affected = std::function<bool(const model::Workload&, layers::Direction)>;

  HalfCache(const LayerStack& layers, VerdictIds& ids);
  HalfCache(LayerStack& layers, VerdictIds& ids, HalfCache& base, layers::Exclusion excluded, Affected affected);

  // `shared` (optional) tells whether the half stands for more than this pair: for every source
  // of src's sourceClass() and every destination of dst's destinationClass() (egress), or for
  // every source of src's sourceClass() (ingress).
  const EgressHalf& egress(const model::Workload& src, const model::Workload& dst, bool* shared = nullptr);
  const IngressHalf& ingress(const model::Workload& src, const model::Workload& dst, bool* shared = nullptr) {
    return *ingressRef(src, dst, shared).half;
  }
  IngressRef ingressRef(const model::Workload& src, const model::Workload& dst, bool* shared = nullptr);

  // Keys of halves. Sources with src's egress policies have equal egress halves toward
  // destinations with equal egressKey; sources have equal ingress halves toward one destination
  // when their ingressKey is equal, and the key depends on the destination only through its
  // ingress policies and authorization policies. kVaries: the half is the pair's own.
  static constexpr uint64_t kVaries = UINT64_MAX;
  static constexpr uint8_t kAbsentKind = UINT8_MAX;  // a peer kind no workload has
  uint64_t egressKey(const model::Workload& src, const model::Workload& dst);
  uint64_t ingressKey(const model::Workload& src, const model::Workload& dst);
  // Which workloads share egress policies (egressKey's first half) and ingress context.
  uint32_t egressPolicies(const model::Workload& w) { return withPolicies(w).egressPolicies; }
  uint32_t ingressContext(const model::Workload& w) { return withPolicies(w).ingressContext; }

  // Workloads that are equal to a source's eyes: same namespace, kind and egress policies.
  uint32_t sourceClass(const model::Workload& w);
  // Sources that every destination sees alike (given the namespace's signature): namespace and
  // kind. Sources of one sourceClass() share it.
  uint64_t sourceView(const model::Workload& w);
  // Workloads that are equal to a destination's eyes, as far as the namespace goes.
  uint64_t destinationClass(const model::Workload& w);

  // The namespaces (ids: positions in cluster.namespaces) that w's egress policies, as a source,
  // or its ingress policies and authorization policies, as a destination, single out. Toward
  // (from) a workload of any other namespace, w's egress (ingress) half is the one for every
  // namespace of that peer kind (source kind): egress() and ingressRef() say `shared` unless a
  // rule varies inside every namespace (or the cache runs out of signature ids). Sorted.
  std::vector<uint32_t> egressSingledOut(const model::Workload& src);
  std::vector<uint32_t> ingressSingledOut(const model::Workload& dst);
  // Whether w's namespace is in the cluster (halves of workloads elsewhere are their own).
  bool inKnownNamespace(const model::Workload& w) { return info(w).ns != kNone; }
  // What an ingress half reads of its source besides the namespace (sourceView without it).
  uint32_t sourceKind(const model::Workload& w) { return info(w).sourceKind; }
  // What an egress half reads of its destination besides the namespace: layers::PeerKind as two
  // bits.
  uint32_t peerKind(const model::Workload& w) { return info(w).peerKind; }

  // The network policies and AuthorizationPolicies that take part in w's egress (as a source) or
  // ingress (as a destination) decisions, as (kind, namespace, name). PeerAuthentications are
  // not listed: they apply by namespace (and from the root namespace).
  void considered(const model::Workload& w, layers::Direction dir, std::vector<layers::Exclusion>& out);

  const LayerStack& layers() const { return layers_; }
  // Every half this cache evaluated (not those of its base).
  template <typename EgressFn, typename IngressFn>
  void forEachHalf(EgressFn egress, IngressFn ingress) const {
    for (const EgressHalf& h : egress_) egress(h);
    for (const IngressHalf& h : ingress_) ingress(h);
  }
  size_t evaluations() const { return egress_.size() + ingress_.size(); }

 private:
  static constexpr uint32_t kNone = UINT32_MAX;

  struct WorkloadInfo {
    bool ready = false;           // the fields up to sourceKind
    bool policiesReady = false;   // the rest
    uint32_t ns = kNone;          // position in cluster.namespaces; kNone when the namespace is unknown
    uint32_t peerKind = 0;        // layers::PeerKind as two bits
    uint32_t sourceKind = 0;      // peerKind and what the mesh sees of it as a source
    uint32_t egressPolicies = 0;  // id of the list of policies that select it for egress
    uint32_t ingressPolicies = 0;
    uint32_t ingressContext = 0;  // id of its ingress policies and authorization policies
  };

  // By policy list id: the policies, and the ids of their rules of the list's direction with
  // kEndOfPolicy after each policy's.
  struct PolicyList {
    std::vector<const layers::network::Policy*> policies;
    std::vector<uint32_t> rules;
  };
  static constexpr uint32_t kEndOfPolicy = UINT32_MAX;

  const WorkloadInfo& info(const model::Workload& w);
  const WorkloadInfo& withPolicies(const model::Workload& w);
  uint32_t intern(std::unordered_map<std::string, uint32_t>& table, std::string key);
  // The signature of one side's rules over the peers of a namespace of a kind; kNone when a
  // rule tells them apart.
  uint32_t egressSignature(const WorkloadInfo& src, const WorkloadInfo& dst);
  // Appends one PeerReach character per rule of `list` for the peers of namespace `ns` of
  // `kind`; false as soon as a rule varies.
  bool ruleReaches(const PolicyList& list, uint32_t ns, uint32_t kind, std::string& sig);
  uint32_t ingressSignature(const WorkloadInfo& dst, const WorkloadInfo& src);

  // A rule's PeerReach over every namespace × kind slot: for each kind, the value most namespaces
  // give, and the slots that differ. A rule mostly singles out a few namespaces (its own
  // tenant's) among thousands.
  struct SparseReach {
    bool ready = false;
    std::array<char, 4> common{};  // by kind slot
    std::vector<uint32_t> slots;   // namespace id × kindCount_ + kind slot, sorted
    std::vector<char> values;      // by position in slots
  };
  const SparseReach& reachOf(uint32_t rule);
  char reachAt(const SparseReach& r, uint32_t slot) const;

  // The signatures one owner (an egress policy list, or an ingress context) gives the peers of
  // each namespace × kind slot. Outside the slots its rules or authorization patterns single out,
  // every namespace gets the same signature for a kind: one entry stands for them all.
  struct OwnerSignatures {
    bool ready = false;
    std::array<uint32_t, 4> common{};  // by kind slot; kUnasked until computed
    std::vector<uint32_t> slots;     // the singled-out slots, sorted
    std::vector<uint32_t> sigs;      // by position in slots; kUnasked until computed
    std::string lastText;            // the signature it was given last, and its id
    uint32_t lastId = kNone;
  };
  // Interns the signature in scratch_; an owner mostly meets the signature it met last, which
  // needs no hashing.
  uint32_t internSignature(OwnerSignatures& owner);
  void singleOut(OwnerSignatures& owner, const PolicyList& list, const std::vector<uint32_t>& namespaces);
  OwnerSignatures& egressOwner(const WorkloadInfo& src);
  OwnerSignatures& ingressOwner(const WorkloadInfo& dst);
  std::vector<uint32_t> namespacesOf(const OwnerSignatures& owner) const;
  uint32_t& signatureSlot(OwnerSignatures& owner, const WorkloadInfo& peer);
  const layers::mesh::NamespaceNames& namespaceNames();

  const LayerStack& layers_;
  VerdictIds& ids_;
  HalfCache* base_ = nullptr;
  LayerStack* excluding_ = nullptr;  // the stack to leave `excluded_` out of, for a cache over a base
  layers::Exclusion excluded_;
  Affected affected_;
  std::vector<WorkloadInfo> infos_;  // by position in cluster.workloads
  std::unordered_map<std::string, uint32_t> kinds_, policyLists_, contexts_, signatures_, classes_;
  std::vector<PolicyList> lists_;  // by policy list id
  std::vector<layers::mesh::AuthzLayer::SourceLens> lenses_;  // by ingress context id
  std::unordered_map<const void*, uint32_t> ruleIds_;
  std::vector<const layers::network::Rule*> rules_;  // by rule id
  std::vector<SparseReach> ruleReach_;               // by rule id, filled when first asked
  uint32_t kindCount_ = 0;                // peer kinds (PeerKind bits) the workloads have
  std::array<uint8_t, 4> kindSlots_;      // by PeerKind bits: the slot, or kAbsentKind
  static constexpr uint32_t kUnasked = kNone - 1;
  std::vector<OwnerSignatures> egressSigs_, ingressSigs_;  // by policy list id / ingress context id
  std::optional<layers::mesh::NamespaceNames> names_;      // built when first asked (or the base's)
  std::string scratch_;  // the signature being built
  std::unordered_map<uint64_t, const EgressHalf*> egressKeys_;        // (list, signature, kind) → half
  // By destination workload (position in cluster.workloads): its ingress halves by (signature,
  // source kind). A destination meets few signatures, and its list stays in cache while the
  // sources of a cell are walked.
  struct IngressEntry {
    uint32_t signature;
    uint32_t sourceKind;
    IngressRef ref;
  };
  std::vector<std::vector<IngressEntry>> ingressKeys_;
  // By destination workload: the entry found last. Consecutive source tenants mostly meet a
  // destination with one signature, and a flat array keeps those hits in cache.
  std::vector<IngressEntry> lastIngress_;
  std::deque<EgressHalf> egress_;
  std::deque<IngressHalf> ingress_;
};

}  // namespace tg::verify
