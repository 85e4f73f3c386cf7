#include "model/cluster.h"

#include <algorithm>
#include <tuple>

namespace tg::model {

const Namespace* Cluster::findNamespace(const std::string& name) const {
  auto it = namespaceIndex_.find(name);
  return it == namespaceIndex_.end() ? nullptr : &namespaces[it->second];
}

const Workload* Cluster::findWorkload(const std::string& ns, const std::string& name) const {
  for (const Workload& w : workloads)
    if (w.meta.ns == ns && w.meta.name == name) return &w;
  return nullptr;
}

const ServiceAccount* Cluster::findServiceAccount(const std::string& ns, const std::string& name) const {
  // Every workload looks its account up: a scan would make that quadratic.
  auto key = [](const ServiceAccount& sa) { return std::tie(sa.meta.ns, sa.meta.name); };
  auto it = std::lower_bound(serviceAccounts.begin(), serviceAccounts.end(), std::tie(ns, name),
                             [&](const ServiceAccount& sa, const auto& k) { return key(sa) < k; });
  return it != serviceAccounts.end() && key(*it) == std::tie(ns, name) ? &*it : nullptr;
}

void Cluster::addNamespace(Namespace ns) {
  ns.meta.labels[kNamespaceNameLabel] = ns.meta.name;
  auto it = namespaceIndex_.find(ns.meta.name);
  if (it == namespaceIndex_.end()) {
    namespaceIndex_[ns.meta.name] = namespaces.size();
    namespaces.push_back(std::move(ns));
  } else if (!namespaces[it->second].declared) {
    namespaces[it->second] = std::move(ns);
  }
}

void Cluster::ensureNamespace(const std::string& name) {
  if (name.empty() || namespaceIndex_.count(name)) return;
  Namespace ns;
  ns.meta.kind = "Namespace";
  ns.meta.name = name;
  ns.meta.labels[kNamespaceNameLabel] = name;
  ns.declared = false;
  namespaceIndex_[name] = namespaces.size();
  namespaces.push_back(std::move(ns));
}

void Cluster::finalize() {
  for (const Workload& w : workloads) ensureNamespace(w.meta.ns);
  for (const NetworkPolicy& p : networkPolicies) ensureNamespace(p.meta.ns);
  for (const Service& s : services) ensureNamespace(s.meta.ns);
  std::sort(namespaces.begin(), namespaces.end(),
            [](const Namespace& a, const Namespace& b) { return a.meta.name < b.meta.name; });
  std::sort(workloads.begin(), workloads.end(), [](const Workload& a, const Workload& b) {
    return std::tie(a.meta.ns, a.meta.name, a.meta.kind) < std::tie(b.meta.ns, b.meta.name, b.meta.kind);
  });
  std::stable_sort(serviceAccounts.begin(), serviceAccounts.end(), [](const ServiceAccount& a, const ServiceAccount& b) {
    return std::tie(a.meta.ns, a.meta.name) < std::tie(b.meta.ns, b.meta.name);
  });
  namespaceIndex_.clear();
  for (size_t i = 0; i < namespaces.size(); ++i) namespaceIndex_[namespaces[i].meta.name] = i;
}

}  // namespace tg::model
