#include "support/pairwise_oracle.h"

#include <fmt/format.h>

#include <map>
#include <optional>

namespace tg::verify {
namespace {

template <typename T>
bool eraseObject(std::vector<T>& objects, const std::string& kind, const std::string& ns, const std::string& name) {
  auto before = objects.size();
  std::erase_if(objects, [&](const T& o) { return o.meta.kind == kind && o.meta.ns == ns && o.meta.name == name; });
  return objects.size() != before;
}

const model::Workload* sameWorkload(const model::Cluster& c, const model::Workload& w) {
  return c.findWorkload(w.meta.ns, w.meta.name);
}

// A copy of the cluster without the policy object kind/ns/name; false when there is none.
bool withoutObject(const model::Cluster& cluster, const std::string& kind, const std::string& ns, const std::string& name,
                   model::Cluster& out) {
  out = cluster;
  bool removed = false;
  if (kind == "NetworkPolicy") removed = eraseObject(out.networkPolicies, kind, ns, name);
  else if (kind == "AdminNetworkPolicy" || kind == "BaselineAdminNetworkPolicy")
    removed = eraseObject(out.adminNetworkPolicies, kind, ns, name);
  else if (kind == "PeerAuthentication") removed = eraseObject(out.peerAuthentications, kind, ns, name);
  else if (kind == "AuthorizationPolicy") removed = eraseObject(out.authorizationPolicies, kind, ns, name);
  else if (kind == "Profile") removed = eraseObject(out.calico.profiles, kind, ns, name);
  if (removed) out.finalize();
  return removed;
}

}  // namespace

std::vector<LoadBearingObject> pairwiseLoadBearing(const model::Cluster& cluster, const tenant::Tenancy& tenancy,
                                                   const PairwiseBoundaries& boundaries, const layers::mesh::MeshOptions& mesh) {
  // Candidate objects, each with the blocked pairs it helps to block.
  struct Candidate {
    layers::Ref ref;
    std::vector<const PairwiseBoundaries::Blocked*> pairs;
  };
  std::map<std::tuple<std::string, std::string, std::string>, Candidate> candidates;
  for (const PairwiseBoundaries::Blocked& p : boundaries.blocked)
    for (const layers::Ref& r : p.blockers) {
      Candidate& c = candidates[{r.kind, r.ns, r.name}];
      if (c.pairs.empty()) {
        c.ref = r;
        c.ref.rule = -1;
      }
      if (c.pairs.empty() || c.pairs.back() != &p) c.pairs.push_back(&p);
    }

  std::vector<LoadBearingObject> out;
  for (const auto& [key, cand] : candidates) {
    model::Cluster reduced;
    if (!withoutObject(cluster, cand.ref.kind, cand.ref.ns, cand.ref.name, reduced)) continue;
    LayerStack layers(reduced, mesh);
    LoadBearingObject lb{{cand.ref.kind, cand.ref.ns, cand.ref.name}, cand.ref.where, {}};
    for (const PairwiseBoundaries::Blocked* p : cand.pairs) {
      const model::Workload* s = sameWorkload(reduced, *p->src);
      const model::Workload* d = sameWorkload(reduced, *p->dst);
      PairAnalysis a = analyzePair(layers, layers.endpoint(*s), layers.endpoint(*d));
      if (a.combined.empty()) continue;
      const std::string* ts = tenancy.tenantOfNamespace(s->meta.ns);
      const std::string* td = tenancy.tenantOfNamespace(d->meta.ns);
      if (ts && td && isDeclaredFlow(tenancy.spec, *ts, *s, *td, *d, a.combined)) continue;
      lb.opens.push_back(fmt::format("{} => {} : {}", s->displayName(), d->displayName(), a.combined.toString()));
    }
    if (!lb.opens.empty()) out.push_back(std::move(lb));
  }
  return out;
}


PairwiseBoundaries pairwiseBoundaries(const LayerStack& layers, const tenant::Tenancy& tenancy) {
  PairwiseBoundaries out;
  auto byTenant = tenantWorkloads(layers.cluster(), tenancy);
  const tenant::Spec* spec = tenancy.spec;

  const auto& workloads = layers.cluster().workloads;
  for (const model::Workload& w : workloads) out.workloads.push_back(w.displayName());
  for (size_t f = 0; f < tenancy.tenants.size(); ++f) {
    for (size_t t = 0; t < tenancy.tenants.size(); ++t) {
      if (f == t) continue;
      const std::string &from = tenancy.tenants[f], &to = tenancy.tenants[t];
      TenantPair cell;
      cell.from = static_cast<uint32_t>(f);
      cell.to = static_cast<uint32_t>(t);
      const model::Workload* weakestSrc = nullptr;
      const model::Workload* weakestDst = nullptr;
      PairAnalysis weakest;
      std::optional<size_t> firstOpen;  // index into out.flows
      const model::Workload* firstOpenDst = nullptr;
      for (const model::Workload* s : byTenant[from]) {
        for (const model::Workload* d : byTenant[to]) {
          PairAnalysis a = analyzePair(layers, layers.endpoint(*s), layers.endpoint(*d));
          if (!a.combined.empty()) {
            bool declared = isDeclaredFlow(spec, from, *s, to, *d, a.combined);
            (declared ? cell.declaredFlows : cell.openFlows)++;
            out.flows.push_back({from, to, s->displayName(), d->displayName(), a.combined, a.authorizationSummary, declared,
                                 a.layerResults(), s->meta.where, d->meta.where});
            if (!declared && !firstOpen) {
              firstOpen = out.flows.size() - 1;
              firstOpenDst = d;
            }
            continue;
          }
          ++cell.blockedPairs;
          int n = a.blockingLayers();
          if (cell.minBlockingLayers < 0 || n < cell.minBlockingLayers) {
            cell.minBlockingLayers = n;
            weakestSrc = s;
            weakestDst = d;
            weakest = a;
          }
          out.blocked.push_back({s, d, std::move(a.blockers)});
        }
      }
      if (weakestSrc) {
        cell.weakestSrc = static_cast<uint32_t>(weakestSrc - workloads.data());
        cell.weakestDst = static_cast<uint32_t>(weakestDst - workloads.data());
        cell.weakestDetail = static_cast<uint32_t>(out.weakest.size());
        out.weakest.push_back({weakest.layerResults(), weakest.blockingLayerNames()});
      }
      // One TG001 per ordered tenant pair; the cross-tenant flow list has every workload pair.
      const std::string subject = from + "->" + to;
      if (firstOpen) {
        const CrossTenantFlow& example = out.flows[*firstOpen];
        out.findings.push_back(makeFinding(
            "TG001",
            fmt::format("tenant {} can reach tenant {} ({} undeclared workload pair{}), e.g. {} => {} : {}{}", from, to,
                        cell.openFlows, cell.openFlows == 1 ? "" : "s", example.src, example.dst, example.conns.toString(),
                        example.authorization.empty() ? "" : " (authorization: " + example.authorization + ")"),
            firstOpenDst->meta, ""));
        out.findings.back().subject = subject;
      }
      if (cell.minBlockingLayers == 1 && cell.openFlows == 0) {
        std::string layer = weakest.blockingLayerNames().front();
        Finding f = makeFinding(
            "TG002",
            fmt::format("tenant {} → {} is blocked by the {} layer alone (e.g. {} => {})", from, to, layer,
                        weakestSrc->displayName(), weakestDst->displayName()),
            weakestDst->meta, "");
        f.subject = subject;
        out.findings.push_back(std::move(f));
      }
      out.matrix.push_back(std::move(cell));
    }
  }
  return out;
}

}  // namespace tg::verify
