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

namespace {

// Where routes go: evaluates the connection from each source to each pod of a Service.
class RouteBuilder {
 public:
  RouteBuilder(const model::Cluster& cluster, const layers::network::NetworkLayer& network,
               const layers::mesh::MeshContext& mesh, const layers::mesh::MtlsLayer& mtls,
               const layers::mesh::AuthzLayer& authz, std::vector<IngressRoute>& out)
      : cluster_(cluster), network_(network), mesh_(mesh), mtls_(mtls), authz_(authz), out_(out) {
    // The pseudo-peer: a pod without labels in a namespace the input does not have.
    unknownNs_.meta.name = kIngressControllerPeer;
    unknownNs_.meta.labels[model::kNamespaceNameLabel] = kIngressControllerPeer;
    pseudo_.meta.ns = pseudo_.meta.name = kIngressControllerPeer;
    pseudo_.meta.kind = "Pod";
  }

  // One route like `proto` from each of `sources` (null: the pseudo-peer) to each pod of `svc`,
  // on the ports `portsOf(pod)` gives.
  template <class PortsOf>
  void add(const IngressRoute& proto, const model::Service& svc, PortsOf portsOf,
           const std::vector<const model::Workload*>& sources) {
    for (const model::Workload& w : cluster_.workloads) {
      if (!selects(svc, w)) continue;
      net::ConnectionSet ports = portsOf(w);
      if (ports.empty()) continue;
      const layers::Endpoint dst = endpointOf(cluster_, w);
      for (const model::Workload* c : sources) {
        const layers::Endpoint src = c ? endpointOf(cluster_, *c) : layers::Endpoint::ofWorkload(pseudo_, &unknownNs_);
        IngressRoute r = proto;
        r.controller = c;
        r.backend = &w;
        r.ports = ports;
        r.allowed = network_.allowed(src, dst).intersect(ports);
        if (!r.allowed.empty()) r.allowed = meshAllowed(mesh_, mtls_, authz_, src, dst, r.allowed, r.authorization);
        out_.push_back(std::move(r));
      }
    }
  }

 private:
  const model::Cluster& cluster_;
  const layers::network::NetworkLayer& network_;
  const layers::mesh::MeshContext& mesh_;
  const layers::mesh::MtlsLayer& mtls_;
  const layers::mesh::AuthzLayer& authz_;
  std::vector<IngressRoute>& out_;
  model::Namespace unknownNs_;
  model::Workload pseudo_;
};

// The Service a VirtualService destination host names: `name` (in `ns`), `name.namespace`, or
// `name.namespace.svc[.DOMAIN]`.
const model::Service* serviceOfHost(const model::Cluster& cluster, const std::string& ns, const std::string& host) {
  size_t dot = host.find('.');
  if (dot == std::string::npos) return findService(cluster, ns, host);
  size_t next = host.find('.', dot + 1);
  std::string hostNs = host.substr(dot + 1, next == std::string::npos ? std::string::npos : next - dot - 1);
  if (next != std::string::npos && host.compare(next + 1, 3, "svc") != 0) return nullptr;  // not a Service name
  return findService(cluster, hostNs, host.substr(0, dot));
}

// The workloads of the Gateways a VirtualService is bound to (`mesh` binds it to sidecars, not
// to a gateway).
std::vector<const model::Workload*> gatewayWorkloads(const model::Cluster& cluster, const model::VirtualService& vs) {
  std::vector<const model::Workload*> out;
  for (const std::string& ref : vs.gateways) {
    size_t slash = ref.find('/');
    std::string ns = slash == std::string::npos ? vs.meta.ns : ref.substr(0, slash);
    std::string name = slash == std::string::npos ? ref : ref.substr(slash + 1);
    for (const model::Gateway& g : cluster.gateways) {
      if (g.meta.ns != ns || g.meta.name != name || g.selector.empty()) continue;
      for (const model::Workload& w : cluster.workloads)
        if (std::includes(w.podLabels.begin(), w.podLabels.end(), g.selector.begin(), g.selector.end()) &&
            std::find(out.begin(), out.end(), &w) == out.end())
          out.push_back(&w);
    }
  }
  return out;
}

}  // namespace

IngressRoutes computeIngressRoutes(const model::Cluster& cluster, const layers::network::NetworkLayer& network,
                                   const layers::mesh::MeshContext& mesh, const layers::mesh::MtlsLayer& mtls,
                                   const layers::mesh::AuthzLayer& authz) {
  IngressRoutes out;
  RouteBuilder builder(cluster, network, mesh, mtls, authz, out.routes);

  std::vector<const model::Workload*> controllers;
  for (const model::Workload& w : cluster.workloads)
    if (isIngressController(w)) controllers.push_back(&w);
  out.controllerInInput = !cluster.ingresses.empty() && !controllers.empty();
  if (controllers.empty()) controllers.push_back(nullptr);

  auto addIngressRoutes = [&](const model::Ingress& ing, const IngressPath* path, const model::IngressBackend& b) {
    if (b.service.empty()) return;  // a `resource` backend: not a workload (TG090)
    const model::Service* svc = findService(cluster, ing.meta.ns, b.service);
    std::vector<const model::ServicePort*> sps = svc ? servicePorts(*svc, b) : std::vector<const model::ServicePort*>{};
    if (sps.empty()) return;  // the controller answers such requests itself (503): nothing enters
    IngressRoute proto;
    proto.ingress = &ing;
    proto.path = path;
    if (path) proto.except = moreSpecific(cluster, sps, *path);
    builder.add(proto, *svc, [&](const model::Workload& w) { return backendPorts(b, sps, w); }, controllers);
  };
  for (const model::Ingress& ing : cluster.ingresses) {
    for (const IngressPath& p : ing.paths) addIngressRoutes(ing, &p, p.backend);
    if (ing.defaultBackend) addIngressRoutes(ing, nullptr, *ing.defaultBackend);
  }

  for (const model::VirtualService& vs : cluster.virtualServices) {
    std::vector<const model::Workload*> gateways = gatewayWorkloads(cluster, vs);
    if (gateways.empty()) continue;
    for (const model::VirtualServiceRoute& route : vs.routes)
      for (const model::RouteDestination& d : route.destinations) {
        const model::Service* svc = serviceOfHost(cluster, vs.meta.ns, d.host);
        if (!svc) continue;  // not a Service of the input (an external host, a ServiceEntry)
        IngressRoute proto;
        proto.virtualService = &vs;
        proto.virtualServiceRoute = &route;
        // An unset port is allowed only for a Service with one port; any port otherwise.
        auto portsOf = [&](const model::Workload& w) {
          net::ConnectionSet ports;
          for (const model::ServicePort& sp : svc->ports)
            if (!d.port || sp.port == d.port) ports.add(targetPorts(sp, w));
          return ports;
        };
        builder.add(proto, *svc, portsOf, gateways);
      }
  }
  return out;
}

}  // namespace tg::verify
