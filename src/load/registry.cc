// Which decoder handles which apiVersion group and kind. A kind that is not listed here is
// counted as skipped, never silently lost.
#include <array>

#include "load/decoders.h"

namespace tg::load {
namespace {

struct Entry {
  std::string_view group;  // apiVersion before '/', "" for core "v1"
  std::string_view kind;
  DecodeFn fn;
};

constexpr std::array kEntries{
    Entry{"", "Namespace", decodeNamespace},
    Entry{"", "Pod", decodePod},
    Entry{"", "ReplicationController", decodeController},
    Entry{"", "Service", decodeService},
    Entry{"", "ServiceAccount", decodeServiceAccount},
    Entry{"", "ResourceQuota", decodeResourceLimits},
    Entry{"", "LimitRange", decodeResourceLimits},
    Entry{"networking.istio.io", "EnvoyFilter", decodeEnvoyFilter},
    Entry{"networking.istio.io", "Gateway", decodeGateway},
    Entry{"networking.istio.io", "VirtualService", decodeVirtualService},
    Entry{"networking.istio.io", "Sidecar", decodeUnmodelled},
    Entry{"networking.istio.io", "ServiceEntry", decodeUnmodelled},
    Entry{"networking.istio.io", "DestinationRule", decodeUnmodelled},
    Entry{"networking.istio.io", "WorkloadEntry", decodeUnmodelled},
    Entry{"apps", "Deployment", decodeController},
    Entry{"apps", "ReplicaSet", decodeController},
    Entry{"apps", "StatefulSet", decodeController},
    Entry{"apps", "DaemonSet", decodeController},
    Entry{"batch", "Job", decodeController},
    Entry{"batch", "CronJob", decodeController},
    Entry{"networking.k8s.io", "NetworkPolicy", decodeNetworkPolicy},
    Entry{"networking.k8s.io", "Ingress", decodeIngress},  // v1 and v1beta1
    Entry{"extensions", "Ingress", decodeIngress},         // v1beta1
    Entry{"route.openshift.io", "Route", decodeRoute},
    Entry{"policy.networking.k8s.io", "AdminNetworkPolicy", decodeAdminNetworkPolicy},
    Entry{"policy.networking.k8s.io", "BaselineAdminNetworkPolicy", decodeAdminNetworkPolicy},
    Entry{"", "ConfigMap", decodeConfigMap},
    Entry{"security.istio.io", "PeerAuthentication", decodePeerAuthentication},
    Entry{"security.istio.io", "AuthorizationPolicy", decodeAuthorizationPolicy},
    // Calico: the v3 API and its CRD storage form carry the same spec.
    Entry{"projectcalico.org", "NetworkPolicy", decodeCalico},
    Entry{"projectcalico.org", "GlobalNetworkPolicy", decodeCalico},
    Entry{"projectcalico.org", "Tier", decodeCalico},
    Entry{"projectcalico.org", "NetworkSet", decodeCalico},
    Entry{"projectcalico.org", "GlobalNetworkSet", decodeCalico},
    Entry{"projectcalico.org", "Profile", decodeCalico},
    Entry{"projectcalico.org", "WorkloadEndpoint", decodeWorkloadEndpoint},
    Entry{"projectcalico.org", "StagedNetworkPolicy", decodeCalico},
    Entry{"projectcalico.org", "StagedGlobalNetworkPolicy", decodeCalico},
    Entry{"projectcalico.org", "StagedKubernetesNetworkPolicy", decodeCalico},
    Entry{"crd.projectcalico.org", "NetworkPolicy", decodeCalico},
    Entry{"crd.projectcalico.org", "GlobalNetworkPolicy", decodeCalico},
    Entry{"crd.projectcalico.org", "Tier", decodeCalico},
    Entry{"crd.projectcalico.org", "NetworkSet", decodeCalico},
    Entry{"crd.projectcalico.org", "GlobalNetworkSet", decodeCalico},
    Entry{"crd.projectcalico.org", "Profile", decodeCalico},
    Entry{"crd.projectcalico.org", "WorkloadEndpoint", decodeWorkloadEndpoint},
    Entry{"crd.projectcalico.org", "StagedNetworkPolicy", decodeCalico},
    Entry{"crd.projectcalico.org", "StagedGlobalNetworkPolicy", decodeCalico},
    Entry{"crd.projectcalico.org", "StagedKubernetesNetworkPolicy", decodeCalico},
};

std::string_view groupOf(std::string_view apiVersion) {
  auto slash = apiVersion.find('/');
  return slash == std::string_view::npos ? std::string_view{} : apiVersion.substr(0, slash);
}

}  // namespace

DecodeFn findDecoder(std::string_view apiVersion, std::string_view kind) {
  std::string_view group = groupOf(apiVersion);
  for (const Entry& e : kEntries)
    if (e.kind == kind && e.group == group) return e.fn;
  return nullptr;
}

}  // namespace tg::load
