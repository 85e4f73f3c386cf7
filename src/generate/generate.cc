#include "generate/generate.h"

#include <fmt/format.h>

#include <algorithm>
#include <regex>

#include "generate/parts.h"

namespace tg::generate {

Json object(const char* apiVersion, const char* kind, const std::string& name, const std::string& ns) {
  Json md{{"name", name}};
  if (!ns.empty()) md["namespace"] = ns;
  return Json{{"apiVersion", apiVersion}, {"kind", kind}, {"metadata", md}};
}

std::vector<std::string> namespacesOf(const tenant::Spec& spec, const std::vector<std::string>& tenants) {
  std::vector<std::string> out;
  bool all = std::find(tenants.begin(), tenants.end(), "*") != tenants.end();
  for (const tenant::Tenant& t : spec.tenants)
    if (all || std::find(tenants.begin(), tenants.end(), t.name) != tenants.end())
      out.insert(out.end(), t.namespaces.begin(), t.namespaces.end());
  return out;
}

std::vector<std::string> otherTenantNamespaces(const tenant::Spec& spec, const tenant::Tenant& tenant) {
  std::vector<std::string> out;
  for (const tenant::Tenant& t : spec.tenants)
    if (t.name != tenant.name) out.insert(out.end(), t.namespaces.begin(), t.namespaces.end());
  return out;
}

bool mayCall(const tenant::SharedService& service, const std::string& tenant) {
  for (const auto& a : service.allow)
    for (const auto& t : a.tenants)
      if (t == "*" || t == tenant) return true;
  return false;
}

std::vector<std::string> sharedServiceNamespaces(const tenant::Spec& spec) {
  std::vector<std::string> out;
  for (const auto& s : spec.sharedServices)
    if (std::find(out.begin(), out.end(), s.ns) == out.end()) out.push_back(s.ns);
  return out;
}

std::vector<ResolvedFlow> resolveFlows(const tenant::Spec& spec) {
  std::vector<ResolvedFlow> out;
  for (size_t i = 0; i < spec.flows.size(); ++i) {
    const tenant::Flow& f = spec.flows[i];
    out.push_back({&f, fmt::format("flow-{}-{}-to-{}", i + 1, f.fromTenant, f.toTenant), namespacesOf(spec, {f.fromTenant}),
                   namespacesOf(spec, {f.toTenant})});
  }
  return out;
}

Json namespaceNameSelector(const std::vector<std::string>& namespaces) {
  return Json{{"matchExpressions",
               Json::array({Json{{"key", "kubernetes.io/metadata.name"}, {"operator", "In"}, {"values", namespaces}}})}};
}

Json matchLabels(const model::Labels& labels) {
  if (labels.empty()) return Json::object();
  Json m = Json::object();
  for (const auto& [k, v] : labels) m[k] = v;
  return Json{{"matchLabels", m}};
}

Json workloadPodSelector(const std::string& workload) {
  return workload == "*" ? Json::object() : matchLabels({{"app", workload}});
}

Admin parseAdmin(const std::string& entry) {
  if (entry.rfind("group:", 0) == 0) return {true, entry.substr(6)};
  return {false, entry};
}

std::string principal(const tenant::Spec& spec, const std::string& ns, const std::string& serviceAccount) {
  return fmt::format("{}/ns/{}/sa/{}", spec.trustDomain, ns, serviceAccount);
}

std::vector<tenant::SpecError> checkNames(const tenant::Spec& spec) {
  // Tenant names become label values and parts of object names; workloads become `app` label
  // values: both must be DNS labels (RFC 1123), short enough to leave room for the prefixes.
  static const std::regex dnsLabel("[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?");
  std::vector<tenant::SpecError> errors;
  auto check = [&](const std::string& name, const char* what, uint32_t line) {
    if (!std::regex_match(name, dnsLabel))
      errors.push_back({spec.file, line,
                        fmt::format("{} `{}` must be a lower-case DNS label of at most 40 characters to name generated objects",
                                    what, name)});
  };
  for (const auto& t : spec.tenants) {
    check(t.name, "tenant", t.line);
    for (const auto& ns : t.namespaces) check(ns, "namespace", t.line);
  }
  for (const auto& s : spec.sharedServices) check(s.name, "shared service", s.line);
  for (const auto& f : spec.flows)
    for (const auto& w : {f.fromWorkload, f.toWorkload})
      if (w != "*") check(w, "workload", f.line);
  return errors;
}

Bundle generateBundle(const tenant::Spec& spec, const Options& options) {
  Bundle b;
  b.title = fmt::format("tenantguard generate: isolation bundle for `{}` ({} tenants); apply in this order",
                        spec.name.empty() ? "tenants" : spec.name, spec.tenants.size());
  // Namespaces first, each locked down (default deny) before anything can run in it.
  for (const auto& t : spec.tenants)
    for (const auto& ns : t.namespaces) addTenantNamespace(t, ns, b);
  addSharedServiceNamespaces(spec, b);
  if (options.floor == Floor::Calico) addCalicoFloor(spec, b);
  else addAdminNetworkPolicyFloor(spec, b);
  addApiFairness(spec, b);
  for (const auto& t : spec.tenants)
    for (const auto& ns : t.namespaces) {
      addNamespaceNetworkPolicies(spec, t, ns, b);
      addNamespaceResources(t, ns, b);
    }
  addMeshDefaults(spec, b);
  for (const auto& t : spec.tenants)
    for (const auto& ns : t.namespaces) addTenantMesh(spec, t, ns, b);
  addSharedServiceMesh(spec, b);
  if (options.identity == Identity::Lua) addIdentityFilters(spec, b);
  else addExternalAuthorizer(spec, options.specText, b);
  // Last: once every ALLOW is in place, nothing else may be reached.
  addMeshDenyAll(spec, b);
  // The authorizer brings its own Namespace: namespaces go before what lives in them.
  std::stable_partition(b.objects.begin(), b.objects.end(), [](const Json& o) { return o.at("kind") == "Namespace"; });
  return b;
}

}  // namespace tg::generate
