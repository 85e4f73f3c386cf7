#include "verify/diff.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <tuple>

#include "verify/layer_stack.h"
#include "verify/pair_analysis.h"

namespace tg::verify {

const char* changeKindName(ChangeKind k) {
  switch (k) {
    case ChangeKind::Added: return "added";
    case ChangeKind::Removed: return "removed";
    case ChangeKind::Changed: return "changed";
  }
  return "?";
}

const char* changeCauseName(ChangeCause c) { return c == ChangeCause::Topology ? "topology" : "policy"; }

std::string findingKey(const Finding& f) {
  return f.id + '|' + f.object.kind + '|' + f.object.ns + '|' + f.object.name + '|' + f.subject;
}

FindingsDiff diffFindings(const std::vector<Finding>& base, const std::vector<Finding>& head) {
  // Indices by key, in input order.
  std::map<std::string, std::vector<size_t>> baseByKey, headByKey;
  for (size_t i = 0; i < base.size(); ++i) baseByKey[findingKey(base[i])].push_back(i);
  for (size_t i = 0; i < head.size(); ++i) headByKey[findingKey(head[i])].push_back(i);

  std::vector<bool> baseMatched(base.size()), headMatched(head.size());
  FindingsDiff out;
  for (auto& [key, his] : headByKey) {
    auto it = baseByKey.find(key);
    if (it == baseByKey.end()) continue;
    std::vector<size_t>& bis = it->second;
    // Same key and same message first, so that when one of several findings on one object goes
    // away, the one reported resolved is the one whose text is gone.
    for (size_t h : his)
      for (size_t b : bis)
        if (!baseMatched[b] && !headMatched[h] && base[b].message == head[h].message) {
          baseMatched[b] = headMatched[h] = true;
          ++out.unchanged;
        }
    size_t bi = 0;
    for (size_t h : his) {
      if (headMatched[h]) continue;
      while (bi < bis.size() && baseMatched[bis[bi]]) ++bi;
      if (bi == bis.size()) break;
      baseMatched[bis[bi]] = headMatched[h] = true;
      ++out.unchanged;
    }
  }
  for (size_t i = 0; i < head.size(); ++i)
    if (!headMatched[i]) out.added.push_back(head[i]);
  for (size_t i = 0; i < base.size(); ++i)
    if (!baseMatched[i]) out.resolved.push_back(base[i]);
  return out;
}

namespace {

using PairKey = std::pair<std::string, std::string>;  // src, dst display names

// One configuration, with what the diff needs to look things up in it.
class Side {
 public:
  Side(const model::Cluster& cluster, const tenant::Tenancy& tenancy, const VerifyResult& result,
       const VerifyOptions& options)
      : cluster_(cluster), tenancy_(tenancy), options_(options) {
    for (const model::Workload& w : cluster.workloads) workloads_[w.displayName()] = &w;
    for (const CrossTenantFlow& f : result.crossTenant) flows_[{f.src, f.dst}] = &f;
  }

  const model::Workload* workload(const std::string& name) const {
    auto it = workloads_.find(name);
    return it == workloads_.end() ? nullptr : it->second;
  }
  const CrossTenantFlow* flow(const PairKey& k) const {
    auto it = flows_.find(k);
    return it == flows_.end() ? nullptr : it->second;
  }
  const std::map<PairKey, const CrossTenantFlow*>& flows() const { return flows_; }
  const std::map<std::string, const model::Workload*>& workloads() const { return workloads_; }
  const tenant::Tenancy& tenancy() const { return tenancy_; }
  const model::Cluster& cluster() const { return cluster_; }

  // What this side says about a workload pair that is not among its cross-tenant flows.
  FlowSide blockedSide(const std::string& src, const std::string& dst) {
    FlowSide s;
    const model::Workload* ws = workload(src);
    const model::Workload* wd = workload(dst);
    if (!ws || !wd) return s;
    if (!layers_) layers_ = std::make_unique<LayerStack>(cluster_, options_.mesh);
    PairAnalysis a = analyzePair(*layers_, layers_->endpoint(*ws), layers_->endpoint(*wd));
    s.present = true;
    s.conns = a.combined;  // empty unless the pair is not cross-tenant on this side
    s.authorization = a.authorizationSummary;
    s.layers = a.layerResults();
    return s;
  }

