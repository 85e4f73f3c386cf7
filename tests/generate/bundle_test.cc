// The bundle as text: deterministic, every object labelled, only field names the APIs define,
// the `--out` layout (kustomize builds it), the command's errors, and the reference article's
// mistakes absent (DESIGN §5).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "generate/generate.h"
#include "support/command.h"

namespace tg::generate {
namespace {

const std::string kExampleSpec = TG_SOURCE_DIR "/examples/article-fixed/tenantguard.yaml";

// The example, plus what it lacks: quotas, admins, audited paths and declared flows.
const std::string kSpec = R"(apiVersion: tenantguard.io/v1alpha1
kind: TenantIsolation
metadata: {name: prod}
spec:
  apiServer: {cidr: 10.96.0.1/32, port: 443}
  tenants:
  - name: acme
    namespaces: [tenant-acme, tenant-acme-batch]
    quota: {cpu: "20", memory: 64Gi, pods: "100"}
    admins: [alice, "group:acme-ops"]
    audit: [{selector: {app: payments}, paths: ["/transactions/*"]}]
  - name: globex
    namespaces: [tenant-globex]
  sharedServices:
  - name: log-collector
    namespace: shared-services
    selector: {app: log-collector}
    ports: [8080]
    allow: [{tenants: ["*"], methods: [POST], paths: ["/logs/ingest"]}]
    tenantIdentityHeader: x-tenant-identity
  flows:
  - {from: acme/frontend, to: globex/api, ports: [8080], methods: [GET]}
  - {from: globex, to: acme/api}
)";

tenant::Spec parse(const std::string& text) {
  std::vector<tenant::SpecError> errors;
  auto spec = tenant::parseSpec("tenantguard.yaml", text, errors);
  if (!spec) throw std::runtime_error(errors.front().message);
  return *spec;
}

Bundle bundleOf(const std::string& specText, Floor floor = Floor::Calico, Identity identity = Identity::Lua) {
  Options o;
  o.floor = floor;
  o.identity = identity;
  o.specText = specText;
  return generateBundle(parse(specText), o);
}

std::vector<Bundle> everyVariant() {
  std::vector<Bundle> out;
  for (Floor f : {Floor::Calico, Floor::AdminNetworkPolicy})
    for (Identity i : {Identity::Lua, Identity::ExtAuthz}) out.push_back(bundleOf(kSpec, f, i));
  return out;
}

const Json* find(const Bundle& b, const std::string& kind, const std::string& ns, const std::string& name) {
  for (const Json& o : b.objects)
    if (o["kind"] == kind && o["metadata"].value("namespace", "") == ns && o["metadata"]["name"] == name) return &o;
  return nullptr;
}

TEST(GenerateBundle, SameSpecGivesByteIdenticalOutput) {
  for (Floor f : {Floor::Calico, Floor::AdminNetworkPolicy})
    for (Identity i : {Identity::Lua, Identity::ExtAuthz}) {
      EXPECT_EQ(renderStream(bundleOf(kSpec, f, i)), renderStream(bundleOf(kSpec, f, i)));
      EXPECT_EQ(renderFiles(bundleOf(kSpec, f, i)), renderFiles(bundleOf(kSpec, f, i)));
    }
}

TEST(GenerateBundle, EveryObjectIsLabelledManagedByTenantguard) {
  for (const Bundle& b : everyVariant())
    for (const Json& o : b.objects)
      EXPECT_EQ(o["metadata"]["labels"].value(kManagedByLabel, ""), kManagedBy) << o.dump();
}

TEST(GenerateBundle, ObjectsAreUniqueAndNamespacesComeFirst) {
  for (const Bundle& b : everyVariant()) {
    std::set<std::string> seen;
    bool pastNamespaces = false;
    for (const Json& o : b.objects) {
      std::string key = fmt::format("{}/{}/{}", o["kind"].get<std::string>(), o["metadata"].value("namespace", ""),
                                    o["metadata"]["name"].get<std::string>());
      EXPECT_TRUE(seen.insert(key).second) << key;
      if (o["kind"] != "Namespace") pastNamespaces = true;
      else EXPECT_FALSE(pastNamespaces) << key;
    }
  }
}

// Field paths as the API references define them; `*` is a map with keys of the user's choosing
// (labels, selectors, quota names), `[]` a list. A misspelt field would be dropped or rejected by
// the API server, so every path the bundle uses must be listed here.
const std::map<std::string, std::set<std::string>>& knownFields() {
  static const std::set<std::string> labelSelector{"matchLabels.*", "matchExpressions[].key", "matchExpressions[].operator",
                                                   "matchExpressions[].values[]"};
  auto with = [](const std::string& prefix, const std::set<std::string>& fields) {
    std::set<std::string> out;
    for (const auto& f : fields) out.insert(prefix + "." + f);
    return out;
  };
  auto merge = [](std::initializer_list<std::set<std::string>> parts) {
    std::set<std::string> out;
    for (const auto& p : parts) out.insert(p.begin(), p.end());
    return out;
  };
  auto npPeers = [&](const std::string& p) {
    return merge({with(p + ".namespaceSelector", labelSelector), with(p + ".podSelector", labelSelector), {p + ".ipBlock.cidr"}});
  };
  auto anpPeers = [&](const std::string& p) {
    return merge({with(p + ".namespaces", labelSelector), with(p + ".pods.namespaceSelector", labelSelector),
                  with(p + ".pods.podSelector", labelSelector)});
  };
  auto calicoRules = [](const std::string& p) {
    std::set<std::string> out{p + ".action", p + ".protocol"};
    for (const char* side : {"source", "destination"})
      for (const char* f : {"namespaceSelector", "selector", "ports[]"}) out.insert(fmt::format("{}.{}.{}", p, side, f));
    return out;
  };
  auto authzRules = [](const std::string& p) {
    return std::set<std::string>{p + ".from[].source.namespaces[]",    p + ".from[].source.principals[]",
                                 p + ".from[].source.notPrincipals[]", p + ".to[].operation.ports[]",
                                 p + ".to[].operation.methods[]",      p + ".to[].operation.paths[]",
                                 p + ".to[].operation.notHosts[]"};
  };
  std::set<std::string> meta{"apiVersion", "kind", "metadata.name", "metadata.namespace", "metadata.labels.*"};
  static const std::map<std::string, std::set<std::string>> fields{
      {"Namespace", meta},
      {"ServiceAccount", merge({meta, {"automountServiceAccountToken"}})},
      {"ResourceQuota", merge({meta, {"spec.hard.*"}})},
      {"LimitRange", merge({meta, {"spec.limits[].type", "spec.limits[].default.*", "spec.limits[].defaultRequest.*"}})},
      {"Role", merge({meta, {"rules[].apiGroups[]", "rules[].resources[]", "rules[].verbs[]"}})},
      {"RoleBinding", merge({meta, {"subjects[].kind", "subjects[].apiGroup", "subjects[].name", "roleRef.apiGroup",
                                    "roleRef.kind", "roleRef.name"}})},
      {"NetworkPolicy", merge({meta, with("spec.podSelector", labelSelector), npPeers("spec.ingress[].from[]"),
                               npPeers("spec.egress[].to[]"),
                               {"spec.podSelector", "spec.policyTypes[]", "spec.ingress[].ports[].protocol",
                                "spec.ingress[].ports[].port", "spec.egress[].ports[].protocol",
                                "spec.egress[].ports[].port"}})},
      {"Tier", merge({meta, {"spec.order"}})},
      {"GlobalNetworkPolicy", merge({meta, calicoRules("spec.ingress[]"), calicoRules("spec.egress[]"),
                                     {"spec.tier", "spec.order", "spec.namespaceSelector", "spec.selector", "spec.types[]"}})},
      {"AdminNetworkPolicy",
       merge({meta, anpPeers("spec.subject"), anpPeers("spec.ingress[].from[]"),
              anpPeers("spec.egress[].to[]"),
              {"spec.priority", "spec.ingress[].name", "spec.ingress[].action", "spec.ingress[].ports[].portNumber.protocol",
               "spec.ingress[].ports[].portNumber.port", "spec.egress[].name", "spec.egress[].action",
               "spec.egress[].ports[].portNumber.protocol", "spec.egress[].ports[].portNumber.port"}})},
      {"PriorityLevelConfiguration",
       merge({meta, {"spec.type", "spec.limited.nominalConcurrencyShares", "spec.limited.lendablePercent",
                     "spec.limited.borrowingLimitPercent", "spec.limited.limitResponse.type",
                     "spec.limited.limitResponse.queuing.queues", "spec.limited.limitResponse.queuing.handSize",
                     "spec.limited.limitResponse.queuing.queueLengthLimit"}})},
      {"FlowSchema",
       merge({meta, {"spec.priorityLevelConfiguration.name", "spec.matchingPrecedence", "spec.distinguisherMethod.type",
                     "spec.rules[].subjects[].kind", "spec.rules[].subjects[].serviceAccount.namespace",
                     "spec.rules[].subjects[].serviceAccount.name", "spec.rules[].subjects[].user.name",
                     "spec.rules[].subjects[].group.name", "spec.rules[].resourceRules[].verbs[]",
                     "spec.rules[].resourceRules[].apiGroups[]", "spec.rules[].resourceRules[].resources[]",
                     "spec.rules[].resourceRules[].namespaces[]", "spec.rules[].resourceRules[].clusterScope",
                     "spec.rules[].nonResourceRules[].verbs[]", "spec.rules[].nonResourceRules[].nonResourceURLs[]"}})},
      {"PeerAuthentication", merge({meta, {"spec.mtls.mode", "spec.selector.matchLabels.*"}})},
      {"AuthorizationPolicy", merge({meta, authzRules("spec.rules[]"),
                                     {"spec", "spec.selector.matchLabels.*", "spec.action", "spec.provider.name", "spec.rules[]"}})},
      {"Telemetry", merge({meta, {"spec.accessLogging[].providers[].name"}})},
      {"Sidecar", merge({meta, {"spec.egress[].hosts[]", "spec.outboundTrafficPolicy.mode"}})},
      {"EnvoyFilter",
       merge({meta, {"spec.workloadSelector.labels.*", "spec.configPatches[].applyTo", "spec.configPatches[].match.context",
                     "spec.configPatches[].match.listener.filterChain.filter.name", "spec.configPatches[].patch.operation",
                     "spec.configPatches[].patch.value.name", "spec.configPatches[].patch.value.typed_config.@type",
                     "spec.configPatches[].patch.value.typed_config.inlineCode"}})},
  };
  return fields;
}

// Leaf paths (and empty maps/lists, which are values of their own).
void paths(const Json& v, const std::string& at, std::set<std::string>& out) {
  if (v.is_object() && !v.empty()) {
    for (const auto& [k, child] : v.items()) paths(child, at.empty() ? k : at + "." + k, out);
  } else if (v.is_array() && !v.empty()) {
    for (const auto& child : v) paths(child, at + "[]", out);
  } else {
    out.insert(at);
  }
}

bool known(const std::set<std::string>& allowed, const std::string& path) {
  if (allowed.count(path)) return true;
  // A trailing `*` stands for any one key of a map of strings; such keys may hold dots
  // (`app.kubernetes.io/name`, `requests.cpu`), so the rest of the path is that key.
  for (const auto& a : allowed)
    if (a.back() == '*' && path.size() >= a.size() && path.compare(0, a.size() - 1, a, 0, a.size() - 1) == 0) return true;
  return false;
}

TEST(GenerateBundle, UsesOnlyFieldNamesTheApisDefine) {
  for (const Bundle& b : everyVariant())
    for (const Json& o : b.objects) {
      std::string kind = o["kind"];
      if (o["apiVersion"] == "apps/v1" || kind == "Service" || kind == "ConfigMap") continue;  // the authorizer's own
      auto it = knownFields().find(kind);
      ASSERT_NE(it, knownFields().end()) << kind;
      std::set<std::string> used;
      paths(o, "", used);
      for (const auto& p : used) EXPECT_TRUE(known(it->second, p)) << kind << ": " << p;
    }
}

TEST(GenerateBundle, FloorIsPerTenantWithoutPlaceholdersAndBeforeTheDefaultTier) {
  Bundle b = bundleOf(kSpec);
  const Json* tier = find(b, "Tier", "", "tenantguard");
  ASSERT_NE(tier, nullptr);
  EXPECT_LT(tier->at("spec").at("order").get<int>(), 1000);
  const Json* acme = find(b, "GlobalNetworkPolicy", "", "tenantguard.tenant-acme");
  ASSERT_NE(acme, nullptr);
  EXPECT_EQ(acme->at("spec").at("namespaceSelector"), "kubernetes.io/metadata.name in {\"tenant-acme\", \"tenant-acme-batch\"}");
  std::string text = renderStream(b);
  EXPECT_EQ(text.find("${"), std::string::npos);
  EXPECT_EQ(text.find("{{"), std::string::npos);
  // The declared flow into acme is passed ahead of the deny; the last rule passes the rest on.
  const Json& ingress = acme->at("spec").at("ingress");
  ASSERT_EQ(ingress.size(), 3u);
  EXPECT_EQ(ingress[0].at("action"), "Pass");
  EXPECT_EQ(ingress[0].at("source").at("namespaceSelector"), "kubernetes.io/metadata.name in {\"tenant-globex\"}");
  EXPECT_EQ(ingress[0].at("destination").at("selector"), "app == \"api\"");
  EXPECT_EQ(ingress[1].at("action"), "Deny");
  EXPECT_EQ(ingress[2].dump(), R"({"action":"Pass"})");
}

TEST(GenerateBundle, DnsIsUdpAndTcpToKubeDnsInKubeSystemOnly) {
  Bundle b = bundleOf(kSpec);
  const Json* dns = find(b, "NetworkPolicy", "tenant-globex", "allow-dns");
  ASSERT_NE(dns, nullptr);
  const Json& rule = dns->at("spec").at("egress").at(0);
  EXPECT_EQ(rule.at("ports").dump(), R"([{"protocol":"UDP","port":53},{"protocol":"TCP","port":53}])");
  EXPECT_EQ(rule.at("to").at(0).at("namespaceSelector").dump(),
            R"({"matchExpressions":[{"key":"kubernetes.io/metadata.name","operator":"In","values":["kube-system"]}]})");
}

TEST(GenerateBundle, MeshDeniesAllByDefaultAndPlaintextAlways) {
  Bundle b = bundleOf(kSpec);
  const Json* denyAll = find(b, "AuthorizationPolicy", "istio-system", "deny-all");
  ASSERT_NE(denyAll, nullptr);
  EXPECT_EQ(denyAll->at("spec"), Json::object());
  EXPECT_EQ(&b.objects.back(), denyAll) << "the deny-all goes last, once every ALLOW is in place";
  const Json* impersonation = find(b, "AuthorizationPolicy", "istio-system", "deny-impersonation");
  ASSERT_NE(impersonation, nullptr);
  EXPECT_EQ(impersonation->at("spec").at("rules").dump(), R"([{"from":[{"source":{"notPrincipals":["*"]}}]}])");
  const Json* audit = find(b, "AuthorizationPolicy", "tenant-acme-batch", "audit-1");
  ASSERT_NE(audit, nullptr);
  EXPECT_EQ(audit->at("spec").at("action"), "AUDIT");
  ASSERT_NE(find(b, "Telemetry", "istio-system", "mesh-default"), nullptr);
  const Json* flow = find(b, "AuthorizationPolicy", "tenant-globex", "flow-1-acme-to-globex");
  ASSERT_NE(flow, nullptr);
  EXPECT_EQ(flow->at("spec").at("rules").dump(),
            R"([{"from":[{"source":{"principals":["cluster.local/ns/tenant-acme/sa/frontend","cluster.local/ns/tenant-acme-batch/sa/frontend"]}}],"to":[{"operation":{"ports":["8080"],"methods":["GET"]}}]}])");
}

TEST(GenerateBundle, SidecarKnowsOnlyWhatTheTenantMayCall) {
  Bundle b = bundleOf(kSpec);
  const Json* sidecar = find(b, "Sidecar", "tenant-acme", "default");
  ASSERT_NE(sidecar, nullptr);
  EXPECT_EQ(sidecar->at("spec").at("egress").at(0).at("hosts").dump(),
            R"(["istio-system/*","shared-services/log-collector.shared-services.svc.cluster.local","tenant-acme-batch/*","tenant-acme/*","tenant-globex/api.tenant-globex.svc.cluster.local"])");
}

TEST(GenerateBundle, IdentityHeaderIsRemovedThenReplacedFromTheFirstUriSanFirstInTheChain) {
  Bundle b = bundleOf(kSpec);
  const Json* filter = find(b, "EnvoyFilter", "shared-services", "log-collector-tenant-identity");
  ASSERT_NE(filter, nullptr);
  const Json& patch = filter->at("spec").at("configPatches").at(0).at("patch");
  EXPECT_EQ(patch.at("operation"), "INSERT_FIRST");
  std::string lua = patch.at("value").at("typed_config").at("inlineCode");
  auto remove = lua.find(R"(headers():remove("x-tenant-identity"))");
  auto replace = lua.find(R"(headers():replace("x-tenant-identity", tenant))");
  ASSERT_NE(remove, std::string::npos);
  ASSERT_NE(replace, std::string::npos);
  EXPECT_LT(remove, replace);
  EXPECT_NE(lua.find("sans[1]"), std::string::npos);
  EXPECT_NE(lua.find(R"(["tenant-acme-batch"] = "acme")"), std::string::npos);
  EXPECT_NE(lua.find(R"("^spiffe://cluster%.local/ns/([^/]+)/sa/[^/]+$")"), std::string::npos);
  EXPECT_EQ(lua.find(":add("), std::string::npos);

  Bundle ext = bundleOf(kSpec, Floor::Calico, Identity::ExtAuthz);
  EXPECT_EQ(find(ext, "EnvoyFilter", "shared-services", "log-collector-tenant-identity"), nullptr);
  const Json* custom = find(ext, "AuthorizationPolicy", "shared-services", "log-collector-tenant-authz");
  ASSERT_NE(custom, nullptr);
  EXPECT_EQ(custom->at("spec").at("action"), "CUSTOM");
  ASSERT_NE(find(ext, "ConfigMap", "istio-system", "istio"), nullptr);
}

TEST(GenerateBundle, TenantResourcesFromTheSpec) {
  Bundle b = bundleOf(kSpec);
  EXPECT_EQ(find(b, "ResourceQuota", "tenant-acme", "tenant-quota")->at("spec").dump(),
            R"({"hard":{"requests.cpu":"20","requests.memory":"64Gi","pods":"100"}})");
  ASSERT_NE(find(b, "ResourceQuota", "tenant-globex", "tenant-quota"), nullptr);  // the default
  ASSERT_NE(find(b, "LimitRange", "tenant-globex", "tenant-limits"), nullptr);
  EXPECT_EQ(find(b, "ServiceAccount", "tenant-globex", "default")->at("automountServiceAccountToken"), false);
  EXPECT_EQ(find(b, "RoleBinding", "tenant-acme", "tenant-admin")->at("subjects").dump(),
            R"([{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"alice"},{"kind":"Group","apiGroup":"rbac.authorization.k8s.io","name":"acme-ops"}])");
  EXPECT_EQ(find(b, "Role", "tenant-globex", "tenant-admin"), nullptr);
  std::string role = find(b, "Role", "tenant-acme", "tenant-admin")->dump();
  for (const char* forbidden : {"networkpolicies", "roles", "resourcequotas", "limitranges", "istio"})
    EXPECT_EQ(role.find(forbidden), std::string::npos) << forbidden;
  const Json* schema = find(b, "FlowSchema", "", "tenant-acme");
  ASSERT_NE(schema, nullptr);
  EXPECT_EQ(schema->at("apiVersion"), "flowcontrol.apiserver.k8s.io/v1");
  ASSERT_NE(find(b, "PriorityLevelConfiguration", "", "tenant-acme"), nullptr);
}

TEST(GenerateBundle, RejectsNamesThatCannotNameObjects) {
  tenant::Spec spec = parse(R"(apiVersion: tenantguard.io/v1alpha1
kind: TenantIsolation
spec:
  tenants:
  - {name: Acme_Corp, namespaces: [tenant-acme]}
)");
  auto errors = checkNames(spec);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 5u);
  EXPECT_NE(errors[0].message.find("Acme_Corp"), std::string::npos);
}

TEST(GenerateCommand, StreamOrDirectoryThatKustomizeBuilds) {
  auto stream = testing::runTenantguard("generate --spec " + kExampleSpec);
  ASSERT_EQ(stream.exitCode, 0);
  EXPECT_EQ(stream.out, testing::runTenantguard("generate --spec " + kExampleSpec).out);

  std::filesystem::path dir = std::filesystem::temp_directory_path() / fmt::format("tg-generate-{}", ::getpid());
  std::filesystem::remove_all(dir);
  auto written = testing::runTenantguard(fmt::format("generate --spec {} --out {}", kExampleSpec, dir.string()));
  ASSERT_EQ(written.exitCode, 0);
  EXPECT_TRUE(written.out.empty());
  for (const char* f : {"kustomization.yaml", "cluster/namespace.yaml", "cluster/tier.yaml", "cluster/globalnetworkpolicy.yaml",
                        "cluster/flowschema.yaml", "cluster/prioritylevelconfiguration.yaml", "tenant-acme.yaml",
                        "shared-services.yaml", "istio-system.yaml"})
    EXPECT_TRUE(std::filesystem::exists(dir / f)) << f;
  // Same objects in both forms.
  size_t files = 0;
  std::string all;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().filename() != "kustomization.yaml") {
      ++files;
      std::ifstream in(e.path());
      std::ostringstream s;
      s << in.rdbuf();
      all += s.str();
    }
  auto documents = [](const std::string& text) {
    size_t n = 0;
    for (size_t pos = 0; (pos = text.find("---\n", pos)) != std::string::npos; pos += 4) ++n;
    return n;
  };
  EXPECT_GT(files, 8u);
  EXPECT_EQ(documents(all), documents(stream.out));
  if (testing::runCommand("kubectl version --client >/dev/null 2>&1").exitCode == 0) {
    auto built = testing::runCommand(fmt::format("kubectl kustomize {} 2>&1", dir.string()));
    EXPECT_EQ(built.exitCode, 0) << built.out;
    EXPECT_EQ(documents(built.out) + 1, documents(stream.out)) << "kustomize separates documents without a leading ---";
  }
  std::filesystem::remove_all(dir);
}

TEST(GenerateCommand, InputErrorsAreFileLineAndExitTwo) {
  auto missing = testing::runTenantguard("generate --spec /nonexistent/tenantguard.yaml 2>&1");
  EXPECT_EQ(missing.exitCode, 2);
  EXPECT_EQ(missing.out, "tenantguard: /nonexistent/tenantguard.yaml: cannot read the spec file\n");
  auto bad = testing::runTenantguard("generate --spec examples/article/workloads.yaml 2>&1");
  EXPECT_EQ(bad.exitCode, 2);
  EXPECT_EQ(bad.out.rfind("tenantguard: examples/article/workloads.yaml:", 0), 0u) << bad.out;
  auto floor = testing::runTenantguard("generate --spec " + kExampleSpec + " --floor iptables 2>&1");
  EXPECT_EQ(floor.exitCode, 2);
}

}  // namespace
}  // namespace tg::generate
