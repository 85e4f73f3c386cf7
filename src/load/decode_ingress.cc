// Ingress: networking.k8s.io/v1, and the v1beta1 form (networking.k8s.io/v1beta1,
// extensions/v1beta1: `serviceName`/`servicePort`, `spec.backend`) read into the same model.
#include <fmt/format.h>

#include "load/decoders.h"
#include "load/fields.h"
#include "model/ingress.h"

namespace tg::load {
namespace {

// A port given as a number or a name (v1beta1 `servicePort` is either).
void readPort(const Node& n, std::string_view what, model::IngressBackend& b) {
  if (parseInteger(n)) b.portNumber = toPort(n, what);
  else if (std::string name = scalarText(n, what); !name.empty()) b.portName = name;
  else throw DecodeError(n.line(), fmt::format("empty `{}`", what));
}

model::IngressBackend readBackend(const Node& n) {
  if (!n.isMapping()) throw DecodeError(n.line(), "Ingress backend must be a mapping");
  model::IngressBackend b;
  b.line = n.line();
  if (const Node* svc = optMapping(n, "service")) {  // v1
    b.service = reqString(*svc, "name");
    const Node& port = reqMapping(*svc, "port");
    const Node* number = port.get("number");
    const Node* name = port.get("name");
    if (number && !number->isNull()) readPort(*number, "port.number", b);
    else if (name && !name->isNull()) readPort(*name, "port.name", b);
    else throw DecodeError(port.line(), "Ingress backend port needs `number` or `name`");
  } else if (const Node* name = n.get("serviceName"); name && !name->isNull()) {  // v1beta1
    b.service = scalarText(*name, "serviceName");
    const Node* port = n.get("servicePort");
    if (!port || port->isNull()) throw DecodeError(n.line(), "Ingress backend with `serviceName` but no `servicePort`");
    readPort(*port, "servicePort", b);
  } else if (!optMapping(n, "resource")) {
    throw DecodeError(n.line(), "Ingress backend needs `service` (or `serviceName`) or `resource`");
  }
  return b;
}

model::IngressPathType readPathType(const Node& path) {
  const Node* t = path.get("pathType");
  if (!t || t->isNull()) return model::IngressPathType::ImplementationSpecific;
  std::string v = scalarText(*t, "pathType");
  if (v == "Prefix") return model::IngressPathType::Prefix;
  if (v == "Exact") return model::IngressPathType::Exact;
  if (v == "ImplementationSpecific") return model::IngressPathType::ImplementationSpecific;
  throw DecodeError(t->line(), fmt::format("unknown pathType `{}` (Prefix, Exact or ImplementationSpecific)", v));
}

}  // namespace

void decodeIngress(const Node& object, DecodeContext& ctx) {
  model::Ingress ing;
  ing.meta = ctx.namespacedMeta(object);
  const Node& spec = reqMapping(object, "spec");
  ing.ingressClassName = optString(spec, "ingressClassName").value_or("");
  if (ing.ingressClassName.empty())
    if (auto it = ing.meta.annotations.find("kubernetes.io/ingress.class"); it != ing.meta.annotations.end())
      ing.ingressClassName = it->second;
  for (const char* key : {"defaultBackend", "backend"})
    if (const Node* b = spec.get(key); b && !b->isNull()) {
      ing.defaultBackend = readBackend(*b);
      break;
    }
  if (const Node* rules = optSequence(spec, "rules"))
    for (const Node& rule : rules->items()) {
      if (!rule.isMapping()) throw DecodeError(rule.line(), "Ingress rules entries must be mappings");
      std::string host = optString(rule, "host").value_or("");
      const Node* http = optMapping(rule, "http");
      if (!http) continue;  // a host without paths routes nothing by itself
      const Node* paths = optSequence(*http, "paths");
      if (!paths) throw DecodeError(http->line(), "Ingress rule `http` without `paths`");
      for (const Node& p : paths->items()) {
        if (!p.isMapping()) throw DecodeError(p.line(), "Ingress paths entries must be mappings");
        model::IngressPath path;
        path.host = host;
        path.path = optString(p, "path").value_or("");
        if (!path.path.empty() && path.path.front() != '/')
          throw DecodeError(p.get("path")->line(), fmt::format("Ingress path `{}` must start with `/`", path.path));
        path.type = readPathType(p);
        const Node* backend = p.get("backend");
        if (!backend || backend->isNull()) throw DecodeError(p.line(), "Ingress path without `backend`");
        path.backend = readBackend(*backend);
        ing.paths.push_back(std::move(path));
      }
    }
  ctx.cluster.ingresses.push_back(std::move(ing));
}

}  // namespace tg::load
