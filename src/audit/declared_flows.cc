#include "audit/declared_flows.h"

#include <algorithm>

namespace tg::audit {
namespace {

bool workloadMatches(const std::string& declared, const Party& p) { return declared == "*" || declared == p.workload; }

}  // namespace

DeclaredFlows::DeclaredFlows(const tenant::Spec* spec) {
  if (!spec) return;
  for (const auto& f : spec->flows) {
    Flow compiled{&f, {}};
    for (const auto& p : f.paths) compiled.paths.emplace_back(p);
    flows_.push_back(std::move(compiled));
  }
}

bool DeclaredFlows::declares(const Party& src, const Party& dst, uint32_t port, std::string_view method,
                             std::string_view path) const {
  if (!src.tenant || !dst.tenant) return false;
  std::string pathText(path.substr(0, path.find('?')));  // Istio matches paths without the query
  return std::any_of(flows_.begin(), flows_.end(), [&](const Flow& c) {
    const tenant::Flow& f = *c.flow;
    if (f.fromTenant != *src.tenant || f.toTenant != *dst.tenant) return false;
    if (!workloadMatches(f.fromWorkload, src) || !workloadMatches(f.toWorkload, dst)) return false;
    if (!f.ports.empty() && std::find(f.ports.begin(), f.ports.end(), port) == f.ports.end()) return false;
    if (!f.methods.empty() && std::find(f.methods.begin(), f.methods.end(), method) == f.methods.end()) return false;
    return c.paths.empty() ||
           std::any_of(c.paths.begin(), c.paths.end(), [&](const auto& p) { return p.matches(pathText); });
  });
}

}  // namespace tg::audit
