#include "load/node.h"

namespace tg::load {

Node Node::scalar(std::string text, bool quoted, uint32_t line) {
  Node n;
  n.type_ = Type::Scalar;
  n.text_ = std::move(text);
  n.quoted_ = quoted;
  n.line_ = line;
  return n;
}

Node Node::null(uint32_t line) {
  Node n;
  n.line_ = line;
  return n;
}

Node Node::sequence(uint32_t line) {
  Node n;
  n.type_ = Type::Sequence;
  n.line_ = line;
  return n;
}

Node Node::mapping(uint32_t line) {
  Node n;
  n.type_ = Type::Mapping;
  n.line_ = line;
  return n;
}

const Node* Node::get(std::string_view key) const {
  if (type_ != Type::Mapping) return nullptr;
  for (const auto& [k, v] : fields_)
    if (k == key) return &v;
  return nullptr;
}

}  // namespace tg::load
