#include "verify/what_if.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>

namespace tg::verify {
namespace {

using layers::Direction;
using layers::Exclusion;

bool names(const std::vector<layers::Ref>& refs, const Exclusion& o) {
  for (const auto& r : refs)
    if (o.excludes(r)) return true;
  return false;
}

// Where each policy object itself is declared, by (kind, namespace, name): a ref may point at
// one of its rules. The first object of a key stands for it, kinds in the order below.
class ObjectPlaces {
 public:
  explicit ObjectPlaces(const model::Cluster& c) {
    auto add = [&](const auto& objects) {
      for (const auto& o : objects) places_.try_emplace({o.meta.kind, o.meta.ns, o.meta.name}, o.meta.where);
    };
    add(c.networkPolicies);
    add(c.adminNetworkPolicies);
    add(c.peerAuthentications);
    add(c.authorizationPolicies);
    add(c.calico.policies);
  }
  model::Source of(const layers::Ref& r) const {
    auto it = places_.find({r.kind, r.ns, r.name});
    return it == places_.end() ? r.where : it->second;
  }

 private:
  std::map<std::tuple<std::string_view, std::string_view, std::string_view>, model::Source> places_;
};

// The tenant-side view of the cluster that what-if walks: each tenant workload with its tenant.
struct TenantWorkload {
  const model::Workload* w;
  const std::string* tenant;
  size_t tenantIndex;  // in tenancy.tenants
  size_t position;     // among all tenant workloads, in cluster order
};

// The tenant workloads, and the objects each takes part in, as every worker sees them.
struct TenantView {
  std::vector<TenantWorkload> all;  // in the order the boundary analysis meets pairs
  // For every object, the workloads whose decisions it takes part in: as a source (rows) and as
  // a destination (columns).
  using Key = std::tuple<std::string, std::string, std::string>;
  std::map<Key, std::pair<std::vector<const TenantWorkload*>, std::vector<const TenantWorkload*>>> seenBy;
  std::map<std::string, std::vector<const TenantWorkload*>> byNamespace;
  std::vector<const TenantWorkload*> byWorkload;  // by position in cluster.workloads; null: no tenant's

  TenantView(HalfCache& halves, const tenant::Tenancy& tenancy) {
    std::map<std::string, size_t> tenantIndex;
    for (const auto& t : tenancy.tenants) tenantIndex.emplace(t, tenantIndex.size());
    for (const model::Workload& w : halves.layers().cluster().workloads)
      if (const std::string* t = tenancy.tenantOfNamespace(w.meta.ns)) all.push_back({&w, t, tenantIndex.at(*t), all.size()});
    byWorkload.resize(halves.layers().cluster().workloads.size());
    std::vector<Exclusion> objects;
    for (const TenantWorkload& t : all) {
      byWorkload[t.w - halves.layers().cluster().workloads.data()] = &t;
      byNamespace[t.w->meta.ns].push_back(&t);
      for (Direction dir : {Direction::Egress, Direction::Ingress}) {
        objects.clear();
        halves.considered(*t.w, dir, objects);
        for (const Exclusion& o : objects) {
          auto& [rows, columns] = seenBy[{o.kind, o.ns, o.name}];
          (dir == Direction::Egress ? rows : columns).push_back(&t);
        }
      }
    }
  }
};

// One worker's what-if: deletes one candidate at a time from its layers and judges the pairs
// whose halves change.
class CandidateJudge {
 public:
  CandidateJudge(AnalysisWorker& worker, const TenantView& view, const ObjectPlaces& places,
                 const HalfOpenings& openings, const tenant::Tenancy& tenancy, size_t bothSidesLimit)
      : worker_(worker),
        base_(worker.halves),
        view_(view),
        places_(places),
        openings_(openings),
        tenancy_(tenancy),
        bothSidesLimit_(bothSidesLimit) {
    // The workloads one half stands for, found once for every source with the same egress
    // policies (the destinations it meets through one half) and every destination with the same
    // ingress policies (the sources it meets through one half).
    for (const TenantWorkload& t : view_.all) {
      destinationClasses_[base_.destinationClass(*t.w)].push_back(&t);
      sourceClasses_[base_.sourceClass(*t.w)].push_back(&t);
    }
  }

