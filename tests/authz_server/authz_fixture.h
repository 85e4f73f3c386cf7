// Shared by the serve-authz tests: a tenant spec with three tenants and three shared services,
// and helpers to compile it or write it to a temporary file.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>
#include <string>

#include "authz_server/decision.h"
#include "tenant/spec.h"

namespace tg::authz::testing {

// log-collector: every tenant may POST /logs/ingest; identity header x-tenant-identity.
// metrics: acme may GET/POST /api/*, *.json and /health; globex anything; header X-Tenant.
// billing (other namespace, no selector): acme only, anything, no identity header.
inline const char* kSpec = R"(apiVersion: tenantguard.io/v1alpha1
kind: TenantIsolation
metadata: {name: test}
spec:
  trustDomain: cluster.local
  rootNamespace: istio-system
  tenants:
    - {name: acme, namespaces: [tenant-acme, acme-batch]}
    - {name: globex, namespaces: [tenant-globex]}
    - {name: initech, namespaces: [tenant-initech]}
  sharedServices:
    - name: log-collector
      namespace: shared-services
      selector: {app: log-collector}
      ports: [8080]
      allow: [{tenants: ["*"], methods: [POST], paths: ["/logs/ingest"]}]
      tenantIdentityHeader: x-tenant-identity
    - name: metrics
      namespace: shared-services
      selector: {app: metrics}
      ports: [9090]
      allow:
        - {tenants: [acme], methods: [GET, POST], paths: ["/api/*", "*.json", "/health"]}
        - {tenants: [globex], paths: ["*"]}
      tenantIdentityHeader: X-Tenant
    - name: billing
      namespace: shared-billing
      ports: [80]
      allow: [{tenants: [acme]}]
)";

inline tenant::Spec parse(const std::string& text = kSpec) {
  std::vector<tenant::SpecError> errors;
  auto spec = tenant::parseSpec("spec.yaml", text, errors);
  EXPECT_TRUE(spec.has_value()) << (errors.empty() ? "" : errors.front().message);
  return spec.value_or(tenant::Spec{});
}

inline std::shared_ptr<const Policy> policy(const std::string& text = kSpec) {
  return std::make_shared<const Policy>(parse(text), 1);
}

inline std::string principal(const std::string& ns, const std::string& sa = "web") {
  return "spiffe://cluster.local/ns/" + ns + "/sa/" + sa;
}

inline const char* kLogHost = "log-collector.shared-services.svc.cluster.local:8080";
inline const char* kMetricsHost = "metrics.shared-services.svc.cluster.local:9090";

// A DecisionLog sink that keeps the lines (written from server threads).
class LogCapture {
 public:
  std::function<void(const std::string&)> sink() {
    return [this](const std::string& line) {
      std::lock_guard lock(mu_);
      lines_.push_back(line);
    };
  }
  std::vector<std::string> lines() const {
    std::lock_guard lock(mu_);
    return lines_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<std::string> lines_;
};

// A directory under the system temp dir, removed with its content on destruction.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "tg-authz-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Writes through a temporary file and a rename, as a config management tool would: readers
// see either the old or the new file, and the inode changes.
inline void writeAtomically(const std::string& path, const std::string& text) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << text;
  }
  std::filesystem::rename(tmp, path);
}

}  // namespace tg::authz::testing
