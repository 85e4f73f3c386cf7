// What the spec declares, checked against one logged request: the cross-tenant flows and the
// use of shared services (tenants, ports, methods, paths). Unlike `verify`, audit knows the
// actual port, method and path, so every condition applies.
#pragma once

#include <string_view>
#include <vector>

#include "audit/attribution.h"
#include "layers/mesh/authz_matchers.h"
#include "tenant/spec.h"

namespace tg::audit {

class DeclaredFlows {
 public:
  explicit DeclaredFlows(const tenant::Spec* spec);  // null: nothing is declared

  // Port 0: not logged (then only flows without ports match).
  bool declares(const Party& src, const Party& dst, uint32_t port, std::string_view method, std::string_view path) const;
  // Whether a tenant's request to the shared service `dst.shared` is within its declared use.
  bool allowsSharedUse(const Party& src, const Party& dst, uint32_t port, std::string_view method,
                       std::string_view path) const;

 private:
  struct Flow {
    const tenant::Flow* flow;
    std::vector<layers::mesh::StringPattern> paths;
  };
  struct SharedUse {
    const tenant::SharedService* service;
    const tenant::SharedServiceAllow* allow;
    std::vector<layers::mesh::StringPattern> paths;
  };
  std::vector<Flow> flows_;
  std::vector<SharedUse> sharedUses_;
};

}  // namespace tg::audit
