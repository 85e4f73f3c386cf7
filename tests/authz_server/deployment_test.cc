#include "authz_server/deployment.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "authz_server/authz_fixture.h"
#include "load/loader.h"
#include "load/parse.h"

namespace tg::authz {
namespace {

load::LoadResult loadYaml(const std::string& yaml) {
  load::Loader loader;
  loader.addText("ext-authz.yaml", yaml);
  return std::move(loader).finish();
}

template <typename T>
const T* byName(const std::vector<T>& objects, const std::string& ns, const std::string& name) {
  for (const T& o : objects)
    if (o.meta.ns == ns && o.meta.name == name) return &o;
  return nullptr;
}

const load::Node* path(const load::Node& root, std::initializer_list<const char*> keys) {
  const load::Node* n = &root;
  for (const char* k : keys) {
    n = n->get(k);
    if (!n) return nullptr;
  }
  return n;
}

std::vector<std::string> texts(const load::Node* seq) {
  std::vector<std::string> out;
  if (seq)
    for (const auto& item : seq->items()) out.emplace_back(item.text());
  return out;
}

class DeploymentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_.specText = testing::kSpec;
    yaml_ = deploymentYaml(spec_, options_);
    result_ = loadYaml(yaml_);
  }
  tenant::Spec spec_ = testing::parse();
  DeploymentOptions options_;
  std::string yaml_;
  load::LoadResult result_;
};

TEST_F(DeploymentTest, LoadsWithoutDiagnostics) {
  for (const auto& d : result_.diagnostics) ADD_FAILURE() << d.str() << "\n" << yaml_;
  EXPECT_EQ(yaml_, deploymentYaml(spec_, options_));  // deterministic
}

TEST_F(DeploymentTest, RunsTheAuthorizer) {
  const model::Cluster& c = result_.cluster;
  ASSERT_NE(c.findNamespace("tenantguard-system"), nullptr);
  const auto* sa = byName(c.serviceAccounts, "tenantguard-system", "tenantguard-authz");
  ASSERT_NE(sa, nullptr);
  EXPECT_EQ(sa->automountServiceAccountToken, false);

  const model::Workload* w = byName(c.workloads, "tenantguard-system", "tenantguard-authz");
  ASSERT_NE(w, nullptr) << yaml_;
  EXPECT_EQ(w->meta.kind, "Deployment");
  EXPECT_EQ(w->serviceAccount, "tenantguard-authz");
  EXPECT_EQ(w->automountServiceAccountToken, false);
  std::vector<uint32_t> ports;
  for (const auto& p : w->ports) ports.push_back(p.port);
  EXPECT_EQ(ports, (std::vector<uint32_t>{9000, 8000, 9090}));

  const model::Service* svc = byName(c.services, "tenantguard-system", "tenantguard-authz");
  ASSERT_NE(svc, nullptr);
  ASSERT_TRUE(svc->selector.has_value());
  EXPECT_EQ(svc->selector->at("app.kubernetes.io/name"), "tenantguard-authz");
  std::vector<std::string> names;
  for (const auto& p : svc->ports) names.push_back(p.name);
  EXPECT_EQ(names, (std::vector<std::string>{"grpc-authz", "http-authz", "http-metrics"}));

  // The authorizer takes checks from shared services' proxies only, over mTLS.
  const auto* callers = byName(c.authorizationPolicies, "tenantguard-system", "tenantguard-authz-callers");
  ASSERT_NE(callers, nullptr);
  EXPECT_EQ(callers->action, model::AuthzAction::Allow);
  ASSERT_EQ(callers->rules.size(), 2u);
  ASSERT_EQ(callers->rules[0].from.size(), 1u);
  const auto& field = callers->rules[0].from[0].fields.at(0);
  EXPECT_EQ(field.name, "namespaces");
  EXPECT_EQ(field.values, (std::vector<std::string>{"shared-billing", "shared-services"}));
  const auto* strict = byName(c.peerAuthentications, "tenantguard-system", "tenantguard-authz-strict-mtls");
  ASSERT_NE(strict, nullptr);
  EXPECT_EQ(strict->mode, model::MtlsMode::Strict);
}

TEST_F(DeploymentTest, SpecConfigMapRoundTrips) {
  load::ParsedText parsed = load::parseYaml(yaml_);
  ASSERT_TRUE(parsed.errors.empty());
  const load::Node* specText = nullptr;
  for (const auto& doc : parsed.documents)
    if (const load::Node* name = path(doc, {"metadata", "name"}); name && name->text() == "tenantguard-authz-spec")
      specText = path(doc, {"data", "tenantguard.yaml"});
  ASSERT_NE(specText, nullptr);
  EXPECT_EQ(specText->text(), testing::kSpec);
}

