// Endpoint: one end of a flow — a workload (its pods) or a range of addresses outside the
// cluster. Layers evaluate flows between endpoints.
#pragma once

#include <string>

#include "model/namespace.h"
#include "model/workload.h"
#include "net/ip.h"

namespace tg::layers {

struct Endpoint {
  const model::Workload* workload = nullptr;  // null: outside the cluster
  const model::Namespace* ns = nullptr;       // null for external endpoints
  net::IpSet addresses;                        // the external range, or the workload's pod IPs

  static Endpoint ofWorkload(const model::Workload& w, const model::Namespace* ns);
  static Endpoint external(net::IpSet range);

  bool isExternal() const { return workload == nullptr; }
  const model::Labels& labels() const;           // empty for external endpoints
  const model::Labels& namespaceLabels() const;  // empty for external endpoints
  // Pods selected by label selectors: in-cluster and not on the host network.
  bool selectable() const { return workload && !workload->hostNetwork; }

  // "ns/name[Kind]" or "a.b.c.d-e.f.g.h[External]".
  std::string name() const;
};

enum class Direction { Ingress, Egress };
const char* directionName(Direction d);  // "ingress" / "egress"

}  // namespace tg::layers
