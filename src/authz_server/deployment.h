// The objects that run `tenantguard serve-authz` in a cluster and wire it into Istio, for the
// generator (`generate --identity ext-authz`) to emit:
//
//   Namespace, ServiceAccount, (ConfigMap with the spec), Deployment, Service, PeerAuthentication
//   and AuthorizationPolicy of the authorizer itself (only shared services' proxies may ask it);
//   the mesh configuration's `extensionProviders` (a gRPC and an HTTP provider; the HTTP one
//   forwards x-forwarded-client-cert and copies the identity headers upstream on allow); and for
//   each shared service: a CUSTOM AuthorizationPolicy sending every request to the authorizer, a
//   DENY AuthorizationPolicy that pins the request host to the service's own names (so a client
//   cannot have the authorizer judge its request by another shared service's rules), and STRICT
//   mTLS (with plaintext, the sidecar would forward a client-written x-forwarded-client-cert).
//
// The mesh configuration is emitted as the `istio` ConfigMap of the root namespace: a cluster that
// already has one must merge `extensionProviders` into it rather than replace it.
#pragma once

#include <string>
#include <vector>

#include "generate/yaml_writer.h"
#include "tenant/spec.h"

namespace tg::authz {

struct DeploymentOptions {
  std::string ns = "tenantguard-system";
  std::string name = "tenantguard-authz";
  std::string image = "tenantguard:0.1.0";
  int replicas = 2;
  uint32_t grpcPort = 9000;
  uint32_t httpPort = 8000;
  uint32_t metricsPort = 9090;
  std::string clusterDomain = "cluster.local";
  // Which provider the shared services' CUSTOM policies use: "grpc" (the peer identity comes from
  // the proxy's own connection) or "http" (from x-forwarded-client-cert).
  std::string provider = "grpc";
  // The spec file's text; when set, a ConfigMap holding it is emitted and mounted.
  std::string specText;
};

// Name of the extension provider for "grpc" or "http", as referenced by the CUSTOM policies.
std::string providerName(const DeploymentOptions& options, const std::string& transport);

// The objects in apply order, for the generator to place in its bundle.
std::vector<generate::Json> deploymentObjects(const tenant::Spec& spec, const DeploymentOptions& options = {});

// The same objects as multi-document YAML ("---" separated), deterministic for a given spec and options.
std::string deploymentYaml(const tenant::Spec& spec, const DeploymentOptions& options = {});

}  // namespace tg::authz
