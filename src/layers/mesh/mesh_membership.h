// Who is in the Istio mesh and how: sidecar, ambient (ztunnel), or not at all; plus the mesh
// configuration (root namespace, trust domain and aliases, extension providers) and the
// application protocol of a workload port (HTTP or TCP), which the mesh layers share.
//
//   MeshContext mesh(cluster, {.rootNamespace = "istio-system"});
//   const Membership& m = mesh.membership(workload);   // m.dataplane, m.reason
//   PortProtocol p = mesh.protocolOf(workload, 8080);  // p.http, p.why
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "layers/endpoint.h"
#include "model/cluster.h"
#include "net/connection_set.h"

namespace tg::layers::mesh {

// Overrides from the command line (`--root-namespace`, `--trust-domain`).
struct MeshOptions {
  std::optional<std::string> rootNamespace;
  std::optional<std::string> trustDomain;
};

struct MeshConfig {
  std::string rootNamespace = "istio-system";
  std::string trustDomain = "cluster.local";
  std::vector<std::string> trustDomainAliases;
  std::vector<std::string> extensionProviders;
  const model::MeshConfigMap* configMap = nullptr;  // the ConfigMap it was read from, if any

  bool hasProvider(const std::string& name) const;
};

// The ConfigMap `istio` in the root namespace (the option's, else istio-system), then the options.
MeshConfig resolveMeshConfig(const model::Cluster& cluster, const MeshOptions& options);

enum class Dataplane { None, Sidecar, Ambient };
const char* dataplaneName(Dataplane d);  // "none", "sidecar", "ambient"

struct Membership {
  Dataplane dataplane = Dataplane::None;
  std::string reason;    // why: "namespace label istio-injection=enabled", "hostNetwork pod", ...
  std::string waypoint;  // ambient: `istio.io/use-waypoint` (L7 policy there is not modelled)
  // Sidecar traffic capture from the `traffic.sidecar.istio.io/*` annotations: inbound ports the
  // proxy sees, outbound ports that bypass it.
  net::PortSet inboundCaptured{net::kMinPort, net::kMaxPort};
  net::PortSet outboundExcluded;
  std::vector<uint32_t> annotatedInboundPorts;  // ports the inbound capture annotations name
  std::vector<std::string> notModelled;  // capture annotations tenantguard does not model

  bool inMesh() const { return dataplane != Dataplane::None; }
  // The proxy (sidecar or ztunnel) handles inbound TCP to this port.
  bool capturesInbound(uint32_t port) const;
  // Outbound TCP to this port leaves through the proxy (so it can carry the mesh identity).
  bool capturesOutbound(uint32_t port) const;
};

// Membership from the pod's labels, annotations and containers and its namespace's labels.
Membership membershipOf(const model::Workload& w, const model::Namespace* ns);

struct PortProtocol {
  bool http = false;      // the proxy may see requests: HTTP, HTTP/2, gRPC, or detected
  bool declared = false;  // a Service port names the protocol (else Istio detects it)
  std::string why;        // "Service ns/name port 8080 name `http-web`: HTTP", ...
};

class MeshContext {
 public:
  explicit MeshContext(const model::Cluster& cluster, const MeshOptions& options = {});

  const model::Cluster& cluster() const { return cluster_; }
  const MeshConfig& config() const { return config_; }

  const Membership& membership(const model::Workload& w) const;
  // External endpoints are never in the mesh.
  const Membership& membership(const Endpoint& e) const;

  // The protocol the destination's proxy assumes for inbound traffic to container port `port`:
  // from the `appProtocol` or the name prefix of a Service port that targets it. Where none names
  // a protocol, Istio detects HTTP: such a port counts as HTTP (see protocolOf in the .cc).
  PortProtocol protocolOf(const model::Workload& dst, uint32_t port) const;
  // Every container port some Service port targets (the ports whose protocol may differ).
  std::vector<uint32_t> servicePorts(const model::Workload& dst) const;

  // TRUST_DOMAIN/ns/NS/sa/SA
  std::string principalOf(const model::Workload& w) const;

 private:
  const model::Cluster& cluster_;
  MeshConfig config_;
  std::map<const model::Workload*, Membership> members_;
  // The Services of each namespace, for finding those that select a workload.
  std::map<std::string, std::vector<const model::Service*>> servicesByNamespace_;
  Membership none_;
  Membership unknown_;
};

}  // namespace tg::layers::mesh
