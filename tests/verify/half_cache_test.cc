// The grouped engine (HalfCache, analyzeBoundaries, findLoadBearingObjects) against the
// straightforward one (support/pairwise_oracle.h) on random clusters: every matrix cell, every
// flow, every finding and every load-bearing object must be the same.
#include "verify/half_cache.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <random>
#include <tuple>

#include "load/loader.h"
#include "support/pairwise_oracle.h"
#include "tenant/tenancy.h"
#include "verify/what_if.h"

namespace tg::verify {
namespace {

// A random cluster of a few tenants: labels, service accounts, pod addresses, host-network pods,
// sidecars or not, and policies of every kind the grouping must see through — selectors that
// pick single pods, namespace selectors, ipBlocks, named ports, ANP floors with Pass and Allow,
// STRICT and port-level mTLS, authorization by namespace, principal (exact and prefix), ports.
//
// With `clones`, tenants are drawn from two streams by parity, so that t0, t2, t4 (and t1, t3, t5)
// are alike but for their names: most cells of a row are then alike (boundaries.cc works such
// cells out once).
class RandomCluster {
 public:
  explicit RandomCluster(unsigned seed, bool clones = false) : rnd_(seed), seed_(seed), clones_(clones) {}

  std::string yaml() {
    std::string out;
    int tenants = clones_ ? pick(4, 6) : pick(2, 4);
    out += ns("kube-system", "", false);
    out += pod("kube-system", "dns", "k8s-app: kube-dns", "default", false, "10.9.0.1");
    out += ns("istio-system", "", false);
    if (chance(0.5)) out += pa("istio-system", "mesh", "", chance(0.7) ? "STRICT" : "PERMISSIVE", "");
    if (chance(0.4)) out += ap("istio-system", "deny-all", "", "{}");
    for (int t = 0; t < tenants; ++t) {
      std::mt19937 main = rnd_;
      if (clones_) rnd_.seed(seed_ * 7919 + t % 2);
      // Peer kinds (pod addresses, host network) come from the main stream: alike tenants may
      // differ in them alone.
      std::mt19937& kinds = clones_ ? main : rnd_;
      int namespaces = pick(1, 2);
      for (int n = 0; n < namespaces; ++n) {
        std::string name = fmt::format("t{}-n{}", t, n);
        out += ns(name, fmt::format("t{}", t), chance(0.8));
        int workloads = pick(1, 4);
        for (int w = 0; w < workloads; ++w) {
          std::string labels = fmt::format("app: w{}\n        tier: {}", w, oneOf({"web", "api", "db"}));
          std::string sa = oneOf({"default", "api", fmt::format("w{}", w)});
          std::string ip = chance(kinds, 0.3) ? fmt::format("10.{}.{}.{}", t, n, w + 1) : "";
          out += pod(name, fmt::format("w{}", w), labels, sa, chance(kinds, 0.08), ip);
        }
        out += policies(name, t, tenants);
      }
      if (clones_) rnd_ = main;
    }
    if (chance(0.6)) out += floor(tenants);
    // Last, so that the draws above (and the clusters they make) stay as they were.
    if (chance(0.5)) out += profiles(tenants);
    if (chance(0.6)) out += expressionPolicies(tenants);
    return out;
  }

 private:
  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rnd_); }
  bool chance(double p) { return chance(rnd_, p); }
  static bool chance(std::mt19937& r, double p) { return std::bernoulli_distribution(p)(r); }
  std::string oneOf(std::vector<std::string> v) { return v[pick(0, static_cast<int>(v.size()) - 1)]; }

  static std::string ns(const std::string& name, const std::string& tenant, bool injected) {
    std::string labels;
    if (!tenant.empty()) labels += "\n    tenant: " + tenant;
    if (injected) labels += "\n    istio-injection: enabled";
    return fmt::format("---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: {}\n  labels:{}\n", name,
                       labels.empty() ? " {}" : labels);
  }

