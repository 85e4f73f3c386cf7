#include "support/verify_fixture.h"

#include <fmt/format.h>

#include <stdexcept>

#include "load/loader.h"
#include "tenant/tenancy.h"

namespace tg::testing {

size_t VerifyRun::count(const std::string& id) const {
  size_t n = 0;
  for (const auto& f : result.findings) n += f.id == id;
  return n;
}

const verify::Finding* VerifyRun::first(const std::string& id) const {
  for (const auto& f : result.findings)
    if (f.id == id) return &f;
  return nullptr;
}

std::string tenantNamespace(const std::string& ns, const std::string& tenant) {
  return fmt::format(
      "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: {}\n  labels:\n    tenant: {}\n    istio-injection: enabled\n",
      ns, tenant);
}

std::string workload(const std::string& ns, const std::string& name, const std::string& extraPodSpec) {
  return fmt::format(R"(---
apiVersion: v1
kind: ServiceAccount
metadata: {{name: {1}, namespace: {0}}}
automountServiceAccountToken: false
---
apiVersion: apps/v1
kind: Deployment
metadata: {{name: {1}, namespace: {0}}}
spec:
  selector: {{matchLabels: {{app: {1}}}}}
  template:
    metadata: {{labels: {{app: {1}}}}}
    spec:
      serviceAccountName: {1}
{2}      containers:
      - name: {1}
        image: example/{1}
        ports: [{{name: http, containerPort: 8080}}]
---
apiVersion: v1
kind: Service
metadata: {{name: {1}, namespace: {0}}}
spec:
  selector: {{app: {1}}}
  ports: [{{name: http, port: 8080, targetPort: http}}]
)",
                     ns, name, extraPodSpec);
}

VerifyRun verifyYaml(const std::string& manifests, const std::string& specText, bool whatIf) {
  std::string spec = specText.empty() ? R"(apiVersion: tenantguard.io/v1alpha1
kind: TenantIsolation
metadata: {name: test}
spec:
  tenants:
  - {name: a, namespaces: [tenant-a]}
  - {name: b, namespaces: [tenant-b]}
)"
                                      : specText;
  load::Loader loader;
  loader.addText("cluster.yaml", manifests);
  load::LoadResult loaded = std::move(loader).finish();
  if (!loaded.diagnostics.empty()) throw std::runtime_error(loaded.diagnostics.front().str());
  std::vector<tenant::SpecError> errors;
  auto parsed = tenant::parseSpec("tenantguard.yaml", spec, errors);
  if (!parsed) throw std::runtime_error(errors.front().message);
  tenant::addSpecNamespaces(*parsed, loaded.cluster);
  tenant::Tenancy tenancy = tenant::fromSpec(*parsed, loaded.cluster);
  verify::VerifyOptions options;
  options.whatIf = whatIf;
  options.mesh.rootNamespace = parsed->rootNamespace;
  // The result refers to nothing in `loaded`, so it outlives it.
  return VerifyRun{verify::runVerify(loaded.cluster, tenancy, options)};
}

}  // namespace tg::testing
