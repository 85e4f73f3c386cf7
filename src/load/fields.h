// Reading typed fields out of Node trees. Decoders call these; a wrong type or missing required
// field throws DecodeError with the line of the offending node, which the loader reports as
// `FILE:LINE: message` and then skips only that object.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "load/node.h"
#include "model/object.h"
#include "net/protocol.h"

namespace tg::load {

class DecodeError : public std::runtime_error {
 public:
  DecodeError(uint32_t line, const std::string& message) : std::runtime_error(message), line_(line) {}
  uint32_t line() const { return line_; }

 private:
  uint32_t line_;
};

// The child mapping/sequence at `key`, or nullptr when absent or null. Throws on a wrong type.
const Node* optMapping(const Node& parent, std::string_view key);
const Node* optSequence(const Node& parent, std::string_view key);
const Node& reqMapping(const Node& parent, std::string_view key);

std::optional<std::string> optString(const Node& parent, std::string_view key);
std::string reqString(const Node& parent, std::string_view key);
std::string scalarText(const Node& n, std::string_view what);  // throws unless scalar
std::optional<int64_t> optInt(const Node& parent, std::string_view key);
std::optional<bool> optBool(const Node& parent, std::string_view key);
// A port number 1..65535 (or 0 allowed when allowZero); throws otherwise.
uint32_t toPort(const Node& n, std::string_view what);
std::optional<int64_t> parseInteger(const Node& n);
// The `protocol` field of `parent` (TCP, UDP or SCTP; TCP when absent); throws on any other value.
net::Protocol protocolField(const Node& parent);

// string→string map (labels, annotations, matchLabels).
model::Labels stringMap(const Node* n, std::string_view what);
std::vector<std::string> stringList(const Node* n, std::string_view what);

// metadata: name, namespace, labels, annotations, creationTimestamp; where = the object's line.
// Not kind and apiVersion: the loader has read them already (a typed list's items inherit them).
model::ObjectMeta readMeta(const Node& object, const model::Source& where);

}  // namespace tg::load
