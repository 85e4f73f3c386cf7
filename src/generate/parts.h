// The parts a bundle is built from, one concept per file, and the spec lookups they share.
// generate.cc calls them in apply order.
#pragma once

#include <string>
#include <vector>

#include "generate/bundle.h"
#include "generate/generate.h"
#include "tenant/spec.h"

namespace tg::generate {

// apiVersion, kind and metadata {name, namespace}; cluster-scoped when `ns` is empty.
Json object(const char* apiVersion, const char* kind, const std::string& name, const std::string& ns = "");

// A declared flow with its tenants resolved to namespaces. Workload "*" means every workload.
struct ResolvedFlow {
  const tenant::Flow* flow = nullptr;
  std::string name;  // flow-N-FROM-to-TO, N its 1-based position in the spec
  std::vector<std::string> fromNamespaces, toNamespaces;
};
std::vector<ResolvedFlow> resolveFlows(const tenant::Spec& spec);

// Namespaces of the named tenants ("*": every tenant), in spec order.
std::vector<std::string> namespacesOf(const tenant::Spec& spec, const std::vector<std::string>& tenants);
std::vector<std::string> otherTenantNamespaces(const tenant::Spec& spec, const tenant::Tenant& tenant);
bool mayCall(const tenant::SharedService& service, const std::string& tenant);
// Namespaces holding shared services, each once, in spec order.
std::vector<std::string> sharedServiceNamespaces(const tenant::Spec& spec);

// Kubernetes label selectors. Namespaces are selected by the immutable `kubernetes.io/metadata.name`,
// never by a label a tenant could set.
Json namespaceNameSelector(const std::vector<std::string>& namespaces);
Json matchLabels(const model::Labels& labels);
Json workloadPodSelector(const std::string& workload);  // `app: W`, every pod for "*"
// A spec `admins` entry: `group:NAME` is a Group, anything else a User.
struct Admin {
  bool group = false;
  std::string name;
};
Admin parseAdmin(const std::string& entry);

std::string principal(const tenant::Spec& spec, const std::string& ns, const std::string& serviceAccount);

// namespace_objects.cc
void addTenantNamespace(const tenant::Tenant& tenant, const std::string& ns, Bundle& bundle);
void addSharedServiceNamespaces(const tenant::Spec& spec, Bundle& bundle);
void addNamespaceNetworkPolicies(const tenant::Spec& spec, const tenant::Tenant& tenant, const std::string& ns, Bundle& bundle);
void addNamespaceResources(const tenant::Tenant& tenant, const std::string& ns, Bundle& bundle);
// floor_calico.cc, floor_anp.cc
void addCalicoFloor(const tenant::Spec& spec, Bundle& bundle);
void addAdminNetworkPolicyFloor(const tenant::Spec& spec, Bundle& bundle);
// mesh_objects.cc
void addMeshDefaults(const tenant::Spec& spec, Bundle& bundle);
void addTenantMesh(const tenant::Spec& spec, const tenant::Tenant& tenant, const std::string& ns, Bundle& bundle);
void addSharedServiceMesh(const tenant::Spec& spec, Bundle& bundle);
void addMeshDenyAll(const tenant::Spec& spec, Bundle& bundle);
// identity_filter.cc
void addIdentityFilters(const tenant::Spec& spec, Bundle& bundle);
void addExternalAuthorizer(const tenant::Spec& spec, const std::string& specText, Bundle& bundle);
// api_fairness.cc
void addApiFairness(const tenant::Spec& spec, Bundle& bundle);

}  // namespace tg::generate
