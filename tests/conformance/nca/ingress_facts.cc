#include "ingress_facts.h"

#include <set>

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

}  // namespace

HttpRestriction ncaRestriction(const verify::IngressRoute& route) {
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
  if (!c.ingress.controllerInInput) return;
  std::set<std::string> controllers;
  for (const layers::Endpoint& e : c.endpoints)
    if (e.workload && verify::isIngressController(*e.workload)) controllers.insert(e.workload->displayName());
  FactSet out;
  for (const auto& [key, conn] : facts.facts())
    if (key.first.kind != Peer::Kind::Workload || !controllers.count(key.first.name))
      out.add(key.first, key.second, conn);
  for (const verify::IngressRoute& r : c.ingress.routes)
    if (!r.allowed.empty())
      out.add(Peer::workload(*r.controller), Peer::workload(*r.backend), Conn(r.allowed, ncaRestriction(r)));
  facts = std::move(out);
}

}  // namespace tg::conformance::nca
