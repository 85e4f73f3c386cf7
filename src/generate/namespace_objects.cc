// What every tenant namespace gets before any workload runs in it: the namespace itself, its
// NetworkPolicies (default deny, then only what the tenant needs), and resource isolation.
#include <fmt/format.h>

#include "generate/parts.h"

namespace tg::generate {
namespace {

const char* kNetworkPolicy = "networking.k8s.io/v1";

Json ports(const char* protocol, const std::vector<uint32_t>& numbers) {
  Json out = Json::array();
  for (uint32_t p : numbers) out.push_back(Json{{"protocol", protocol}, {"port", p}});
  return out;
}

Json networkPolicy(const std::string& name, const std::string& ns, Json podSelector, const char* direction, Json rule) {
  Json np = object(kNetworkPolicy, "NetworkPolicy", name, ns);
  Json spec{{"podSelector", std::move(podSelector)}, {"policyTypes", Json::array({direction})}};
  spec[direction == std::string("Ingress") ? "ingress" : "egress"] = Json::array({std::move(rule)});
  np["spec"] = std::move(spec);
  return np;
}

// A rule's peer list under `from`/`to`, with its ports when it has any (none: every port).
Json peerRule(const char* peersKey, Json peers, Json rulePorts) {
  Json rule{{peersKey, std::move(peers)}};
  if (!rulePorts.empty()) rule["ports"] = std::move(rulePorts);
  return rule;
}

Json peer(const std::vector<std::string>& namespaces, Json podSelector) {
  Json p{{"namespaceSelector", namespaceNameSelector(namespaces)}};
  if (!podSelector.empty()) p["podSelector"] = std::move(podSelector);
  return p;
}

// Tenant admins run their applications; the isolation objects (NetworkPolicies, Istio policies,
// quotas, limits, RBAC) are not in the list, so an admin cannot undo them.
Json adminRules() {
  Json verbs = Json::array({"get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"});
  return Json::array({
      Json{{"apiGroups", Json::array({""})},
           {"resources", Json::array({"pods", "pods/log", "pods/exec", "pods/portforward", "services", "endpoints",
                                      "configmaps", "secrets", "persistentvolumeclaims", "serviceaccounts", "events"})},
           {"verbs", verbs}},
      Json{{"apiGroups", Json::array({"apps"})},
           {"resources", Json::array({"deployments", "statefulsets", "replicasets"})},
           {"verbs", verbs}},
      Json{{"apiGroups", Json::array({"batch"})}, {"resources", Json::array({"jobs", "cronjobs"})}, {"verbs", verbs}},
      Json{{"apiGroups", Json::array({"autoscaling"})}, {"resources", Json::array({"horizontalpodautoscalers"})}, {"verbs", verbs}},
      Json{{"apiGroups", Json::array({"policy"})}, {"resources", Json::array({"poddisruptionbudgets"})}, {"verbs", verbs}},
  });
}

Json subject(const std::string& entry) {
  Admin a = parseAdmin(entry);
  return Json{{"kind", a.group ? "Group" : "User"}, {"apiGroup", "rbac.authorization.k8s.io"}, {"name", a.name}};
}

}  // namespace

void addTenantNamespace(const tenant::Tenant& tenant, const std::string& ns, Bundle& b) {
  Json n = object("v1", "Namespace", ns);
  n["metadata"]["labels"] = Json{{"tenant", tenant.name}, {"istio-injection", "enabled"}};
  b.add(std::move(n));
}

void addSharedServiceNamespaces(const tenant::Spec& spec, Bundle& b) {
  for (const auto& ns : sharedServiceNamespaces(spec)) {
    Json n = object("v1", "Namespace", ns);
    n["metadata"]["labels"] = Json{{"istio-injection", "enabled"}};
    b.add(std::move(n));
  }
}

void addNamespaceNetworkPolicies(const tenant::Spec& spec, const tenant::Tenant& tenant, const std::string& ns, Bundle& b) {
  Json deny = object(kNetworkPolicy, "NetworkPolicy", "default-deny", ns);
  deny["spec"] = Json{{"podSelector", Json::object()}, {"policyTypes", Json::array({"Ingress", "Egress"})}};
  b.add(std::move(deny));

  // DNS over UDP and TCP (large answers fall back to TCP), only to kube-dns in kube-system: a
  // `k8s-app: kube-dns` selector in any namespace would let a tenant impersonate DNS.
  Json dnsPorts = ports("UDP", {53});
  dnsPorts.push_back(Json{{"protocol", "TCP"}, {"port", 53}});
  b.add(networkPolicy("allow-dns", ns, Json::object(), "Egress",
                      peerRule("to", Json::array({peer({"kube-system"}, matchLabels({{"k8s-app", "kube-dns"}}))}), dnsPorts)));

  if (spec.apiServer)
    b.add(networkPolicy("allow-api-server", ns, Json::object(), "Egress",
                        peerRule("to", Json::array({Json{{"ipBlock", {{"cidr", spec.apiServer->cidr}}}}}),
                                 ports("TCP", {spec.apiServer->port}))));

  Json same = object(kNetworkPolicy, "NetworkPolicy", "allow-same-tenant", ns);
  Json tenantPeers = Json::array({peer(tenant.namespaces, Json::object())});
  same["spec"] = Json{{"podSelector", Json::object()},
                      {"policyTypes", Json::array({"Ingress", "Egress"})},
                      {"ingress", Json::array({peerRule("from", tenantPeers, Json::array())})},
                      {"egress", Json::array({peerRule("to", tenantPeers, Json::array())})}};
  b.add(std::move(same));

  for (const auto& s : spec.sharedServices)
    if (mayCall(s, tenant.name))
      b.add(networkPolicy("allow-shared-" + s.name, ns, Json::object(), "Egress",
                          peerRule("to", Json::array({peer({s.ns}, matchLabels(s.selector))}), ports("TCP", s.ports))));

  for (const ResolvedFlow& rf : resolveFlows(spec)) {
    const tenant::Flow& f = *rf.flow;
    if (f.fromTenant == tenant.name)
      b.add(networkPolicy(rf.name + "-egress", ns, workloadPodSelector(f.fromWorkload), "Egress",
                          peerRule("to", Json::array({peer(rf.toNamespaces, workloadPodSelector(f.toWorkload))}),
                                   ports("TCP", f.ports))));
    if (f.toTenant == tenant.name)
      b.add(networkPolicy(rf.name + "-ingress", ns, workloadPodSelector(f.toWorkload), "Ingress",
                          peerRule("from", Json::array({peer(rf.fromNamespaces, workloadPodSelector(f.fromWorkload))}),
                                   ports("TCP", f.ports))));
  }
}

void addNamespaceResources(const tenant::Tenant& tenant, const std::string& ns, Bundle& b) {
  // Pods of the namespace get no API token unless they ask for one.
  Json sa = object("v1", "ServiceAccount", "default", ns);
  sa["automountServiceAccountToken"] = false;
  b.add(std::move(sa));

  // The tenant's quota holds for each of its namespaces; without one in the spec, a default
  // still bounds what a tenant can take from its neighbours.
  tenant::Quota q = tenant.quota.value_or(tenant::Quota{"10", "32Gi", "100"});
  Json hard = Json::object();
  if (!q.cpu.empty()) hard["requests.cpu"] = q.cpu;
  if (!q.memory.empty()) hard["requests.memory"] = q.memory;
  if (!q.pods.empty()) hard["pods"] = q.pods;
  Json quota = object("v1", "ResourceQuota", "tenant-quota", ns);
  quota["spec"] = Json{{"hard", hard}};
  b.add(std::move(quota));

  // Defaults, so that pods without requests still schedule under the quota.
  Json limits = object("v1", "LimitRange", "tenant-limits", ns);
  limits["spec"] = Json{{"limits", Json::array({Json{{"type", "Container"},
                                                     {"default", {{"cpu", "500m"}, {"memory", "512Mi"}}},
                                                     {"defaultRequest", {{"cpu", "100m"}, {"memory", "128Mi"}}}}})}};
  b.add(std::move(limits));

  if (tenant.admins.empty()) return;
  Json role = object("rbac.authorization.k8s.io/v1", "Role", "tenant-admin", ns);
  role["rules"] = adminRules();
  b.add(std::move(role));
  Json binding = object("rbac.authorization.k8s.io/v1", "RoleBinding", "tenant-admin", ns);
  Json subjects = Json::array();
  for (const auto& a : tenant.admins) subjects.push_back(subject(a));
  binding["subjects"] = subjects;
  binding["roleRef"] = Json{{"apiGroup", "rbac.authorization.k8s.io"}, {"kind", "Role"}, {"name", "tenant-admin"}};
  b.add(std::move(binding));
}

}  // namespace tg::generate
