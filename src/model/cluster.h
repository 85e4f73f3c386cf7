// Cluster: everything loaded from the input, as plain data. Layers read it; nothing in it
// evaluates policy.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/admin_network_policy.h"
#include "model/calico.h"
#include "model/envoy_filter.h"
#include "model/ingress.h"
#include "model/istio.h"
#include "model/istio_routing.h"
#include "model/namespace.h"
#include "model/network_policy.h"
#include "model/service.h"
#include "model/unmodelled_object.h"
#include "model/workload.h"

namespace tg::model {

struct Cluster {
  std::vector<Namespace> namespaces;
  std::vector<Workload> workloads;
  std::vector<Service> services;
  std::vector<ServiceAccount> serviceAccounts;
  std::vector<ObjectMeta> resourceQuotas;  // only that they exist, and where
  std::vector<ObjectMeta> limitRanges;
  std::vector<EnvoyFilter> envoyFilters;
  std::vector<NetworkPolicy> networkPolicies;
  std::vector<AdminNetworkPolicy> adminNetworkPolicies;  // ANP and BANP
  CalicoObjects calico;  // projectcalico.org policies, tiers, network sets, profiles
  std::vector<Ingress> ingresses;  // Ingress and OpenShift Route objects

  std::vector<PeerAuthentication> peerAuthentications;
  std::vector<AuthorizationPolicy> authorizationPolicies;
  std::vector<MeshConfigMap> meshConfigs;  // ConfigMaps named `istio` (data key `mesh`)
  std::vector<Gateway> gateways;
  std::vector<VirtualService> virtualServices;
  std::vector<UnmodelledObject> unmodelledObjects;  // kinds that matter but no layer evaluates

  // Kinds the loader recognised as Kubernetes objects but does not model, with counts.
  std::map<std::string, size_t> skippedKinds;

  const Namespace* findNamespace(const std::string& name) const;
  const Workload* findWorkload(const std::string& ns, const std::string& name) const;
  // By binary search: valid after finalize(), which sorts the service accounts.
  const ServiceAccount* findServiceAccount(const std::string& ns, const std::string& name) const;

  // Adds a declared namespace (the first declaration of a name wins; it replaces an implicit one).
  void addNamespace(Namespace ns);
  // Adds the namespace with only its name label when it is referenced but not declared.
  void ensureNamespace(const std::string& name);
  // Call after loading: sorts namespaces by name (and workloads, service accounts by namespace
  // and name) and rebuilds the name index.
  void finalize();

 private:
  std::map<std::string, size_t> namespaceIndex_;
};

}  // namespace tg::model
