// TG031: selecting namespaces by a label other than the immutable kubernetes.io/metadata.name
// lets whoever can label a namespace join the selection.
// TG032: a DNS allow rule that picks `k8s-app: kube-dns` pods in any namespace also admits a
// tenant's own pod labelled k8s-app: kube-dns, which then receives every DNS query.
#include <fmt/format.h>

#include "verify/lints/lint_context.h"

namespace tg::verify::lints {
namespace {

bool pinsNamespaceByName(const selector::LabelSelector& s) {
  if (s.matchLabels().count(model::kNamespaceNameLabel)) return true;
  for (const auto& r : s.expressions())
    if (r.key == model::kNamespaceNameLabel && r.op == selector::Requirement::Op::In) return true;
  return false;
}

std::vector<std::string> mutableKeys(const selector::LabelSelector& s) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : s.matchLabels())
    if (k != model::kNamespaceNameLabel) keys.push_back(k);
  for (const auto& r : s.expressions())
    if (r.key != model::kNamespaceNameLabel) keys.push_back(r.key);
  return keys;
}

bool selectsKubeDns(const selector::LabelSelector& s) {
  auto it = s.matchLabels().find("k8s-app");
  return it != s.matchLabels().end() && it->second == "kube-dns";
}

}  // namespace

void lintNetworkPolicySelectors(const LintContext& ctx, std::vector<Finding>& out) {
  for (const model::NetworkPolicy& np : ctx.cluster.networkPolicies) {
    if (!ctx.isTenantNamespace(np.meta.ns)) continue;
    for (const auto* rules : {&np.ingress, &np.egress}) {
      for (const auto& rule : *rules) {
        for (const auto& peer : rule.peers) {
          if (!peer.namespaceSelector) continue;
          std::vector<std::string> keys = mutableKeys(*peer.namespaceSelector);
          if (!keys.empty() && !pinsNamespaceByName(*peer.namespaceSelector))
            out.push_back(makeFinding(
                "TG031",
                fmt::format("NetworkPolicy {}/{} selects namespaces by label `{}`, which anyone who can label a namespace can set",
                            np.meta.ns, np.meta.name, keys.front()),
                at(np.meta, peer.line), ""));
          if (rules == &np.egress && peer.podSelector && selectsKubeDns(*peer.podSelector) &&
              !pinsNamespaceByName(*peer.namespaceSelector))
            out.push_back(makeFinding(
                "TG032",
                fmt::format("NetworkPolicy {}/{} allows DNS to pods labelled k8s-app: kube-dns in any namespace",
                            np.meta.ns, np.meta.name),
                at(np.meta, peer.line), ""));
        }
      }
    }
  }
}

}  // namespace tg::verify::lints
