// Calico WorkloadEndpoint (projectcalico.org/v3, crd.projectcalico.org/v1): one pod's interface as
// Calico sees it, as `calicoctl get workloadendpoints` dumps it. It stands for the pod: a bare Pod
// workload named after `spec.pod`, with the endpoint's labels, ports, addresses and profile list.
// The service account comes from `spec.serviceAccountName`, else Calico's
// `projectcalico.org/serviceaccount` label.
#include <fmt/format.h>

#include "load/decoders.h"
#include "load/fields.h"

namespace tg::load {

void decodeWorkloadEndpoint(const Node& object, DecodeContext& ctx) {
  model::Workload w;
  w.meta = ctx.meta(object);
  if (w.meta.ns.empty()) w.meta.ns = DecodeContext::kDefaultNamespace;
  const Node& spec = reqMapping(object, "spec");
  if (auto pod = optString(spec, "pod"); pod && !pod->empty()) w.meta.name = *pod;
  if (w.meta.name.empty()) throw DecodeError(object.line(), "WorkloadEndpoint without spec.pod or metadata.name");
  w.meta.kind = "Pod";
  w.podLabels = w.meta.labels;
  if (auto sa = optString(spec, "serviceAccountName"); sa && !sa->empty()) w.serviceAccount = *sa;
  else if (auto it = w.podLabels.find("projectcalico.org/serviceaccount"); it != w.podLabels.end()) w.serviceAccount = it->second;
  if (const Node* ports = optSequence(spec, "ports"))
    for (const Node& p : ports->items()) {
      if (!p.isMapping()) throw DecodeError(p.line(), "WorkloadEndpoint ports entries must be mappings");
      model::ContainerPort cp;
      cp.name = optString(p, "name").value_or("");
      const Node* num = p.get("port");
      if (!num) throw DecodeError(p.line(), "WorkloadEndpoint port without `port`");
      cp.port = toPort(*num, "port");
      cp.protocol = protocolField(p);
      w.ports.push_back(std::move(cp));
    }
  if (const Node* nets = optSequence(spec, "ipNetworks"))
    for (const Node& n : nets->items()) {
      auto cidr = net::parseCidr(scalarText(n, "ipNetworks"));
      if (!cidr) throw DecodeError(n.line(), fmt::format("`ipNetworks` entry `{}` is not a CIDR", n.text()));
      w.podIps.add(*cidr);
    }
  w.calicoProfiles = stringList(spec.get("profiles"), "profiles");
  w.pods = 1;
  ctx.addPod(std::move(w), std::nullopt);
}

}  // namespace tg::load
