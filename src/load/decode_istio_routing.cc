// Istio Gateway and VirtualService (networking.istio.io): what ingress routes need of them — the
// gateway selector, servers' ports and hosts; the virtual service's hosts, gateways, and `http` /
// `tcp` routes with their uri matches and destinations. `tls` routes and delegation are not read
// (TG090 reports them).
#include <fmt/format.h>

#include "load/decoders.h"
#include "load/fields.h"

namespace tg::load {
namespace {

model::UriMatch readUri(const Node& uri) {
  if (!uri.isMapping()) throw DecodeError(uri.line(), "`uri` must be a mapping");
  for (auto [key, kind] : {std::pair{"prefix", model::UriMatch::Kind::Prefix}, std::pair{"exact", model::UriMatch::Kind::Exact},
                           std::pair{"regex", model::UriMatch::Kind::Regex}})
    if (auto v = optString(uri, key)) return {kind, *v};
  throw DecodeError(uri.line(), "`uri` needs `prefix`, `exact` or `regex`");
}

model::VirtualServiceRoute readRoute(const Node& r, bool tcp) {
  if (!r.isMapping()) throw DecodeError(r.line(), "VirtualService routes must be mappings");
  model::VirtualServiceRoute route;
  route.tcp = tcp;
  route.line = r.line();
  if (const Node* matches = optSequence(r, "match"))
    for (const Node& m : matches->items()) {
      if (!m.isMapping()) throw DecodeError(m.line(), "`match` entries must be mappings");
      if (const Node* uri = optMapping(m, "uri")) route.uris.push_back(readUri(*uri));
      else route.uris.push_back({model::UriMatch::Kind::Prefix, "/"});  // this match takes any path
    }
  if (const Node* dests = optSequence(r, "route"))
    for (const Node& d : dests->items()) {
      if (!d.isMapping()) throw DecodeError(d.line(), "`route` entries must be mappings");
      const Node& dest = reqMapping(d, "destination");
      model::RouteDestination out{reqString(dest, "host"), 0, dest.line()};
      if (const Node* port = optMapping(dest, "port")) {
        const Node* number = port->get("number");
        if (!number) throw DecodeError(port->line(), "destination `port` without `number`");
        out.port = toPort(*number, "number");
      }
      route.destinations.push_back(std::move(out));
    }
  return route;
}

}  // namespace

void decodeGateway(const Node& object, DecodeContext& ctx) {
  model::Gateway g;
  g.meta = ctx.namespacedMeta(object);
  const Node& spec = reqMapping(object, "spec");
  g.selector = stringMap(spec.get("selector"), "selector");
  if (const Node* servers = optSequence(spec, "servers"))
    for (const Node& s : servers->items()) {
      if (!s.isMapping()) throw DecodeError(s.line(), "Gateway servers must be mappings");
      model::GatewayServer server;
      const Node& port = reqMapping(s, "port");
      const Node* number = port.get("number");
      if (!number) throw DecodeError(port.line(), "Gateway server port without `number`");
      server.port = toPort(*number, "number");
      server.hosts = stringList(s.get("hosts"), "hosts");
      g.servers.push_back(std::move(server));
    }
  ctx.cluster.gateways.push_back(std::move(g));
}

void decodeVirtualService(const Node& object, DecodeContext& ctx) {
  model::VirtualService vs;
  vs.meta = ctx.namespacedMeta(object);
  const Node& spec = reqMapping(object, "spec");
  vs.hosts = stringList(spec.get("hosts"), "hosts");
  vs.gateways = stringList(spec.get("gateways"), "gateways");
  for (auto [key, tcp] : {std::pair{"http", false}, std::pair{"tcp", true}})
    if (const Node* routes = optSequence(spec, key))
      for (const Node& r : routes->items()) {
        vs.routes.push_back(readRoute(r, tcp));
        if (const Node* d = r.get("delegate")) vs.unmodelled.push_back({d->line(), "delegate (routes of another VirtualService)"});
      }
  if (const Node* tls = spec.get("tls")) vs.unmodelled.push_back({tls->line(), "tls routes"});
  ctx.cluster.virtualServices.push_back(std::move(vs));
}

}  // namespace tg::load
