// OpenShift Route (route.openshift.io/v1): requests for `spec.host` and `spec.path` (a prefix),
// sent by the router to the Service `spec.to` and its `alternateBackends` (weights are ignored:
// any backend with a weight may receive traffic), on the endpoint port `spec.port.targetPort`.
// Read into model::Ingress, one path per backend.
#include <fmt/format.h>

#include "load/decoders.h"
#include "load/fields.h"
#include "model/ingress.h"

namespace tg::load {
namespace {

model::IngressBackend readTarget(const Node& n, const Node* port) {
  if (!n.isMapping()) throw DecodeError(n.line(), "Route backend must be a mapping");
  model::IngressBackend b;
  b.line = n.line();
  b.endpointPort = true;
  std::string kind = optString(n, "kind").value_or("Service");
  if (kind == "Service") b.service = reqString(n, "name");  // another kind is no workload (TG090)
  if (port) {
    const Node* target = port->get("targetPort");
    if (!target || target->isNull()) throw DecodeError(port->line(), "Route `port` without `targetPort`");
    if (parseInteger(*target)) b.portNumber = toPort(*target, "targetPort");
    else b.portName = scalarText(*target, "targetPort");
    if (b.portName.empty() && !b.portNumber) throw DecodeError(target->line(), "empty `targetPort`");
  }
  return b;
}

}  // namespace

void decodeRoute(const Node& object, DecodeContext& ctx) {
  model::Ingress route;
  route.meta = ctx.namespacedMeta(object);
  const Node& spec = reqMapping(object, "spec");
  const Node* port = optMapping(spec, "port");
  model::IngressPath path;
  path.host = optString(spec, "host").value_or("");
  path.path = optString(spec, "path").value_or("");
  if (!path.path.empty() && path.path.front() != '/')
    throw DecodeError(spec.get("path")->line(), fmt::format("Route path `{}` must start with `/`", path.path));
  path.type = model::IngressPathType::Prefix;
  path.backend = readTarget(reqMapping(spec, "to"), port);
  route.paths.push_back(path);
  if (const Node* alternates = optSequence(spec, "alternateBackends"))
    for (const Node& a : alternates->items()) {
      path.backend = readTarget(a, port);
      route.paths.push_back(path);
    }
  ctx.cluster.ingresses.push_back(std::move(route));
}

}  // namespace tg::load
