#include "verify/boundaries.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <optional>
#include <tuple>
#include <unordered_map>

#include "verify/shared_halves.h"

namespace tg::verify {

std::map<std::string, std::vector<const model::Workload*>> tenantWorkloads(const model::Cluster& cluster,
                                                                           const tenant::Tenancy& tenancy) {
  std::map<std::string, std::vector<const model::Workload*>> out;
  for (const auto& t : tenancy.tenants) out[t];
  for (const model::Workload& w : cluster.workloads)
    if (const std::string* t = tenancy.tenantOfNamespace(w.meta.ns)) out[*t].push_back(&w);
  return out;
}

bool isDeclaredFlow(const tenant::Spec* spec, const std::string& fromTenant, const model::Workload& src,
                    const std::string& toTenant, const model::Workload& dst, const net::ConnectionSet& conns) {
  if (!spec) return false;
  for (const tenant::Flow& f : spec->flows) {
    if (f.fromTenant != fromTenant || f.toTenant != toTenant) continue;
    if (f.fromWorkload != "*" && f.fromWorkload != src.meta.name) continue;
    if (f.toWorkload != "*" && f.toWorkload != dst.meta.name) continue;
    if (f.ports.empty()) return true;
    net::ConnectionSet declared;
    for (uint32_t p : f.ports) declared.add(net::ConnectionSet::ports(net::Protocol::TCP, net::PortSet(p, p)));
    if (conns.minus(declared).empty()) return true;
  }
  return false;
}

namespace {

// The workloads of one tenant split into source classes (half_cache.h), in workload order.
struct SourceClass {
  std::vector<const model::Workload*> members;
  std::vector<size_t> positions;  // in the tenant's workload list
  uint64_t view = 0;              // HalfCache::sourceView of the members
  uint32_t kind = 0;              // HalfCache::sourceKind of the members
};

std::vector<SourceClass> sourceClasses(HalfCache& halves, const std::vector<const model::Workload*>& workloads) {
  std::vector<SourceClass> out;
  std::unordered_map<uint32_t, size_t> index;
  for (size_t i = 0; i < workloads.size(); ++i) {
    auto [it, fresh] = index.try_emplace(halves.sourceClass(*workloads[i]), out.size());
    if (fresh) out.emplace_back();
    out[it->second].members.push_back(workloads[i]);
    out[it->second].positions.push_back(i);
    out[it->second].view = halves.sourceView(*workloads[i]);
    out[it->second].kind = halves.sourceKind(*workloads[i]);
  }
  return out;
}

// What one row adds besides its cells: they are merged in row order.
struct RowOutput {
  std::vector<CrossTenantFlow> flows;
  std::vector<Finding> findings;  // TG001, TG002
  std::vector<WeakestPair> weakest;  // the row's cells number them from 0
};

// What the cells of one worker share: its caches, the openings every worker records, the
// tenancy (names and spec), and the workloads' display names (formatted once, not once per cell).
struct CellContext {
  HalfCache& halves;
  VerdictIds& verdicts;
  HalfOpenings& openings;
  const tenant::Tenancy& tenancy;
  const std::vector<std::string>& names;  // by position in cluster.workloads
  bool detailed;       // every cell keeps its weakest pair's layers, not only those open or held by one
  bool weakestLayers;  // BoundaryOptions::weakestLayers

  uint32_t index(const model::Workload& w) const {
    return static_cast<uint32_t>(&w - halves.layers().cluster().workloads.data());
  }
  const std::string& name(const model::Workload& w) const { return names[index(w)]; }
};

// One tenant pair, cell by cell: the flows through every layer and the least-defended blocked pair.
class CellAnalysis {
 public:
  CellAnalysis(const CellContext& ctx, size_t from, size_t to)
      : ctx_(ctx), from_(ctx.tenancy.tenants[from]), to_(ctx.tenancy.tenants[to]) {
    cell_.from = static_cast<uint32_t>(from);
    cell_.to = static_cast<uint32_t>(to);
  }

