// tenant::Spec: the platform team's statement of who the tenants are, which shared services they
// may use and which cross-tenant flows are intended (DESIGN §3). One spec drives `verify` (what
// must hold) and `generate` (what to deploy).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/object.h"
#include "net/ip.h"

namespace tg::tenant {

struct Quota {
  std::string cpu, memory, pods;
};

// Requests to the selected workloads on these paths are logged (an Istio AUDIT policy).
struct AuditRule {
  model::Labels selector;            // empty: every workload of the tenant
  std::vector<std::string> paths;    // Istio matching: exact, prefix*, *suffix, *
  uint32_t line = 0;
};

struct Tenant {
  std::string name;
  std::vector<std::string> namespaces;
  std::optional<Quota> quota;
  std::vector<std::string> admins;  // users or groups given the tenant admin Role
  std::vector<AuditRule> audit;
  uint32_t line = 0;
};

// Who may call a shared service, and how. Empty methods/paths: any.
struct SharedServiceAllow {
  std::vector<std::string> tenants;  // tenant names, "*" for every tenant
  std::vector<std::string> methods;
  std::vector<std::string> paths;    // Istio matching: exact, prefix*, *suffix, *
  uint32_t line = 0;
};

struct SharedService {
  std::string name;
  std::string ns;
  model::Labels selector;
  std::vector<uint32_t> ports;
  std::vector<SharedServiceAllow> allow;
  std::string tenantIdentityHeader;
  uint32_t line = 0;
};

// A declared exception: `from`/`to` are TENANT/WORKLOAD (WORKLOAD may be `*`).
struct Flow {
  std::string fromTenant, fromWorkload;
  std::string toTenant, toWorkload;
  std::vector<uint32_t> ports;       // empty: any
  std::vector<std::string> methods;  // empty: any
  std::vector<std::string> paths;
  uint32_t line = 0;
};

struct ApiServer {
  std::string cidr;
  uint32_t port = 443;
};

struct Spec {
  std::string name;
  std::string file;
  std::string trustDomain = "cluster.local";
  std::string rootNamespace = "istio-system";
  std::optional<ApiServer> apiServer;
  std::vector<Tenant> tenants;
  std::vector<SharedService> sharedServices;
  std::vector<Flow> flows;

  const Tenant* findTenant(const std::string& name) const;
};

struct SpecError {
  std::string file;
  uint32_t line = 0;
  std::string message;
};

// Reads and validates a spec; on failure returns nullopt and fills `errors` (file:line each).
std::optional<Spec> loadSpec(const std::string& path, std::vector<SpecError>& errors);
std::optional<Spec> parseSpec(const std::string& name, std::string_view text, std::vector<SpecError>& errors);

}  // namespace tg::tenant
