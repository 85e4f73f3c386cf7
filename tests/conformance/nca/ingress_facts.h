// NCA's reading of Kubernetes Ingress, and how the harness compares it with tenantguard's.
//
// NCA models an Ingress (and an Istio Gateway with its VirtualServices) as an egress policy of the
// ingress-controller (gateway) pods: with Ingress objects
// in the input, its map gives the controller pods connections only to the routes' backends, on
// the target ports, restricted to the routes' hosts and paths (later rules of a host take the
// requests of their more specific paths: `(/abc(/*)?)-(/abc/def(/*)?)`). The backends' policies
// and the controller's own egress policies still apply.
//
// Kubernetes does not restrict the controller pod by Ingress objects: it reaches whatever the
// network policies allow, and tenantguard reports that as ordinary connectivity, with the routes
// as a concept of their own (verify/ingress_routes.h). So, where the config has Ingress objects,
// the harness compares NCA's rows from a controller with tenantguard's routes from it, and leaves
// the controller pod's ordinary connections out of the comparison (the divergence is noted in
// nca_harness.cc's kDiagnoses).
#pragma once

#include "facts.h"
#include "verify/connectivity.h"

namespace tg::conformance::nca {

// NCA's HTTP restriction for a route: `hosts:` the rule's host (none for a rule without host),
// `paths:` the path (`/p(/*)?` for Prefix, `/p` for Exact, none for Prefix `/`), minus the
// more specific paths that lead elsewhere. A VirtualService route: its hosts (none for `*`) and
// its uri matches.
HttpRestriction ncaRestriction(const verify::IngressRoute& route);

// Replaces, in `facts` (tenantguard's facts of `c`), what the controllers and gateways connect to
// by their routes. Nothing changes without routes' sources in the input.
void compareControllersByRoutes(const verify::Connectivity& c, FactSet& facts);

}  // namespace tg::conformance::nca
