// JSON text to Node trees with simdjson's On-Demand API. On-Demand walks the text forward, so
// the line of each value is found by counting newlines from the previous value's position.
//
// Strings are taken from the text itself when they hold no escape (nearly all do): a string's
// node points into the padded text simdjson reads. Only strings with a backslash are unescaped,
// and copied into the arena.
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

// The text of a string whose opening quote is just before `raw`, when it holds no escape.
// simdjson's first pass has already matched every quote, so an unescaped '"' ends the string.
bool unescapedString(const char* raw, std::string_view& out) {
  const char* p = raw;
  while (*p != '"' && *p != '\\') ++p;
  if (*p == '\\') return false;
  out = std::string_view(raw, static_cast<size_t>(p - raw));
  return true;
}

class Builder {
 public:
  Builder(Arena& arena, LineCounter& lines) : arena_(arena), lines_(lines) {}

  // Drops the children of a document whose parse failed half-way.
  void reset() {
    items_.clear();
    fields_.clear();
  }

  // Children are gathered on two stacks shared by all levels and copied into the arena as one
  // block when their container ends: no per-container vector, no reallocation.
  template <typename V>
  Node build(V&& v, size_t depth) {
    if (depth > kMaxDepth) throw simdjson::simdjson_error(simdjson::DEPTH_ERROR);
    const char* loc = nullptr;
    uint32_t line = lines_.last();
    if (v.current_location().get(loc) == simdjson::SUCCESS) line = lines_.at(loc);
    switch (v.type().value()) {
      case json_type::object: {
        size_t base = fields_.size();
        for (auto field : v.get_object()) {
          std::string_view key;
          if (!unescapedString(field.key().value().raw(), key)) key = arena_.copy(field.unescaped_key().value());
          Node value = build(field.value(), depth + 1);
          fields_.push_back({key, value});
        }
        Node n = Node::mapping(arena_.copy(std::span<const Field>(fields_).subspan(base)), line);
        fields_.resize(base);
        return n;
      }
      case json_type::array: {
        size_t base = items_.size();
        for (auto item : v.get_array()) {
          Node value = build(item.value(), depth + 1);
          items_.push_back(value);
        }
        Node n = Node::sequence(arena_.copy(std::span<const Node>(items_).subspan(base)), line);
        items_.resize(base);
        return n;
      }
      case json_type::string: {
        std::string_view token = v.raw_json_token();  // starts at the opening quote
        std::string_view text;
        if (!unescapedString(token.data() + 1, text)) text = arena_.copy(v.get_string().value());
        return Node::scalar(text, true, line);
      }
      case json_type::number:
      case json_type::boolean: {
        std::string_view raw = v.raw_json_token();
        while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' || raw.back() == '\t'))
          raw.remove_suffix(1);
        return Node::scalar(raw, false, line);
      }
      case json_type::null:
        if (!v.is_null().value()) throw simdjson::simdjson_error(simdjson::INCORRECT_TYPE);
        return Node::null(line);
    }
    throw simdjson::simdjson_error(simdjson::INCORRECT_TYPE);
  }

 private:
  Arena& arena_;
  LineCounter& lines_;
  std::vector<Node> items_;
  std::vector<Field> fields_;
};

}  // namespace

PaddedText padded(std::string_view text, Arena& arena) {
  char* copy = static_cast<char*>(arena.allocate(text.size() + PaddedText::kPadding, 16));
  std::memcpy(copy, text.data(), text.size());
  std::memset(copy + text.size(), 0, PaddedText::kPadding);
  return {std::string_view(copy, text.size())};
}

std::vector<ParseError> parseJson(std::string_view text, Arena& arena, Keep keep, const DocumentFn& onDocument) {
  return parseJson(padded(text, arena), arena, keep, onDocument);
}

std::vector<ParseError> parseJson(PaddedText text, Arena& arena, Keep keep, const DocumentFn& onDocument) {
  static_assert(PaddedText::kPadding >= simdjson::SIMDJSON_PADDING);
  std::vector<ParseError> errors;
  const char* data = text.text.data();
  size_t size = text.text.size();
  Arena::Mark afterText = arena.mark();
  LineCounter lines(data);
  Builder builder(arena, lines);
  simdjson::ondemand::parser parser;
  try {
    simdjson::ondemand::document_stream stream =
        parser.iterate_many(data, size, std::max<size_t>(size, 1 << 20));
    for (auto doc : stream) {
      simdjson::ondemand::value root = doc.get_value().value();
      onDocument(builder.build(root, 0));
      if (keep == Keep::OneDocument) arena.rewind(afterText);
    }
    if (stream.truncated_bytes() > 0)
      errors.push_back({lines.last(), "JSON syntax error: unterminated value at end of input"});
  } catch (const simdjson::simdjson_error& e) {
    builder.reset();
    errors.push_back({lines.last(), std::string("JSON syntax error: ") + e.what()});
  }
  return errors;
}

}  // namespace tg::load
