#include "audit/declared_flows.h"

#include <algorithm>

namespace tg::audit {
namespace {

bool workloadMatches(const std::string& declared, const Party& p) { return declared == "*" || declared == p.workload; }

std::vector<layers::mesh::StringPattern> compile(const std::vector<std::string>& paths) {
  return {paths.begin(), paths.end()};
}

template <typename T>
bool listed(const std::vector<T>& list, const T& value) {
  return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
}

// The request's conditions common to flows and shared-service uses: empty lists allow anything.
bool requestMatches(const std::vector<uint32_t>& ports, const std::vector<std::string>& methods,
                    const std::vector<layers::mesh::StringPattern>& paths, uint32_t port, std::string_view method,
                    std::string_view path) {
  if (!listed(ports, port) || !listed(methods, std::string(method))) return false;
  std::string pathText(path.substr(0, path.find('?')));  // Istio matches paths without the query
  return paths.empty() || std::any_of(paths.begin(), paths.end(), [&](const auto& p) { return p.matches(pathText); });
}

}  // namespace

DeclaredFlows::DeclaredFlows(const tenant::Spec* spec) {
  if (!spec) return;
  for (const auto& f : spec->flows) flows_.push_back({&f, compile(f.paths)});
  for (const auto& s : spec->sharedServices)
    for (const auto& a : s.allow) sharedUses_.push_back({&s, &a, compile(a.paths)});
}

bool DeclaredFlows::declares(const Party& src, const Party& dst, uint32_t port, std::string_view method,
                             std::string_view path) const {
  if (!src.tenant || !dst.tenant) return false;
  return std::any_of(flows_.begin(), flows_.end(), [&](const Flow& c) {
    const tenant::Flow& f = *c.flow;
    if (f.fromTenant != *src.tenant || f.toTenant != *dst.tenant) return false;
    if (!workloadMatches(f.fromWorkload, src) || !workloadMatches(f.toWorkload, dst)) return false;
    return requestMatches(f.ports, f.methods, c.paths, port, method, path);
  });
}

bool DeclaredFlows::allowsSharedUse(const Party& src, const Party& dst, uint32_t port, std::string_view method,
                                    std::string_view path) const {
  if (!src.tenant || !dst.shared) return false;
  if (!listed(dst.shared->ports, port)) return false;
  return std::any_of(sharedUses_.begin(), sharedUses_.end(), [&](const SharedUse& u) {
    if (u.service != dst.shared) return false;
    const auto& tenants = u.allow->tenants;  // names the tenant or "*"; never empty = anyone
    if (std::find_if(tenants.begin(), tenants.end(), [&](const std::string& t) { return t == "*" || t == *src.tenant; }) ==
        tenants.end())
      return false;
    return requestMatches({}, u.allow->methods, u.paths, port, method, path);
  });
}

}  // namespace tg::audit
