#include "ingress_facts.h"

#include <algorithm>
#include <map>

namespace tg::conformance::nca {
namespace {

// One path as NCA prints it; empty for "every path".
std::string pathText(const model::IngressPath& p) {
  std::string path = p.path;
  if (p.type == model::IngressPathType::Exact) return path;
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  if (path.empty() || path == "/") return "";
  return path + "(/*)?";
}

// A VirtualService route: its hosts unless `*`, its uri matches (a prefix as for Ingress, `/`
// none at all).
HttpRestriction gatewayRestriction(const model::VirtualService& vs, const model::VirtualServiceRoute& route) {
  HttpRestriction h;
  if (std::find(vs.hosts.begin(), vs.hosts.end(), "*") == vs.hosts.end()) h.hosts = vs.hosts;
  std::sort(h.hosts.begin(), h.hosts.end());
  for (const model::UriMatch& u : route.uris) {
    model::IngressPath p;
    p.path = u.value;
    p.type = u.kind == model::UriMatch::Kind::Exact ? model::IngressPathType::Exact : model::IngressPathType::Prefix;
    std::string text = u.kind == model::UriMatch::Kind::Regex ? u.value : pathText(p);
    if (text.empty()) return {h.methods, {}, h.hosts, ""};  // one match takes every path
    h.paths.push_back(text);
  }
  return h;
}

}  // namespace

HttpRestriction ncaRestriction(const verify::IngressRoute& route) {
  if (route.virtualService) return gatewayRestriction(*route.virtualService, *route.virtualServiceRoute);
  HttpRestriction h;
  if (!route.path) return h;  // the default backend: any request no rule takes
  if (!route.path->host.empty()) h.hosts.push_back(route.path->host);
  std::string path = pathText(*route.path);
  if (!route.except.empty()) {
    path = "(" + (path.empty() ? std::string("/(/*)?") : path) + ")";
    for (const model::IngressPath* e : route.except) path += "-(" + pathText(*e) + ")";
  }
  if (!path.empty()) h.paths.push_back(path);
  if (route.authorization) h.condition = *route.authorization;  // no NCA counterpart
  return h;
}

void compareControllersByRoutes(const verify::Connectivity& c, FactSet& facts) {
  // What NCA leaves of a source's ordinary connections: nothing for an ingress controller; the
  // non-TCP ones for an Istio gateway (its routes are Istio policy, which judges TCP only).
  std::map<std::string, net::ConnectionSet> kept;
  const net::ConnectionSet nonTcp = net::ConnectionSet::all().minus(net::ConnectionSet::allPorts(net::Protocol::TCP));
  if (c.ingress.controllerInInput)
    for (const layers::Endpoint& e : c.endpoints)
      if (e.workload && verify::isIngressController(*e.workload)) kept.emplace(e.workload->displayName(), net::ConnectionSet());
  for (const verify::IngressRoute& r : c.ingress.routes)
    if (r.controller) kept.emplace(r.controller->displayName(), r.virtualService ? nonTcp : net::ConnectionSet());
  if (kept.empty()) return;
  FactSet out;
  for (const auto& [key, conn] : facts.facts()) {
    auto k = key.first.kind == Peer::Kind::Workload ? kept.find(key.first.name) : kept.end();
    Conn left = k == kept.end() ? conn : conn.intersect(k->second);
    if (!left.empty()) out.add(key.first, key.second, left);
  }
  for (const verify::IngressRoute& r : c.ingress.routes)
    if (!r.allowed.empty())
      out.add(Peer::workload(*r.controller), Peer::workload(*r.backend), Conn(r.allowed, ncaRestriction(r)));
  facts = std::move(out);
}

}  // namespace tg::conformance::nca
