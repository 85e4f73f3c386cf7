// Runs verify on YAML manifests and a tenant spec given as text, for the finding tests.
#pragma once

#include <string>

#include "verify/verify.h"

namespace tg::testing {

struct VerifyRun {
  verify::VerifyResult result;

  size_t count(const std::string& id) const;
  bool has(const std::string& id) const { return count(id) > 0; }
  const verify::Finding* first(const std::string& id) const;
};

// Two tenants (a: namespace tenant-a, b: namespace tenant-b) unless `spec` is given.
VerifyRun verifyYaml(const std::string& manifests, const std::string& spec = "", bool whatIf = true);

// A tenant namespace `ns` (label tenant=<tenant>, sidecar injection on) with one Deployment
// `name` serving TCP 8080 as `http`, its ServiceAccount and Service.
std::string tenantNamespace(const std::string& ns, const std::string& tenant);
std::string workload(const std::string& ns, const std::string& name, const std::string& extraPodSpec = "");

}  // namespace tg::testing
