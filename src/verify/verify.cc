#include "verify/verify.h"

#include <algorithm>
#include <fmt/format.h>

#include <functional>
#include <future>
#include <thread>

#include "verify/boundaries.h"
#include "verify/lints/lint_context.h"
#include "verify/shared_services.h"
#include "verify/what_if.h"

namespace tg::verify {
namespace {

void sortFindings(std::vector<Finding>& f) {
  std::stable_sort(f.begin(), f.end(), [](const Finding& a, const Finding& b) {
    if (a.severity != b.severity) return a.severity > b.severity;
    if (a.id != b.id) return a.id < b.id;
    if (a.where.path() != b.where.path()) return a.where.path() < b.where.path();
    return a.where.line < b.where.line;
  });
}

Summary summarize(const model::Cluster& c, const tenant::Tenancy& t, const std::vector<Finding>& findings) {
  Summary s;
  s.namespaces = c.namespaces.size();
  s.workloads = c.workloads.size();
  s.policies = c.networkPolicies.size() + c.adminNetworkPolicies.size() + c.calico.policies.size() +
               c.peerAuthentications.size() + c.authorizationPolicies.size();
  s.tenants = t.tenants.size();
  for (const Finding& f : findings) {
    if (f.severity == Severity::Error) ++s.errors;
    else if (f.severity == Severity::Warning) ++s.warnings;
    else ++s.infos;
  }
  return s;
}

}  // namespace

VerifyResult runVerify(const model::Cluster& cluster, const tenant::Tenancy& tenancy, const VerifyOptions& options) {
  VerifyResult r;
  r.tenants = tenancy.tenants;
  // TG012 works on a copy of the cluster with layers of its own: the second core does it.
  std::future<std::vector<Finding>> floors = std::async(std::launch::async, findMissingFloors, std::cref(cluster), std::cref(tenancy));
  unsigned threads = options.threads ? options.threads : std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  Workers workers = makeWorkers(cluster, options.mesh, threads);
  const LayerStack& layers = workers.front()->layers;
  BoundaryOptions boundaryOptions;
  boundaryOptions.weakestLayers = options.weakestLayers;
  BoundaryAnalysis b = analyzeBoundaries(workers, tenancy, boundaryOptions);
  r.matrix = std::move(b.matrix);
  r.weakest = std::move(b.weakest);
  r.workloads = std::move(b.workloads);
  r.crossTenant = std::move(b.flows);
  r.findings = std::move(b.findings);

  for (Finding& f : checkSharedServices(workers.front()->halves, tenancy)) r.findings.push_back(std::move(f));

  lints::LintContext ctx{cluster, tenancy, layers};
  lints::lintDefaultDeny(ctx, r.findings);
  lints::lintCalicoPass(ctx, r.findings);
  lints::lintTemplatePlaceholders(ctx, r.findings);
  lints::lintNetworkPolicySelectors(ctx, r.findings);
  lints::lintWorkloads(ctx, r.findings);
  lints::lintMesh(ctx, r.findings);
  lints::lintIdentityHeader(ctx, r.findings);
  lints::lintUnmodelled(ctx, r.findings);
  for (Finding& f : floors.get()) r.findings.push_back(std::move(f));

  if (options.whatIf) {
    r.loadBearing = findLoadBearingObjects(workers, tenancy, b);
    for (const LoadBearingObject& lb : r.loadBearing) {
      Finding f;
      f.id = "TG003";
      f.severity = findRule("TG003")->severity;
      f.object = lb.object;
      f.where = lb.where;
      f.message = fmt::format("deleting {} {}{} alone opens {} cross-tenant flow(s), e.g. {}", lb.object.kind,
                              lb.object.ns.empty() ? "" : lb.object.ns + "/", lb.object.name, lb.opens.size(), lb.opens.front());
      f.hint = std::string(findRule("TG003")->help);
      r.findings.push_back(std::move(f));
    }
  }

  sortFindings(r.findings);
  r.summary = summarize(cluster, tenancy, r.findings);
  return r;
}

}  // namespace tg::verify
