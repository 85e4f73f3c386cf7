// The options that say who the tenants are (--spec or --tenant-label) and how the mesh is set up
// (--root-namespace, --trust-domain), for the subcommands that need tenants besides verify.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "layers/mesh/mesh_membership.h"
#include "model/cluster.h"
#include "tenant/spec.h"
#include "tenant/tenancy.h"

namespace tg::cli {

struct TenancyOptions {
  std::string spec, tenantLabel = "tenant", rootNamespace, trustDomain;

  void addTo(CLI::App* cmd, bool meshOptions);

  // Reads --spec once (errors printed as FILE:LINE: message); false on a spec error.
  bool loadSpec(std::optional<tenant::Spec>& out) const;
  layers::mesh::MeshOptions mesh(const std::optional<tenant::Spec>& spec) const;
  // The tenancy of one cluster: from the spec (whose namespaces are added to the cluster) or from
  // the namespace label. `spec` must outlive the result.
  tenant::Tenancy tenancy(const std::optional<tenant::Spec>& spec, model::Cluster& cluster) const;
};

}  // namespace tg::cli
