#include "verify/boundaries.h"

#include <fmt/format.h>

#include <optional>

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

BoundaryAnalysis analyzeBoundaries(const LayerStack& layers, const tenant::Tenancy& tenancy) {
  BoundaryAnalysis out;
  auto byTenant = tenantWorkloads(layers.cluster(), tenancy);
  const tenant::Spec* spec = tenancy.spec;

  for (const auto& from : tenancy.tenants) {
    for (const auto& to : tenancy.tenants) {
      if (from == to) continue;
      TenantPair cell;
      cell.from = from;
      cell.to = to;
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
        cell.weakestSrc = weakestSrc->displayName();
        cell.weakestDst = weakestDst->displayName();
        cell.weakestLayers = weakest.layerResults();
        cell.weakestBlockedBy = weakest.blockingLayerNames();
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