  static std::string pod(const std::string& ns, const std::string& name, const std::string& labels,
                         const std::string& sa, bool hostNetwork, const std::string& ip) {
    return fmt::format(R"(---
apiVersion: v1
kind: Pod
metadata:
  name: {}
  namespace: {}
  labels:
        {}
spec:
  serviceAccountName: {}
  hostNetwork: {}
  containers:
  - name: c
    ports:
    - {{name: http, containerPort: 8080}}
    - {{name: admin, containerPort: 9090}}
{})",
                       name, ns, labels, sa, hostNetwork ? "true" : "false",
                       ip.empty() ? "" : "status:\n  podIP: " + ip + "\n");
  }

  static std::string np(const std::string& ns, const std::string& name, const std::string& spec) {
    return fmt::format("---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: {}\n  namespace: {}\nspec:\n{}",
                       name, ns, spec);
  }

  static std::string pa(const std::string& ns, const std::string& name, const std::string& selector,
                        const std::string& mode, const std::string& extra) {
    return fmt::format("---\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: {}\n  namespace: {}\nspec:\n{}  mtls:\n    mode: {}\n{}",
                       name, ns, selector, mode, extra);
  }

  static std::string ap(const std::string& ns, const std::string& name, const std::string& action, const std::string& spec) {
    std::string body = spec == "{}" ? " {}\n" : "\n" + (action.empty() ? "" : "  action: " + action + "\n") + spec;
    return fmt::format("---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: {}\n  namespace: {}\nspec:{}",
                       name, ns, body);
  }

  std::string policies(const std::string& ns, int t, int tenants) {
    std::string out;
    if (chance(0.7)) out += np(ns, "default-deny", "  podSelector: {}\n  policyTypes: [Ingress, Egress]\n");
    if (chance(0.6)) out += np(ns, "same-ns", "  podSelector: {}\n  ingress:\n  - from:\n    - podSelector: {}\n  egress:\n  - to:\n    - podSelector: {}\n");
    if (chance(0.5))
      out += np(ns, "from-tier",
                fmt::format("  podSelector:\n    matchLabels: {{tier: {}}}\n  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels: {{tenant: t{}}}\n      podSelector:\n        matchLabels: {{tier: {}}}\n    ports:\n    - port: {}\n",
                            oneOf({"web", "api", "db"}), pick(0, tenants - 1), oneOf({"web", "api"}), oneOf({"8080", "http", "admin"})));
    if (chance(0.4))
      out += np(ns, "to-tenant",
                fmt::format("  podSelector: {{}}\n  policyTypes: [Egress]\n  egress:\n  - to:\n    - namespaceSelector:\n        matchLabels: {{tenant: t{}}}\n    ports:\n    - port: {}\n",
                            pick(0, tenants - 1), oneOf({"8080", "http", "9090"})));
    if (chance(0.3))
      out += np(ns, "ipblock",
                fmt::format("  podSelector: {{}}\n  ingress:\n  - from:\n    - ipBlock: {{cidr: 10.{}.0.0/16}}\n  egress:\n  - to:\n    - ipBlock: {{cidr: 10.0.0.0/8, except: [10.{}.0.0/16]}}\n",
                            pick(0, tenants - 1), pick(0, tenants - 1)));
    if (chance(0.2)) out += np(ns, "open", "  podSelector: {}\n  ingress:\n  - {}\n");
    if (chance(0.5)) out += pa(ns, "strict", "", oneOf({"STRICT", "PERMISSIVE", "UNSET"}), "");
    if (chance(0.3))
      out += pa(ns, "port", "  selector:\n    matchLabels: {tier: api}\n", "STRICT",
                "  portLevelMtls:\n    9090:\n      mode: PERMISSIVE\n");
    // Patterns that single out namespaces by name, prefix or suffix, or none of them.
    if (chance(0.6))
      out += ap(ns, "allow-own", "ALLOW",
                fmt::format("  rules:\n  - from:\n    - source:\n        namespaces: [\"{}\"]\n",
                            oneOf({ns, fmt::format("t{}*", pick(0, tenants - 1)), "*-n1", "*"})));
    if (chance(0.2))
      out += ap(ns, "allow-accounts", "ALLOW",
                fmt::format("  rules:\n  - from:\n    - source:\n        serviceAccounts: [\"{}\"]\n",
                            oneOf({fmt::format("t{}-n0/api", pick(0, tenants - 1)), fmt::format("t{}*", pick(0, tenants - 1)),
                                   "*/api"})));
    if (chance(0.4))
      out += ap(ns, "allow-peer", "ALLOW",
                fmt::format("  rules:\n  - from:\n    - source:\n        principals: [\"{}\"]\n    to:\n    - operation:\n        ports: [\"8080\"]\n",
                            oneOf({fmt::format("cluster.local/ns/t{}-n0/sa/api", pick(0, tenants - 1)),
                                   fmt::format("cluster.local/ns/t{}-n0/*", pick(0, tenants - 1)),
                                   fmt::format("cluster.local/ns/t{}*", pick(0, tenants - 1)), "cluster.local/*", "*"})));
    if (chance(0.3))
      out += ap(ns, "deny-others", "DENY",
                fmt::format("  rules:\n  - from:\n    - source:\n        notNamespaces: [{}]\n    to:\n    - operation:\n        methods: [POST]\n", ns));
    if (chance(0.2)) out += ap(ns, "deny-ip", "DENY", "  rules:\n  - from:\n    - source:\n        ipBlocks: [10.1.0.0/16]\n");
    (void)t;
    return out;
  }

  // Calico profiles for the first namespace of some tenants: they decide what no tier decided
  // for every pod there (Program::setProfiles), with labels that a profile rule selects.
  std::string profiles(int tenants) {
    std::string out;
    for (int t = 0; t < tenants; ++t) {
      if (chance(0.4)) continue;
      std::string rules = oneOf({"{}",
                                 fmt::format("{{ingress: [{{action: Allow, source: {{namespaceSelector: tenant == 't{}'}}}}], "
                                             "egress: [{{action: Deny, protocol: TCP, destination: {{ports: [9090]}}}}, "
                                             "{{action: Allow}}]}}",
                                             pick(0, tenants - 1)),
                                 "{labelsToApply: {profiled: 'yes'}, ingress: [{action: Allow, source: {selector: "
                                 "has(profiled)}}], egress: [{action: Allow}]}"});
      out += fmt::format("---\napiVersion: projectcalico.org/v3\nkind: Profile\nmetadata: {{name: kns.t{}-n0}}\nspec: {}\n",
                         t, rules);
    }
    return out;
  }

  // NetworkPolicies whose namespace selectors use every expression operator, which the label
  // index (selector/label_index.h) answers for all namespaces at once.
  std::string expressionPolicies(int tenants) {
    std::string out;
    for (int t = 0; t < tenants; ++t) {
      if (chance(0.5)) continue;
      auto expression = [&] {
        return oneOf({fmt::format("{{key: tenant, operator: In, values: [t{}, t{}]}}", pick(0, tenants - 1), pick(0, tenants - 1)),
                      fmt::format("{{key: tenant, operator: NotIn, values: [t{}]}}", pick(0, tenants - 1)),
                      "{key: istio-injection, operator: Exists}", "{key: istio-injection, operator: DoesNotExist}"});
      };
      out += np(fmt::format("t{}-n0", t), "by-expression",
                fmt::format("  podSelector: {{}}\n  ingress:\n  - from:\n    - namespaceSelector:\n        matchExpressions: [{}]\n"
                            "  egress:\n  - to:\n    - namespaceSelector:\n        matchExpressions: [{}, {}]\n      podSelector:\n"
                            "        matchLabels: {{tier: {}}}\n",
                            expression(), expression(), expression(), oneOf({"web", "api", "db"})));
    }
    return out;
  }

  std::string floor(int tenants) {
    std::string out;
    for (int t = 0; t < tenants; ++t) {
      if (chance(0.3)) continue;
      std::string action = oneOf({"Deny", "Deny", "Pass", "Allow"});
      out += fmt::format(R"(---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata:
  name: floor-t{0}
spec:
  priority: {1}
  subject:
    namespaces:
      matchLabels: {{tenant: t{0}}}
  ingress:
  - name: others
    action: {2}
    from:
    - namespaces:
        matchExpressions:
        - {{key: tenant, operator: Exists}}
        - {{key: tenant, operator: NotIn, values: [t{0}]}}
  egress:
  - name: others
    action: {2}
    to:
    - pods:
        namespaceSelector:
          matchExpressions:
          - {{key: tenant, operator: NotIn, values: [t{0}]}}
        podSelector:
          matchLabels: {{tier: {3}}}
    ports:
    - portNumber: {{protocol: TCP, port: 8080}}
)",
                         t, 10 + t, action, oneOf({"web", "api"}));
    }
    return out;
  }

  std::mt19937 rnd_;
  unsigned seed_;
  bool clones_;
};

