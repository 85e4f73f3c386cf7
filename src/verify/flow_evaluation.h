// FlowEvaluation: one concrete flow decided by every layer, with what decided each verdict.
// A flow is allowed only if no applicable layer denies it; `blockingLayers` counts the layers
// that deny it on their own.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "layers/endpoint.h"
#include "layers/verdict.h"
#include "net/protocol.h"

namespace tg::verify {

struct LayerVerdict {
  std::string layer;  // "network", "mtls", "authorization"
  layers::Verdict verdict;
};

struct FlowEvaluation {
  std::string src;
  std::string dst;
  net::Protocol protocol = net::Protocol::TCP;
  uint32_t port = 0;
  std::vector<LayerVerdict> layers;

  bool allowed() const;
  int blockingLayers() const;
};

}  // namespace tg::verify
