// Namespace, Service and ServiceAccount.
#include <fmt/format.h>

#include "load/decoders.h"
#include "load/fields.h"

namespace tg::load {

void decodeNamespace(const Node& object, DecodeContext& ctx) {
  model::Namespace ns;
  ns.meta = ctx.meta(object);
  if (ns.meta.name.empty()) throw DecodeError(object.line(), "Namespace without metadata.name");
  ns.meta.ns.clear();
  ctx.cluster.addNamespace(std::move(ns));
}

void decodeService(const Node& object, DecodeContext& ctx) {
  model::Service s;
  s.meta = ctx.meta(object);
  if (s.meta.name.empty()) throw DecodeError(object.line(), "Service without metadata.name");
  if (s.meta.ns.empty()) s.meta.ns = DecodeContext::kDefaultNamespace;
  if (const Node* spec = optMapping(object, "spec")) {
    s.type = optString(*spec, "type").value_or("ClusterIP");
    s.clusterIp = optString(*spec, "clusterIP").value_or("");
    if (const Node* sel = optMapping(*spec, "selector")) s.selector = stringMap(sel, "selector");
    if (const Node* ports = optSequence(*spec, "ports")) {
      for (const Node& p : ports->items()) {
        if (!p.isMapping()) throw DecodeError(p.line(), "Service ports entries must be mappings");
        model::ServicePort sp;
        sp.name = optString(p, "name").value_or("");
        const Node* port = p.get("port");
        if (!port) throw DecodeError(p.line(), "Service port without `port`");
        sp.port = toPort(*port, "port");
        sp.protocol = protocolField(p);
        if (const Node* tp = p.get("targetPort"); tp && !tp->isNull()) {
          if (auto n = parseInteger(*tp)) sp.targetPortNumber = toPort(*tp, "targetPort");
          else sp.targetPortName = scalarText(*tp, "targetPort");
        } else {
          sp.targetPortNumber = sp.port;
        }
        sp.appProtocol = optString(p, "appProtocol").value_or("");
        if (auto np = optInt(p, "nodePort")) sp.nodePort = static_cast<uint32_t>(*np);
        s.ports.push_back(std::move(sp));
      }
    }
  }
  ctx.cluster.services.push_back(std::move(s));
}

void decodeServiceAccount(const Node& object, DecodeContext& ctx) {
  model::ServiceAccount sa;
  sa.meta = ctx.meta(object);
  if (sa.meta.name.empty()) throw DecodeError(object.line(), "ServiceAccount without metadata.name");
  if (sa.meta.ns.empty()) sa.meta.ns = DecodeContext::kDefaultNamespace;
  sa.automountServiceAccountToken = optBool(object, "automountServiceAccountToken");
  ctx.cluster.serviceAccounts.push_back(std::move(sa));
}

}  // namespace tg::load
