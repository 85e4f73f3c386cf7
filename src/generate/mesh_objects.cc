// The Istio layers: STRICT mTLS everywhere, authorization denied by default and allowed per
// tenant, per shared service exactly as declared, and per declared flow; plaintext denied
// whatever the PeerAuthentication mode; AUDIT where the spec asks; access logs on.
#include <fmt/format.h>

#include <set>

#include "generate/parts.h"

namespace tg::generate {
namespace {

constexpr const char* kSecurity = "security.istio.io/v1";
// The cluster DNS domain of Service hosts (the trust domain is a different thing).
constexpr const char* kClusterDomain = "cluster.local";

Json strictMtls(const std::string& ns) {
  Json pa = object(kSecurity, "PeerAuthentication", "default", ns);
  pa["spec"] = Json{{"mtls", {{"mode", "STRICT"}}}};
  return pa;
}

Json authorizationPolicy(const std::string& name, const std::string& ns, const model::Labels& selector, const char* action,
                         Json rules) {
  Json ap = object(kSecurity, "AuthorizationPolicy", name, ns);
  Json spec = Json::object();
  if (!selector.empty()) spec["selector"] = matchLabels(selector);
  spec["action"] = action;
  spec["rules"] = std::move(rules);
  ap["spec"] = std::move(spec);
  return ap;
}

// `to: [{operation: ...}]` with the fields that are set; empty lists mean any.
Json operation(const std::vector<uint32_t>& ports, const std::vector<std::string>& methods,
               const std::vector<std::string>& paths) {
  Json op = Json::object();
  if (!ports.empty()) {
    Json p = Json::array();
    for (uint32_t n : ports) p.push_back(std::to_string(n));
    op["ports"] = p;
  }
  if (!methods.empty()) op["methods"] = methods;
  if (!paths.empty()) op["paths"] = paths;
  return op;
}

Json rule(Json source, Json op) {
  Json r{{"from", Json::array({Json{{"source", std::move(source)}}})}};
  if (!op.empty()) r["to"] = Json::array({Json{{"operation", std::move(op)}}});
  return r;
}

model::Labels workloadLabels(const std::string& workload) {
  return workload == "*" ? model::Labels{} : model::Labels{{"app", workload}};
}

// A declared flow's sources: the workload's own identity, or every identity of the tenant.
Json flowSource(const tenant::Spec& spec, const ResolvedFlow& rf) {
  if (rf.flow->fromWorkload == "*") return Json{{"namespaces", rf.fromNamespaces}};
  Json principals = Json::array();
  for (const auto& ns : rf.fromNamespaces) principals.push_back(principal(spec, ns, rf.flow->fromWorkload));
  return Json{{"principals", principals}};
}

std::string serviceHost(const std::string& ns, const std::string& name) {
  return fmt::format("{}/{}.{}.svc.{}", ns, name, ns, kClusterDomain);
}

// What the tenant's proxies are told about: its own namespaces, the mesh root, the shared
// services and declared flows it may use. Nothing of other tenants, and no unknown hosts.
Json sidecar(const tenant::Spec& spec, const tenant::Tenant& tenant, const std::string& ns,
             const std::vector<ResolvedFlow>& flows) {
  std::set<std::string> hosts{spec.rootNamespace + "/*"};
  for (const auto& own : tenant.namespaces) hosts.insert(own + "/*");
  for (const auto& s : spec.sharedServices)
    if (mayCall(s, tenant.name)) hosts.insert(serviceHost(s.ns, s.name));
  for (const ResolvedFlow& rf : flows) {
    if (rf.flow->fromTenant != tenant.name) continue;
    for (const auto& to : rf.toNamespaces)
      hosts.insert(rf.flow->toWorkload == "*" ? to + "/*" : serviceHost(to, rf.flow->toWorkload));
  }
  Json sc = object("networking.istio.io/v1", "Sidecar", "default", ns);
  sc["spec"] = Json{{"egress", Json::array({Json{{"hosts", hosts}}})},
                    {"outboundTrafficPolicy", {{"mode", "REGISTRY_ONLY"}}}};
  return sc;
}

}  // namespace

void addMeshDefaults(const tenant::Spec& spec, Bundle& b) {
  b.add(strictMtls(spec.rootNamespace));

  // Access logs are written by each workload's istio-proxy, not by istiod, and are off until the
  // Telemetry API turns them on.
  Json telemetry = object("telemetry.istio.io/v1", "Telemetry", "mesh-default", spec.rootNamespace);
  telemetry["spec"] = Json{{"accessLogging", Json::array({Json{{"providers", Json::array({Json{{"name", "envoy"}}})}}})}};
  b.add(std::move(telemetry));

  // A peer without a verified certificate can claim any identity, header or namespace: deny it
  // mesh-wide. `notPrincipals: ["*"]` matches exactly the plaintext peers, so unlike a DENY on
  // positive principals (the reference article's), plaintext cannot slip past it, whatever the
  // mTLS mode of a workload. With it, and the identity header rewritten from the certificate,
  // a shared service's identity can only be claimed with its certificate.
  b.add(authorizationPolicy("deny-impersonation", spec.rootNamespace, {}, "DENY",
                            Json::array({rule(Json{{"notPrincipals", Json::array({"*"})}}, Json::object())})));
}

void addTenantMesh(const tenant::Spec& spec, const tenant::Tenant& tenant, const std::string& ns, Bundle& b) {
  b.add(strictMtls(ns));
  b.add(authorizationPolicy("allow-same-tenant", ns, {}, "ALLOW",
                            Json::array({rule(Json{{"namespaces", tenant.namespaces}}, Json::object())})));
  std::vector<ResolvedFlow> flows = resolveFlows(spec);
  for (const ResolvedFlow& rf : flows) {
    const tenant::Flow& f = *rf.flow;
    if (f.toTenant != tenant.name) continue;
    b.add(authorizationPolicy(rf.name, ns, workloadLabels(f.toWorkload), "ALLOW",
                              Json::array({rule(flowSource(spec, rf), operation(f.ports, f.methods, f.paths))})));
  }
  // AUDIT marks matching requests for the audit provider; it never allows or denies.
  for (size_t i = 0; i < tenant.audit.size(); ++i) {
    const tenant::AuditRule& a = tenant.audit[i];
    Json r{{"to", Json::array({Json{{"operation", operation({}, {}, a.paths)}}})}};
    b.add(authorizationPolicy(fmt::format("audit-{}", i + 1), ns, a.selector, "AUDIT", Json::array({r})));
  }
  b.add(sidecar(spec, tenant, ns, flows));
}

void addSharedServiceMesh(const tenant::Spec& spec, Bundle& b) {
  for (const auto& ns : sharedServiceNamespaces(spec)) b.add(strictMtls(ns));
  for (const tenant::SharedService& s : spec.sharedServices) {
    Json rules = Json::array();
    for (const auto& a : s.allow)
      rules.push_back(rule(Json{{"namespaces", namespacesOf(spec, a.tenants)}}, operation(s.ports, a.methods, a.paths)));
    b.add(authorizationPolicy(s.name + "-allow", s.ns, s.selector, "ALLOW", rules));
  }
}

void addMeshDenyAll(const tenant::Spec& spec, Bundle& b) {
  // An ALLOW policy without rules matches nothing: in the root namespace it applies to every
  // workload, so only what another ALLOW policy names gets through.
  Json denyAll = object(kSecurity, "AuthorizationPolicy", "deny-all", spec.rootNamespace);
  denyAll["spec"] = Json::object();
  b.add(std::move(denyAll));
}

}  // namespace tg::generate
