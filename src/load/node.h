// Node: the document tree both readers produce (YAML through libyaml, JSON through simdjson).
// Every node keeps the line it starts on, so every model object and every rule can point back
// at its file and line. Scalars stay text; decoders interpret them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tg::load {

class Node {
 public:
  enum class Type : uint8_t { Null, Scalar, Sequence, Mapping };

  Node() = default;
  static Node scalar(std::string text, bool quoted, uint32_t line);
  static Node null(uint32_t line);
  static Node sequence(uint32_t line);
  static Node mapping(uint32_t line);

  Type type() const { return type_; }
  bool isNull() const { return type_ == Type::Null; }
  bool isScalar() const { return type_ == Type::Scalar; }
  bool isSequence() const { return type_ == Type::Sequence; }
  bool isMapping() const { return type_ == Type::Mapping; }
  uint32_t line() const { return line_; }

  // Scalar text; for a quoted YAML scalar or JSON string, `quoted()` is true (so "80" stays text).
  const std::string& text() const { return text_; }
  bool quoted() const { return quoted_; }

  const std::vector<Node>& items() const { return items_; }
  const std::vector<std::pair<std::string, Node>>& fields() const { return fields_; }
  std::vector<Node>& items() { return items_; }
  std::vector<std::pair<std::string, Node>>& fields() { return fields_; }

  // Mapping lookup; nullptr when absent or when this is not a mapping. An explicit `null`
  // value is returned as a Null node.
  const Node* get(std::string_view key) const;

 private:
  Type type_ = Type::Null;
  bool quoted_ = false;
  uint32_t line_ = 0;
  std::string text_;
  std::vector<Node> items_;
  std::vector<std::pair<std::string, Node>> fields_;
};

// One parsed document of a stream: its root and the file it came from.
struct Document {
  std::shared_ptr<const std::string> file;
  Node root;
};

}  // namespace tg::load
