// The decoders the registry dispatches to, one per kind (or family of kinds).
#pragma once

#include "load/decode_context.h"

namespace tg::load {

void decodeNamespace(const Node& object, DecodeContext& ctx);
void decodePod(const Node& object, DecodeContext& ctx);
void decodeController(const Node& object, DecodeContext& ctx);  // Deployment, StatefulSet, ...
void decodeService(const Node& object, DecodeContext& ctx);
void decodeServiceAccount(const Node& object, DecodeContext& ctx);
void decodeNetworkPolicy(const Node& object, DecodeContext& ctx);
void decodeIngress(const Node& object, DecodeContext& ctx);  // networking.k8s.io v1/v1beta1, extensions/v1beta1
void decodeRoute(const Node& object, DecodeContext& ctx);    // route.openshift.io
void decodeAdminNetworkPolicy(const Node& object, DecodeContext& ctx);  // ANP and BANP
void decodeResourceLimits(const Node& object, DecodeContext& ctx);  // ResourceQuota, LimitRange
void decodeEnvoyFilter(const Node& object, DecodeContext& ctx);     // networking.istio.io
void decodeGateway(const Node& object, DecodeContext& ctx);         // networking.istio.io
void decodeVirtualService(const Node& object, DecodeContext& ctx);  // networking.istio.io
void decodePeerAuthentication(const Node& object, DecodeContext& ctx);   // security.istio.io
void decodeAuthorizationPolicy(const Node& object, DecodeContext& ctx);  // security.istio.io
void decodeConfigMap(const Node& object, DecodeContext& ctx);            // only `istio` (mesh config)
// networking.istio.io Sidecar, ServiceEntry, DestinationRule, WorkloadEntry: kept as places only.
void decodeUnmodelled(const Node& object, DecodeContext& ctx);

void decodeCalico(const Node& object, DecodeContext& ctx);  // projectcalico.org kinds, see decode_calico.cc
void decodeWorkloadEndpoint(const Node& object, DecodeContext& ctx);  // projectcalico.org

}  // namespace tg::load
