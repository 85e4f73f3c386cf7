#include "live_sim.h"

#include "layers/network/k8s_network_policy.h"

namespace tg::conformance::nca {
namespace {

constexpr const char* kDnsNamespace = "kube-system";
constexpr const char* kDnsPod = "kube-dns-livesim";

constexpr const char* kDnsText = R"(apiVersion: v1
kind: Namespace
metadata:
  name: kube-system
  labels:
    name: kube-system
---
apiVersion: v1
kind: Pod
metadata:
  name: kube-dns-livesim
  namespace: kube-system
  labels:
    k8s-app: kube-dns
spec:
  containers:
  - name: kube-dns
)";

// Some NetworkPolicy peer selects `standIn` and no workload of the cluster.
bool referencedButMissing(const model::Cluster& cluster, const layers::Endpoint& standIn) {
  std::vector<layers::Endpoint> workloads;
  for (const model::Workload& w : cluster.workloads)
    workloads.push_back(layers::Endpoint::ofWorkload(w, cluster.findNamespace(w.meta.ns)));
  for (const model::NetworkPolicy& np : cluster.networkPolicies)
    for (const auto* rules : {&np.ingress, &np.egress})
      for (const model::NetworkPolicyRule& rule : *rules)
        for (const model::NetworkPolicyPeer& peer : rule.peers) {
          if (peer.ipBlock || !layers::network::peerMatches(peer, np.meta.ns, standIn)) continue;
          bool selectsSome = false;
          for (const layers::Endpoint& e : workloads)
            if (layers::network::peerMatches(peer, np.meta.ns, e)) {
              selectsSome = true;
              break;
            }
          if (!selectsSome) return true;
        }
  return false;
}

}  // namespace

std::vector<LiveSimDocument> liveSimDocuments(const model::Cluster& cluster) {
  std::vector<LiveSimDocument> out;
  if (cluster.findWorkload(kDnsNamespace, kDnsPod)) return out;

  model::Namespace ns;
  ns.meta.name = kDnsNamespace;
  ns.meta.labels = {{"name", kDnsNamespace}, {model::kNamespaceNameLabel, kDnsNamespace}};
  const model::Namespace* existing = cluster.findNamespace(kDnsNamespace);
  model::Workload pod;
  pod.meta.kind = "Pod";
  pod.meta.ns = kDnsNamespace;
  pod.meta.name = kDnsPod;
  pod.podLabels = {{"k8s-app", "kube-dns"}};
  if (referencedButMissing(cluster, layers::Endpoint::ofWorkload(pod, existing ? existing : &ns)))
    out.push_back({"<nca-livesim>/kube-dns.yaml", kDnsText, std::string(kDnsNamespace) + "/" + kDnsPod});
  return out;
}

}  // namespace tg::conformance::nca