  // The flows that deleting `key` alone opens; none when it is not load-bearing.
  LoadBearingObject judge(const TenantView::Key& key, const layers::Ref& ref) {
    const model::Cluster& cluster = worker_.layers.cluster();
    const auto& [kind, ns, name] = key;
    Exclusion o{kind, ns, name};
    LoadBearingObject lb{{kind, ns, name}, places_.of(ref), {}};
    std::vector<const TenantWorkload*> rows, columns;
    // PeerAuthentications apply to their namespace, or to all from the root namespace.
    if (kind == "PeerAuthentication") {
      if (ns == worker_.layers.mesh().config().rootNamespace) {
        for (const TenantWorkload& t : view_.all) columns.push_back(&t);
      } else if (auto it = view_.byNamespace.find(ns); it != view_.byNamespace.end()) {
        columns = it->second;
      }
    } else if (auto it = view_.seenBy.find(key); it != view_.seenBy.end()) {
      std::tie(rows, columns) = it->second;
    }
    if (rows.empty() && columns.empty()) return lb;
    std::vector<char> isRow(cluster.workloads.size()), isColumn(cluster.workloads.size());
    for (const TenantWorkload* t : rows) isRow[t->w - cluster.workloads.data()] = 1;
    for (const TenantWorkload* t : columns) isColumn[t->w - cluster.workloads.data()] = 1;

    HalfCache without(worker_.layers, worker_.verdicts, base_, o, [&](const model::Workload& w, Direction dir) {
      return (dir == Direction::Egress ? isRow : isColumn)[&w - cluster.workloads.data()] != 0;
    });

    struct Opened {
      std::tuple<size_t, size_t, size_t, size_t> order;  // as the boundary analysis lists pairs
      std::string text;
    };
    std::vector<Opened> opened;
    auto judgePair = [&](const TenantWorkload& s, const TenantWorkload& d) {
      if (s.tenantIndex == d.tenantIndex) return;
      const EgressHalf& be = base_.egress(*s.w, *d.w);
      const IngressHalf& bi = base_.ingress(*s.w, *d.w);
      if (worker_.verdicts.outcome(be, bi).open) return;
      if (!names(be.denials, o) && !names(bi.networkDenials, o) && !names(bi.meshBlockers, o)) return;
      const EgressHalf& e = without.egress(*s.w, *d.w);
      const IngressHalf& i = without.ingress(*s.w, *d.w);
      if ((e.verdictId == be.verdictId && i.verdictId == bi.verdictId) || !worker_.verdicts.outcome(e, i).open) return;
      PairAnalysis a = combine(e, i);
      if (isDeclaredFlow(tenancy_.spec, *s.tenant, *s.w, *d.tenant, *d.w, a.combined)) return;
      opened.push_back({{s.tenantIndex, d.tenantIndex, s.position, d.position},
                        fmt::format("{} => {} : {}", s.w->displayName(), d.w->displayName(), a.combined.toString())});
    };
    if (rows.size() * columns.size() <= bothSidesLimit_) {
      // Pairs with both halves changed, one by one; pairs with one changed half only where the
      // other half is open on its own (half_openings.h).
      auto index = [&](const TenantWorkload& t) { return static_cast<uint32_t>(t.w - cluster.workloads.data()); };
      for (const TenantWorkload* s : rows)
        for (const TenantWorkload* d : columns) judgePair(*s, *d);
      for (const TenantWorkload* s : rows) {
        if (const std::vector<uint32_t>* dsts = openings_.ingressOpenFrom(index(*s))) {
          for (uint32_t d : *dsts)
            if (!isColumn[d]) judgePair(*s, *view_.byWorkload[d]);
        } else {
          for (const TenantWorkload& d : view_.all)
            if (!isColumn[index(d)]) judgePair(*s, d);
        }
      }
      for (const TenantWorkload* d : columns)
        for (const std::vector<uint32_t>* srcs : {&openings_.egressOpenTo(index(*d)), &openings_.egressUnknown()})
          for (uint32_t s : *srcs)
            if (!isRow[s]) judgePair(*view_.byWorkload[s], *d);
    } else {
      // An object on both sides of many pairs (a cluster-wide floor): a pair can only open where
      // one of its halves changes, and each half is compared once for every workload it stands for.
      for (const TenantWorkload* s : rows)
        for (const auto& members : destinationGroups(*s)) {
          const TenantWorkload& d = *members.front();
          if (without.egress(*s->w, *d.w).verdictId == base_.egress(*s->w, *d.w).verdictId) continue;
          for (const TenantWorkload* m : members) judgePair(*s, *m);
        }
      for (const TenantWorkload* d : columns)
        for (const auto& members : sourceGroups(*d)) {
          const TenantWorkload& s = *members.front();
          if (without.ingress(*s.w, *d->w).verdictId == base_.ingress(*s.w, *d->w).verdictId) continue;
          for (const TenantWorkload* m : members) judgePair(*m, *d);
        }
    }
    std::sort(opened.begin(), opened.end(), [](const Opened& a, const Opened& b) { return a.order < b.order; });
    opened.erase(std::unique(opened.begin(), opened.end(), [](const Opened& a, const Opened& b) { return a.order == b.order; }),
                 opened.end());
    for (Opened& x : opened) lb.opens.push_back(std::move(x.text));
    return lb;
  }