// A cell with the names and detail it refers to in `a`.
std::string cellText(const BoundaryAnalysis& a, const TenantPair& c) {
  auto name = [&](uint32_t w) { return w == TenantPair::kNone ? std::string("-") : a.workloads.at(w); };
  std::string out = fmt::format("{}->{} open={} declared={} blocked={} min={} weakest={}=>{}", c.from, c.to, c.openFlows,
                                c.declaredFlows, c.blockedPairs, c.minBlockingLayers, name(c.weakestSrc), name(c.weakestDst));
  if (c.weakestDetail == TenantPair::kNone) return out;
  const WeakestPair& w = a.weakest.at(c.weakestDetail);
  out += fmt::format(" by={}", fmt::join(w.blockedBy, ","));
  for (const LayerResult& l : w.layers) out += fmt::format(" {}:{}:{}", l.layer, l.allowed.toString(), l.decidedBy.size());
  return out;
}

std::string flowText(const CrossTenantFlow& f) {
  std::string out = fmt::format("{} => {} : {} [{}] declared={}", f.src, f.dst, f.conns.toString(), f.authorization, f.declared);
  for (const LayerResult& l : f.layers) out += fmt::format(" {}:{}:{}", l.layer, l.allowed.toString(), l.decidedBy.size());
  return out;
}

