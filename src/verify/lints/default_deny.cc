// TG010/TG011: a tenant namespace must isolate every pod in both directions by its own
// NetworkPolicy, so no new workload is ever exposed by default.
#include <fmt/format.h>

#include <string_view>
#include <unordered_map>

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
  struct DefaultDeny {
    bool ingress = false, egress = false;
  };
  std::unordered_map<std::string_view, DefaultDeny> byNamespace;
  for (const model::NetworkPolicy& np : ctx.cluster.networkPolicies) {
    DefaultDeny& d = byNamespace[np.meta.ns];
    d.ingress = d.ingress || isDefaultDeny(np, true);
    d.egress = d.egress || isDefaultDeny(np, false);
  }
  for (const model::Namespace& ns : ctx.cluster.namespaces) {
    if (!ctx.isTenantNamespace(ns.meta.name)) continue;
    auto it = byNamespace.find(ns.meta.name);
    const bool ingress = it != byNamespace.end() && it->second.ingress;
    const bool egress = it != byNamespace.end() && it->second.egress;
    if (!ingress)
      out.push_back(makeFinding("TG010", fmt::format("tenant namespace {} has no default-deny ingress NetworkPolicy", ns.meta.name),
                                ns.meta, ""));
    if (!egress)
      out.push_back(makeFinding("TG011", fmt::format("tenant namespace {} has no default-deny egress NetworkPolicy", ns.meta.name),
                                ns.meta, ""));
  }
}

}  // namespace tg::verify::lints
