#include "load/fields.h"

#include <fmt/format.h>

#include <charconv>

namespace tg::load {
namespace {

std::string typeName(const Node& n) {
  switch (n.type()) {
    case Node::Type::Null: return "null";
    case Node::Type::Scalar: return "a scalar";
    case Node::Type::Sequence: return "a list";
    case Node::Type::Mapping: return "a mapping";
  }
  return "?";
}

const Node* present(const Node& parent, std::string_view key) {
  const Node* n = parent.get(key);
  return (n && !n->isNull()) ? n : nullptr;
}

}  // namespace

const Node* optMapping(const Node& parent, std::string_view key) {
  const Node* n = present(parent, key);
  if (n && !n->isMapping())
    throw DecodeError(n->line(), fmt::format("`{}` must be a mapping, not {}", key, typeName(*n)));
  return n;
}

const Node* optSequence(const Node& parent, std::string_view key) {
  const Node* n = present(parent, key);
  if (n && !n->isSequence())
    throw DecodeError(n->line(), fmt::format("`{}` must be a list, not {}", key, typeName(*n)));
  return n;
}

const Node& reqMapping(const Node& parent, std::string_view key) {
  const Node* n = optMapping(parent, key);
  if (!n) throw DecodeError(parent.line(), fmt::format("missing `{}`", key));
  return *n;
}

std::string scalarText(const Node& n, std::string_view what) {
  if (!n.isScalar()) throw DecodeError(n.line(), fmt::format("`{}` must be a string, not {}", what, typeName(n)));
  return std::string(n.text());
}

std::optional<std::string> optString(const Node& parent, std::string_view key) {
  const Node* n = present(parent, key);
  if (!n) return std::nullopt;
  return scalarText(*n, key);
}

std::string reqString(const Node& parent, std::string_view key) {
  auto s = optString(parent, key);
  if (!s || s->empty()) throw DecodeError(parent.line(), fmt::format("missing `{}`", key));
  return *s;
}

std::optional<int64_t> parseInteger(const Node& n) {
  if (!n.isScalar()) return std::nullopt;
  std::string_view t = n.text();
  int64_t v = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || p != t.data() + t.size() || t.empty()) return std::nullopt;
  return v;
}

std::optional<int64_t> optInt(const Node& parent, std::string_view key) {
  const Node* n = present(parent, key);
  if (!n) return std::nullopt;
  auto v = parseInteger(*n);
  if (!v) throw DecodeError(n->line(), fmt::format("`{}` must be an integer", key));
  return v;
}

std::optional<bool> optBool(const Node& parent, std::string_view key) {
  const Node* n = present(parent, key);
  if (!n) return std::nullopt;
  const std::string t = scalarText(*n, key);
  if (t == "true" || t == "True" || t == "TRUE") return true;
  if (t == "false" || t == "False" || t == "FALSE") return false;
  throw DecodeError(n->line(), fmt::format("`{}` must be true or false", key));
}

uint32_t toPort(const Node& n, std::string_view what) {
  auto v = parseInteger(n);
  if (!v || *v < 1 || *v > 65535)
    throw DecodeError(n.line(), fmt::format("`{}` must be a port number 1-65535", what));
  return static_cast<uint32_t>(*v);
}

net::Protocol protocolField(const Node& parent) {
  auto text = optString(parent, "protocol");
  if (!text) return net::Protocol::TCP;
  auto parsed = net::parseProtocol(*text);
  if (!parsed) throw DecodeError(parent.line(), fmt::format("unknown protocol `{}`", *text));
  return *parsed;
}

model::Labels stringMap(const Node* n, std::string_view what) {
  model::Labels out;
  if (!n || n->isNull()) return out;
  if (!n->isMapping()) throw DecodeError(n->line(), fmt::format("`{}` must be a mapping", what));
  for (const auto& [k, v] : n->fields()) {
    if (v.isNull()) { out[std::string(k)] = ""; continue; }
    out[std::string(k)] = scalarText(v, k);
  }
  return out;
}

std::vector<std::string> stringList(const Node* n, std::string_view what) {
  std::vector<std::string> out;
  if (!n || n->isNull()) return out;
  if (!n->isSequence()) throw DecodeError(n->line(), fmt::format("`{}` must be a list", what));
  for (const Node& i : n->items()) out.push_back(scalarText(i, what));
  return out;
}

model::ObjectMeta readMeta(const Node& object, const model::Source& where) {
  model::ObjectMeta m;
  m.where = where;
  const Node* md = optMapping(object, "metadata");
  if (!md) return m;
  m.name = optString(*md, "name").value_or("");
  m.ns = optString(*md, "namespace").value_or("");
  m.labels = stringMap(md->get("labels"), "labels");
  m.annotations = stringMap(md->get("annotations"), "annotations");
  m.creationTimestamp = optString(*md, "creationTimestamp").value_or("");
  return m;
}

}  // namespace tg::load