  // A cell whose every pair is blocked on both sides (no half lets anything through), in numbers:
  // cells alike in them are worked out once per row (analyzeRow).
  struct Closed {
    uint64_t blockedPairs = 0;
    int32_t minBlockingLayers = -1;
    size_t weakestClass = 0, weakestDstPos = 0;  // when minBlockingLayers >= 0
  };
  std::optional<Closed> closed(const std::vector<SourceClass>& classes) const {
    if (opening_) return std::nullopt;  // an open pair has open halves too
    Closed c{cell_.blockedPairs, cell_.minBlockingLayers};
    if (weakest_.src) {
      while (classes[c.weakestClass].members.front() != weakest_.src) ++c.weakestClass;
      c.weakestDstPos = weakestOrder_.second;
    }
    return c;
  }
  // The cell of `closed`, worked out for another cell of the row whose pairs have the same
  // halves; `e` and `i` are the halves of its weakest pair here.
  void setClosed(const Closed& closed, const std::vector<SourceClass>& classes, const model::Workload* dst,
                 const EgressHalf* e, IngressRef i) {
    cell_.blockedPairs = closed.blockedPairs;
    cell_.minBlockingLayers = closed.minBlockingLayers;
    if (closed.minBlockingLayers < 0) return;
    const SourceClass& sc = classes[closed.weakestClass];
    weakestOrder_ = {sc.positions.front(), closed.weakestDstPos};
    weakest_ = {sc.members.front(), dst, e, i.half};
  }

  // Every source of source class `c` to `dst` with the halves that stand for them all
  // (SharedHalves).
  void addShared(const std::vector<SourceClass>& classes, size_t c, const model::Workload& dst, size_t dstPos,
                 const EgressHalf& e, IngressRef i) {
    addPair(classes[c], 0, dst, dstPos, e, i, true);
  }

  // Every source of source class `c` (of `classes`) to `dst` (of HalfCache::destinationClass
  // `dstClass`), at position `dstPos` of the destination tenant's workloads. Destinations are
  // given in order; shared halves are reused between the calls they stand for.
  void add(const std::vector<SourceClass>& classes, size_t c, const model::Workload& dst, uint64_t dstClass,
           size_t dstPos) {
    const SourceClass& sc = classes[c];
    if (egressMemo_.size() < classes.size()) egressMemo_.resize(classes.size());
    for (size_t k = 0; k < sc.members.size(); ++k) {
      const model::Workload& src = *sc.members[k];
      bool egressShared = false, ingressShared = false;
      EgressMemo& em = egressMemo_[c];
      const EgressHalf* e = em.half;
      if (k == 0 && em.half && em.dstClass == dstClass) {
        egressShared = true;
      } else {
        e = &ctx_.halves.egress(src, dst, &egressShared);
        if (k == 0) em = {egressShared ? dstClass : kNoClass, e};
      }
      IngressRef i = ingressMemo_.half;
      if (k == 0 && ingressMemo_.dst == &dst && ingressMemo_.view == sc.view) {
        ingressShared = true;
      } else {
        i = ctx_.halves.ingressRef(src, dst, &ingressShared);
        if (k == 0) ingressMemo_ = {ingressShared ? &dst : nullptr, sc.view, i};
      }
      addPair(sc, k, dst, dstPos, *e, i, egressShared && ingressShared);
      if (egressShared && ingressShared) return;
    }
  }

 private:
  static constexpr uint64_t kNoClass = UINT64_MAX;
  struct EgressMemo {
    uint64_t dstClass = kNoClass;  // the destination class the half stands for
    const EgressHalf* half = nullptr;
  };
  struct IngressMemo {
    const model::Workload* dst = nullptr;  // the destination whose half it is, for sources of `view`
    uint64_t view = 0;
    IngressRef half{nullptr, 0};
  };

  // The pair of member k of `sc` and `dst`; with `all`, it stands for every member from k on.
  void addPair(const SourceClass& sc, size_t k, const model::Workload& dst, size_t dstPos, const EgressHalf& e,
               IngressRef i, bool all) {
    const model::Workload& src = *sc.members[k];
    size_t count = all ? sc.members.size() - k : 1;
    recordOpenings(sc, k, count, dst, e, i);
    VerdictIds::Outcome o = ctx_.verdicts.outcome(e, i);
    if (o.open) {
      for (size_t j = k; j < k + count; ++j) open_.push_back({sc.positions[j], dstPos, sc.members[j], &dst, &e, i.half});
      return;
    }
    cell_.blockedPairs += count;
    auto order = std::make_tuple(o.blockingLayers, sc.positions[k], dstPos);
    if (!weakest_.src || order < std::make_tuple(cell_.minBlockingLayers, weakestOrder_.first, weakestOrder_.second)) {
      cell_.minBlockingLayers = o.blockingLayers;
      weakestOrder_ = {sc.positions[k], dstPos};
      weakest_ = {&src, &dst, &e, i.half};
    }
  }