TEST(HalfCache, GroupedEngineEqualsPairwiseOnRandomClusters) {
  size_t pairs = 0, evaluations = 0, loadBearing = 0, opened = 0, byProfile = 0, openings = 0;
  // Seeds past 60 make clusters of alike tenants.
  for (unsigned seed = 1; seed <= 90; ++seed) {
    RandomCluster gen(seed, seed > 60);
    std::string text = gen.yaml();
    load::Loader loader;
    loader.addText("random.yaml", text);
    load::LoadResult loaded = std::move(loader).finish();
    ASSERT_TRUE(loaded.diagnostics.empty()) << "seed " << seed << ": " << loaded.diagnostics.front().str();
    tenant::Tenancy tenancy = tenant::fromLabels(loaded.cluster, "tenant", "istio-system");

    LayerStack layers(loaded.cluster);
    PairwiseBoundaries oracle = pairwiseBoundaries(layers, tenancy);
    // Odd seeds on one worker, even seeds on two (each with layers and a cache of its own); every
    // third seed keeps at most one opening per source, so that what-if must also judge sources
    // whose openings are unknown (half_openings.h).
    Workers workers = makeWorkers(loaded.cluster, {}, seed % 2 ? 1 : 2);
    BoundaryOptions options;
    options.openingsLimit = seed % 3 ? HalfOpenings::kLimit : 1;
    BoundaryAnalysis grouped = analyzeBoundaries(workers, tenancy, options);
    for (const auto& w : workers) evaluations += w->halves.evaluations();

    ASSERT_EQ(grouped.matrix.size(), oracle.matrix.size()) << "seed " << seed;
    for (size_t i = 0; i < grouped.matrix.size(); ++i) {
      EXPECT_EQ(cellText(grouped, grouped.matrix[i]), cellText(oracle, oracle.matrix[i])) << "seed " << seed;
      pairs += grouped.matrix[i].blockedPairs + grouped.matrix[i].openFlows + grouped.matrix[i].declaredFlows;
    }
    // Every cross-tenant pair with a half open on its own is among the openings (what-if judges
    // only those), however its cell was worked out.
    const model::Workload* first = loaded.cluster.workloads.data();
    auto has = [](const std::vector<uint32_t>& v, uint32_t x) { return std::find(v.begin(), v.end(), x) != v.end(); };
    auto byTenant = tenantWorkloads(loaded.cluster, tenancy);
    for (const auto& [fromTenant, sources] : byTenant)
      for (const auto& [toTenant, destinations] : byTenant) {
        if (fromTenant == toTenant) continue;
        for (const model::Workload* s : sources)
          for (const model::Workload* d : destinations) {
            auto si = static_cast<uint32_t>(s - first), di = static_cast<uint32_t>(d - first);
            if (!analyzeEgress(layers, layers.endpoint(*s), layers.endpoint(*d)).allowed.empty()) {
              EXPECT_TRUE(has(grouped.openings.egressOpenTo(di), si) || has(grouped.openings.egressUnknown(), si))
                  << "seed " << seed << ": " << s->displayName() << " => " << d->displayName();
              ++openings;
            }
            IngressHalf i = analyzeIngress(layers, layers.endpoint(*s), layers.endpoint(*d));
            if (!i.network.intersect(i.mtls).intersect(i.authorization).empty()) {
              const std::vector<uint32_t>* known = grouped.openings.ingressOpenFrom(si);
              EXPECT_TRUE(!known || has(*known, di)) << "seed " << seed << ": " << s->displayName() << " => " << d->displayName();
              ++openings;
            }
          }
      }
    ASSERT_EQ(grouped.flows.size(), oracle.flows.size()) << "seed " << seed;
    for (size_t i = 0; i < grouped.flows.size(); ++i) {
      EXPECT_EQ(flowText(grouped.flows[i]), flowText(oracle.flows[i])) << "seed " << seed;
      for (const LayerResult& l : grouped.flows[i].layers)
        for (const layers::Ref& r : l.decidedBy) byProfile += r.kind == "Profile";
    }
    ASSERT_EQ(grouped.findings.size(), oracle.findings.size()) << "seed " << seed;
    for (size_t i = 0; i < grouped.findings.size(); ++i)
      EXPECT_EQ(grouped.findings[i].message, oracle.findings[i].message) << "seed " << seed;

    auto expected = pairwiseLoadBearing(loaded.cluster, tenancy, oracle, {});
    // Seeds 1, 4, 7, ... judge every object on both sides of some pair by the grouped walk.
    auto actual = findLoadBearingObjects(workers, tenancy, grouped, seed % 3 == 1 ? std::optional<size_t>(0) : std::nullopt);
    auto listed = [](const std::vector<LoadBearingObject>& objects) {
      std::string out;
      for (const auto& o : objects)
        out += fmt::format("{}/{}/{}:\n  {}\n", o.object.kind, o.object.ns, o.object.name, fmt::join(o.opens, "\n  "));
      return out;
    };
    EXPECT_EQ(listed(actual), listed(expected)) << "seed " << seed;
    for (const auto& o : actual) opened += o.opens.size();
    loadBearing += actual.size();
  }
  // The random clusters must exercise what they are for: blocked and open pairs, load-bearing
  // objects, and halves shared between pairs.
  EXPECT_GT(loadBearing, 10u);
  EXPECT_GT(opened, 10u);
  EXPECT_GT(byProfile, 10u);
  EXPECT_GT(openings, 100u);
  EXPECT_LT(evaluations, 2 * pairs);
}

