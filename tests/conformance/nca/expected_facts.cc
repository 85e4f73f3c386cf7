#include "expected_facts.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <set>

namespace tg::conformance::nca {
namespace {

// NCA names a pod by its first owner (or itself when it has none); a name may also be written
// with a trailing `-` (a generateName prefix) where tenantguard has none, or the other way round.
bool nameMatches(const std::string& written, const std::string& workload) {
  if (written == workload) return true;
  if (!written.empty() && written.back() == '-') return written.substr(0, written.size() - 1) == workload;
  return !workload.empty() && workload.back() == '-' && workload.substr(0, workload.size() - 1) == written;
}

class Expander {
 public:
  explicit Expander(const model::Cluster& cluster) : cluster_(cluster) {}

  std::vector<Peer> peers(const RulePeer& p) {
    std::vector<Peer> out;
    switch (p.kind) {
      case RulePeer::Kind::Addresses:
        for (const auto& i : p.addresses.intervals()) out.push_back(Peer::addresses(i.lo, i.hi));
        break;
      case RulePeer::Kind::DnsName: out.push_back(Peer::dnsName(p.text)); break;
      case RulePeer::Kind::Pods: out = pods(p); break;
    }
    return out;
  }

  std::vector<std::string> takeUnresolved() { return {unresolved_.begin(), unresolved_.end()}; }

 private:
  std::vector<Peer> pods(const RulePeer& p) {
    std::vector<Peer> out;
    std::set<std::string> found;
    bool namespacesKnown = true;
    for (const std::string& ns : p.namespaces) {
      if (!cluster_.findNamespace(ns)) {
        unresolved_.insert(fmt::format("namespace {}", ns));
        namespacesKnown = false;
      }
      for (const model::Workload& w : cluster_.workloads) {
        if (w.meta.ns != ns || !selected(p.pods, w, found)) continue;
        out.push_back(Peer::workload(w));
      }
    }
    if (p.pods.kind == PodSelection::Kind::Names) {
      for (const std::string& name : p.pods.names)
        if (!found.count(name)) unresolved_.insert(fmt::format("pod {} in [{}]", name, fmt::join(p.namespaces, ",")));
    } else if (out.empty() && namespacesKnown) {
      // NCA prints no rule for an empty set of pods.
      unresolved_.insert(fmt::format("pods [{}] in [{}]", p.pods.text, fmt::join(p.namespaces, ",")));
    }
    return out;
  }

  static bool selected(const PodSelection& s, const model::Workload& w, std::set<std::string>& found) {
    switch (s.kind) {
      case PodSelection::Kind::All: return true;
      case PodSelection::Kind::Labels: return s.labels->matches(w.podLabels);
      case PodSelection::Kind::Names:
        for (const std::string& name : s.names)
          if (nameMatches(name, w.meta.name)) {
            found.insert(name);
            return true;
          }
        return false;
    }
    return false;
  }

  const model::Cluster& cluster_;
  std::set<std::string> unresolved_;
};

}  // namespace

Expansion expandRules(const std::vector<FwRule>& rules, const model::Cluster& cluster) {
  Expansion out;
  Expander expander(cluster);
  for (const FwRule& rule : rules) {
    std::vector<Peer> sources = expander.peers(rule.src);
    std::vector<Peer> destinations = expander.peers(rule.dst);
    for (const Peer& s : sources)
      for (const Peer& d : destinations) out.facts.add(s, d, rule.conn);
  }
  out.unresolved = expander.takeUnresolved();
  return out;
}

}  // namespace tg::conformance::nca
