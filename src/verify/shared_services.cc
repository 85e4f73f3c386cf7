#include "verify/shared_services.h"

#include <fmt/format.h>

#include <set>

#include "layers/mesh/authz_matchers.h"
#include "verify/boundaries.h"
#include "verify/pair_analysis.h"

namespace tg::verify {
namespace {

using layers::mesh::HttpRequest;
using layers::mesh::StringPattern;

bool selects(const model::Labels& selector, const model::Labels& labels) {
  for (const auto& [k, v] : selector) {
    auto it = labels.find(k);
    if (it == labels.end() || it->second != v) return false;
  }
  return true;
}

// What the spec lets one tenant do at one shared service: the union of its allow entries.
struct Allowance {
  bool any = false;  // some entry names the tenant
  bool anyMethod = false, anyPath = false;
  std::vector<std::string> methods, paths;
};

Allowance allowanceFor(const tenant::SharedService& s, const std::string& tenant) {
  Allowance a;
  for (const auto& entry : s.allow) {
    bool names = false;
    for (const auto& t : entry.tenants) names = names || t == "*" || t == tenant;
    if (!names) continue;
    a.any = true;
    if (entry.methods.empty()) a.anyMethod = true;
    if (entry.paths.empty()) a.anyPath = true;
    a.methods.insert(a.methods.end(), entry.methods.begin(), entry.methods.end());
    a.paths.insert(a.paths.end(), entry.paths.begin(), entry.paths.end());
  }
  return a;
}

bool matchesAny(const std::vector<std::string>& patterns, const std::string& value) {
  for (const auto& p : patterns)
    if (StringPattern(p).matches(value)) return true;
  return false;
}

// A concrete path inside an Istio path pattern.
std::string pathInside(const std::string& pattern) {
  if (pattern == "*") return "/";
  if (pattern.back() == '*') return pattern.substr(0, pattern.size() - 1) + "probe";
  if (pattern.front() == '*') return "/probe" + pattern.substr(1);
  return pattern;
}

std::optional<std::string> pathOutside(const std::vector<std::string>& patterns) {
  for (const char* p : {"/tenantguard-probe", "/", "/admin", "/internal/probe"})
    if (!matchesAny(patterns, p)) return std::string(p);
  return std::nullopt;
}

std::optional<std::string> methodOutside(const std::vector<std::string>& methods) {
  for (const char* m : {"DELETE", "PUT", "PATCH", "GET", "POST"})
    if (std::find(methods.begin(), methods.end(), m) == methods.end()) return std::string(m);
  return std::nullopt;
}

}  // namespace

std::vector<Finding> checkSharedServices(HalfCache& halves, const tenant::Tenancy& tenancy) {
  const LayerStack& layers = halves.layers();
  std::vector<Finding> out;
  if (!tenancy.spec) return out;
  auto byTenant = tenantWorkloads(layers.cluster(), tenancy);
  for (const tenant::SharedService& svc : tenancy.spec->sharedServices) {
    for (const model::Workload& dstW : layers.cluster().workloads) {
      if (dstW.meta.ns != svc.ns || !selects(svc.selector, dstW.podLabels)) continue;
      layers::Endpoint dst = layers.endpoint(dstW);
      net::ConnectionSet declaredPorts;
      for (uint32_t p : svc.ports) declaredPorts.add(net::ConnectionSet::ports(net::Protocol::TCP, net::PortSet(p, p)));

      for (const auto& [tenantName, workloads] : byTenant) {
        Allowance allow = allowanceFor(svc, tenantName);
        std::set<std::string> reported;  // one finding per kind of excess per tenant
        auto report = [&](const std::string& kind, const std::string& message) {
          if (!reported.insert(kind).second) return;
          out.push_back(makeFinding("TG050", message, dstW.meta, ""));
        };
        for (const model::Workload* srcW : workloads) {
          PairAnalysis a = combine(halves.egress(*srcW, dstW), halves.ingress(*srcW, dstW));
          if (a.combined.empty()) continue;
          std::string flow = fmt::format("{} => {}", srcW->displayName(), dstW.displayName());
          if (!allow.any) {
            report("tenant", fmt::format("shared service {} is reachable by tenant {}, which the spec does not allow ({} : {})",
                                         svc.name, tenantName, flow, a.combined.toString()));
            continue;
          }
          net::ConnectionSet extra = svc.ports.empty() ? net::ConnectionSet() : a.combined.minus(declaredPorts);
          if (!extra.empty())
            report("ports", fmt::format("shared service {} is reachable by tenant {} beyond its declared ports: {} : {}",
                                        svc.name, tenantName, flow, extra.toString()));
          // Methods and paths, probed on each declared port that is open.
          for (uint32_t port : svc.ports) {
            if (!a.combined.contains(net::Protocol::TCP, port)) continue;
            std::string inPath = allow.anyPath || allow.paths.empty() ? "/" : pathInside(allow.paths.front());
            std::string inMethod = allow.anyMethod || allow.methods.empty() ? "GET" : allow.methods.front();
            auto probe = [&](const std::string& method, const std::string& path) {
              HttpRequest r;
              r.method = method;
              r.path = path;
              auto res = layers.authz().evaluate(layers.endpoint(*srcW), dst, net::Protocol::TCP, port, &r);
              return res.verdict().verdict != layers::VerdictKind::Deny;
            };
            if (!allow.anyMethod)
              if (auto m = methodOutside(allow.methods); m && probe(*m, inPath))
                report("methods", fmt::format("shared service {} accepts {} {} from tenant {} on port {} ({}); declared: {}",
                                              svc.name, *m, inPath, tenantName, port, flow, fmt::join(allow.methods, ", ")));
            if (!allow.anyPath)
              if (auto p = pathOutside(allow.paths); p && probe(inMethod, *p))
                report("paths", fmt::format("shared service {} accepts {} {} from tenant {} on port {} ({}); declared: {}",
                                            svc.name, inMethod, *p, tenantName, port, flow, fmt::join(allow.paths, ", ")));
          }
        }
      }
    }
  }
  return out;
}

}  // namespace tg::verify
