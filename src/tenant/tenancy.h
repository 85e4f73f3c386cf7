// Tenancy: which namespace belongs to which tenant, from a spec or from a namespace label, and
// which namespaces are platform namespaces (kube-system, the mesh root, shared services) that
// belong to no tenant.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/cluster.h"
#include "tenant/spec.h"

namespace tg::tenant {

struct Tenancy {
  std::vector<std::string> tenants;               // sorted
  std::map<std::string, std::string> tenantOf;    // namespace → tenant
  std::set<std::string> platformNamespaces;
  const Spec* spec = nullptr;                     // null when tenants come from labels

  const std::string* tenantOfNamespace(const std::string& ns) const;
};

// Namespaces the spec names but the input does not declare are added to the cluster, located at
// the spec's tenant entry, so findings about them point somewhere real.
void addSpecNamespaces(const Spec& spec, model::Cluster& cluster);

// Tenants as the spec declares them.
Tenancy fromSpec(const Spec& spec, const model::Cluster& cluster);
// Tenants from the namespace label `label` (default `tenant`); platform namespaces are
// kube-system, kube-public, kube-node-lease and `rootNamespace`.
Tenancy fromLabels(const model::Cluster& cluster, const std::string& label, const std::string& rootNamespace);

}  // namespace tg::tenant
