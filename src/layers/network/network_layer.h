// NetworkLayer: the network verdict for a flow, from every network policy kind in the cluster.
// A connection needs egress allowed at the source and ingress allowed at the destination.
#pragma once

#include <vector>

#include "layers/network/program.h"
#include "layers/verdict.h"
#include "model/cluster.h"

namespace tg::layers::network {

struct DirectionalDecision {
  Decision egress;   // at the source
  Decision ingress;  // at the destination
};

class NetworkLayer {
 public:
  // `exclusion` (may be null): a policy object to act as if deleted; see layers/exclusion.h.
  explicit NetworkLayer(const model::Cluster& cluster, const Exclusion* exclusion = nullptr);

  DirectionalDecision decide(const Endpoint& src, const Endpoint& dst) const;
  net::ConnectionSet allowed(const Endpoint& src, const Endpoint& dst) const;
  // One concrete connection, explained: allow only if both directions allow it.
  Verdict verdict(const Endpoint& src, const Endpoint& dst, net::Protocol p, uint32_t port) const;

  const Program& program() const { return program_; }

 private:
  Program program_;
};

}  // namespace tg::layers::network