 private:
  const model::Cluster& cluster_;
  const tenant::Tenancy& tenancy_;
  const VerifyOptions& options_;
  std::map<std::string, const model::Workload*> workloads_;
  std::map<PairKey, const CrossTenantFlow*> flows_;
  std::unique_ptr<LayerStack> layers_;
};

FlowSide sideOf(const CrossTenantFlow& f) { return {true, f.conns, f.authorization, f.declared, f.layers}; }

std::vector<LayerChange> layerChanges(const FlowSide& base, const FlowSide& head) {
  std::vector<LayerChange> out;
  size_t n = std::max(base.layers.size(), head.layers.size());
  for (size_t i = 0; i < n; ++i) {
    const LayerResult* b = i < base.layers.size() ? &base.layers[i] : nullptr;
    const LayerResult* h = i < head.layers.size() ? &head.layers[i] : nullptr;
    net::ConnectionSet ba = b ? b->allowed : net::ConnectionSet{};
    net::ConnectionSet ha = h ? h->allowed : net::ConnectionSet{};
    if (b && h && ba == ha) continue;
    LayerChange c;
    c.layer = b ? b->layer : h->layer;
    c.before = b ? b->verdict() : "";
    c.after = h ? h->verdict() : "";
    c.opened = ha.minus(ba);
    c.closed = ba.minus(ha);
    out.push_back(std::move(c));
  }
  return out;
}

int rank(const FlowChange& f) {
  if (f.opensUndeclared()) return 0;
  if (f.kind == ChangeKind::Added) return 1;
  if (f.kind == ChangeKind::Changed) return 2;
  return 3;
}

std::vector<ObjectChange> policies(const model::Cluster& c) {
  std::vector<ObjectChange> out;
  auto add = [&](const model::ObjectMeta& m) { out.push_back({{m.kind, m.ns, m.name}, m.where}); };
  for (const auto& p : c.networkPolicies) add(p.meta);
  for (const auto& p : c.adminNetworkPolicies) add(p.meta);
  for (const auto& p : c.peerAuthentications) add(p.meta);
  for (const auto& p : c.authorizationPolicies) add(p.meta);
  return out;
}

auto objectKey(const ObjectRef& o) { return std::tie(o.kind, o.ns, o.name); }

// Elements of `a` whose key is not in `b`, in `a`'s order.
template <typename T, typename KeyFn>
std::vector<T> onlyIn(const std::vector<T>& a, const std::vector<T>& b, KeyFn key) {
  std::set<decltype(key(a.front()))> inB;
  for (const T& x : b) inB.insert(key(x));
  std::vector<T> out;
  for (const T& x : a)
    if (!inB.count(key(x))) out.push_back(x);
  return out;
}

std::vector<std::string> onlyInNames(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::set<std::string> inB(b.begin(), b.end());
  std::vector<std::string> out;
  for (const auto& x : a)
    if (!inB.count(x)) out.push_back(x);
  return out;
}

std::vector<WorkloadChange> workloadsOnlyIn(const Side& a, const Side& b) {
  std::vector<WorkloadChange> out;
  for (const model::Workload& w : a.cluster().workloads) {
    if (b.workload(w.displayName())) continue;
    const std::string* t = a.tenancy().tenantOfNamespace(w.meta.ns);
    out.push_back({w.displayName(), t ? *t : "", w.meta.where});
  }
  std::sort(out.begin(), out.end(), [](const WorkloadChange& x, const WorkloadChange& y) { return x.name < y.name; });
  return out;
}

bool sameCell(const TenantPair& a, const TenantPair& b) {
  return a.openFlows == b.openFlows && a.declaredFlows == b.declaredFlows && a.minBlockingLayers == b.minBlockingLayers;
}

}  // namespace

DiffResult runDiff(const model::Cluster& baseCluster, const tenant::Tenancy& baseTenancy, const model::Cluster& headCluster,
                   const tenant::Tenancy& headTenancy, const VerifyOptions& options) {
  DiffResult d;
  d.base = runVerify(baseCluster, baseTenancy, options);
  d.head = runVerify(headCluster, headTenancy, options);
  Side base(baseCluster, baseTenancy, d.base, options);
  Side head(headCluster, headTenancy, d.head, options);

  // Cross-tenant flows.
  std::set<PairKey> pairs;
  for (const auto& [k, f] : base.flows()) pairs.insert(k);
  for (const auto& [k, f] : head.flows()) pairs.insert(k);
  for (const PairKey& k : pairs) {
    const CrossTenantFlow* bf = base.flow(k);
    const CrossTenantFlow* hf = head.flow(k);
    FlowChange c;
    c.src = k.first;
    c.dst = k.second;
    c.base = bf ? sideOf(*bf) : base.blockedSide(k.first, k.second);
    c.head = hf ? sideOf(*hf) : head.blockedSide(k.first, k.second);
    const CrossTenantFlow& any = hf ? *hf : *bf;
    c.fromTenant = any.fromTenant;
    c.toTenant = any.toTenant;
    c.kind = !bf ? ChangeKind::Added : !hf ? ChangeKind::Removed : ChangeKind::Changed;
    // A pair blocked on one side is present there only when both workloads exist; a pair that
    // is cross-tenant on one side and not on the other although both exist (a namespace moved to
    // another tenant) still compares its connections.
    if (!bf && c.base.present && !c.base.conns.empty()) c.base.conns = {};
    if (!hf && c.head.present && !c.head.conns.empty()) c.head.conns = {};
    c.cause = c.base.present && c.head.present ? ChangeCause::Policy : ChangeCause::Topology;
    c.opened = c.head.conns.minus(c.base.conns);
    c.closed = c.base.conns.minus(c.head.conns);
    c.layerChanges = layerChanges(c.base, c.head);
    c.authorizationChanged = c.base.authorization != c.head.authorization;
    c.dstWhere = hf ? hf->dstWhere : bf->dstWhere;
    if (c.kind == ChangeKind::Changed && c.opened.empty() && c.closed.empty() && c.layerChanges.empty() &&
        !c.authorizationChanged && c.base.declared == c.head.declared)
      continue;
    d.flows.push_back(std::move(c));
  }
  std::stable_sort(d.flows.begin(), d.flows.end(), [](const FlowChange& a, const FlowChange& b) {
    return std::make_tuple(rank(a), a.src, a.dst) < std::make_tuple(rank(b), b.src, b.dst);
  });

  // Tenant matrix cells, by tenant name: positions differ between the sides.
  auto key = [](const VerifyResult& r, const TenantPair& p) { return PairKey{r.tenants[p.from], r.tenants[p.to]}; };
  std::map<PairKey, const TenantPair*> baseCells;
  for (const TenantPair& p : d.base.matrix) baseCells[key(d.base, p)] = &p;
  std::set<PairKey> seen;
  for (const TenantPair& p : d.head.matrix) {
    PairKey k = key(d.head, p);
    seen.insert(k);
    auto it = baseCells.find(k);
    if (it != baseCells.end() && sameCell(*it->second, p)) continue;
    CellChange c{k.first, k.second, std::nullopt, p};
    if (it != baseCells.end()) c.base = *it->second;
    d.cells.push_back(std::move(c));
  }
  for (const TenantPair& p : d.base.matrix)
    if (PairKey k = key(d.base, p); !seen.count(k)) d.cells.push_back({k.first, k.second, p, std::nullopt});

  d.findings = diffFindings(d.base.findings, d.head.findings);

  auto lbKey = [](const LoadBearingObject& o) { return objectKey(o.object); };
  d.newlyLoadBearing = onlyIn(d.head.loadBearing, d.base.loadBearing, lbKey);
  d.noLongerLoadBearing = onlyIn(d.base.loadBearing, d.head.loadBearing, lbKey);

  auto objKey = [](const ObjectChange& o) { return objectKey(o.object); };
  std::vector<ObjectChange> bp = policies(baseCluster), hp = policies(headCluster);
  d.policiesAdded = onlyIn(hp, bp, objKey);
  d.policiesRemoved = onlyIn(bp, hp, objKey);

  d.tenantsAdded = onlyInNames(d.head.tenants, d.base.tenants);
  d.tenantsRemoved = onlyInNames(d.base.tenants, d.head.tenants);
  std::vector<std::string> bns, hns;
  for (const auto& n : baseCluster.namespaces)
    if (n.declared) bns.push_back(n.meta.name);
  for (const auto& n : headCluster.namespaces)
    if (n.declared) hns.push_back(n.meta.name);
  d.namespacesAdded = onlyInNames(hns, bns);
  d.namespacesRemoved = onlyInNames(bns, hns);
  d.workloadsAdded = workloadsOnlyIn(head, base);
  d.workloadsRemoved = workloadsOnlyIn(base, head);

  DiffSummary& s = d.summary;
  for (const FlowChange& f : d.flows) {
    if (f.opensUndeclared()) ++s.newFlows;
    if (f.kind == ChangeKind::Added) ++s.addedFlows;
    else if (f.kind == ChangeKind::Removed) ++s.removedFlows;
    else ++s.changedFlows;
  }
  s.newFindings = d.findings.added.size();
  s.resolvedFindings = d.findings.resolved.size();
  s.unchangedFindings = d.findings.unchanged;
  for (const Finding& f : d.findings.added)
    if (f.severity == Severity::Error) ++s.newErrors;
  return d;
}

}  // namespace tg::verify
