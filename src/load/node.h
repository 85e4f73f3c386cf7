// Node: the document tree both readers produce (YAML through libyaml, JSON through simdjson).
// Every node keeps the line it starts on, so every model object and every rule can point back
// at its file and line. Scalars stay text; decoders interpret them.
//
// A Node is a small view (24 bytes): its text and children live in an Arena (load/arena.h) that
// the parser filled, or in storage of whoever built it with the factories below. Copying a Node
// copies the view, never the tree; the tree must outlive it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace tg::load {

struct Field;

class Node {
 public:
  enum class Type : uint8_t { Null, Scalar, Sequence, Mapping };

  // Texts and child lists are at most kMaxSize long; the parsers reject anything longer.
  static constexpr size_t kMaxSize = UINT32_MAX;

  Node() = default;
  static Node scalar(std::string_view text, bool quoted, uint32_t line) {
    return Node(text.data(), text.size(), line, Type::Scalar, quoted);
  }
  static Node null(uint32_t line) { return Node(nullptr, 0, line, Type::Null, false); }
  static Node sequence(std::span<const Node> items, uint32_t line) {
    return Node(items.data(), items.size(), line, Type::Sequence, false);
  }
  static Node mapping(std::span<const Field> fields, uint32_t line);

  Type type() const { return type_; }
  bool isNull() const { return type_ == Type::Null; }
  bool isScalar() const { return type_ == Type::Scalar; }
  bool isSequence() const { return type_ == Type::Sequence; }
  bool isMapping() const { return type_ == Type::Mapping; }
  uint32_t line() const { return line_; }

  // Scalar text (empty for other nodes); for a quoted YAML scalar or JSON string, `quoted()` is
  // true (so "80" stays text).
  std::string_view text() const {
    return isScalar() ? std::string_view(static_cast<const char*>(data_), size_) : std::string_view();
  }
  bool quoted() const { return quoted_; }

  // Children; empty unless this is a sequence (items) or a mapping (fields, in document order).
  std::span<const Node> items() const {
    return isSequence() ? std::span<const Node>(static_cast<const Node*>(data_), size_) : std::span<const Node>();
  }
  std::span<const Field> fields() const;

  // Mapping lookup (the first field with that key); nullptr when absent or when this is not a
  // mapping. An explicit `null` value is returned as a Null node.
  const Node* get(std::string_view key) const;

 private:
  Node(const void* data, size_t size, uint32_t line, Type type, bool quoted)
      : data_(data), size_(static_cast<uint32_t>(size)), line_(line), type_(type), quoted_(quoted) {}

  const void* data_ = nullptr;  // the text, the items or the fields
  uint32_t size_ = 0;           // their length
  uint32_t line_ = 0;
  Type type_ = Type::Null;
  bool quoted_ = false;
};

struct Field {
  std::string_view key;
  Node value;
};

inline Node Node::mapping(std::span<const Field> fields, uint32_t line) {
  return Node(fields.data(), fields.size(), line, Type::Mapping, false);
}

inline std::span<const Field> Node::fields() const {
  return isMapping() ? std::span<const Field>(static_cast<const Field*>(data_), size_) : std::span<const Field>();
}

inline const Node* Node::get(std::string_view key) const {
  for (const Field& f : fields())
    if (f.key == key) return &f.value;
  return nullptr;
}

}  // namespace tg::load
