// The spec's declared cross-tenant flows, checked against one logged request: unlike `verify`,
// audit knows the actual port, method and path, so all of a flow's conditions apply.
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

 private:
  struct Flow {
    const tenant::Flow* flow;
    std::vector<layers::mesh::StringPattern> paths;
  };
  std::vector<Flow> flows_;
};

}  // namespace tg::audit
