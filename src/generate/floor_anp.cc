// The AdminNetworkPolicy floor (`--floor anp`): one ANP per tenant. ANPs are evaluated before any
// NetworkPolicy, so a tenant cannot override them. Declared flows are passed explicitly ahead of
// the deny (`Pass` hands them to the namespaces' NetworkPolicies, which still decide). The
// tenants' subjects are disjoint, so one priority for all of them never makes two ANPs compete
// for the same traffic.
#include <fmt/format.h>

#include "generate/parts.h"

namespace tg::generate {
namespace {

constexpr int kPriority = 20;

Json anpPorts(const std::vector<uint32_t>& ports) {
  Json out = Json::array();
  for (uint32_t p : ports) out.push_back(Json{{"portNumber", {{"protocol", "TCP"}, {"port", p}}}});
  return out;
}

Json anpPeer(const std::vector<std::string>& namespaces, const std::string& workload) {
  if (workload == "*") return Json{{"namespaces", namespaceNameSelector(namespaces)}};
  return Json{{"pods", {{"namespaceSelector", namespaceNameSelector(namespaces)}, {"podSelector", workloadPodSelector(workload)}}}};
}

Json passFlow(const ResolvedFlow& rf, bool ingress) {
  const tenant::Flow& f = *rf.flow;
  Json rule{{"name", rf.name}, {"action", "Pass"}};
  rule[ingress ? "from" : "to"] = Json::array({ingress ? anpPeer(rf.fromNamespaces, f.fromWorkload)
                                                       : anpPeer(rf.toNamespaces, f.toWorkload)});
  if (!f.ports.empty()) rule["ports"] = anpPorts(f.ports);
  return rule;
}

}  // namespace

void addAdminNetworkPolicyFloor(const tenant::Spec& spec, Bundle& b) {
  std::vector<ResolvedFlow> flows = resolveFlows(spec);
  for (const tenant::Tenant& t : spec.tenants) {
    Json ingress = Json::array(), egress = Json::array();
    for (const ResolvedFlow& rf : flows) {
      if (rf.flow->toTenant == t.name) ingress.push_back(passFlow(rf, true));
      if (rf.flow->fromTenant == t.name) egress.push_back(passFlow(rf, false));
    }
    std::vector<std::string> others = otherTenantNamespaces(spec, t);
    if (!others.empty()) {
      Json peers = Json::array({Json{{"namespaces", namespaceNameSelector(others)}}});
      ingress.push_back(Json{{"name", "deny-other-tenants"}, {"action", "Deny"}, {"from", peers}});
      egress.push_back(Json{{"name", "deny-other-tenants"}, {"action", "Deny"}, {"to", peers}});
    }
    Json anp = object("policy.networking.k8s.io/v1alpha1", "AdminNetworkPolicy", "tenantguard-tenant-" + t.name);
    Json spec_{{"priority", kPriority}, {"subject", {{"namespaces", namespaceNameSelector(t.namespaces)}}}};
    if (!ingress.empty()) spec_["ingress"] = ingress;
    if (!egress.empty()) spec_["egress"] = egress;
    anp["spec"] = spec_;
    b.add(std::move(anp));
  }
}

}  // namespace tg::generate
