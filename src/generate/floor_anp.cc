// The AdminNetworkPolicy floor (`--floor anp`): one ANP per tenant denying the other tenants'
// namespaces. ANPs are evaluated before any NetworkPolicy, so a tenant cannot override them.
// The tenants' subjects are disjoint, so one priority for all of them never makes two ANPs
// compete for the same traffic.
//
// A declared flow is passed ahead of the deny by two ANPs of higher precedence whose subjects are
// exactly the flow's pods (an ANP rule cannot narrow its subject, and a tenant-wide pass would
// let every pod of the tenant receive the flow once its own NetworkPolicy allowed it). `Pass`
// hands the flow to the namespaces' NetworkPolicies, which still decide.
#include <fmt/format.h>

#include "generate/parts.h"

namespace tg::generate {
namespace {

constexpr const char* kAnp = "policy.networking.k8s.io/v1alpha1";
constexpr int kFlowPriority = 10;
constexpr int kTenantPriority = 20;

Json anpPorts(const std::vector<uint32_t>& ports) {
  Json out = Json::array();
  for (uint32_t p : ports) out.push_back(Json{{"portNumber", {{"protocol", "TCP"}, {"port", p}}}});
  return out;
}

// A subject or a peer: whole namespaces, or the pods of one workload in them.
Json pods(const std::vector<std::string>& namespaces, const std::string& workload) {
  if (workload == "*") return Json{{"namespaces", namespaceNameSelector(namespaces)}};
  return Json{{"pods", {{"namespaceSelector", namespaceNameSelector(namespaces)}, {"podSelector", workloadPodSelector(workload)}}}};
}

Json passFlow(const ResolvedFlow& rf, bool ingress) {
  const tenant::Flow& f = *rf.flow;
  Json rule{{"name", rf.name}, {"action", "Pass"}};
  rule[ingress ? "from" : "to"] =
      Json::array({ingress ? pods(rf.fromNamespaces, f.fromWorkload) : pods(rf.toNamespaces, f.toWorkload)});
  if (!f.ports.empty()) rule["ports"] = anpPorts(f.ports);
  Json anp = object(kAnp, "AdminNetworkPolicy", fmt::format("tenantguard-{}-{}", rf.name, ingress ? "ingress" : "egress"));
  anp["spec"] = Json{{"priority", kFlowPriority},
                     {"subject", ingress ? pods(rf.toNamespaces, f.toWorkload) : pods(rf.fromNamespaces, f.fromWorkload)},
                     {ingress ? "ingress" : "egress", Json::array({rule})}};
  return anp;
}

}  // namespace

void addAdminNetworkPolicyFloor(const tenant::Spec& spec, Bundle& b) {
  for (const ResolvedFlow& rf : resolveFlows(spec)) {
    b.add(passFlow(rf, true));
    b.add(passFlow(rf, false));
  }
  for (const tenant::Tenant& t : spec.tenants) {
    std::vector<std::string> others = otherTenantNamespaces(spec, t);
    if (others.empty()) continue;
    Json peers = Json::array({Json{{"namespaces", namespaceNameSelector(others)}}});
    Json anp = object(kAnp, "AdminNetworkPolicy", "tenantguard-tenant-" + t.name);
    anp["spec"] = Json{{"priority", kTenantPriority},
                       {"subject", {{"namespaces", namespaceNameSelector(t.namespaces)}}},
                       {"ingress", Json::array({Json{{"name", "deny-other-tenants"}, {"action", "Deny"}, {"from", peers}}})},
                       {"egress", Json::array({Json{{"name", "deny-other-tenants"}, {"action", "Deny"}, {"to", peers}}})}};
    b.add(std::move(anp));
  }
}

}  // namespace tg::generate