 private:
  // Pairs whose half is their own form groups of one.
  using Groups = std::vector<std::vector<const TenantWorkload*>>;
  static void group(const std::vector<const TenantWorkload*>& members, uint64_t key, std::map<uint64_t, size_t>& index,
                    Groups& out) {
    if (key == HalfCache::kVaries) {
      for (const TenantWorkload* m : members) out.push_back({m});
      return;
    }
    auto [it, fresh] = index.try_emplace(key, out.size());
    if (fresh) out.emplace_back();
    out[it->second].insert(out[it->second].end(), members.begin(), members.end());
  }
  const Groups& destinationGroups(const TenantWorkload& s) {
    auto [it, fresh] = destinationsOf_.try_emplace(base_.egressPolicies(*s.w));
    if (fresh) {
      std::map<uint64_t, size_t> index;
      for (const auto& [id, members] : destinationClasses_)
        group(members, base_.egressKey(*s.w, *members.front()->w), index, it->second);
    }
    return it->second;
  }
  const Groups& sourceGroups(const TenantWorkload& d) {
    auto [it, fresh] = sourcesOf_.try_emplace(base_.ingressContext(*d.w));
    if (fresh) {
      std::map<uint64_t, size_t> index;
      for (const auto& [id, members] : sourceClasses_) group(members, base_.ingressKey(*members.front()->w, *d.w), index, it->second);
    }
    return it->second;
  }

