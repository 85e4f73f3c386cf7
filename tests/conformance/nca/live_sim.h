// NCA's "LiveSim": when policies refer to common pods the input lacks, network-config-analyzer
// adds stand-ins for them before analysing, and its expected outputs include them. The harness
// adds the same stand-ins so that both sides have the same workloads.
//
// Only the kube-dns stand-in is emulated: a pod `kube-system/kube-dns-livesim` labelled
// `k8s-app: kube-dns`, added when a NetworkPolicy peer would select it but selects no pod of the
// input. NCA's ingress-controller and Istio-gateway stand-ins (added when no pod of the input is
// one) are not emulated: their pods show up as NCA-only peers.
#pragma once

#include <string>
#include <vector>

#include "model/cluster.h"

namespace tg::conformance::nca {

struct LiveSimDocument {
  std::string name;  // what diagnostics call it
  std::string text;  // YAML
  std::string pod;   // `ns/name` of the stand-in
};

// The stand-ins NCA would add to `cluster`.
std::vector<LiveSimDocument> liveSimDocuments(const model::Cluster& cluster);

}  // namespace tg::conformance::nca
