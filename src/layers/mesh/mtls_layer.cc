#include "layers/mesh/mtls_layer.h"

#include <fmt/format.h>

#include <algorithm>

namespace tg::layers::mesh {
namespace {

bool subset(const model::Labels& selector, const model::Labels& labels) {
  for (const auto& [k, v] : selector) {
    auto it = labels.find(k);
    if (it == labels.end() || it->second != v) return false;
  }
  return true;
}

// Oldest first: by creationTimestamp (missing = newest), then name.
bool older(const model::PeerAuthentication* a, const model::PeerAuthentication* b) {
  const auto& ta = a->meta.creationTimestamp;
  const auto& tb = b->meta.creationTimestamp;
  return std::make_tuple(ta.empty(), ta, a->meta.ns, a->meta.name) <
         std::make_tuple(tb.empty(), tb, b->meta.ns, b->meta.name);
}

Ref refOf(const model::PeerAuthentication& pa, uint32_t line, std::string section) {
  Ref r{"PeerAuthentication", pa.meta.ns, pa.meta.name, -1, std::move(section), pa.meta.where};
  if (line) r.where.line = line;
  return r;
}

std::string paName(const model::PeerAuthentication& pa) { return pa.meta.ns + "/" + pa.meta.name; }

}  // namespace

MtlsLayer::MtlsLayer(const MeshContext& mesh, const Exclusion* exclusion) : mesh_(mesh), exclusion_(exclusion) {
  for (const auto& pa : mesh.cluster().peerAuthentications) policies_.push_back(&pa);
  std::sort(policies_.begin(), policies_.end(), older);
  for (size_t i = 0; i < policies_.size(); ++i) byNamespace_[policies_[i]->meta.ns].push_back(i);
}

MtlsLayer::Scopes MtlsLayer::scopesOf(const model::Workload& w) const {
  Scopes s;
  const std::string& root = mesh_.config().rootNamespace;
  // Only the root namespace's policies and w's own can apply; merged back into age order.
  std::vector<size_t> positions;
  for (const std::string* ns : {&root, &w.meta.ns}) {
    auto it = byNamespace_.find(*ns);
    if (it != byNamespace_.end() && (ns == &root || *ns != root))
      positions.insert(positions.end(), it->second.begin(), it->second.end());
  }
  std::sort(positions.begin(), positions.end());
  for (size_t i : positions) {  // oldest first: the first found wins
    const model::PeerAuthentication* pa = policies_[i];
    if (exclusion_ && exclusion_->excludes("PeerAuthentication", pa->meta.ns, pa->meta.name)) continue;
    bool selector = !pa->selector.empty();
    if (pa->meta.ns == root && !selector) {
      if (!s.mesh) s.mesh = pa;
      else s.ignored.push_back(fmt::format("{}: a newer mesh-wide policy than {}", paName(*pa), paName(*s.mesh)));
      continue;
    }
    if (pa->meta.ns == root) {  // a selector in the root namespace
      if (subset(pa->selector, w.podLabels))
        s.ignored.push_back(fmt::format("{}: a workload selector in the root namespace is ignored", paName(*pa)));
      continue;
    }
    if (pa->meta.ns != w.meta.ns) continue;
    if (!selector) {
      if (!s.ns) s.ns = pa;
      else s.ignored.push_back(fmt::format("{}: a newer namespace-wide policy than {}", paName(*pa), paName(*s.ns)));
    } else if (subset(pa->selector, w.podLabels)) {
      if (!s.workload) s.workload = pa;
      else s.ignored.push_back(fmt::format("{}: a newer policy selecting the workload than {}", paName(*pa), paName(*s.workload)));
    }
  }
  for (const auto* pa : {s.mesh, s.ns})
    if (pa && !pa->portLevelMtls.empty())
      s.ignored.push_back(fmt::format("{}: portLevelMtls without a selector is ignored", paName(*pa)));
  return s;
}

EffectiveMtls MtlsLayer::effectiveMode(const model::Workload& w, uint32_t port) const {
  Scopes s = scopesOf(w);
  EffectiveMtls e;
  e.ignored = s.ignored;
  auto apply = [&](const model::PeerAuthentication* pa, const char* scope) {
    if (!pa || pa->mode == model::MtlsMode::Unset) return;
    e.mode = pa->mode;
    e.scope = scope;
    e.decidedBy = refOf(*pa, pa->modeLine, scope);
  };
  apply(s.mesh, "mesh");
  if (s.ns != s.mesh) apply(s.ns, "namespace");
  apply(s.workload, "workload");
  if (s.workload) {
    auto it = s.workload->portLevelMtls.find(port);
    if (it != s.workload->portLevelMtls.end() && it->second.mode != model::MtlsMode::Unset) {
      e.mode = it->second.mode;
      e.scope = "port";
      e.decidedBy = refOf(*s.workload, it->second.line, fmt::format("portLevelMtls {}", port));
    }
  }
  return e;
}

std::vector<uint32_t> MtlsLayer::distinctPorts(const model::Workload& w) const {
  std::vector<uint32_t> out = mesh_.membership(w).annotatedInboundPorts;
  if (const model::PeerAuthentication* pa = scopesOf(w).workload)
    for (const auto& [port, pm] : pa->portLevelMtls) out.push_back(port);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

PeerSecurity MtlsLayer::security(const Endpoint& src, const Endpoint& dst, net::Protocol p, uint32_t port) const {
  PeerSecurity s;
  const Membership& dm = mesh_.membership(dst);
  if (!dst.workload || !dm.inMesh()) {
    s.reason = fmt::format("destination {} is not in the mesh ({})", dst.name(), dm.reason);
    return s;
  }
  if (p != net::Protocol::TCP) {
    s.reason = fmt::format("{} is not intercepted by the mesh proxies", net::protocolName(p));
    return s;
  }
  if (!dm.capturesInbound(port)) {
    s.reason = fmt::format("port {} of {} bypasses its sidecar (traffic.sidecar.istio.io inbound port annotations)",
                           port, dst.name());
    return s;
  }
  s.applicable = true;
  s.destination = effectiveMode(*dst.workload, port);
  std::string modeText = fmt::format("{} ({})", model::mtlsModeName(s.destination.mode),
                                     s.destination.decidedBy ? s.destination.scope + " policy" : "default, no PeerAuthentication");
  if (dm.dataplane == Dataplane::Ambient && s.destination.mode == model::MtlsMode::Disable) {
    s.destination.mode = model::MtlsMode::Permissive;  // ztunnel always speaks mTLS (HBONE)
    modeText = "DISABLE, which ambient mode ignores (PERMISSIVE)";
  }
  const Membership& sm = mesh_.membership(src);
  std::string srcWhy;
  if (!src.workload) srcWhy = "the source is outside the cluster";
  else if (!sm.inMesh()) srcWhy = fmt::format("the source is not in the mesh ({})", sm.reason);
  else if (!sm.capturesOutbound(port)) srcWhy = fmt::format("outbound port {} bypasses the source's sidecar", port);
  s.sourcePresentsCert = srcWhy.empty();
  bool disabled = s.destination.mode == model::MtlsMode::Disable;
  s.mtls = s.sourcePresentsCert && !disabled;
  s.refused = s.destination.mode == model::MtlsMode::Strict && !s.sourcePresentsCert;
  if (s.refused)
    s.reason = fmt::format("port {} of {} requires mTLS: {}; {}, so it cannot present a mesh certificate", port,
                           dst.name(), modeText, srcWhy);
  else if (s.mtls)
    s.reason = fmt::format("mTLS: both ends in the mesh ({} → {}); destination port {} is {}",
                           dataplaneName(sm.dataplane), dataplaneName(dm.dataplane), port, modeText);
  else if (disabled)
    s.reason = fmt::format("plaintext: destination port {} is {}", port, modeText);
  else
    s.reason = fmt::format("plaintext accepted: destination port {} is {}; {}", port, modeText, srcWhy);
  return s;
}

Verdict MtlsLayer::verdict(const Endpoint& src, const Endpoint& dst, net::Protocol p, uint32_t port) const {
  PeerSecurity s = security(src, dst, p, port);
  Verdict v;
  v.reason = s.reason;
  if (!s.applicable) return v;  // NotApplicable
  v.verdict = s.refused ? VerdictKind::Deny : VerdictKind::Allow;
  if (s.destination.decidedBy) v.decidedBy.push_back(*s.destination.decidedBy);
  for (const std::string& i : s.destination.ignored) v.reason += "; ignored " + i;
  return v;
}

}  // namespace tg::layers::mesh
