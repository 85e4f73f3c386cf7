#include "verify/ingress_routes.h"

#include <algorithm>

#include "verify/connectivity.h"

namespace tg::verify {
namespace {

using model::IngressPath;
using model::IngressPathType;

// The request paths a path matches, as Kubernetes defines them: Exact the path itself; Prefix
// the path and everything under it, element by element (`/abc` matches `/abc/d`, not `/abcd`).
// ImplementationSpecific is read as Prefix; an empty path matches every path.
struct PathMatch {
  std::string path;
  bool exact = false;

  static PathMatch of(const IngressPath& p) {
    if (p.path.empty()) return {"/", false};
    return {p.path, p.type == IngressPathType::Exact};
  }

  // Whether every request path `inner` matches is matched here too.
  bool covers(const PathMatch& inner) const {
    if (exact) return inner.exact && inner.path == path;
    std::string prefix = path;
    while (prefix.size() > 1 && prefix.back() == '/') prefix.pop_back();
    if (prefix == "/") return true;
    const std::string& q = inner.path;
    return q.compare(0, prefix.size(), prefix) == 0 && (q.size() == prefix.size() || q[prefix.size()] == '/');
  }
  // Whether requests `other` also matches go to `other` instead (longest match, Exact first).
  bool yieldsTo(const PathMatch& other) const {
    if (!covers(other)) return false;
    if (other.covers(*this)) return other.exact && !exact;  // the same requests: Exact wins
    return true;
  }
};

// The Service ports a backend leads to: for an Ingress the one it names; for a Route the one
// whose name it gives, or every one (a number names the pods' port: see backendPorts).
std::vector<const model::ServicePort*> servicePorts(const model::Service& s, const model::IngressBackend& b) {
  std::vector<const model::ServicePort*> out;
  for (const model::ServicePort& p : s.ports) {
    bool named = !b.portName.empty();
    if (b.endpointPort ? !named || p.name == b.portName : named ? p.name == b.portName : p.port == b.portNumber)
      out.push_back(&p);
  }
  return out;
}

const model::Service* findService(const model::Cluster& cluster, const std::string& ns, const std::string& name) {
  for (const model::Service& s : cluster.services)
    if (s.meta.ns == ns && s.meta.name == name) return &s;
  return nullptr;
}

// The Service ports a backend of an Ingress in `ns` leads to (none without the Service).
std::vector<const model::ServicePort*> resolve(const model::Cluster& cluster, const std::string& ns,
                                               const model::IngressBackend& b) {
  const model::Service* s = findService(cluster, ns, b.service);
  return s ? servicePorts(*s, b) : std::vector<const model::ServicePort*>{};
}

// The paths of the same host that take requests `path` matches to another Service port (or to
// none: the controller answers those itself).
std::vector<const IngressPath*> moreSpecific(const model::Cluster& cluster,
                                             const std::vector<const model::ServicePort*>& target,
                                             const IngressPath& path) {
  std::vector<const IngressPath*> out;
  PathMatch self = PathMatch::of(path);
  for (const model::Ingress& other : cluster.ingresses)
    for (const IngressPath& q : other.paths)
      if (&q != &path && q.host == path.host && resolve(cluster, other.meta.ns, q.backend) != target &&
          self.yieldsTo(PathMatch::of(q)))
        out.push_back(&q);
  return out;
}

bool selects(const model::Service& s, const model::Workload& w) {
  if (!s.selector || s.selector->empty() || s.meta.ns != w.meta.ns) return false;
  return std::all_of(s.selector->begin(), s.selector->end(), [&](const auto& kv) {
    auto it = w.podLabels.find(kv.first);
    return it != w.podLabels.end() && it->second == kv.second;
  });
}

// The target port of `sp` on `w`: a number, or a name resolved against w's container ports.
net::ConnectionSet targetPorts(const model::ServicePort& sp, const model::Workload& w) {
  if (sp.targetPortName.empty())
    return net::ConnectionSet::ports(sp.protocol, net::PortSet(sp.targetPortNumber, sp.targetPortNumber));
  net::ConnectionSet out;
  for (const model::ContainerPort& cp : w.ports)
    if (cp.name == sp.targetPortName && cp.protocol == sp.protocol)
      out.add(net::ConnectionSet::ports(cp.protocol, net::PortSet(cp.port, cp.port)));
  return out;
}

// The ports of `w` that backend `b` reaches through the Service ports `sps`.
net::ConnectionSet backendPorts(const model::IngressBackend& b, const std::vector<const model::ServicePort*>& sps,
                                const model::Workload& w) {
  net::ConnectionSet out;
  for (const model::ServicePort* sp : sps) {
    net::ConnectionSet t = targetPorts(*sp, w);
    if (b.endpointPort && b.portNumber)  // a Route naming the pods' port by number
      t = t.intersect(net::ConnectionSet::ports(sp->protocol, net::PortSet(b.portNumber, b.portNumber)));
    out.add(t);
  }
  return out;
}

layers::Endpoint endpointOf(const model::Cluster& cluster, const model::Workload& w) {
  return layers::Endpoint::ofWorkload(w, cluster.findNamespace(w.meta.ns));
}

}  // namespace

bool isIngressController(const model::Workload& w) {
  auto it = w.podLabels.find("app.kubernetes.io/name");
  return it != w.podLabels.end() && it->second == "ingress-nginx";
}

IngressRoutes computeIngressRoutes(const model::Cluster& cluster, const layers::network::NetworkLayer& network,
                                   const layers::mesh::MeshContext& mesh, const layers::mesh::MtlsLayer& mtls,
                                   const layers::mesh::AuthzLayer& authz) {
  IngressRoutes out;
  if (cluster.ingresses.empty()) return out;

  std::vector<const model::Workload*> controllers;
  for (const model::Workload& w : cluster.workloads)
    if (isIngressController(w)) controllers.push_back(&w);
  out.controllerInInput = !controllers.empty();
  // The pseudo-peer: a pod without labels in a namespace the input does not have.
  model::Namespace unknownNs;
  unknownNs.meta.name = kIngressControllerPeer;
  unknownNs.meta.labels[model::kNamespaceNameLabel] = kIngressControllerPeer;
  model::Workload pseudo;
  pseudo.meta.ns = pseudo.meta.name = kIngressControllerPeer;
  pseudo.meta.kind = "Pod";
  if (controllers.empty()) controllers.push_back(nullptr);

  auto addRoutes = [&](const model::Ingress& ing, const IngressPath* path, const model::IngressBackend& b) {
    if (b.service.empty()) return;  // a `resource` backend: not a workload (TG090)
    const model::Service* svc = findService(cluster, ing.meta.ns, b.service);
    std::vector<const model::ServicePort*> sps = svc ? servicePorts(*svc, b) : std::vector<const model::ServicePort*>{};
    if (sps.empty()) return;  // the controller answers such requests itself (503): nothing enters
    std::vector<const IngressPath*> except = path ? moreSpecific(cluster, sps, *path) : std::vector<const IngressPath*>{};
    for (const model::Workload& w : cluster.workloads) {
      if (!selects(*svc, w)) continue;
      net::ConnectionSet ports = backendPorts(b, sps, w);
      if (ports.empty()) continue;
      const layers::Endpoint dst = endpointOf(cluster, w);
      for (const model::Workload* c : controllers) {
        const layers::Endpoint src = c ? endpointOf(cluster, *c) : layers::Endpoint::ofWorkload(pseudo, &unknownNs);
        IngressRoute r{&ing, path, except, c, &w, ports, {}, std::nullopt};
        r.allowed = network.allowed(src, dst).intersect(ports);
        if (!r.allowed.empty()) r.allowed = meshAllowed(mesh, mtls, authz, src, dst, r.allowed, r.authorization);
        out.routes.push_back(std::move(r));
      }
    }
  };
  for (const model::Ingress& ing : cluster.ingresses) {
    for (const IngressPath& p : ing.paths) addRoutes(ing, &p, p.backend);
    if (ing.defaultBackend) addRoutes(ing, nullptr, *ing.defaultBackend);
  }
  return out;
}

}  // namespace tg::verify
