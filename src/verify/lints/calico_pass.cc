// TG013: Kubernetes NetworkPolicies are evaluated as Calico policies of tier `default` at order
// 1000. A `Pass` from a default-tier Calico policy ordered before them jumps to the next tier —
// and when no later tier applies, to the namespace profile, which allows. Traffic a tenant's
// default-deny should have stopped is then let through without the tenant's policies ever
// being consulted.
#include <fmt/format.h>

#include <set>

#include "layers/network/calico_policy.h"
#include "verify/lints/lint_context.h"

namespace tg::verify::lints {
namespace {

constexpr double kNetworkPolicyOrder = 1000;

// Labels with the object's name under Calico's name key, as `namespaceSelector` and
// `serviceAccountSelector` see them.
model::Labels calicoNamed(const model::Labels* labels, const std::string& name) {
  model::Labels out = labels ? *labels : model::Labels{};
  out[selector::calico::kNamespaceNameKey] = name;
  return out;
}

// Whether `p` applies to the pods of `w` (its selection, not its rules).
bool selects(const model::Cluster& c, const model::CalicoPolicy& p, const model::Workload& w) {
  if (p.hostEndpointsOnly || w.hostNetwork) return false;
  if (!p.global && w.meta.ns != p.meta.ns) return false;
  const model::Namespace* ns = c.findNamespace(w.meta.ns);
  const model::ServiceAccount* sa = c.findServiceAccount(w.meta.ns, w.serviceAccount);
  if (!p.selector.matches(layers::network::calicoPodLabels(w, ns, sa, c.calico))) return false;
  if (p.namespaceSelector && !p.namespaceSelector->matches(calicoNamed(ns ? &ns->meta.labels : nullptr, w.meta.ns)))
    return false;
  if (p.serviceAccountSelector &&
      !p.serviceAccountSelector->matches(calicoNamed(sa ? &sa->meta.labels : nullptr, w.serviceAccount)))
    return false;
  return true;
}

const model::CalicoRule* firstPass(const std::vector<model::CalicoRule>& rules) {
  for (const auto& r : rules)
    if (r.action == model::CalicoAction::Pass) return &r;
  return nullptr;
}

}  // namespace

void lintCalicoPass(const LintContext& ctx, std::vector<Finding>& out) {
  for (const model::CalicoPolicy& p : ctx.cluster.calico.policies) {
    if (p.tier != layers::network::kDefaultTier || !p.order || *p.order >= kNetworkPolicyOrder) continue;
    const model::CalicoRule* pass = nullptr;
    std::vector<std::string> directions;
    if (p.ingress)
      if (const auto* r = firstPass(p.ingressRules)) {
        pass = r;
        directions.push_back("ingress");
      }
    if (p.egress)
      if (const auto* r = firstPass(p.egressRules)) {
        if (!pass) pass = r;
        directions.push_back("egress");
      }
    if (!pass) continue;
    std::set<std::string> tenantNamespaces;
    for (const model::Workload& w : ctx.cluster.workloads)
      if (ctx.isTenantNamespace(w.meta.ns) && selects(ctx.cluster, p, w)) tenantNamespaces.insert(w.meta.ns);
    if (tenantNamespaces.empty()) continue;
    out.push_back(makeFinding(
        "TG013",
        fmt::format("Calico {} {} (tier default, order {}) passes {} traffic of tenant namespace(s) {} before their "
                    "NetworkPolicies (order 1000) are evaluated: passed traffic skips them and falls through to the "
                    "allow-all profile unless a later tier decides it",
                    p.meta.kind, p.meta.qualifiedName(), *p.order, fmt::join(directions, "/"),
                    fmt::join(tenantNamespaces, ", ")),
        at(p.meta, pass->line), ""));
  }
}

}  // namespace tg::verify::lints
