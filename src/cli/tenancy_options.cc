#include "cli/tenancy_options.h"

#include <fmt/format.h>

#include "cli/common.h"

namespace tg::cli {

void TenancyOptions::addTo(CLI::App* cmd, bool meshOptions) {
  cmd->add_option("--spec", spec, "tenant spec (tenantguard.yaml); without it tenants come from a namespace label");
  cmd->add_option("--tenant-label", tenantLabel, "namespace label naming the tenant (without --spec)");
  if (!meshOptions) return;
  cmd->add_option("--root-namespace", rootNamespace, "Istio root namespace (default: mesh config or istio-system)");
  cmd->add_option("--trust-domain", trustDomain, "mesh trust domain (default: mesh config or cluster.local)");
}

bool TenancyOptions::loadSpec(std::optional<tenant::Spec>& out) const {
  if (spec.empty()) return true;
  std::vector<tenant::SpecError> errors;
  out = tenant::loadSpec(spec, errors);
  for (const auto& e : errors) printError(fmt::format("{}:{}: {}", e.file, e.line, e.message));
  return out.has_value();
}

layers::mesh::MeshOptions TenancyOptions::mesh(const std::optional<tenant::Spec>& s) const {
  layers::mesh::MeshOptions m;
  if (!rootNamespace.empty()) m.rootNamespace = rootNamespace;
  else if (s) m.rootNamespace = s->rootNamespace;
  if (!trustDomain.empty()) m.trustDomain = trustDomain;
  else if (s) m.trustDomain = s->trustDomain;
  return m;
}

tenant::Tenancy TenancyOptions::tenancy(const std::optional<tenant::Spec>& s, model::Cluster& cluster) const {
  if (s) {
    tenant::addSpecNamespaces(*s, cluster);
    return tenant::fromSpec(*s, cluster);
  }
  return tenant::fromLabels(cluster, tenantLabel, mesh(s).rootNamespace.value_or("istio-system"));
}

}  // namespace tg::cli
