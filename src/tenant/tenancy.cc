#include "tenant/tenancy.h"

#include <algorithm>

namespace tg::tenant {
namespace {

void addPlatformDefaults(Tenancy& t, const std::string& rootNamespace) {
  for (const char* ns : {"kube-system", "kube-public", "kube-node-lease"}) t.platformNamespaces.insert(ns);
  t.platformNamespaces.insert(rootNamespace);
}

}  // namespace

void addSpecNamespaces(const Spec& spec, model::Cluster& cluster) {
  auto file = std::make_shared<const std::string>(spec.file);
  for (const Tenant& t : spec.tenants)
    for (const auto& ns : t.namespaces) {
      if (const model::Namespace* existing = cluster.findNamespace(ns); existing && existing->declared) continue;
      model::Namespace n;
      n.meta.kind = "Namespace";
      n.meta.name = ns;
      n.meta.where = model::Source{file, t.line};
      n.declared = false;
      cluster.addNamespace(std::move(n));
    }
  cluster.finalize();
}

const std::string* Tenancy::tenantOfNamespace(const std::string& ns) const {
  auto it = tenantOf.find(ns);
  return it == tenantOf.end() ? nullptr : &it->second;
}

Tenancy fromSpec(const Spec& spec, const model::Cluster&) {
  Tenancy t;
  t.spec = &spec;
  for (const Tenant& tn : spec.tenants) {
    t.tenants.push_back(tn.name);
    for (const auto& ns : tn.namespaces) t.tenantOf[ns] = tn.name;
  }
  std::sort(t.tenants.begin(), t.tenants.end());
  addPlatformDefaults(t, spec.rootNamespace);
  for (const SharedService& s : spec.sharedServices) t.platformNamespaces.insert(s.ns);
  return t;
}

Tenancy fromLabels(const model::Cluster& cluster, const std::string& label, const std::string& rootNamespace) {
  Tenancy t;
  std::set<std::string> names;
  addPlatformDefaults(t, rootNamespace);
  for (const model::Namespace& ns : cluster.namespaces) {
    if (t.platformNamespaces.count(ns.meta.name)) continue;
    auto it = ns.meta.labels.find(label);
    if (it == ns.meta.labels.end() || it->second.empty()) continue;
    t.tenantOf[ns.meta.name] = it->second;
    names.insert(it->second);
  }
  t.tenants.assign(names.begin(), names.end());
  return t;
}

}  // namespace tg::tenant