  AnalysisWorker& worker_;
  HalfCache& base_;
  const TenantView& view_;
  const ObjectPlaces& places_;
  const HalfOpenings& openings_;
  const tenant::Tenancy& tenancy_;
  size_t bothSidesLimit_;
  std::map<uint64_t, std::vector<const TenantWorkload*>> destinationClasses_;
  std::map<uint32_t, std::vector<const TenantWorkload*>> sourceClasses_;
  std::map<uint32_t, Groups> destinationsOf_;  // by egress policies
  std::map<uint32_t, Groups> sourcesOf_;       // by ingress context
};

}  // namespace

std::vector<LoadBearingObject> findLoadBearingObjects(const Workers& workers, const tenant::Tenancy& tenancy,
                                                      const BoundaryAnalysis& boundaries,
                                                      std::optional<size_t> bothSidesLimit) {
  TenantView view(workers.front()->halves, tenancy);
  const ObjectPlaces places(workers.front()->layers.cluster());
  size_t limit = bothSidesLimit.value_or(4 * view.all.size());
  std::vector<std::pair<const TenantView::Key*, const layers::Ref*>> todo;
  for (const auto& [key, ref] : boundaries.blockers) todo.emplace_back(&key, &ref);
  // Candidates go to whichever worker is free; results are kept in candidate order.
  std::vector<LoadBearingObject> judged(todo.size());
  std::atomic<size_t> next{0};
  onEveryWorker(workers, [&](AnalysisWorker& w) {
    CandidateJudge judge(w, view, places, boundaries.openings, tenancy, limit);
    for (size_t i; (i = next++) < todo.size();) judged[i] = judge.judge(*todo[i].first, *todo[i].second);
  });
  std::vector<LoadBearingObject> out;
  for (LoadBearingObject& lb : judged)
    if (!lb.opens.empty()) out.push_back(std::move(lb));
  return out;
}

std::vector<Finding> findMissingFloors(const model::Cluster& cluster, const tenant::Tenancy& tenancy) {
  // Every tenant namespace gets the worst NetworkPolicy a tenant could write: allow everything.
  // The tenants' own NetworkPolicies only allow, so beside it they change nothing (in Calico's
  // default tier too, where an allow-all decides every connection that reaches it): they are
  // left out, and with them the signatures of their rules.
  model::Cluster opened = cluster;
  std::erase_if(opened.networkPolicies, [&](const model::NetworkPolicy& np) { return tenancy.tenantOf.count(np.meta.ns); });
  for (const auto& [ns, tenant] : tenancy.tenantOf) {
    model::NetworkPolicy np;
    np.meta.kind = "NetworkPolicy";
    np.meta.ns = ns;
    np.meta.name = "tenantguard-what-if-allow-all";
    np.ingressIsolation = np.egressIsolation = true;
    np.ingress.emplace_back();
    np.egress.emplace_back();
    opened.networkPolicies.push_back(std::move(np));
  }
  // Only the network layer is asked: without mesh policies, the ingress halves and the
  // signatures of sources leave out what the mtls and authorization layers would read.
  opened.peerAuthentications.clear();
  opened.authorizationPolicies.clear();
  opened.finalize();
  AnalysisWorker worker(opened, {});
  HalfCache& halves = worker.halves;
  auto byName = tenantWorkloads(opened, tenancy);
  // By position in tenancy.tenants: the tenant's workloads as sources in classes whose egress
  // halves are one (a shared half answers for all of them at once), and as destinations in the
  // classes such a half stands for.
  using Groups = std::vector<std::vector<const model::Workload*>>;
  auto grouped = [](auto& byKey) {
    Groups out;
    for (auto& [key, members] : byKey) out.push_back(std::move(members));
    return out;
  };
  std::vector<Groups> sources, destinations;
  for (const auto& t : tenancy.tenants) {
    std::map<uint32_t, std::vector<const model::Workload*>> bySource;
    std::map<uint64_t, std::vector<const model::Workload*>> byDestination;
    for (const model::Workload* w : byName[t]) {
      bySource[halves.sourceClass(*w)].push_back(w);
      byDestination[halves.destinationClass(*w)].push_back(w);
    }
    sources.push_back(grouped(bySource));
    destinations.push_back(grouped(byDestination));
  }

  // Whether some source of `from` has an undeclared network path to some workload of `to`. A
  // declared flow is meant to cross the floor: only undeclared connections count.
  auto reaches = [&](size_t from, size_t to) {
    for (const auto& group : destinations[to])
      for (const auto& members : sources[from]) {
        bool egressShared = false;
        if (halves.egress(*members.front(), *group.front(), &egressShared).allowed.empty() && egressShared) continue;
        for (const model::Workload* d : group)
          for (const model::Workload* s : members) {
            bool ingressShared = false;
            const EgressHalf& e = halves.egress(*s, *d, &egressShared);
            if (e.allowed.empty()) {
              if (egressShared) break;  // the other sources get the same answer
              continue;
            }
            net::ConnectionSet conns = e.allowed.intersect(halves.ingress(*s, *d, &ingressShared).network);
            if (conns.empty()) {
              if (egressShared && ingressShared) break;
              continue;
            }
            if (!isDeclaredFlow(tenancy.spec, tenancy.tenants[from], *s, tenancy.tenants[to], *d, conns)) return true;
          }
      }
    return false;
  };

  std::map<std::string, const model::Namespace*> firstNamespace;  // by tenant: where its finding goes
  for (const auto& [ns, tenant] : tenancy.tenantOf)
    if (const model::Namespace* n = cluster.findNamespace(ns)) firstNamespace.try_emplace(tenant, n);

  std::vector<Finding> out;
  for (size_t f = 0; f < tenancy.tenants.size(); ++f) {
    const std::string& from = tenancy.tenants[f];
    std::set<std::string> reached;
    for (size_t t = 0; t < tenancy.tenants.size(); ++t)
      if (f != t && reaches(f, t)) reached.insert(tenancy.tenants[t]);
    if (reached.empty()) continue;
    auto first = firstNamespace.find(from);
    const model::Namespace* ns = first == firstNamespace.end() ? nullptr : first->second;
    model::ObjectMeta where = ns ? ns->meta : model::ObjectMeta{};
    out.push_back(makeFinding("TG012",
                              fmt::format("nothing cluster-scoped stops tenant {}: with an allow-all NetworkPolicy of its own it "
                                          "would reach {} other tenant(s) ({}) at the network layer",
                                          from, reached.size(), fmt::join(reached, ", ")),
                              where, ""));
  }
  return out;
}

}  // namespace tg::verify