  void recordOpenings(const SourceClass& sc, size_t k, size_t count, const model::Workload& dst, const EgressHalf& e,
                      IngressRef i) {
    bool egressOpen = !e.allowed.empty(), ingressOpen = ctx_.verdicts.ingressOpen(i);
    if (!egressOpen && !ingressOpen) return;
    opening_ = true;
    uint32_t d = ctx_.index(dst);
    for (size_t j = k; j < k + count; ++j) {
      uint32_t s = ctx_.index(*sc.members[j]);
      if (egressOpen) ctx_.openings.addEgressOpen(s, d);
      if (ingressOpen) ctx_.openings.addIngressOpen(s, d);
    }
  }

 public:
  // Fills the flows (in source, then destination order) and the findings of the cell.
  TenantPair finish(RowOutput& out) {
    std::sort(open_.begin(), open_.end(), [](const Open& a, const Open& b) {
      return std::tie(a.srcPos, a.dstPos) < std::tie(b.srcPos, b.dstPos);
    });
    std::optional<size_t> firstOpen;  // into out.flows
    const model::Workload* firstOpenDst = nullptr;
    for (const Open& o : open_) {
      PairAnalysis a = combine(*o.egress, *o.ingress);
      bool declared = isDeclaredFlow(ctx_.tenancy.spec, from_, *o.src, to_, *o.dst, a.combined);
      (declared ? cell_.declaredFlows : cell_.openFlows)++;
      out.flows.push_back({from_, to_, ctx_.name(*o.src), ctx_.name(*o.dst), a.combined,
                           a.authorizationSummary, declared, a.layerResults(), o.src->meta.where, o.dst->meta.where});
      if (!declared && !firstOpen) {
        firstOpen = out.flows.size() - 1;
        firstOpenDst = o.dst;
      }
    }
    PairAnalysis weakest;
    if (weakest_.src) {
      cell_.weakestSrc = ctx_.index(*weakest_.src);
      cell_.weakestDst = ctx_.index(*weakest_.dst);
      const bool keep = ctx_.weakestLayers && (ctx_.detailed || cell_.minBlockingLayers <= 1);
      if (keep || cell_.minBlockingLayers == 1) weakest = combine(*weakest_.egress, *weakest_.ingress);  // TG002 names the layer
      if (keep) {
        cell_.weakestDetail = static_cast<uint32_t>(out.weakest.size());
        out.weakest.push_back({weakest.layerResults(), weakest.blockingLayerNames()});
      }
    }
    // One TG001 per ordered tenant pair; the cross-tenant flow list has every workload pair.
    auto subject = [&] { return from_ + "->" + to_; };
    if (firstOpen) {
      const CrossTenantFlow& example = out.flows[*firstOpen];
      out.findings.push_back(makeFinding(
          "TG001",
          fmt::format("tenant {} can reach tenant {} ({} undeclared workload pair{}), e.g. {} => {} : {}{}", from_,
                      to_, cell_.openFlows, cell_.openFlows == 1 ? "" : "s", example.src, example.dst,
                      example.conns.toString(),
                      example.authorization.empty() ? "" : " (authorization: " + example.authorization + ")"),
          firstOpenDst->meta, ""));
      out.findings.back().subject = subject();
    }
    if (cell_.minBlockingLayers == 1 && cell_.openFlows == 0) {
      Finding f = makeFinding("TG002",
                              fmt::format("tenant {} → {} is blocked by the {} layer alone (e.g. {} => {})", from_,
                                          to_, weakest.blockingLayerNames().front(), ctx_.name(*weakest_.src),
                                          ctx_.name(*weakest_.dst)),
                              weakest_.dst->meta, "");
      f.subject = subject();
      out.findings.push_back(std::move(f));
    }
    return std::move(cell_);
  }

 private:
  std::vector<EgressMemo> egressMemo_;  // by source class
  IngressMemo ingressMemo_;
  struct Open {
    size_t srcPos, dstPos;
    const model::Workload *src, *dst;
    const EgressHalf* egress;
    const IngressHalf* ingress;
  };
  struct Pair {
    const model::Workload *src = nullptr, *dst = nullptr;
    const EgressHalf* egress = nullptr;
    const IngressHalf* ingress = nullptr;
  };

