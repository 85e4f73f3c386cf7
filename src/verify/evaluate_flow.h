// evaluateFlow: one concrete flow through every layer, in order network, mtls, authorization,
// each with its verdict, reason and the objects and rules that decided it.
#pragma once

#include "layers/endpoint.h"
#include "layers/mesh/authz_matchers.h"
#include "verify/flow_evaluation.h"
#include "verify/layer_stack.h"

namespace tg::verify {

// `request` null: no HTTP request given; the authorization layer then says whether every request,
// none, or only some (which) are allowed.
FlowEvaluation evaluateFlow(const LayerStack& layers, const layers::Endpoint& src, const layers::Endpoint& dst,
                            net::Protocol protocol, uint32_t port,
                            const layers::mesh::HttpRequest* request = nullptr);

}  // namespace tg::verify
