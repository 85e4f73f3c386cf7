#include "verify/what_if.h"

#include <fmt/format.h>

#include <set>

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

}  // namespace

bool withoutObject(const model::Cluster& cluster, const std::string& kind, const std::string& ns, const std::string& name,
                   model::Cluster& out) {
  out = cluster;
  bool removed = false;
  if (kind == "NetworkPolicy") removed = eraseObject(out.networkPolicies, kind, ns, name);
  else if (kind == "AdminNetworkPolicy" || kind == "BaselineAdminNetworkPolicy")
    removed = eraseObject(out.adminNetworkPolicies, kind, ns, name);
  else if (kind == "PeerAuthentication") removed = eraseObject(out.peerAuthentications, kind, ns, name);
  else if (kind == "AuthorizationPolicy") removed = eraseObject(out.authorizationPolicies, kind, ns, name);
  if (removed) out.finalize();
  return removed;
}

std::vector<LoadBearingObject> findLoadBearingObjects(const model::Cluster& cluster, const tenant::Tenancy& tenancy,
                                                      const BoundaryAnalysis& boundaries,
                                                      const layers::mesh::MeshOptions& mesh) {
  // Candidate objects, each with the blocked pairs it helps to block.
  struct Candidate {
    layers::Ref ref;
    std::vector<const BlockedWorkloadPair*> pairs;
  };
  std::map<std::tuple<std::string, std::string, std::string>, Candidate> candidates;
  for (const BlockedWorkloadPair& p : boundaries.blocked)
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
    for (const BlockedWorkloadPair* p : cand.pairs) {
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

std::vector<Finding> findMissingFloors(const model::Cluster& cluster, const tenant::Tenancy& tenancy) {
  // Every tenant namespace gets the worst NetworkPolicy a tenant could write: allow everything.
  model::Cluster opened = cluster;
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
  opened.finalize();
  layers::network::NetworkLayer network(opened);
  auto byTenant = tenantWorkloads(opened, tenancy);

  std::vector<Finding> out;
  for (const auto& from : tenancy.tenants) {
    std::set<std::string> reached;
    for (const auto& to : tenancy.tenants) {
      if (from == to) continue;
      for (const model::Workload* s : byTenant[from]) {
        for (const model::Workload* d : byTenant[to]) {
          auto src = layers::Endpoint::ofWorkload(*s, opened.findNamespace(s->meta.ns));
          auto dst = layers::Endpoint::ofWorkload(*d, opened.findNamespace(d->meta.ns));
          // A declared flow is meant to cross the floor: only undeclared connections count.
          net::ConnectionSet conns = network.allowed(src, dst);
          if (!conns.empty() && !isDeclaredFlow(tenancy.spec, from, *s, to, *d, conns)) reached.insert(to);
          if (reached.count(to)) break;
        }
        if (reached.count(to)) break;
      }
    }
    if (reached.empty()) continue;
    const model::Namespace* ns = nullptr;
    for (const auto& n : tenancy.namespacesOf(from))
      if ((ns = cluster.findNamespace(n))) break;
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
