// Pods and pod controllers. A controller's pod template is decoded exactly like a Pod.
#include <fmt/format.h>

#include "load/decode_context.h"
#include "load/decoders.h"
#include "load/fields.h"

namespace tg::load {
namespace {

std::optional<OwnerRef> controllerOwner(const Node& object) {
  const Node* md = optMapping(object, "metadata");
  const Node* refs = md ? optSequence(*md, "ownerReferences") : nullptr;
  if (!refs || refs->items().empty()) return std::nullopt;
  // The controlling owner when one is marked, else the first.
  const Node* chosen = &refs->items().front();
  for (const Node& r : refs->items())
    if (r.isMapping() && optBool(r, "controller").value_or(false)) { chosen = &r; break; }
  if (!chosen->isMapping()) throw DecodeError(chosen->line(), "ownerReferences entries must be mappings");
  OwnerRef ref{optString(*chosen, "kind").value_or(""), reqString(*chosen, "name")};
  // Static pods are "owned" by their Node, which is no workload: each is its own.
  if (ref.kind == "Node") return std::nullopt;
  return ref;
}

void addIp(net::IpSet& into, const Node& n, std::string_view what) {
  auto ip = net::parseIp(scalarText(n, what));
  if (!ip) throw DecodeError(n.line(), fmt::format("`{}` is not an IP address: {}", what, n.text()));
  into.add(*ip, *ip);
}

void readContainers(const Node* list, model::Workload& w, DecodeContext& ctx) {
  if (!list) return;
  for (const Node& c : list->items()) {
    if (!c.isMapping()) throw DecodeError(c.line(), "containers entries must be mappings");
    w.containers.push_back(optString(c, "name").value_or(""));
    const Node* ports = c.get("ports");
    if (ports && !ports->isNull() && !ports->isSequence()) {
      // Some `kubectl get` dumps carry `ports: {}`: no ports. Any other non-list loses the ports,
      // not the pod and its labels.
      if (!ports->isMapping() || !ports->fields().empty())
        ctx.report(ports->line(), "`ports` must be a list; ports ignored");
      ports = nullptr;
    }
    if (ports && ports->isSequence()) {
      for (const Node& p : ports->items()) {
        if (!p.isMapping()) throw DecodeError(p.line(), "ports entries must be mappings");
        model::ContainerPort cp;
        cp.name = optString(p, "name").value_or("");
        const Node* num = p.get("containerPort");
        if (!num) {  // the port is unusable, the rest of the workload is fine
          ctx.report(p.line(), "container port without `containerPort`; port ignored");
          continue;
        }
        cp.port = toPort(*num, "containerPort");
        cp.protocol = protocolField(p);
        w.ports.push_back(std::move(cp));
      }
    }
  }
}

// Reads a pod's metadata labels/annotations and spec into `w`.
void readPodTemplate(const Node& podLike, model::Workload& w, DecodeContext& ctx) {
  if (const Node* md = optMapping(podLike, "metadata")) {
    w.podLabels = stringMap(md->get("labels"), "labels");
    w.podAnnotations = stringMap(md->get("annotations"), "annotations");
  }
  const Node* spec = optMapping(podLike, "spec");
  if (!spec) return;
  if (auto sa = optString(*spec, "serviceAccountName"); sa && !sa->empty()) w.serviceAccount = *sa;
  else if (auto legacy = optString(*spec, "serviceAccount"); legacy && !legacy->empty()) w.serviceAccount = *legacy;
  w.hostNetwork = optBool(*spec, "hostNetwork").value_or(false);
  w.automountServiceAccountToken = optBool(*spec, "automountServiceAccountToken");
  readContainers(optSequence(*spec, "initContainers"), w, ctx);
  readContainers(optSequence(*spec, "containers"), w, ctx);
}

model::Workload baseWorkload(const Node& object, DecodeContext& ctx) {
  model::Workload w;
  w.meta = ctx.meta(object);
  if (w.meta.name.empty()) throw DecodeError(object.line(), fmt::format("{} without metadata.name", w.meta.kind));
  if (w.meta.ns.empty()) w.meta.ns = DecodeContext::kDefaultNamespace;
  return w;
}

}  // namespace

void decodePod(const Node& object, DecodeContext& ctx) {
  model::Workload w = baseWorkload(object, ctx);
  readPodTemplate(object, w, ctx);
  w.pods = 1;
  if (const Node* status = optMapping(object, "status")) {
    if (const Node* ip = status->get("podIP"); ip && !ip->isNull() && !ip->text().empty()) addIp(w.podIps, *ip, "podIP");
    if (const Node* ips = optSequence(*status, "podIPs"))
      for (const Node& i : ips->items())
        if (const Node* v = i.get("ip")) addIp(w.podIps, *v, "podIPs.ip");
    if (const Node* ip = status->get("hostIP"); ip && !ip->isNull() && !ip->text().empty()) addIp(w.hostIps, *ip, "hostIP");
  }
  // A hostNetwork pod's address is its node's.
  if (w.hostNetwork) w.podIps.add(w.hostIps);
  ctx.addPod(std::move(w), controllerOwner(object));
}

void decodeController(const Node& object, DecodeContext& ctx) {
  model::Workload w = baseWorkload(object, ctx);
  const Node* spec = optMapping(object, "spec");
  const Node* tmpl = nullptr;
  if (spec) {
    if (w.meta.kind == "CronJob") {
      const Node* jt = optMapping(*spec, "jobTemplate");
      const Node* jspec = jt ? optMapping(*jt, "spec") : nullptr;
      tmpl = jspec ? optMapping(*jspec, "template") : nullptr;
    } else {
      tmpl = optMapping(*spec, "template");
    }
  }
  if (tmpl) readPodTemplate(*tmpl, w, ctx);
  ctx.addController(std::move(w), controllerOwner(object));
}

}  // namespace tg::load
