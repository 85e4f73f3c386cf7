// EnvoyFilter (networking.istio.io): the Lua code of its patches, wherever in the patch it sits.
#include "load/decoders.h"
#include "load/fields.h"

namespace tg::load {
namespace {

void collectLua(const Node& n, std::vector<model::LuaCode>& out) {
  if (n.isMapping()) {
    for (const auto& [k, v] : n.fields()) {
      if ((k == "inlineCode" || k == "inline_code") && v.isScalar()) out.push_back({std::string(v.text()), v.line()});
      else collectLua(v, out);
    }
  } else if (n.isSequence()) {
    for (const Node& i : n.items()) collectLua(i, out);
  }
}

}  // namespace

void decodeEnvoyFilter(const Node& object, DecodeContext& ctx) {
  model::EnvoyFilter f;
  f.meta = ctx.namespacedMeta(object);
  if (const Node* spec = optMapping(object, "spec")) {
    if (const Node* ws = optMapping(*spec, "workloadSelector")) f.workloadSelector = stringMap(ws->get("labels"), "labels");
    if (const Node* patches = optSequence(*spec, "configPatches")) collectLua(*patches, f.lua);
  }
  ctx.cluster.envoyFilters.push_back(std::move(f));
}

}  // namespace tg::load