// Without the weakest pairs' layers (what every format but HTML asks for) the cells are the same
// numbers, the findings the same, and no cell refers to a detail.
TEST(HalfCache, CellsWithoutWeakestLayersAreTheSameNumbers) {
  size_t cells = 0;
  for (unsigned seed = 1; seed <= 10; ++seed) {
    RandomCluster gen(seed);
    load::Loader loader;
    loader.addText("random.yaml", gen.yaml());
    load::LoadResult loaded = std::move(loader).finish();
    tenant::Tenancy tenancy = tenant::fromLabels(loaded.cluster, "tenant", "istio-system");
    Workers workers = makeWorkers(loaded.cluster, {}, 1);
    BoundaryAnalysis full = analyzeBoundaries(workers, tenancy);
    BoundaryOptions bare;
    bare.weakestLayers = false;
    BoundaryAnalysis plain = analyzeBoundaries(makeWorkers(loaded.cluster, {}, 1), tenancy, bare);
    EXPECT_TRUE(plain.weakest.empty());
    ASSERT_EQ(plain.matrix.size(), full.matrix.size());
    for (size_t i = 0; i < full.matrix.size(); ++i) {
      const TenantPair &a = full.matrix[i], &b = plain.matrix[i];
      EXPECT_EQ(b.weakestDetail, TenantPair::kNone);
      EXPECT_EQ(std::tie(a.from, a.to, a.openFlows, a.declaredFlows, a.blockedPairs, a.minBlockingLayers, a.weakestSrc, a.weakestDst),
                std::tie(b.from, b.to, b.openFlows, b.declaredFlows, b.blockedPairs, b.minBlockingLayers, b.weakestSrc, b.weakestDst))
          << "seed " << seed << " cell " << i;
      cells += a.weakestDetail != TenantPair::kNone;
    }
    ASSERT_EQ(plain.findings.size(), full.findings.size());
    for (size_t i = 0; i < full.findings.size(); ++i) EXPECT_EQ(plain.findings[i].message, full.findings[i].message);
  }
  EXPECT_GT(cells, 0u);  // the full analysis did keep details to leave out
}

}  // namespace
}  // namespace tg::verify
