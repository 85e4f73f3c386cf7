// TG040-TG043: what a tenant workload can do beyond the network: call the API server with a
// mounted token, starve neighbours without quota or limits, or sit on the node's network.
#include <fmt/format.h>

#include <set>

#include "verify/lints/lint_context.h"

namespace tg::verify::lints {
namespace {

// The pod spec wins over the ServiceAccount; Kubernetes mounts the token when neither says no.
bool mountsToken(const LintContext& ctx, const model::Workload& w) {
  if (w.automountServiceAccountToken) return *w.automountServiceAccountToken;
  if (const model::ServiceAccount* sa = ctx.cluster.findServiceAccount(w.meta.ns, w.serviceAccount))
    if (sa->automountServiceAccountToken) return *sa->automountServiceAccountToken;
  return true;
}

}  // namespace

void lintWorkloads(const LintContext& ctx, std::vector<Finding>& out) {
  for (const model::Workload& w : ctx.cluster.workloads) {
    if (!ctx.isTenantNamespace(w.meta.ns)) continue;
    if (mountsToken(ctx, w))
      out.push_back(makeFinding("TG040",
                                fmt::format("{} mounts the token of service account {} automatically", w.displayName(),
                                            w.serviceAccount),
                                w.meta, ""));
    if (w.hostNetwork)
      out.push_back(makeFinding("TG043", fmt::format("{} runs on the host network", w.displayName()), w.meta,
                                "Remove hostNetwork: true; tenant pods must not share the node's network namespace."));
  }
  for (const model::Service& s : ctx.cluster.services)
    if (ctx.isTenantNamespace(s.meta.ns) && (s.type == "NodePort" || s.type == "LoadBalancer"))
      out.push_back(makeFinding("TG043", fmt::format("Service {}/{} is of type {}", s.meta.ns, s.meta.name, s.type), s.meta,
                                ""));

  std::set<std::string> withQuota, withLimits;
  for (const auto& q : ctx.cluster.resourceQuotas) withQuota.insert(q.ns);
  for (const auto& l : ctx.cluster.limitRanges) withLimits.insert(l.ns);
  for (const model::Namespace& ns : ctx.cluster.namespaces) {
    if (!ctx.isTenantNamespace(ns.meta.name)) continue;
    if (!withQuota.count(ns.meta.name))
      out.push_back(makeFinding("TG041", fmt::format("tenant namespace {} has no ResourceQuota", ns.meta.name), ns.meta, ""));
    if (!withLimits.count(ns.meta.name))
      out.push_back(makeFinding("TG042", fmt::format("tenant namespace {} has no LimitRange", ns.meta.name), ns.meta, ""));
  }
}

}  // namespace tg::verify::lints
