// JSON text to Node trees with simdjson's On-Demand API. On-Demand walks the text forward, so
// the line of each value is found by counting newlines from the previous value's position.
#include <simdjson.h>

#include <cstring>

#include "load/parse.h"

namespace tg::load {
namespace {

using simdjson::ondemand::json_type;

constexpr size_t kMaxDepth = 256;

class LineCounter {
 public:
  explicit LineCounter(const char* base) : base_(base) {}
  uint32_t at(const char* p) {
    if (p < pos_) return line_;  // never move backwards
    const char* cur = pos_ ? pos_ : base_;
    while (cur < p) {
      const void* nl = std::memchr(cur, '\n', static_cast<size_t>(p - cur));
      if (!nl) break;
      ++line_;
      cur = static_cast<const char*>(nl) + 1;
    }
    pos_ = p;
    return line_;
  }
  uint32_t last() const { return line_; }

 private:
  const char* base_;
  const char* pos_ = nullptr;
  uint32_t line_ = 1;
};

class Builder {
 public:
  explicit Builder(LineCounter& lines) : lines_(lines) {}

  template <typename V>
  Node build(V&& v, size_t depth) {
    if (depth > kMaxDepth) throw simdjson::simdjson_error(simdjson::DEPTH_ERROR);
    const char* loc = nullptr;
    uint32_t line = lines_.last();
    if (v.current_location().get(loc) == simdjson::SUCCESS) line = lines_.at(loc);
    switch (v.type().value()) {
      case json_type::object: {
        Node n = Node::mapping(line);
        for (auto field : v.get_object()) {
          std::string key(field.unescaped_key().value());
          n.fields().emplace_back(std::move(key), build(field.value(), depth + 1));
        }
        return n;
      }
      case json_type::array: {
        Node n = Node::sequence(line);
        for (auto item : v.get_array()) n.items().push_back(build(item.value(), depth + 1));
        return n;
      }
      case json_type::string:
        return Node::scalar(std::string(v.get_string().value()), true, line);
      case json_type::number:
      case json_type::boolean: {
        std::string_view raw = v.raw_json_token();
        while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' || raw.back() == '\t'))
          raw.remove_suffix(1);
        return Node::scalar(std::string(raw), false, line);
      }
      case json_type::null:
        if (!v.is_null().value()) throw simdjson::simdjson_error(simdjson::INCORRECT_TYPE);
        return Node::null(line);
    }
    throw simdjson::simdjson_error(simdjson::INCORRECT_TYPE);
  }

 private:
  LineCounter& lines_;
};

}  // namespace

ParsedText parseJson(std::string_view text) {
  ParsedText out;
  simdjson::padded_string padded(text);
  LineCounter lines(padded.data());
  Builder builder(lines);
  simdjson::ondemand::parser parser;
  try {
    simdjson::ondemand::document_stream stream = parser.iterate_many(padded, std::max<size_t>(padded.size(), 1 << 20));
    for (auto doc : stream) {
      simdjson::ondemand::value root = doc.get_value().value();
      out.documents.push_back(builder.build(root, 0));
    }
    if (stream.truncated_bytes() > 0)
      out.errors.push_back({lines.last(), "JSON syntax error: unterminated value at end of input"});
  } catch (const simdjson::simdjson_error& e) {
    out.errors.push_back({lines.last(), std::string("JSON syntax error: ") + e.what()});
  }
  return out;
}

}  // namespace tg::load
