// A workload: the pods of one top owner (Deployment, StatefulSet, DaemonSet, Job, CronJob,
// ReplicaSet, ReplicationController) or a bare Pod. Policies select pods; all pods of a workload
// share its pod template, so the workload is the unit tenantguard evaluates and reports.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/object.h"
#include "net/ip.h"
#include "net/protocol.h"

namespace tg::model {

struct ContainerPort {
  std::string name;  // empty when unnamed
  uint32_t port = 0;
  net::Protocol protocol = net::Protocol::TCP;
};

struct Workload {
  ObjectMeta meta;         // kind is the top owner's kind; where = the owner (or first pod)
  Labels podLabels;        // pod template labels (or the first pod's labels)
  Labels podAnnotations;
  std::string serviceAccount = "default";
  std::vector<std::string> containers;
  std::vector<ContainerPort> ports;
  bool hostNetwork = false;
  std::optional<bool> automountServiceAccountToken;
  net::IpSet podIps;       // from status.podIP / podIPs of its pods
  net::IpSet hostIps;
  size_t pods = 0;         // pods seen in the input
  // A Calico WorkloadEndpoint's profile list, in order. Absent for a pod: Calico gives it
  // `kns.NAMESPACE` and `ksa.NAMESPACE.SERVICEACCOUNT` (calicoProfileNames).
  std::optional<std::vector<std::string>> calicoProfiles;

  std::vector<std::string> calicoProfileNames() const;

  // "ns/name[Kind]", the output contract's workload name.
  std::string displayName() const;
};

}  // namespace tg::model
