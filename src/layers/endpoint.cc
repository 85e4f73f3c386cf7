#include "layers/endpoint.h"

namespace tg::layers {
namespace {
const model::Labels kNoLabels;
}

Endpoint Endpoint::ofWorkload(const model::Workload& w, const model::Namespace* ns) {
  Endpoint e;
  e.workload = &w;
  e.ns = ns;
  e.addresses = w.podIps;
  return e;
}

Endpoint Endpoint::external(net::IpSet range) {
  Endpoint e;
  e.addresses = std::move(range);
  return e;
}

const model::Labels& Endpoint::labels() const { return workload ? workload->podLabels : kNoLabels; }

const model::Labels& Endpoint::namespaceLabels() const { return ns ? ns->meta.labels : kNoLabels; }

std::string Endpoint::name() const {
  if (workload) return workload->displayName();
  std::string out;
  for (const auto& i : addresses.intervals()) {
    if (!out.empty()) out += ",";
    out += net::formatIpRange(i.lo, i.hi);
  }
  return out + "[External]";
}

const char* directionName(Direction d) { return d == Direction::Ingress ? "ingress" : "egress"; }

}  // namespace tg::layers
