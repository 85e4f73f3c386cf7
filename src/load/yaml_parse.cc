// YAML stream to Node trees with libyaml's event API.
#include <yaml.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <exception>
#include <map>
#include <thread>

#include "load/parse.h"

namespace tg::load {
namespace {

// Nesting beyond this is not a Kubernetes manifest, and unbounded depth would let a hostile
// file exhaust the stack when trees are walked.
constexpr size_t kMaxDepth = 256;
// Aliases share subtrees, but decoders walk every alias again; a cap keeps "billion laughs"
// documents from making that walk endless.
constexpr size_t kMaxNodes = 50'000'000;

// Where the first parser of a stream split in two stops: the start of the document the second
// parser began with (bytes from the start of the text). `at` is npos when there is no split, or
// when the first parser went past it without starting a document there (a syntax error's recovery
// skipped it): the second parser's work is then not what one parser would have done.
struct Handover {
  size_t at = std::string_view::npos;
  bool reached = false;

  // Whether a parser that starts a document at `pos` stops there. Going past the split without
  // starting there cancels it.
  bool stopsAt(size_t pos) {
    if (pos < at) return false;
    if (pos == at) return reached = true;
    at = std::string_view::npos;
    return false;
  }
};

bool isNullScalar(const yaml_event_t& e) {
  if (e.data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return false;
  std::string_view v(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length);
  return v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL";
}

class Builder {
 public:
  Builder(uint32_t lineOffset, Arena& arena, Keep keep, const DocumentFn& onDocument)
      : lineOffset_(lineOffset), arena_(arena), documentStart_(arena.mark()), keep_(keep), onDocument_(onDocument) {}

  // Parses from `text` (at `offset` bytes into the whole text) until the end, the first error, or
  // the start of the document where `handover` says to stop. Returns false on error.
  bool run(std::string_view text, size_t offset, Handover& handover, std::vector<ParseError>& errors,
           uint32_t& errorLine) {
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()),
                                 text.size());
    bool ok = true;
    for (;;) {
      yaml_event_t event;
      if (!yaml_parser_parse(&parser, &event)) {
        errorLine = static_cast<uint32_t>(parser.problem_mark.line) + 1 + lineOffset_;
        errors.push_back({errorLine, fmt::format("YAML syntax error: {}{}",
                                                 parser.problem ? parser.problem : "unknown",
                                                 parser.context ? fmt::format(" {}", parser.context) : "")});
        ok = false;
        break;
      }
      if (event.type == YAML_DOCUMENT_START_EVENT && handover.stopsAt(offset + event.start_mark.index)) {
        yaml_event_delete(&event);
        break;
      }
      std::string err;
      bool done = event.type == YAML_STREAM_END_EVENT;
      if (!handle(event, err)) {
        errorLine = static_cast<uint32_t>(event.start_mark.line) + 1 + lineOffset_;
        errors.push_back({errorLine, err});
        yaml_event_delete(&event);
        ok = false;
        break;
      }
      yaml_event_delete(&event);
      if (done) break;
    }
    yaml_parser_delete(&parser);
    if (!ok && keep_ == Keep::OneDocument) arena_.rewind(documentStart_);  // the broken document's nodes
    return ok;
  }

 private:
  // An open sequence or mapping. Its children wait on the builder's shared stacks from `base` on
  // and move into the arena as one block when it ends.
  struct Frame {
    bool sequence = false;
    uint32_t line = 0;
    size_t base = 0;
    size_t count = 1;  // nodes in the subtree so far, itself included
    std::string anchor;
    std::string_view pendingKey;
    bool haveKey = false;
  };
  struct Anchored {
    Node node;
    size_t count = 0;
  };

  uint32_t line(const yaml_event_t& e) const { return static_cast<uint32_t>(e.start_mark.line) + 1 + lineOffset_; }

  static std::string anchorOf(const unsigned char* a) { return a ? reinterpret_cast<const char*>(a) : ""; }

