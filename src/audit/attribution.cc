#include "audit/attribution.h"

#include <algorithm>

namespace tg::audit {
namespace {

// Caches stop growing here: a flood of distinct unknown addresses must not grow memory.
constexpr size_t kMaxCached = 1 << 16;

std::string_view withoutPort(std::string_view address) {
  if (address.starts_with('[')) {  // [v6]:port
    size_t close = address.find(']');
    return close == std::string_view::npos ? address : address.substr(1, close - 1);
  }
  size_t colon = address.rfind(':');
  if (colon != std::string_view::npos && address.find(':') == colon) return address.substr(0, colon);
  return address;
}

// The "svc.ns" part of a host the mesh names: an SNI `outbound_.8080_._.HOST`, an upstream
// cluster `outbound|8080||HOST`, or an authority `HOST[:port]`.
std::string_view hostOf(std::string_view s) {
  if (s.starts_with("outbound_.")) {
    for (int i = 0; i < 3; ++i) {
      size_t dot = s.find("_.");
      if (dot == std::string_view::npos) return {};
      s.remove_prefix(dot + 2);
    }
    return s;
  }
  if (s.starts_with("outbound|")) {
    size_t bar = s.rfind('|');
    return s.substr(bar + 1);
  }
  return withoutPort(s);
}

bool selects(const model::Labels& selector, const model::Labels& labels) {
  return std::all_of(selector.begin(), selector.end(), [&](const auto& kv) {
    auto it = labels.find(kv.first);
    return it != labels.end() && it->second == kv.second;
  });
}

}  // namespace

Attribution::Attribution(const model::Cluster& cluster, const tenant::Tenancy& tenancy)
    : cluster_(cluster), tenancy_(tenancy) {
  for (const auto& w : cluster.workloads) {
    byName_.emplace(w.meta.name, &w);
    for (const auto& i : w.podIps.intervals()) podIps_.push_back({i.lo, i.hi, &w});
  }
  std::sort(podIps_.begin(), podIps_.end(), [](const IpRange& a, const IpRange& b) { return a.lo < b.lo; });
}

Attribution::Id Attribution::cached(Cache& cache, std::string_view key, Id (Attribution::*resolve)(std::string_view)) {
  if (key.empty()) return kUnknown;
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  Id id = (this->*resolve)(key);
  if (cache.size() < kMaxCached) cache.emplace(std::string(key), id);
  return id;
}

Attribution::Id Attribution::source(const LogRecord& r, Direction d) {
  if (d == Direction::Outbound) {
    if (Id id = podParty(r.podName, r.podNamespace); id != kUnknown) return id;
    return cached(addresses_, withoutPort(r.downstreamRemoteAddress), &Attribution::byIp);
  }
  if (Id id = cached(principals_, r.peerPrincipal, &Attribution::byPrincipal); id != kUnknown) return id;
  return cached(addresses_, withoutPort(r.downstreamRemoteAddress), &Attribution::byIp);
}

Attribution::Id Attribution::destination(const LogRecord& r, Direction d) {
  Id id = kUnknown;
  if (d == Direction::Outbound) {
    id = cached(addresses_, withoutPort(r.upstreamHost), &Attribution::byIp);
    if (id == kUnknown) id = cached(hosts_, r.upstreamCluster, &Attribution::byHost);
  } else {
    id = podParty(r.podName, r.podNamespace);
    if (id == kUnknown) id = cached(addresses_, withoutPort(r.downstreamLocalAddress), &Attribution::byIp);
  }
  if (id == kUnknown) id = cached(hosts_, r.requestedServerName, &Attribution::byHost);
  if (id == kUnknown) id = cached(hosts_, r.authority, &Attribution::byHost);
  return id;
}

Attribution::Id Attribution::workloadParty(const model::Workload& w) {
  std::string name = w.displayName();
  if (auto it = partyIds_.find(name); it != partyIds_.end()) return it->second;
  Party p{name, w.meta.name, tenancy_.tenantOfNamespace(w.meta.ns)};
  if (tenancy_.spec)
    for (const auto& s : tenancy_.spec->sharedServices)
      if (s.ns == w.meta.ns && selects(s.selector, w.podLabels)) p.shared = &s;
  parties_.push_back(std::move(p));
  return partyIds_[std::move(name)] = static_cast<Id>(parties_.size() - 1);
}

Attribution::Id Attribution::namedParty(std::string name, const std::string& ns) {
  if (auto it = partyIds_.find(name); it != partyIds_.end()) return it->second;
  parties_.push_back({name, "", tenancy_.tenantOfNamespace(ns)});
  return partyIds_[std::move(name)] = static_cast<Id>(parties_.size() - 1);
}

Attribution::Id Attribution::byPrincipal(std::string_view spiffe) {
  // spiffe://TRUST_DOMAIN/ns/NS/sa/SA; any trust domain (aliases, migrations).
  constexpr std::string_view kScheme = "spiffe://";
  if (!spiffe.starts_with(kScheme)) return kUnknown;
  std::string_view rest = spiffe.substr(kScheme.size());
  size_t nsAt = rest.find("/ns/");
  if (nsAt == std::string_view::npos) return kUnknown;
  rest.remove_prefix(nsAt + 4);
  size_t saAt = rest.find("/sa/");
  if (saAt == std::string_view::npos || saAt == 0) return kUnknown;
  std::string ns(rest.substr(0, saAt)), sa(rest.substr(saAt + 4));
  if (sa.empty() || sa.find('/') != std::string::npos) return kUnknown;
  const model::Workload* only = nullptr;
  size_t matches = 0;
  for (const auto& w : cluster_.workloads)
    if (w.meta.ns == ns && w.serviceAccount == sa && ++matches == 1) only = &w;
  if (matches == 1) return workloadParty(*only);
  return namedParty(ns + "/" + sa + "[ServiceAccount]", ns);
}

Attribution::Id Attribution::byIp(std::string_view text) {
  auto ip = net::parseIp(text);
  if (!ip) return kUnknown;
  auto it = std::upper_bound(podIps_.begin(), podIps_.end(), *ip, [](net::IpValue v, const IpRange& r) { return v < r.lo; });
  if (it == podIps_.begin() || (--it)->hi < *ip) return kUnknown;
  return workloadParty(*it->workload);
}

// `pod` is "NAME/NAMESPACE" (the namespace may be empty). A pod's name is its top owner's name
// plus generated suffixes (Deployment: -RSHASH-XXXXX, StatefulSet: -N, DaemonSet/Job: -XXXXX):
// the longest owner name that is a prefix up to a dash, in the pod's namespace when known.
Attribution::Id Attribution::byPod(std::string_view key) {
  size_t slash = key.find('/');
  std::string_view name = key.substr(0, slash), ns = key.substr(slash + 1);
  for (std::string_view candidate = name;;) {
    const model::Workload* only = nullptr;
    size_t matches = 0;
    auto [from, to] = byName_.equal_range(candidate);
    for (auto it = from; it != to; ++it)
      if ((ns.empty() || it->second->meta.ns == ns) && ++matches == 1) only = it->second;
    if (matches == 1) return workloadParty(*only);
    if (matches > 1) return kUnknown;  // the same name in several namespaces: ambiguous
    size_t dash = candidate.rfind('-');
    if (dash == std::string_view::npos || name.size() - dash > 24) return kUnknown;
    candidate = candidate.substr(0, dash);
  }
}

Attribution::Id Attribution::podParty(std::string_view pod, std::string_view ns) {
  if (pod.empty()) return kUnknown;
  podKey_.assign(pod);
  podKey_ += '/';
  podKey_ += ns;
  return cached(pods_, podKey_, &Attribution::byPod);
}

Attribution::Id Attribution::byHost(std::string_view text) {
  std::string_view host = hostOf(text);
  size_t dot = host.find('.');
  if (dot == std::string_view::npos || dot == 0) return kUnknown;
  std::string_view svc = host.substr(0, dot), rest = host.substr(dot + 1);
  size_t nsEnd = rest.find('.');
  std::string ns(rest.substr(0, nsEnd));
  // svc.ns.svc[.DOMAIN] is a Service; a bare svc.ns only when ns is a namespace we know, so an
  // external name like api.example.com is not taken for one.
  bool serviceDomain = nsEnd != std::string_view::npos && rest.substr(nsEnd + 1).starts_with("svc");
  if (ns.empty() || (!serviceDomain && !cluster_.findNamespace(ns) && !tenancy_.tenantOfNamespace(ns))) return kUnknown;

  for (const auto& s : cluster_.services) {
    if (s.meta.ns != ns || s.meta.name != svc || !s.selector) continue;
    const model::Workload* only = nullptr;
    size_t matches = 0;
    for (const auto& w : cluster_.workloads)
      if (w.meta.ns == ns && selects(*s.selector, w.podLabels) && ++matches == 1) only = &w;
    if (matches == 1) return workloadParty(*only);
  }
  return namedParty(ns + "/" + std::string(svc) + "[Service]", ns);
}

}  // namespace tg::audit