  const CellContext& ctx_;
  const std::string &from_, &to_;  // tenant names
  bool opening_ = false;            // a pair has a half that lets something through
  TenantPair cell_;
  std::vector<Open> open_;
  Pair weakest_;
  std::pair<size_t, size_t> weakestOrder_;
};

using Workloads = std::vector<const model::Workload*>;

// Every pair of a cell: by the shared halves unless the tenants go pair by pair (or a half is not
// shared). Whether every pair took shared halves.
bool addPairs(CellAnalysis& cell, HalfCache& halves, SharedHalves& shared, const std::vector<SourceClass>& classes,
              const Workloads& dsts, bool pairByPair) {
  bool allShared = true;
  for (size_t d = 0; d < dsts.size(); ++d) {
    const model::Workload& dst = *dsts[d];
    for (size_t c = 0; c < classes.size(); ++c) {
      if (!pairByPair)
        if (auto h = shared.halves(*classes[c].members.front(), classes[c].kind, dst)) {
          cell.addShared(classes, c, dst, d, h->egress, h->ingress);
          continue;
        }
      allShared = false;
      cell.add(classes, c, dst, halves.destinationClass(dst), d);
    }
  }
  return allShared;
}

// Closed cells of one row alike (CellAnalysis::Closed): destination tenants that show the row's
// source kinds the same shared ingress verdicts and peer kinds (SharedHalves::columnKey) give the
// same cell when its every pair is blocked on both sides; it is worked out once.
class AlikeCells {
 public:
  AlikeCells(SharedHalves& shared, const std::vector<SourceClass>& classes) : shared_(shared), classes_(classes) {
    for (size_t c = 0; c < classes.size(); ++c)
      if (std::none_of(kinds_.begin(), kinds_.end(), [&](const auto& k) { return k.first == classes[c].kind; }))
        kinds_.emplace_back(classes[c].kind, c);
  }

  // The key of destination tenant `to`'s cell; none when a workload has no shared half, and with
  // more than two source kinds in the row (rare: every cell is worked out).
  std::optional<uint64_t> key(size_t to) {
    if (kinds_.empty() || kinds_.size() > 2) return std::nullopt;
    uint64_t k = 0;
    for (size_t n = 0; n < kinds_.size(); ++n) {
      const model::Workload& src = *classes_[kinds_[n].second].members.front();
      uint32_t column = shared_.columnKey(static_cast<uint32_t>(to), src, kinds_[n].first);
      if (column == SharedHalves::kNoKey) return std::nullopt;
      k |= uint64_t{column} << (32 * n);
    }
    return k;
  }

  // Fills `cell` (of destinations `dsts`) from the closed cell of `key`; false when there is
  // none, or its weakest pair has no shared halves here.
  bool fill(uint64_t key, CellAnalysis& cell, const Workloads& dsts) {
    auto it = known_.find(key);
    if (it == known_.end()) return false;
    const CellAnalysis::Closed& closed = it->second;
    if (closed.minBlockingLayers < 0) {
      cell.setClosed(closed, classes_, nullptr, nullptr, {nullptr, 0});
      return true;
    }
    const SourceClass& sc = classes_[closed.weakestClass];
    const model::Workload* dst = dsts[closed.weakestDstPos];
    auto h = shared_.halves(*sc.members.front(), sc.kind, *dst);
    if (!h) return false;  // the key says they are shared: this only guards it
    cell.setClosed(closed, classes_, dst, &h->egress, h->ingress);
    return true;
  }

  void remember(uint64_t key, const CellAnalysis::Closed& closed) { known_.emplace(key, closed); }

