// generate: the complete isolation bundle for the tenants of a spec (DESIGN §3), for all three
// layers plus resource isolation, and none of the reference article's mistakes (DESIGN §5).
//
//   Bundle b = generateBundle(spec, options);   // after checkNames(spec) found nothing
//
// What a tenant namespace gets: a default-deny NetworkPolicy and the few allows it needs (DNS in
// kube-system, the API server, its own tenant, the shared services and declared flows it may
// use), a token-less default ServiceAccount, ResourceQuota and LimitRange, an admin Role, STRICT
// mTLS, an ALLOW policy for its own tenant and declared flows, and a Sidecar that only knows
// what the tenant may call. Cluster-wide: a floor no tenant NetworkPolicy can override (Calico
// tier or AdminNetworkPolicy), mesh-wide STRICT mTLS, deny-by-default authorization, access
// logging, tenant identity for shared services, and API priority and fairness per tenant.
//
// Conventions the spec relies on: a declared workload W runs pods labelled `app: W` under the
// ServiceAccount W behind the Service W; a shared service's Service is named after it.
#pragma once

#include <string>
#include <vector>

#include "generate/bundle.h"
#include "tenant/spec.h"

namespace tg::generate {

enum class Floor { Calico, AdminNetworkPolicy };
enum class Identity { Lua, ExtAuthz };

struct Options {
  Floor floor = Floor::Calico;
  Identity identity = Identity::Lua;
  std::string specText;  // with ExtAuthz: mounted into the authorizer as its spec
};

// Names that cannot become Kubernetes object names or label values, located in the spec.
std::vector<tenant::SpecError> checkNames(const tenant::Spec& spec);

Bundle generateBundle(const tenant::Spec& spec, const Options& options);

}  // namespace tg::generate
