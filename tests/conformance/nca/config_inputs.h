// What network-config-analyzer reads for one network config, loaded through tenantguard's Loader.
//
// NCA reads each input list for one purpose only: namespaces from the namespace list, pods (and
// the workloads that create them) and services from the pod list, policies from the policy list.
// A directory of manifests often holds all of them, so the harness picks from every file only the
// documents NCA would take for that purpose and hands those to tg::load::Loader.
//
// Which lists apply (NCA's ResourcesHandler): a config's own namespaceList/podList, else its
// resourceList; when neither gives any topology, the scheme's global topology (namespaceList /
// podList, else its resourceList); when only one of namespaces and pods is found, the other comes
// from the global topology. Policies come from the config's networkPolicyList, else its
// resourceList.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "load/loader.h"
#include "scheme.h"

namespace tg::conformance::nca {

// `config/[kind/][namespace/]name` in a query: one policy of a config on its own.
struct PolicyRef {
  std::string config;
  std::string kind;  // NCA's policy type name (`K8sNetworkPolicy`, `CalicoNetworkPolicy`, ...) or empty
  std::string ns;    // empty: any namespace (and cluster-scoped policies)
  std::string name;
};

// The config name alone, or the config and one of its policies.
struct ConfigRef {
  std::string config;
  std::optional<PolicyRef> policy;
};
ConfigRef parseConfigRef(const std::string& text);

struct LoadedConfig {
  load::LoadResult load;
  // Kinds of the documents given to the loader for each purpose.
  std::set<std::string> topologyKinds;
  std::set<std::string> policyKinds;
  bool policyFound = true;  // false when a PolicyRef named no document
  std::vector<std::string> liveSimPods;  // stand-ins added as NCA does (live_sim.h)
};

// Throws SchemeError when the scheme names a missing config.
LoadedConfig loadConfig(const Scheme& scheme, const ConfigRef& ref);

}  // namespace tg::conformance::nca
