// Istio traffic routing (networking.istio.io v1, v1beta1, v1alpha3), as declared: a Gateway says
// which proxy workloads (its selector) accept traffic for which hosts and ports; a VirtualService
// bound to it says where those requests go. Plain data; verify/ingress_routes.h turns gateway
// routes into ingress routes, as for Ingress objects.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/object.h"

namespace tg::model {

struct GatewayServer {
  uint32_t port = 0;
  std::vector<std::string> hosts;
};

struct Gateway {
  ObjectMeta meta;
  Labels selector;  // the gateway workloads, in any namespace
  std::vector<GatewayServer> servers;
};

// A request path match of an HTTP route: `uri: {prefix|exact|regex: VALUE}`.
struct UriMatch {
  enum class Kind { Prefix, Exact, Regex };
  Kind kind = Kind::Prefix;
  std::string value;
};

struct RouteDestination {
  std::string host;   // a Service: `name`, `name.namespace`, `name.namespace.svc.cluster.local`
  uint32_t port = 0;  // 0: unset (the Service's only port)
  uint32_t line = 0;
};

// One `http` or `tcp` route. The requests it takes are those of any of its uri matches (every
// request without one); other match conditions (headers, query parameters, ...) only narrow it.
struct VirtualServiceRoute {
  bool tcp = false;
  std::vector<UriMatch> uris;
  std::vector<RouteDestination> destinations;
  uint32_t line = 0;
};

// A part of a VirtualService that is not read, where routes may hide (TG090).
struct RoutingUnmodelled {
  uint32_t line = 0;
  std::string what;
};

struct VirtualService {
  ObjectMeta meta;
  std::vector<std::string> hosts;
  std::vector<std::string> gateways;  // `name` (this namespace), `namespace/name`, or `mesh`
  std::vector<VirtualServiceRoute> routes;
  std::vector<RoutingUnmodelled> unmodelled;  // `tls` routes, `delegate`
};

}  // namespace tg::model
