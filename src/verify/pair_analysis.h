// PairAnalysis: everything each layer allows from one endpoint to another, on its own and
// combined. The mesh layers decide per destination port, so their sets are computed per port
// class: every port some object names for the destination (container ports, Service targets,
// portLevelMtls keys, AuthorizationPolicy ports) on its own, and all other ports as one class.
#pragma once

#include <string>
#include <vector>

#include "layers/verdict.h"
#include "net/connection_set.h"
#include "verify/layer_stack.h"
#include "verify/verify.h"

namespace tg::verify {

struct PairAnalysis {
  net::ConnectionSet network;        // allowed by the network layer
  net::ConnectionSet mtls;           // not refused by the mtls layer
  net::ConnectionSet authorization;  // not denied outright by the authorization layer
  net::ConnectionSet combined;       // allowed by all three
  std::string authorizationSummary;  // for the combined connections: "allow-all", "only …", ...
  // The objects behind each layer's denials, for what-if analysis (which deletion could open it).
  std::vector<layers::Ref> blockers;
  // Every object and rule that decided some connection, per layer (allows and denials).
  std::vector<layers::Ref> networkBy, mtlsBy, authorizationBy;

  // The three layers' results, in order network, mtls, authorization.
  std::vector<LayerResult> layerResults() const;

  // Defense in depth of a blocked pair: the fewest layers that deny any one TCP connection
  // (0 when something is allowed). TCP is the protocol all three layers cover.
  int blockingLayers() const;
  // The layers that deny that least-defended connection.
  std::vector<std::string> blockingLayerNames() const;
};

// A pair's analysis in two halves that meet in `combine`. The egress half is what the source's
// side decides (its network egress policies); the ingress half is what the destination's side
// decides (network ingress, mtls, authorization). verify evaluates each half once for every group
// of endpoints that the other side cannot tell apart (verify/grouping.h).
struct EgressHalf {
  net::ConnectionSet allowed;
  std::vector<layers::Ref> denials, decidedBy;  // refs of the denying segments; of every segment
  uint32_t verdictId = 0;  // equal for halves with equal `allowed` (set by HalfCache)
};

struct IngressHalf {
  net::ConnectionSet network, mtls, authorization;
  std::vector<layers::Ref> networkDenials, networkBy;
  std::vector<layers::Ref> meshBlockers, mtlsBy, authorizationBy;
  std::vector<uint32_t> distinct;  // the destination's port classes
  std::vector<std::pair<uint32_t, std::string>> summaries;  // authorization, per allowed port class
  uint32_t verdictId = 0;  // equal for halves with equal network, mtls and authorization (HalfCache)
};

EgressHalf analyzeEgress(const LayerStack& layers, const layers::Endpoint& src, const layers::Endpoint& dst);
IngressHalf analyzeIngress(const LayerStack& layers, const layers::Endpoint& src, const layers::Endpoint& dst);
PairAnalysis combine(const EgressHalf& egress, const IngressHalf& ingress);

// combine(analyzeEgress(...), analyzeIngress(...)).
PairAnalysis analyzePair(const LayerStack& layers, const layers::Endpoint& src, const layers::Endpoint& dst);

// The destination ports that mesh layers may treat differently from the rest, sorted.
std::vector<uint32_t> distinctPorts(const LayerStack& layers, const model::Workload& dst);
// The smallest port that is not in `distinct` (sorted): it stands for every port not named.
uint32_t representativeOther(const std::vector<uint32_t>& distinct);

}  // namespace tg::verify
