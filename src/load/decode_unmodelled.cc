// Istio kinds that change reachability and are not modelled: recorded with their place, so that
// verify reports them (TG090) instead of passing over them like kinds that change nothing.
#include "load/decoders.h"

namespace tg::load {

void decodeUnmodelled(const Node& object, DecodeContext& ctx) {
  ctx.cluster.unmodelledObjects.push_back({ctx.namespacedMeta(object)});
}

}  // namespace tg::load
