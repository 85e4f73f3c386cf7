#include "authz_server/deployment.h"

#include <fmt/format.h>

#include <set>

#include "generate/yaml_writer.h"

namespace tg::authz {
namespace {

using generate::Json;
using generate::toYaml;

// ---- objects ----

Json labelsOf(const DeploymentOptions& o) {
  return Json{{"app.kubernetes.io/name", o.name}, {"app.kubernetes.io/part-of", "tenantguard"}};
}

Json meta(const std::string& name, const std::string& ns, const Json& labels = Json::object()) {
  Json m{{"name", name}};
  if (!ns.empty()) m["namespace"] = ns;
  if (!labels.empty()) m["labels"] = labels;
  return m;
}

std::string serviceFqdn(const DeploymentOptions& o) { return fmt::format("{}.{}.svc.{}", o.name, o.ns, o.clusterDomain); }

std::string specConfigMapName(const DeploymentOptions& o) { return o.name + "-spec"; }

Json deployment(const DeploymentOptions& o) {
  Json labels = labelsOf(o);
  auto probe = [](const char* path) {
    return Json{{"httpGet", {{"path", path}, {"port", "http-metrics"}}}, {"periodSeconds", 5}};
  };
  Json container{
      {"name", "authz"},
      {"image", o.image},
      {"args",
       Json::array({"serve-authz", "--spec", "/etc/tenantguard/tenantguard.yaml", "--grpc",
                    fmt::format("0.0.0.0:{}", o.grpcPort), "--http", fmt::format("0.0.0.0:{}", o.httpPort),
                    "--metrics", fmt::format("0.0.0.0:{}", o.metricsPort)})},
      {"ports", Json::array({Json{{"name", "grpc-authz"}, {"containerPort", o.grpcPort}, {"protocol", "TCP"}},
                             Json{{"name", "http-authz"}, {"containerPort", o.httpPort}, {"protocol", "TCP"}},
                             Json{{"name", "http-metrics"}, {"containerPort", o.metricsPort}, {"protocol", "TCP"}}})},
      {"readinessProbe", probe("/readyz")},
      {"livenessProbe", probe("/healthz")},
      {"resources",
       {{"requests", {{"cpu", "100m"}, {"memory", "64Mi"}}}, {"limits", {{"cpu", "1"}, {"memory", "256Mi"}}}}},
      {"securityContext",
       {{"runAsNonRoot", true},
        {"runAsUser", 65532},
        {"readOnlyRootFilesystem", true},
        {"allowPrivilegeEscalation", false},
        {"capabilities", {{"drop", Json::array({"ALL"})}}}}},
      {"volumeMounts", Json::array({Json{{"name", "spec"}, {"mountPath", "/etc/tenantguard"}, {"readOnly", true}}})},
  };
  return Json{
      {"apiVersion", "apps/v1"},
      {"kind", "Deployment"},
      {"metadata", meta(o.name, o.ns, labels)},
      {"spec",
       {{"replicas", o.replicas},
        {"selector", {{"matchLabels", {{"app.kubernetes.io/name", o.name}}}}},
        {"template",
         {{"metadata", {{"labels", labels}, {"annotations", {{"sidecar.istio.io/inject", "true"}}}}},
          {"spec",
           {{"serviceAccountName", o.name},
            {"automountServiceAccountToken", false},
            {"containers", Json::array({container})},
            // The spec is a mounted ConfigMap: the kubelet swaps it in place and serve-authz sees
            // the file change and reloads it.
            {"volumes", Json::array({Json{{"name", "spec"}, {"configMap", {{"name", specConfigMapName(o)}}}}})}}}}}}}};
}

Json service(const DeploymentOptions& o) {
  return Json{{"apiVersion", "v1"},
              {"kind", "Service"},
              {"metadata", meta(o.name, o.ns, labelsOf(o))},
              {"spec",
               {{"selector", {{"app.kubernetes.io/name", o.name}}},
                {"ports", Json::array({Json{{"name", "grpc-authz"}, {"port", o.grpcPort}, {"targetPort", o.grpcPort}},
                                       Json{{"name", "http-authz"}, {"port", o.httpPort}, {"targetPort", o.httpPort}},
                                       Json{{"name", "http-metrics"},
                                            {"port", o.metricsPort},
                                            {"targetPort", o.metricsPort}}})}}}};
}

std::vector<std::string> identityHeaders(const tenant::Spec& spec) {
  std::set<std::string> names;
  for (const auto& ss : spec.sharedServices)
    if (!ss.tenantIdentityHeader.empty()) names.insert(ss.tenantIdentityHeader);
  return {names.begin(), names.end()};
}

std::string meshConfigText(const tenant::Spec& spec, const DeploymentOptions& o) {
  Json mesh{
      {"trustDomain", spec.trustDomain},
      {"rootNamespace", spec.rootNamespace},
      {"extensionProviders",
       Json::array({
           Json{{"name", providerName(o, "grpc")},
                {"envoyExtAuthzGrpc",
                 {{"service", serviceFqdn(o)}, {"port", o.grpcPort}, {"timeout", "0.5s"}, {"failOpen", false}}}},
           Json{{"name", providerName(o, "http")},
                {"envoyExtAuthzHttp",
                 {{"service", serviceFqdn(o)},
                  {"port", o.httpPort},
                  {"timeout", "0.5s"},
                  {"failOpen", false},
                  {"includeRequestHeadersInCheck", Json::array({"x-forwarded-client-cert"})},
                  {"headersToUpstreamOnAllow", identityHeaders(spec)}}}},
       })},
  };
  return toYaml(mesh);
}

Json selectorOf(const tenant::SharedService& ss) {
  if (ss.selector.empty()) return Json::object();
  Json labels = Json::object();
  for (const auto& [k, v] : ss.selector) labels[k] = v;
  return Json{{"selector", {{"matchLabels", labels}}}};
}

Json withSelector(const tenant::SharedService& ss, Json spec) {
  Json sel = selectorOf(ss);
  Json out = sel.empty() ? Json::object() : sel;
  for (auto& [k, v] : spec.items()) out[k] = v;
  return out;
}

std::vector<std::string> hostNames(const tenant::SharedService& ss, const DeploymentOptions& o) {
  std::vector<std::string> out;
  for (const std::string& base : {fmt::format("{}.{}", ss.name, ss.ns), fmt::format("{}.{}.svc", ss.name, ss.ns),
                                  fmt::format("{}.{}.svc.{}", ss.name, ss.ns, o.clusterDomain)}) {
    out.push_back(base);
    out.push_back(base + ":*");
  }
  return out;
}

}  // namespace

std::string providerName(const DeploymentOptions& o, const std::string& transport) {
  return fmt::format("{}-{}", o.name, transport);
}

std::vector<Json> deploymentObjects(const tenant::Spec& spec, const DeploymentOptions& o) {
  std::vector<Json> docs;
  Json labels = labelsOf(o);

  docs.push_back(Json{{"apiVersion", "v1"},
                      {"kind", "Namespace"},
                      {"metadata", meta(o.ns, "", Json{{"istio-injection", "enabled"}, {"app.kubernetes.io/part-of", "tenantguard"}})}});
  docs.push_back(Json{{"apiVersion", "v1"},
                      {"kind", "ServiceAccount"},
                      {"metadata", meta(o.name, o.ns, labels)},
                      {"automountServiceAccountToken", false}});
  if (!o.specText.empty())
    docs.push_back(Json{{"apiVersion", "v1"},
                        {"kind", "ConfigMap"},
                        {"metadata", meta(specConfigMapName(o), o.ns, labels)},
                        {"data", {{"tenantguard.yaml", o.specText}}}});
  docs.push_back(deployment(o));
  docs.push_back(service(o));

  // The authorizer itself: mTLS only, and only the shared services' proxies may ask it
  // (probes are rewritten by the sidecar; metrics are open to any mesh client).
  std::set<std::string> callerNamespaces;
  for (const auto& ss : spec.sharedServices) callerNamespaces.insert(ss.ns);
  docs.push_back(Json{{"apiVersion", "security.istio.io/v1"},
                      {"kind", "PeerAuthentication"},
                      {"metadata", meta(o.name + "-strict-mtls", o.ns, labels)},
                      {"spec", {{"selector", {{"matchLabels", {{"app.kubernetes.io/name", o.name}}}}},
                                {"mtls", {{"mode", "STRICT"}}}}}});
  Json checkRule{{"from", Json::array({Json{{"source", {{"namespaces", Json(callerNamespaces)}}}}})},
                 {"to", Json::array({Json{{"operation",
                                           {{"ports", Json::array({std::to_string(o.grpcPort),
                                                                   std::to_string(o.httpPort)})}}}}})}};
  Json metricsRule{{"to", Json::array({Json{{"operation", {{"ports", Json::array({std::to_string(o.metricsPort)})}}}}})}};
  Json rules = Json::array();
  if (!callerNamespaces.empty()) rules.push_back(checkRule);
  rules.push_back(metricsRule);
  docs.push_back(Json{{"apiVersion", "security.istio.io/v1"},
                      {"kind", "AuthorizationPolicy"},
                      {"metadata", meta(o.name + "-callers", o.ns, labels)},
                      {"spec", {{"selector", {{"matchLabels", {{"app.kubernetes.io/name", o.name}}}}},
                                {"action", "ALLOW"},
                                {"rules", rules}}}});

  docs.push_back(Json{{"apiVersion", "v1"},
                      {"kind", "ConfigMap"},
                      {"metadata", meta("istio", spec.rootNamespace)},
                      {"data", {{"mesh", meshConfigText(spec, o)}}}});

  std::string provider = providerName(o, o.provider == "http" ? "http" : "grpc");
  for (const auto& ss : spec.sharedServices) {
    docs.push_back(Json{{"apiVersion", "security.istio.io/v1"},
                        {"kind", "AuthorizationPolicy"},
                        {"metadata", meta(ss.name + "-tenant-authz", ss.ns, labels)},
                        {"spec", withSelector(ss, Json{{"action", "CUSTOM"},
                                                       {"provider", {{"name", provider}}},
                                                       {"rules", Json::array({Json::object()})}})}});
    docs.push_back(Json{
        {"apiVersion", "security.istio.io/v1"},
        {"kind", "AuthorizationPolicy"},
        {"metadata", meta(ss.name + "-pin-host", ss.ns, labels)},
        {"spec", withSelector(ss, Json{{"action", "DENY"},
                                       {"rules", Json::array({Json{{"to", Json::array({Json{
                                                                       {"operation",
                                                                        {{"notHosts", hostNames(ss, o)}}}}})}}})}})}});
    docs.push_back(Json{{"apiVersion", "security.istio.io/v1"},
                        {"kind", "PeerAuthentication"},
                        {"metadata", meta(ss.name + "-strict-mtls", ss.ns, labels)},
                        {"spec", withSelector(ss, Json{{"mtls", {{"mode", "STRICT"}}}})}});
  }

  return docs;
}

std::string deploymentYaml(const tenant::Spec& spec, const DeploymentOptions& o) {
  std::vector<Json> docs = deploymentObjects(spec, o);
  std::string out =
      "# tenantguard serve-authz: external authorizer carrying verified tenant identity to shared services.\n";
  for (size_t i = 0; i < docs.size(); ++i) {
    if (i) out += "---\n";
    out += toYaml(docs[i]);
  }
  return out;
}

}  // namespace tg::authz
