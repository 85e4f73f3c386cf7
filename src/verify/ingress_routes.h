// Ingress routes: who can enter the cluster through an ingress controller, to which workload and
// port. An Ingress path (or OpenShift Route) sends the HTTP requests for a host and path to a
// Service port, and so does an Istio VirtualService route bound to a Gateway; the controller (the
// gateway) opens the connection to one of the Service's pods on the port's target port. That
// connection is an ordinary one, so a route is open as far as every layer lets the controller
// reach the backend on the target port — the backend's ingress policies and the controller's
// egress policies both apply. (An Ingress object does not restrict what the controller pod may
// reach otherwise: that is its ordinary connectivity.)
//
// For an Ingress, the controller is each workload of the input recognised as one
// (isIngressController); every one of them serves every Ingress (ingressClassName is not matched
// to controllers, the permissive reading). When the input has none, routes start at the pseudo-peer
// `{ingress-controller}`: a pod of a namespace not in the input, without labels, as
// netpol-analyzer assumes; TG090 says so. For a VirtualService, the sources are the workloads its
// Gateways select (none in the input: no route).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/cluster.h"
#include "net/connection_set.h"
#include "layers/mesh/authz_layer.h"
#include "layers/mesh/mesh_membership.h"
#include "layers/mesh/mtls_layer.h"
#include "layers/network/network_layer.h"

namespace tg::verify {

// The name the routes' source is printed with (netpol-analyzer's pseudo-peer).
inline constexpr const char* kIngressControllerPeer = "{ingress-controller}";

struct IngressRoute {
  // Declared by an Ingress (or Route) path ...
  const model::Ingress* ingress = nullptr;
  const model::IngressPath* path = nullptr;  // null: the Ingress's defaultBackend
  // ... or by a VirtualService route bound to a Gateway.
  const model::VirtualService* virtualService = nullptr;
  const model::VirtualServiceRoute* virtualServiceRoute = nullptr;
  // Paths of the same host, in any Ingress, that are more specific than `path` and lead to
  // another Service port: their requests go there, not here (the longest match wins, Exact
  // before Prefix).
  std::vector<const model::IngressPath*> except;
  const model::Workload* controller = nullptr;  // or gateway; null: the {ingress-controller} pseudo-peer
  const model::Workload* backend = nullptr;
  net::ConnectionSet ports;    // the Service port's target port on the backend
  net::ConnectionSet allowed;  // what every layer lets through from the controller
  std::optional<std::string> authorization;  // conditional authorization, as in verify::Connection
};

struct IngressRoutes {
  std::vector<IngressRoute> routes;  // closed ones too (`allowed` empty); Ingress paths, then gateway routes
  bool controllerInInput = false;    // Ingress objects and a recognised controller in the input
};

// Workloads tenantguard recognises as ingress controllers: those labelled
// `app.kubernetes.io/name: ingress-nginx`, as the ingress-nginx project's manifests and chart do.
bool isIngressController(const model::Workload& w);

IngressRoutes computeIngressRoutes(const model::Cluster& cluster, const layers::network::NetworkLayer& network,
                                   const layers::mesh::MeshContext& mesh, const layers::mesh::MtlsLayer& mtls,
                                   const layers::mesh::AuthzLayer& authz);

}  // namespace tg::verify