 private:
  SharedHalves& shared_;
  const std::vector<SourceClass>& classes_;
  std::vector<std::pair<uint32_t, size_t>> kinds_;  // the row's source kinds, each with a class of it
  std::unordered_map<uint64_t, CellAnalysis::Closed> known_;
};

// The cells of source tenant `from` against every other tenant, in tenant order, into `cells`;
// the row's flows, findings and weakest pairs' layers into `out`. Tenant pairs where neither side
// names the other take shared halves (SharedHalves), and alike closed cells are worked out once
// (AlikeCells); the others go pair by pair.
void analyzeRow(const CellContext& ctx, SharedHalves& shared, const std::vector<const Workloads*>& workloads,
                size_t from, TenantPair* cells, RowOutput& out) {
  std::vector<SourceClass> classes = sourceClasses(ctx.halves, *workloads[from]);
  const std::vector<uint32_t> pairByPair = shared.pairByPair(static_cast<uint32_t>(from));
  auto nextPairByPair = pairByPair.begin();
  AlikeCells alike(shared, classes);
  for (size_t to = 0; to < ctx.tenancy.tenants.size(); ++to) {
    if (from == to) continue;
    while (nextPairByPair != pairByPair.end() && *nextPairByPair < to) ++nextPairByPair;
    const bool byPair = nextPairByPair != pairByPair.end() && *nextPairByPair == to;
    CellAnalysis cell(ctx, from, to);
    const Workloads& dsts = *workloads[to];
    std::optional<uint64_t> key = byPair ? std::nullopt : alike.key(to);
    if (!key || !alike.fill(*key, cell, dsts)) {
      bool allShared = addPairs(cell, ctx.halves, shared, classes, dsts, byPair);
      if (key && allShared)
        if (auto closed = cell.closed(classes)) alike.remember(*key, *closed);
    }
    *cells++ = cell.finish(out);
  }
}

// Threads meet an object's rules in any order: the first by place stands for the object.
void addBlocker(Blockers& out, const layers::Ref& r) {
  auto [it, fresh] = out.try_emplace({r.kind, r.ns, r.name}, r);
  auto place = [](const layers::Ref& x) { return std::make_tuple(x.where.path(), x.where.line, x.rule); };
  if (!fresh && place(r) < place(it->second)) it->second = r;
}

void addBlockers(const HalfCache& halves, Blockers& out) {
  auto add = [&](const std::vector<layers::Ref>& refs) {
    for (const auto& r : refs) addBlocker(out, r);
  };
  halves.forEachHalf([&](const EgressHalf& e) { add(e.denials); },
                     [&](const IngressHalf& i) {
                       add(i.networkDenials);
                       add(i.meshBlockers);
                     });
}

template <typename T>
void append(std::vector<T>& to, std::vector<T>& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

}  // namespace

BoundaryAnalysis analyzeBoundaries(const Workers& workers, const tenant::Tenancy& tenancy, const BoundaryOptions& options) {
  auto byTenant = tenantWorkloads(workers.front()->layers.cluster(), tenancy);
  std::vector<const std::vector<const model::Workload*>*> workloads;  // by position in tenancy.tenants
  for (const auto& t : tenancy.tenants) workloads.push_back(&byTenant[t]);
  const bool detailed = tenancy.tenants.size() <= kDetailedTenants;
  const model::Cluster& cluster = workers.front()->layers.cluster();
  BoundaryAnalysis out;
  out.workloads.reserve(cluster.workloads.size());
  for (const model::Workload& w : cluster.workloads) out.workloads.push_back(w.displayName());

  // A worker may share its core with other work: rows go to whichever is free.
  // The matrix is written in place, row by row: a million cells are too many to copy.
  size_t tenants = tenancy.tenants.size();
  std::vector<RowOutput> rows(tenants);
  out.matrix.resize(tenants * (tenants ? tenants - 1 : 0));
  // Rows are by source: each worker records the openings of sources no other worker meets.
  out.openings = HalfOpenings(cluster.workloads.size(), options.openingsLimit);
  std::atomic<size_t> next{0};
  onEveryWorker(workers, [&](AnalysisWorker& w) {
    CellContext ctx{w.halves, w.verdicts, out.openings, tenancy, out.workloads, detailed, options.weakestLayers};
    SharedHalves shared(w.halves, tenancy, workloads);
    for (size_t from; (from = next++) < rows.size();)
      analyzeRow(ctx, shared, workloads, from, out.matrix.data() + from * (tenants - 1), rows[from]);
  });
  out.openings.finish();

  size_t flows = 0, findings = 0, weakest = 0;
  for (const RowOutput& row : rows) {
    flows += row.flows.size();
    findings += row.findings.size();
    weakest += row.weakest.size();
  }
  out.flows.reserve(flows);
  out.findings.reserve(findings);
  out.weakest.reserve(weakest);
  for (size_t from = 0; from < tenants; ++from) {
    RowOutput& row = rows[from];
    if (!row.weakest.empty()) {
      const auto offset = static_cast<uint32_t>(out.weakest.size());
      TenantPair* cells = out.matrix.data() + from * (tenants - 1);
      for (size_t to = 0; to + 1 < tenants; ++to)
        if (cells[to].weakestDetail != TenantPair::kNone) cells[to].weakestDetail += offset;
    }
    append(out.flows, row.flows);
    append(out.findings, row.findings);
    append(out.weakest, row.weakest);
  }
  for (const auto& w : workers) addBlockers(w->halves, out.blockers);
  return out;
}

}  // namespace tg::verify
