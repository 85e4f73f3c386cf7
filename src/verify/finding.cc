#include "verify/finding.h"

namespace tg::verify {

const char* severityName(Severity s) {
  switch (s) {
    case Severity::Info: return "info";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "?";
}

const std::vector<Rule>& catalogue() {
  static const std::vector<Rule> rules = {
      {"TG001", Severity::Error, "Cross-tenant flow allowed that the spec does not declare",
       "Block the flow in at least two layers (NetworkPolicy/Calico and AuthorizationPolicy), or declare it under spec.flows."},
      {"TG002", Severity::Warning, "Cross-tenant pair blocked by only one independent layer",
       "Add a second layer: a default-deny NetworkPolicy or Calico floor, STRICT mTLS, or a deny-by-default AuthorizationPolicy."},
      {"TG003", Severity::Warning, "Load-bearing object: deleting it alone opens a cross-tenant flow",
       "Back the object up with an independent control in another layer so one deletion cannot break isolation."},
      {"TG010", Severity::Error, "Tenant namespace without default-deny ingress",
       "Add a NetworkPolicy with podSelector: {} and policyTypes: [Ingress] in the namespace."},
      {"TG011", Severity::Error, "Tenant namespace without default-deny egress",
       "Add a NetworkPolicy with podSelector: {} and policyTypes: [Egress] in the namespace."},
      {"TG012", Severity::Warning, "No cluster-scoped floor between tenants",
       "Add a Calico GlobalNetworkPolicy or an AdminNetworkPolicy that denies traffic between tenant namespaces."},
      {"TG013", Severity::Error, "Default-tier Calico Pass (order < 1000) skips a tenant's NetworkPolicies",
       "Move the policy to its own tier or give it an order above 1000, or use Allow/Deny instead of Pass."},
      {"TG020", Severity::Error, "Effective mTLS of a tenant workload is not STRICT",
       "Apply a PeerAuthentication with mtls.mode: STRICT in the root namespace or the tenant namespace."},
      {"TG021", Severity::Warning, "Tenant workload outside the mesh",
       "Label the namespace istio-injection=enabled (or use ambient) and restart the workload."},
      {"TG022", Severity::Error, "DENY on identity fields that plaintext bypasses",
       "Make mTLS STRICT where the policy applies, or deny with notPrincipals: [\"*\"] to refuse plaintext."},
      {"TG023", Severity::Warning, "HTTP-only fields on a TCP port",
       "Name the Service port with an http/grpc prefix or set appProtocol, or drop the HTTP-only fields."},
      {"TG024", Severity::Warning, "Condition that can never change the outcome",
       "Remove the dead condition or fix it to express the intended restriction."},
      {"TG025", Severity::Error, "Tenant identity header that a client can forge",
       "Remove the incoming header and set it from the peer certificate's URI SAN (replace(), not add()), or use an external authorizer."},
      {"TG026", Severity::Warning, "Policy that selects nothing, or names a namespace or principal that does not exist",
       "Fix the selector or names so the policy applies to what it was written for."},
      {"TG030", Severity::Error, "Template placeholder inside a selector",
       "Selectors are not templates: write one policy per tenant with the literal tenant name."},
      {"TG031", Severity::Warning, "namespaceSelector on a label a tenant can set",
       "Select namespaces by kubernetes.io/metadata.name, which nobody can change."},
      {"TG032", Severity::Warning, "DNS allow rule that selects k8s-app: kube-dns in any namespace",
       "Add namespaceSelector kubernetes.io/metadata.name: kube-system to the same peer."},
      {"TG040", Severity::Warning, "Service account token mounted automatically in a tenant workload",
       "Set automountServiceAccountToken: false on the ServiceAccount or the pod spec."},
      {"TG041", Severity::Warning, "Tenant namespace without ResourceQuota",
       "Add a ResourceQuota to the namespace."},
      {"TG042", Severity::Warning, "Tenant namespace without LimitRange",
       "Add a LimitRange to the namespace."},
      {"TG043", Severity::Warning, "NodePort/LoadBalancer service or hostNetwork pod in a tenant namespace",
       "Expose tenant services through the shared ingress gateway; do not run tenant pods on the host network."},
      {"TG050", Severity::Error, "Shared service reachable beyond its declared tenants, ports, methods or paths",
       "Restrict the shared service's AuthorizationPolicy and network policy to what the spec declares."},
      {"TG090", Severity::Info, "Construct not modelled; reachability assumed",
       "tenantguard assumed the more permissive outcome here; check this construct by hand."},
  };
  return rules;
}

const Rule* findRule(std::string_view id) {
  for (const Rule& r : catalogue())
    if (r.id == id) return &r;
  return nullptr;
}

Finding makeFinding(std::string_view id, std::string message, const model::ObjectMeta& meta, std::string hint) {
  const Rule* rule = findRule(id);
  Finding f;
  f.id = std::string(id);
  f.severity = rule ? rule->severity : Severity::Warning;
  f.message = std::move(message);
  f.object = {meta.kind, meta.ns, meta.name};
  f.where = meta.where;
  f.hint = hint.empty() && rule ? std::string(rule->help) : std::move(hint);
  return f;
}

}  // namespace tg::verify
