// A Kubernetes Ingress (networking.k8s.io/v1; networking.k8s.io/v1beta1 and extensions/v1beta1
// are read into the same form), or an OpenShift Route (route.openshift.io/v1, the same idea with
// one host and path): HTTP requests for a host and path, sent by an ingress controller (router)
// to a Service port. Plain data; verify/ingress_routes.h resolves the backends to workloads and
// checks the layers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/object.h"

namespace tg::model {

// How a path matches a request path (ImplementationSpecific is read as Prefix, which matches at
// least as much as the controllers tenantguard knows).
enum class IngressPathType { Prefix, Exact, ImplementationSpecific };

struct IngressBackend {
  std::string service;      // empty: a `resource` backend (not a Service; not modelled)
  uint32_t portNumber = 0;  // 0 when the port is named
  std::string portName;
  // A Route's `port.targetPort` names an endpoint port: a Service port's name, or the number of
  // the pods' port; a Route without `port` sends to every port of the Service. An Ingress names
  // the Service port itself.
  bool endpointPort = false;
  uint32_t line = 0;
};

struct IngressPath {
  std::string host;  // empty: any host
  std::string path;  // empty: any path
  IngressPathType type = IngressPathType::Prefix;
  IngressBackend backend;
};

struct Ingress {
  ObjectMeta meta;  // kind `Ingress` or `Route`
  std::string ingressClassName;  // spec.ingressClassName or the kubernetes.io/ingress.class annotation
  std::optional<IngressBackend> defaultBackend;  // spec.defaultBackend (v1beta1: spec.backend)
  std::vector<IngressPath> paths;                // every rule's paths, in order
};

}  // namespace tg::model
