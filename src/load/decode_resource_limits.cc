// ResourceQuota and LimitRange: verify only needs to know that a namespace has them.
#include "load/decoders.h"
#include "load/fields.h"

namespace tg::load {

void decodeResourceLimits(const Node& object, DecodeContext& ctx) {
  model::ObjectMeta meta = ctx.meta(object);
  if (meta.name.empty()) throw DecodeError(object.line(), meta.kind + " without metadata.name");
  if (meta.ns.empty()) meta.ns = DecodeContext::kDefaultNamespace;
  (meta.kind == "ResourceQuota" ? ctx.cluster.resourceQuotas : ctx.cluster.limitRanges).push_back(std::move(meta));
}

}  // namespace tg::load