  // Adds a finished node of `count` nodes to its parent, or hands it out when it is a document.
  bool attach(Node n, size_t count, const std::string& anchor, std::string& err) {
    if (!anchor.empty()) {
      nodes_ += count;
      anchors_[anchor] = {n, count};
    }
    if (stack_.empty()) {
      // A document that is only a comment or `---` parses as null; it carries nothing.
      if (!n.isNull()) onDocument_(n);
      if (keep_ == Keep::OneDocument) {
        anchors_.clear();
        arena_.rewind(documentStart_);
      }
      return true;
    }
    Frame& parent = stack_.back();
    parent.count += count;
    if (parent.sequence) {
      items_.push_back(n);
    } else if (!parent.haveKey) {
      if (!n.isScalar() && !n.isNull()) {
        err = "mapping keys must be scalars";
        return false;
      }
      parent.pendingKey = n.text();
      parent.haveKey = true;
    } else {
      fields_.push_back({parent.pendingKey, n});
      parent.haveKey = false;
    }
    return true;
  }

  bool handle(const yaml_event_t& e, std::string& err) {
    switch (e.type) {
      case YAML_SCALAR_EVENT: {
        if (++nodes_ > kMaxNodes) { err = "document too large"; return false; }
        if (isNullScalar(e)) return attach(Node::null(line(e)), 1, anchorOf(e.data.scalar.anchor), err);
        if (e.data.scalar.length > Node::kMaxSize) { err = "scalar too long"; return false; }
        std::string_view text = arena_.copy(
            std::string_view(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length));
        bool quoted = e.data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
        return attach(Node::scalar(text, quoted, line(e)), 1, anchorOf(e.data.scalar.anchor), err);
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        if (stack_.size() >= kMaxDepth) { err = "nesting too deep"; return false; }
        if (++nodes_ > kMaxNodes) { err = "document too large"; return false; }
        Frame f;
        f.sequence = e.type == YAML_SEQUENCE_START_EVENT;
        f.line = line(e);
        f.base = f.sequence ? items_.size() : fields_.size();
        f.anchor = anchorOf(f.sequence ? e.data.sequence_start.anchor : e.data.mapping_start.anchor);
        stack_.push_back(std::move(f));
        return true;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: {
        Frame f = std::move(stack_.back());
        stack_.pop_back();
        Node n;
        if (f.sequence) {
          n = Node::sequence(arena_.copy(std::span<const Node>(items_).subspan(f.base)), f.line);
          items_.resize(f.base);
        } else {
          n = Node::mapping(arena_.copy(std::span<const Field>(fields_).subspan(f.base)), f.line);
          fields_.resize(f.base);
        }
        return attach(n, f.count, f.anchor, err);
      }
      case YAML_ALIAS_EVENT: {
        auto it = anchors_.find(anchorOf(e.data.alias.anchor));
        if (it == anchors_.end()) { err = "unknown alias"; return false; }
        nodes_ += it->second.count;
        if (nodes_ > kMaxNodes) { err = "alias expansion too large"; return false; }
        return attach(it->second.node, it->second.count, "", err);
      }
      case YAML_DOCUMENT_START_EVENT:
        // Limits are per document: one document's tree is what is in memory and walked at once.
        anchors_.clear();
        nodes_ = 0;
        return true;
      default:
        return true;
    }
  }

  uint32_t lineOffset_;
  Arena& arena_;
  Arena::Mark documentStart_;
  Keep keep_;
  const DocumentFn& onDocument_;
  std::vector<Frame> stack_;
  std::vector<Node> items_;
  std::vector<Field> fields_;
  std::map<std::string, Anchored> anchors_;
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

// From `offset` (a document start `lines` lines into the text) to the end of `text`, resuming
// at the next document after a syntax error, or until `handover` is reached.
void parseFrom(std::string_view text, size_t offset, uint32_t lines, Handover& handover, Arena& arena, Keep keep,
               const DocumentFn& onDocument, std::vector<ParseError>& errors) {
  for (;;) {
    Builder b(lines, arena, keep, onDocument);
    uint32_t errorLine = 0;
    if (b.run(text.substr(offset), offset, handover, errors, errorLine)) return;
    uint32_t startLine = 0;
    size_t pos = nextDocumentStart(text.substr(offset), errorLine - lines, startLine);
    if (pos == std::string_view::npos) return;
    offset += pos;
    lines += startLine - 1;
    if (handover.stopsAt(offset)) return;
  }
}

// Below this a second thread costs more than it saves.
constexpr size_t kSplitAtLeast = 1 << 20;

// Whether libyaml counts the lines of `text` as its '\n' characters, as a parser starting after
// it must to number its own lines: CR LF is one line break, but a lone CR, NEL, LS and PS are one
// more each for libyaml.
bool linesAreNewlines(std::string_view text) {
  for (size_t cr = text.find('\r'); cr != std::string_view::npos; cr = text.find('\r', cr + 1))
    if (cr + 1 == text.size() || text[cr + 1] != '\n') return false;
  return text.find("\xC2\x85") == std::string_view::npos && text.find("\xE2\x80\xA8") == std::string_view::npos &&
         text.find("\xE2\x80\xA9") == std::string_view::npos;
}

// Where a second parser can start: the first `---` line from a little before the middle on. The
// first thread also decodes what it parses, so it gets the smaller part. None when the text is
// short, holds a directive (`%TAG`, which reaches into the documents after it), is UTF-16 (a
// byte pattern is no line there), or has line breaks other than '\n'.
size_t splitPoint(std::string_view text) {
  if (text.size() < kSplitAtLeast || std::thread::hardware_concurrency() < 2) return std::string_view::npos;
  if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF")) return std::string_view::npos;
  if (text.front() == '%' || text.find("\n%") != std::string_view::npos) return std::string_view::npos;
  for (size_t pos = text.find("\n---", text.size() * 9 / 20); pos != std::string_view::npos;
       pos = text.find("\n---", pos + 1)) {
    size_t after = pos + 4;
    if (after == text.size() || std::strchr(" \t\r\n", text[after]))
      return linesAreNewlines(text.substr(0, pos + 1)) ? pos + 1 : std::string_view::npos;
  }
  return std::string_view::npos;
}

}  // namespace

// A long stream is parsed by two threads: this one from the start, a helper from a document
// start near the middle, keeping its documents until this one reaches that point (libyaml is most
// of the time spent on a YAML input). Documents, errors and lines are what one parser would give:
// when this thread does not stop exactly where the helper started, the helper's work is dropped
// and this thread goes on alone.
std::vector<ParseError> parseYaml(std::string_view text, Arena& arena, Keep keep, const DocumentFn& onDocument) {
  std::vector<ParseError> errors;
  // The helper's nodes live in an arena of its own, freed when this returns: only a caller that
  // is done with each document when its call returns can have them.
  Handover handover{keep == Keep::OneDocument ? splitPoint(text) : std::string_view::npos};
  if (handover.at == std::string_view::npos) {
    parseFrom(text, 0, 0, handover, arena, keep, onDocument, errors);
    return errors;
  }
  Arena helperArena;
  std::vector<Node> helperDocuments;
  std::vector<ParseError> helperErrors;
  std::exception_ptr helperFailed;
  size_t split = handover.at;  // this thread may clear handover.at while the helper runs
  std::thread helper([&] {
    try {
      Handover none;
      auto lines = static_cast<uint32_t>(std::count(text.begin(), text.begin() + static_cast<ptrdiff_t>(split), '\n'));
      parseFrom(text, split, lines, none, helperArena, Keep::AllDocuments,
                [&](const Node& root) { helperDocuments.push_back(root); }, helperErrors);
    } catch (...) {
      helperFailed = std::current_exception();
    }
  });
  try {
    parseFrom(text, 0, 0, handover, arena, keep, onDocument, errors);
  } catch (...) {
    helper.join();
    throw;
  }
  helper.join();
  if (!handover.reached) return errors;
  if (helperFailed) std::rethrow_exception(helperFailed);
  for (const Node& root : helperDocuments) onDocument(root);
  errors.insert(errors.end(), helperErrors.begin(), helperErrors.end());
  return errors;
}

}  // namespace tg::load