TEST_F(DeploymentTest, MeshExtensionProviders) {
  const model::Cluster& c = result_.cluster;
  ASSERT_EQ(c.meshConfigs.size(), 1u);
  EXPECT_EQ(c.meshConfigs[0].meta.ns, "istio-system");
  EXPECT_EQ(c.meshConfigs[0].extensionProviders,
            (std::vector<std::string>{"tenantguard-authz-grpc", "tenantguard-authz-http"}));

  // The provider details the model does not keep: read the mesh text itself.
  load::ParsedText parsed = load::parseYaml(yaml_);
  const load::Node* meshText = nullptr;
  for (const auto& doc : parsed.documents)
    if (const load::Node* name = path(doc, {"metadata", "name"}); name && name->text() == "istio")
      meshText = path(doc, {"data", "mesh"});
  ASSERT_NE(meshText, nullptr);
  load::ParsedText mesh = load::parseYaml(meshText->text());
  ASSERT_TRUE(mesh.errors.empty());
  ASSERT_EQ(mesh.documents.size(), 1u);
  const load::Node* providers = mesh.documents[0].get("extensionProviders");
  ASSERT_NE(providers, nullptr);
  ASSERT_EQ(providers->items().size(), 2u);
  const load::Node& grpc = providers->items()[0];
  EXPECT_EQ(path(grpc, {"envoyExtAuthzGrpc", "service"})->text(), "tenantguard-authz.tenantguard-system.svc.cluster.local");
  EXPECT_EQ(path(grpc, {"envoyExtAuthzGrpc", "port"})->text(), "9000");
  EXPECT_EQ(path(grpc, {"envoyExtAuthzGrpc", "failOpen"})->text(), "false");
  const load::Node& http = providers->items()[1];
  EXPECT_EQ(path(http, {"envoyExtAuthzHttp", "port"})->text(), "8000");
  EXPECT_EQ(path(http, {"envoyExtAuthzHttp", "failOpen"})->text(), "false");
  EXPECT_EQ(texts(path(http, {"envoyExtAuthzHttp", "headersToUpstreamOnAllow"})),
            (std::vector<std::string>{"X-Tenant", "x-tenant-identity"}));
  EXPECT_EQ(texts(path(http, {"envoyExtAuthzHttp", "includeRequestHeadersInCheck"})),
            (std::vector<std::string>{"x-forwarded-client-cert"}));
}

TEST_F(DeploymentTest, EverySharedServiceGoesThroughTheAuthorizer) {
  const model::Cluster& c = result_.cluster;
  for (const auto& ss : spec_.sharedServices) {
    const auto* custom = byName(c.authorizationPolicies, ss.ns, ss.name + "-tenant-authz");
    ASSERT_NE(custom, nullptr) << ss.name;
    EXPECT_EQ(custom->action, model::AuthzAction::Custom);
    EXPECT_EQ(custom->provider, "tenantguard-authz-grpc");
    EXPECT_EQ(custom->selector, ss.selector);
    ASSERT_EQ(custom->rules.size(), 1u);  // rules: [{}] = every request
    EXPECT_TRUE(custom->rules[0].from.empty());
    EXPECT_TRUE(custom->rules[0].to.empty());

    const auto* pin = byName(c.authorizationPolicies, ss.ns, ss.name + "-pin-host");
    ASSERT_NE(pin, nullptr) << ss.name;
    EXPECT_EQ(pin->action, model::AuthzAction::Deny);
    EXPECT_EQ(pin->selector, ss.selector);
    ASSERT_EQ(pin->rules.size(), 1u);
    ASSERT_EQ(pin->rules[0].to.size(), 1u);
    const auto& hosts = pin->rules[0].to[0].fields.at(0);
    EXPECT_EQ(hosts.name, "hosts");
    EXPECT_TRUE(hosts.negated);
    std::string fqdn = ss.name + "." + ss.ns + ".svc.cluster.local";
    EXPECT_NE(std::find(hosts.values.begin(), hosts.values.end(), fqdn), hosts.values.end());
    EXPECT_NE(std::find(hosts.values.begin(), hosts.values.end(), fqdn + ":*"), hosts.values.end());

    const auto* mtls = byName(c.peerAuthentications, ss.ns, ss.name + "-strict-mtls");
    ASSERT_NE(mtls, nullptr) << ss.name;
    EXPECT_EQ(mtls->mode, model::MtlsMode::Strict);
    EXPECT_EQ(mtls->selector, ss.selector);
  }
}

TEST_F(DeploymentTest, HttpProviderOption) {
  options_.provider = "http";
  options_.specText.clear();
  load::LoadResult r = loadYaml(deploymentYaml(spec_, options_));
  EXPECT_TRUE(r.diagnostics.empty());
  const auto* custom = byName(r.cluster.authorizationPolicies, "shared-services", "metrics-tenant-authz");
  ASSERT_NE(custom, nullptr);
  EXPECT_EQ(custom->provider, "tenantguard-authz-http");
  // Without the spec text, no spec ConfigMap (the generator provides it).
  EXPECT_EQ(deploymentYaml(spec_, options_).find("tenantguard-authz-spec\n  namespace"), std::string::npos);
}

}  // namespace
}  // namespace tg::authz
