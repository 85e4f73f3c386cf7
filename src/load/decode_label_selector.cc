#include "load/decode_label_selector.h"

#include <fmt/format.h>

#include "load/fields.h"

namespace tg::load {

selector::LabelSelector readLabelSelector(const Node& n) {
  if (n.isNull()) return {};
  if (!n.isMapping()) throw DecodeError(n.line(), "label selector must be a mapping");
  model::Labels labels = stringMap(n.get("matchLabels"), "matchLabels");
  std::vector<selector::Requirement> reqs;
  if (const Node* exprs = optSequence(n, "matchExpressions")) {
    for (const Node& e : exprs->items()) {
      if (!e.isMapping()) throw DecodeError(e.line(), "matchExpressions entries must be mappings");
      selector::Requirement r;
      r.key = reqString(e, "key");
      std::string op = reqString(e, "operator");
      r.values = stringList(e.get("values"), "values");
      using Op = selector::Requirement::Op;
      if (op == "In") r.op = Op::In;
      else if (op == "NotIn") r.op = Op::NotIn;
      else if (op == "Exists") r.op = Op::Exists;
      else if (op == "DoesNotExist") r.op = Op::DoesNotExist;
      else throw DecodeError(e.line(), fmt::format("unknown matchExpressions operator `{}`", op));
      bool needsValues = r.op == Op::In || r.op == Op::NotIn;
      if (needsValues && r.values.empty())
        throw DecodeError(e.line(), fmt::format("operator {} needs at least one value", op));
      if (!needsValues && !r.values.empty())
        throw DecodeError(e.line(), fmt::format("operator {} takes no values", op));
      reqs.push_back(std::move(r));
    }
  }
  return selector::LabelSelector(std::move(labels), std::move(reqs));
}

}  // namespace tg::load
