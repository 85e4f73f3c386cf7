// The Calico floor: one GlobalNetworkPolicy per tenant in a tier ordered before the default tier,
// where Kubernetes NetworkPolicies live. A tenant's own NetworkPolicy (even allow-all) is only
// reached through this tier's final `Pass`, and traffic to or from another tenant is denied
// before that. Declared flows are passed explicitly ahead of the deny, so the namespaces'
// NetworkPolicies still decide them. Shared services are no tenant's namespace: the deny does not
// cover them and the tenant NetworkPolicies decide.
//
// One policy per tenant, each naming the others: Calico selectors have no templating, so the
// reference article's `tenant == "${tenant}"` matches a tenant literally called `${tenant}`.
#include <fmt/format.h>

#include "generate/parts.h"

namespace tg::generate {
namespace {

constexpr const char* kTier = "tenantguard";
constexpr const char* kCalico = "projectcalico.org/v3";

std::string namespacesIn(const std::vector<std::string>& namespaces) {
  std::string list;
  for (const auto& ns : namespaces) list += (list.empty() ? "\"" : ", \"") + ns + "\"";
  return fmt::format("kubernetes.io/metadata.name in {{{}}}", list);
}

std::string workloadSelector(const std::string& workload) {
  return workload == "*" ? "all()" : fmt::format("app == \"{}\"", workload);
}

Json calicoPorts(const std::vector<uint32_t>& ports) {
  Json out = Json::array();
  for (uint32_t p : ports) out.push_back(p);
  return out;
}

// Pass for a declared flow: `peer` is the other tenant's side, `local` this tenant's workload.
Json passFlow(const ResolvedFlow& rf, bool ingress) {
  const tenant::Flow& f = *rf.flow;
  Json remote{{"namespaceSelector", namespacesIn(ingress ? rf.fromNamespaces : rf.toNamespaces)},
              {"selector", workloadSelector(ingress ? f.fromWorkload : f.toWorkload)}};
  Json rule{{"action", "Pass"}};
  if (!f.ports.empty()) rule["protocol"] = "TCP";
  Json local{{"selector", workloadSelector(ingress ? f.toWorkload : f.fromWorkload)}};
  Json& destination = ingress ? local : remote;
  if (!f.ports.empty()) destination["ports"] = calicoPorts(f.ports);
  rule["source"] = ingress ? remote : local;
  rule["destination"] = destination;
  return rule;
}

}  // namespace

void addCalicoFloor(const tenant::Spec& spec, Bundle& b) {
  Json tier = object(kCalico, "Tier", kTier);
  tier["spec"] = Json{{"order", 100}};
  b.add(std::move(tier));

  std::vector<ResolvedFlow> flows = resolveFlows(spec);
  for (const tenant::Tenant& t : spec.tenants) {
    Json ingress = Json::array(), egress = Json::array();
    for (const ResolvedFlow& rf : flows) {
      if (rf.flow->toTenant == t.name) ingress.push_back(passFlow(rf, true));
      if (rf.flow->fromTenant == t.name) egress.push_back(passFlow(rf, false));
    }
    std::vector<std::string> others = otherTenantNamespaces(spec, t);
    if (!others.empty()) {
      ingress.push_back(Json{{"action", "Deny"}, {"source", {{"namespaceSelector", namespacesIn(others)}}}});
      egress.push_back(Json{{"action", "Deny"}, {"destination", {{"namespaceSelector", namespacesIn(others)}}}});
    }
    // Everything else goes on to the tenant's NetworkPolicies (default tier).
    ingress.push_back(Json{{"action", "Pass"}});
    egress.push_back(Json{{"action", "Pass"}});

    Json gnp = object(kCalico, "GlobalNetworkPolicy", fmt::format("{}.tenant-{}", kTier, t.name));
    gnp["spec"] = Json{{"tier", kTier},
                       {"order", 100},
                       {"namespaceSelector", namespacesIn(t.namespaces)},
                       {"selector", "all()"},
                       {"types", Json::array({"Ingress", "Egress"})},
                       {"ingress", ingress},
                       {"egress", egress}};
    b.add(std::move(gnp));
  }
}

}  // namespace tg::generate
