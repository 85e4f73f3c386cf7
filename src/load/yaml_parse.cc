// YAML stream to Node trees with libyaml's event API.
#include <yaml.h>

#include <fmt/format.h>

#include <map>
#include <memory>

#include "load/parse.h"

namespace tg::load {
namespace {

// Nesting beyond this is not a Kubernetes manifest, and unbounded depth would let a hostile
// file exhaust the stack when trees are walked or freed.
constexpr size_t kMaxDepth = 256;
// Aliases copy subtrees; a cap keeps "billion laughs" documents from exhausting memory.
constexpr size_t kMaxNodes = 50'000'000;

bool isNullScalar(const yaml_event_t& e) {
  if (e.data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return false;
  std::string_view v(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length);
  return v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL";
}

size_t countNodes(const Node& n) {
  size_t c = 1;
  for (const auto& i : n.items()) c += countNodes(i);
  for (const auto& f : n.fields()) c += countNodes(f.second);
  return c;
}

class Builder {
 public:
  explicit Builder(uint32_t lineOffset) : lineOffset_(lineOffset) {}

  // Parses from `text` until the end or the first error. Returns false on error.
  bool run(std::string_view text, ParsedText& out, uint32_t& errorLine) {
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()),
                                 text.size());
    bool ok = true;
    for (;;) {
      yaml_event_t event;
      if (!yaml_parser_parse(&parser, &event)) {
        errorLine = static_cast<uint32_t>(parser.problem_mark.line) + 1 + lineOffset_;
        out.errors.push_back({errorLine, fmt::format("YAML syntax error: {}{}",
                                                     parser.problem ? parser.problem : "unknown",
                                                     parser.context ? fmt::format(" {}", parser.context) : "")});
        ok = false;
        break;
      }
      std::string err;
      bool done = event.type == YAML_STREAM_END_EVENT;
      if (!handle(event, out, err)) {
        errorLine = static_cast<uint32_t>(event.start_mark.line) + 1 + lineOffset_;
        out.errors.push_back({errorLine, err});
        yaml_event_delete(&event);
        ok = false;
        break;
      }
      yaml_event_delete(&event);
      if (done) break;
    }
    yaml_parser_delete(&parser);
    return ok;
  }

 private:
  struct Frame {
    Node node;
    std::string anchor;
    std::string pendingKey;
    bool haveKey = false;
  };

  uint32_t line(const yaml_event_t& e) const { return static_cast<uint32_t>(e.start_mark.line) + 1 + lineOffset_; }

  static std::string anchorOf(const unsigned char* a) { return a ? reinterpret_cast<const char*>(a) : ""; }

  // Adds a finished node to its parent (or to the documents when at the top).
  bool attach(Node n, const std::string& anchor, ParsedText& out, std::string& err) {
    if (!anchor.empty()) {
      nodes_ += countNodes(n);
      anchors_[anchor] = n;
    }
    if (stack_.empty()) {
      out.documents.push_back(std::move(n));
      return true;
    }
    Frame& parent = stack_.back();
    if (parent.node.isSequence()) {
      parent.node.items().push_back(std::move(n));
    } else if (!parent.haveKey) {
      if (!n.isScalar() && !n.isNull()) {
        err = "mapping keys must be scalars";
        return false;
      }
      parent.pendingKey = n.text();
      parent.haveKey = true;
    } else {
      parent.node.fields().emplace_back(std::move(parent.pendingKey), std::move(n));
      parent.haveKey = false;
    }
    return true;
  }

  bool handle(const yaml_event_t& e, ParsedText& out, std::string& err) {
    switch (e.type) {
      case YAML_SCALAR_EVENT: {
        if (++nodes_ > kMaxNodes) { err = "document too large"; return false; }
        if (isNullScalar(e)) return attach(Node::null(line(e)), anchorOf(e.data.scalar.anchor), out, err);
        std::string text(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length);
        bool quoted = e.data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
        return attach(Node::scalar(std::move(text), quoted, line(e)), anchorOf(e.data.scalar.anchor), out, err);
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        if (stack_.size() >= kMaxDepth) { err = "nesting too deep"; return false; }
        if (++nodes_ > kMaxNodes) { err = "document too large"; return false; }
        Frame f;
        bool seq = e.type == YAML_SEQUENCE_START_EVENT;
        f.node = seq ? Node::sequence(line(e)) : Node::mapping(line(e));
        f.anchor = anchorOf(seq ? e.data.sequence_start.anchor : e.data.mapping_start.anchor);
        stack_.push_back(std::move(f));
        return true;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: {
        Frame f = std::move(stack_.back());
        stack_.pop_back();
        return attach(std::move(f.node), f.anchor, out, err);
      }
      case YAML_ALIAS_EVENT: {
        auto it = anchors_.find(anchorOf(e.data.alias.anchor));
        if (it == anchors_.end()) { err = "unknown alias"; return false; }
        nodes_ += countNodes(it->second);
        if (nodes_ > kMaxNodes) { err = "alias expansion too large"; return false; }
        return attach(it->second, "", out, err);
      }
      case YAML_DOCUMENT_START_EVENT:
        anchors_.clear();
        return true;
      case YAML_DOCUMENT_END_EVENT:
        // An empty document (`---` followed by nothing) yields no node; keep the stream aligned.
        return true;
      default:
        return true;
    }
  }

  uint32_t lineOffset_;
  std::vector<Frame> stack_;
  std::map<std::string, Node> anchors_;
  size_t nodes_ = 0;
};

// Offset of the first line after `line` (1-based, relative) that starts with "---", or npos.
size_t nextDocumentStart(std::string_view text, uint32_t afterLine, uint32_t& lineOut) {
  uint32_t ln = 1;
  size_t pos = 0;
  while (pos < text.size()) {
    if (ln > afterLine && text.compare(pos, 3, "---") == 0) {
      lineOut = ln;
      return pos;
    }
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
    ++ln;
  }
  return std::string_view::npos;
}

}  // namespace

ParsedText parseYaml(std::string_view text) {
  ParsedText out;
  uint32_t offset = 0;  // lines consumed before `text`
  for (;;) {
    Builder b(offset);
    uint32_t errorLine = 0;
    if (b.run(text, out, errorLine)) break;
    uint32_t startLine = 0;
    size_t pos = nextDocumentStart(text, errorLine - offset, startLine);
    if (pos == std::string_view::npos) break;
    text = text.substr(pos);
    offset += startLine - 1;
  }
  // A document that is only a comment or `---` parses as null; it carries nothing.
  std::erase_if(out.documents, [](const Node& n) { return n.isNull(); });
  return out;
}

bool looksLikeJson(std::string_view text) {
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '{' || c == '[';
  }
  return false;
}

}  // namespace tg::load
