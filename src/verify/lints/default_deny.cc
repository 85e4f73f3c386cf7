// TG010/TG011: a tenant namespace must isolate every pod in both directions by its own
// NetworkPolicy, so no new workload is ever exposed by default.
#include <fmt/format.h>

#include "verify/lints/lint_context.h"

namespace tg::verify::lints {
namespace {

// A rule that lets everything in (or out): no peers and no ports.
bool allowsEverything(const model::NetworkPolicyRule& r) { return r.peers.empty() && r.ports.empty(); }

bool isDefaultDeny(const model::NetworkPolicy& np, bool ingress) {
  if (!np.podSelector.empty()) return false;
  if (ingress ? !np.ingressIsolation : !np.egressIsolation) return false;
  for (const auto& r : ingress ? np.ingress : np.egress)
    if (allowsEverything(r)) return false;
  return true;
}

}  // namespace

void lintDefaultDeny(const LintContext& ctx, std::vector<Finding>& out) {
  for (const model::Namespace& ns : ctx.cluster.namespaces) {
    if (!ctx.isTenantNamespace(ns.meta.name)) continue;
    bool ingress = false, egress = false;
    for (const model::NetworkPolicy& np : ctx.cluster.networkPolicies) {
      if (np.meta.ns != ns.meta.name) continue;
      ingress = ingress || isDefaultDeny(np, true);
      egress = egress || isDefaultDeny(np, false);
    }
    if (!ingress)
      out.push_back(makeFinding("TG010", fmt::format("tenant namespace {} has no default-deny ingress NetworkPolicy", ns.meta.name),
                                ns.meta, ""));
    if (!egress)
      out.push_back(makeFinding("TG011", fmt::format("tenant namespace {} has no default-deny egress NetworkPolicy", ns.meta.name),
                                ns.meta, ""));
  }
}

}  // namespace tg::verify::lints
