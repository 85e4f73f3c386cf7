#include "layers/mesh/mesh_membership.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace tg::layers::mesh {
namespace {

const std::string* find(const model::Labels& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? nullptr : &it->second;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "8080, 9090" → ports; "*" → all. Entries that are not port numbers are reported.
net::PortSet parsePortList(const std::string& text, std::vector<std::string>& bad) {
  net::PortSet out;
  size_t i = 0;
  while (i <= text.size()) {
    size_t j = text.find(',', i);
    if (j == std::string::npos) j = text.size();
    std::string item = text.substr(i, j - i);
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (item == "*") {
      out.add(net::kMinPort, net::kMaxPort);
    } else if (!item.empty()) {
      uint32_t n = 0;
      auto [p, ec] = std::from_chars(item.data(), item.data() + item.size(), n);
      if (ec == std::errc() && p == item.data() + item.size() && n >= net::kMinPort && n <= net::kMaxPort)
        out.add(n, n);
      else
        bad.push_back(item);
    }
    i = j + 1;
  }
  return out;
}

void readCapture(const model::Workload& w, Membership& m) {
  const auto& ann = w.podAnnotations;
  std::vector<std::string> bad;
  if (const std::string* inc = find(ann, "traffic.sidecar.istio.io/includeInboundPorts"))
    m.inboundCaptured = parsePortList(*inc, bad);
  if (const std::string* exc = find(ann, "traffic.sidecar.istio.io/excludeInboundPorts"))
    m.inboundCaptured = m.inboundCaptured.minus(parsePortList(*exc, bad));
  if (const std::string* exc = find(ann, "traffic.sidecar.istio.io/excludeOutboundPorts"))
    m.outboundExcluded = parsePortList(*exc, bad);
  for (const char* k : {"traffic.sidecar.istio.io/includeInboundPorts", "traffic.sidecar.istio.io/excludeInboundPorts"})
    if (const std::string* v = find(ann, k)) {
      std::vector<std::string> ignored;
      net::PortSet named = parsePortList(*v, ignored);
      if (named == net::PortSet(net::kMinPort, net::kMaxPort)) continue;  // "*"
      for (const auto& i : named.intervals())
        for (uint32_t p = i.lo; p <= i.hi; ++p) m.annotatedInboundPorts.push_back(p);
    }
  for (const std::string& b : bad)
    m.notModelled.push_back(fmt::format("capture annotation entry `{}` is not a port number", b));
  for (const char* k : {"traffic.sidecar.istio.io/excludeOutboundIPRanges",
                        "traffic.sidecar.istio.io/includeOutboundIPRanges",
                        "traffic.sidecar.istio.io/includeOutboundPorts", "traffic.sidecar.istio.io/interceptionMode"})
    if (find(ann, k)) m.notModelled.push_back(fmt::format("annotation {} is not modelled", k));
}

// Whether the sidecar injector adds a proxy to this pod; sets `why`.
bool sidecarInjected(const model::Workload& w, const model::Labels& nsLabels, std::string& why) {
  if (std::find(w.containers.begin(), w.containers.end(), "istio-proxy") != w.containers.end()) {
    why = "istio-proxy container in the pod spec";
    return true;
  }
  const std::string* podLabel = find(w.podLabels, "sidecar.istio.io/inject");
  const std::string* podAnn = find(w.podAnnotations, "sidecar.istio.io/inject");
  const std::string* nsInjection = find(nsLabels, "istio-injection");
  const std::string* nsRev = find(nsLabels, "istio.io/rev");
  if (podLabel && *podLabel == "false") {
    why = "pod label sidecar.istio.io/inject=false";
    return false;
  }
  if (nsInjection && *nsInjection == "disabled") {
    why = "namespace label istio-injection=disabled";
    return false;
  }
  if (podLabel && *podLabel == "true") {
    why = "pod label sidecar.istio.io/inject=true";
    return true;
  }
  bool nsEnabled = (nsInjection && *nsInjection == "enabled") || (!nsInjection && nsRev);
  if (nsEnabled) {
    if (podAnn && *podAnn == "false") {
      why = "pod annotation sidecar.istio.io/inject=false";
      return false;
    }
    why = nsInjection ? "namespace label istio-injection=enabled" : fmt::format("namespace label istio.io/rev={}", *nsRev);
    return true;
  }
  if (!nsInjection && !nsRev) {
    if (const std::string* rev = find(w.podLabels, "istio.io/rev")) {
      why = fmt::format("pod label istio.io/rev={}", *rev);
      return true;
    }
  }
  why = "no sidecar injection (namespace not labelled istio-injection=enabled or istio.io/rev)";
  return false;
}

}  // namespace

bool MeshConfig::hasProvider(const std::string& name) const {
  return std::find(extensionProviders.begin(), extensionProviders.end(), name) != extensionProviders.end();
}

MeshConfig resolveMeshConfig(const model::Cluster& cluster, const MeshOptions& options) {
  MeshConfig c;
  std::vector<std::string> where;
  if (options.rootNamespace) where.push_back(*options.rootNamespace);
  where.push_back("istio-system");
  for (const std::string& ns : where) {
    for (const model::MeshConfigMap& m : cluster.meshConfigs)
      if (m.meta.ns == ns) {
        c.configMap = &m;
        break;
      }
    if (c.configMap) break;
  }
  if (const model::MeshConfigMap* m = c.configMap) {
    if (m->rootNamespace && !m->rootNamespace->empty()) c.rootNamespace = *m->rootNamespace;
    else c.rootNamespace = m->meta.ns;  // Istio's default: the namespace of the control plane
    if (m->trustDomain && !m->trustDomain->empty()) c.trustDomain = *m->trustDomain;
    c.trustDomainAliases = m->trustDomainAliases;
    c.extensionProviders = m->extensionProviders;
  }
  if (options.rootNamespace) c.rootNamespace = *options.rootNamespace;
  if (options.trustDomain) c.trustDomain = *options.trustDomain;
  return c;
}

const char* dataplaneName(Dataplane d) {
  switch (d) {
    case Dataplane::None: return "none";
    case Dataplane::Sidecar: return "sidecar";
    case Dataplane::Ambient: return "ambient";
  }
  return "?";
}

bool Membership::capturesInbound(uint32_t port) const {
  if (dataplane == Dataplane::Ambient) return true;
  return dataplane == Dataplane::Sidecar && inboundCaptured.contains(port);
}

bool Membership::capturesOutbound(uint32_t port) const {
  if (dataplane == Dataplane::Ambient) return true;
  return dataplane == Dataplane::Sidecar && !outboundExcluded.contains(port);
}

Membership membershipOf(const model::Workload& w, const model::Namespace* ns) {
  static const model::Labels kNone;
  const model::Labels& nsLabels = ns ? ns->meta.labels : kNone;
  Membership m;
  if (w.hostNetwork) {
    m.reason = "hostNetwork pod: outside the mesh";
    return m;
  }
  std::string why;
  if (sidecarInjected(w, nsLabels, why)) {
    m.dataplane = Dataplane::Sidecar;
    m.reason = "sidecar: " + why;
    readCapture(w, m);
    return m;
  }
  const std::string* podMode = find(w.podLabels, "istio.io/dataplane-mode");
  const std::string* nsMode = find(nsLabels, "istio.io/dataplane-mode");
  if (podMode && *podMode == "none") {
    m.reason = "pod label istio.io/dataplane-mode=none; " + why;
    return m;
  }
  if ((podMode && *podMode == "ambient") || (nsMode && *nsMode == "ambient")) {
    m.dataplane = Dataplane::Ambient;
    m.reason = podMode && *podMode == "ambient" ? "ambient: pod label istio.io/dataplane-mode=ambient"
                                                : "ambient: namespace label istio.io/dataplane-mode=ambient";
    const std::string* wp = find(w.podLabels, "istio.io/use-waypoint");
    if (!wp) wp = find(nsLabels, "istio.io/use-waypoint");
    if (wp && *wp != "none") m.waypoint = *wp;
    return m;
  }
  m.reason = why;
  return m;
}

MeshContext::MeshContext(const model::Cluster& cluster, const MeshOptions& options)
    : cluster_(cluster), config_(resolveMeshConfig(cluster, options)) {
  none_.reason = "outside the cluster: not in the mesh";
  unknown_.reason = "workload not in the cluster the mesh context was built from";
  for (const model::Workload& w : cluster.workloads) members_.emplace(&w, membershipOf(w, cluster.findNamespace(w.meta.ns)));
  for (const model::Service& s : cluster.services) servicesByNamespace_[s.meta.ns].push_back(&s);
}

const Membership& MeshContext::membership(const model::Workload& w) const {
  auto it = members_.find(&w);
  if (it != members_.end()) return it->second;
  // A copy of one of this cluster's workloads: found by identity.
  for (const auto& [k, m] : members_)
    if (k->meta.ns == w.meta.ns && k->meta.name == w.meta.name && k->meta.kind == w.meta.kind) return m;
  return unknown_;
}

const Membership& MeshContext::membership(const Endpoint& e) const {
  return e.workload ? membership(*e.workload) : none_;
}

namespace {

bool selects(const model::Service& s, const model::Workload& w) {
  if (!s.selector || s.selector->empty() || s.meta.ns != w.meta.ns) return false;
  for (const auto& [k, v] : *s.selector) {
    auto it = w.podLabels.find(k);
    if (it == w.podLabels.end() || it->second != v) return false;
  }
  return true;
}

// The container port a Service port sends to, or 0 when a named target does not resolve.
uint32_t targetOf(const model::ServicePort& sp, const model::Workload& w) {
  if (sp.targetPortNumber) return sp.targetPortNumber;
  for (const auto& cp : w.ports)
    if (cp.name == sp.targetPortName && cp.protocol == sp.protocol) return cp.port;
  return 0;
}

// Istio's protocol selection: `appProtocol` first, then the port name `<protocol>[-<suffix>]`.
// A value that names no protocol Istio knows leaves the port to detection.
enum class Selected { Http, Tcp, Detected };
Selected selectedProtocol(const model::ServicePort& sp, std::string& what) {
  static const std::vector<std::string> kHttp = {"http", "http2", "grpc", "grpc-web", "h2c", "kubernetes.io/h2c",
                                                 "kubernetes.io/ws", "kubernetes.io/wss"};
  static const std::vector<std::string> kOther = {"tcp", "tls", "https", "mongo", "mysql", "redis", "udp"};
  std::string value;
  if (!sp.appProtocol.empty()) {
    value = lower(sp.appProtocol);
    what = fmt::format("appProtocol `{}`", sp.appProtocol);
  } else {
    std::string name = lower(sp.name);
    value = name.substr(0, name.find('-'));
    what = fmt::format("name `{}`", sp.name);
  }
  if (std::find(kHttp.begin(), kHttp.end(), value) != kHttp.end()) return Selected::Http;
  if (std::find(kOther.begin(), kOther.end(), value) != kOther.end()) return Selected::Tcp;
  return Selected::Detected;
}

}  // namespace

PortProtocol MeshContext::protocolOf(const model::Workload& dst, uint32_t port) const {
  std::vector<const model::Service*> services;
  if (auto it = servicesByNamespace_.find(dst.meta.ns); it != servicesByNamespace_.end())
    for (const model::Service* s : it->second)
      if (selects(*s, dst)) services.push_back(s);
  // The oldest Service decides when several disagree (ties by name).
  std::sort(services.begin(), services.end(), [](const model::Service* a, const model::Service* b) {
    return std::tie(a->meta.creationTimestamp, a->meta.name) < std::tie(b->meta.creationTimestamp, b->meta.name);
  });
  // Istio sniffs a port whose protocol nothing declares and applies HTTP rules to what it
  // detects as HTTP; taking such a port as HTTP is also the permissive reading (an ALLOW keeps its
  // HTTP-only rules, a DENY its HTTP-only conditions), so no isolation is claimed that raw TCP
  // would not have.
  PortProtocol out{true, false, fmt::format("no Service port declares the protocol of port {}: Istio detects it, "
                                            "HTTP rules apply to HTTP requests", port)};
  bool found = false;
  for (const model::Service* s : services)
    for (const model::ServicePort& sp : s->ports) {
      if (sp.protocol != net::Protocol::TCP || targetOf(sp, dst) != port) continue;
      std::string what;
      Selected sel = selectedProtocol(sp, what);
      // By Selected: Http, Tcp, Detected.
      static constexpr const char* kVerdict[] = {"HTTP", "TCP", "no protocol named, Istio detects it (HTTP rules apply to HTTP)"};
      std::string text = fmt::format("Service {}/{} port {} {}: {}", s->meta.ns, s->meta.name, sp.port, what,
                                     kVerdict[static_cast<int>(sel)]);
      bool http = sel != Selected::Tcp;
      if (!found) {
        out = {http, sel != Selected::Detected, text};
        found = true;
      } else if (http != out.http) {
        out.why += fmt::format(" (conflicts with {}; the oldest Service wins)", text);
      }
    }
  return out;
}

std::vector<uint32_t> MeshContext::servicePorts(const model::Workload& dst) const {
  std::vector<uint32_t> out;
  if (auto it = servicesByNamespace_.find(dst.meta.ns); it != servicesByNamespace_.end())
    for (const model::Service* s : it->second)
      if (selects(*s, dst))
        for (const model::ServicePort& sp : s->ports)
          if (uint32_t t = targetOf(sp, dst)) out.push_back(t);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string MeshContext::principalOf(const model::Workload& w) const {
  return fmt::format("{}/ns/{}/sa/{}", config_.trustDomain, w.meta.ns, w.serviceAccount);
}

}  // namespace tg::layers::mesh
