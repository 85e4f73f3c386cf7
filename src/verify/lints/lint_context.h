// What every lint reads: the cluster and who the tenants are. Lints are pure functions from
// this to findings; each file holds the lints of one concern.
#pragma once

#include <vector>

#include "model/cluster.h"
#include "tenant/tenancy.h"
#include "verify/finding.h"
#include "verify/layer_stack.h"

namespace tg::verify::lints {

struct LintContext {
  const model::Cluster& cluster;
  const tenant::Tenancy& tenancy;
  const LayerStack& layers;

  bool isTenantNamespace(const std::string& ns) const { return tenancy.tenantOfNamespace(ns) != nullptr; }
};

// `meta` pointed at `line` inside the object (a rule, a field), so a finding names the exact
// place; line 0 (unknown) keeps the object's own line.
inline model::ObjectMeta at(const model::ObjectMeta& meta, uint32_t line) {
  model::ObjectMeta m = meta;
  if (line) m.where.line = line;
  return m;
}

// TG010, TG011: default-deny NetworkPolicies in every tenant namespace.
void lintDefaultDeny(const LintContext& ctx, std::vector<Finding>& out);
// TG013: default-tier Calico Pass rules that jump over a tenant's NetworkPolicies.
void lintCalicoPass(const LintContext& ctx, std::vector<Finding>& out);
// TG030: template placeholders in selectors, which no engine expands.
void lintTemplatePlaceholders(const LintContext& ctx, std::vector<Finding>& out);
// TG031, TG032: selectors a tenant can satisfy, DNS rules open to any namespace.
void lintNetworkPolicySelectors(const LintContext& ctx, std::vector<Finding>& out);
// TG020-TG024, TG026: mTLS strength, mesh membership, and AuthorizationPolicies that do not
// mean what they say.
void lintMesh(const LintContext& ctx, std::vector<Finding>& out);
// TG025: a tenant identity header a client can forge.
void lintIdentityHeader(const LintContext& ctx, std::vector<Finding>& out);
// TG040-TG043: tokens, quotas, limit ranges, host exposure.
void lintWorkloads(const LintContext& ctx, std::vector<Finding>& out);
// TG090: constructs the engines do not model and for which they assumed the permissive outcome.
void lintUnmodelled(const LintContext& ctx, std::vector<Finding>& out);

}  // namespace tg::verify::lints
