#include "verify/evaluate_flow.h"

#include <fmt/format.h>

namespace tg::verify {

FlowEvaluation evaluateFlow(const LayerStack& layers, const layers::Endpoint& src, const layers::Endpoint& dst,
                            net::Protocol protocol, uint32_t port, const layers::mesh::HttpRequest* request) {
  FlowEvaluation e;
  e.src = src.name();
  e.dst = dst.name();
  e.protocol = protocol;
  e.port = port;
  e.layers.push_back({"network", layers.network().verdict(src, dst, protocol, port)});
  e.layers.push_back({"mtls", layers.mtls().verdict(src, dst, protocol, port)});
  layers::mesh::AuthzResult authz = layers.authz().evaluate(src, dst, protocol, port, request);
  layers::Verdict v = authz.verdict();
  if (authz.outcome != layers::mesh::AuthzOutcome::NotApplicable) {
    std::string what = request ? fmt::format("request {} {}", request->method, request->path) : "every request";
    v.reason = request || authz.outcome == layers::mesh::AuthzOutcome::Conditional
                   ? fmt::format("{}: {}", what, v.reason)
                   : fmt::format("{} ({}): {}", layers::mesh::authzOutcomeName(authz.outcome), what, v.reason);
  }
  e.layers.push_back({"authorization", std::move(v)});
  return e;
}

}  // namespace tg::verify
