// Text to document trees. Both parsers keep going past a broken document where they can, so one
// bad object in a multi-document file does not hide the others.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "load/arena.h"
#include "load/node.h"

namespace tg::load {

struct ParseError {
  uint32_t line = 0;
  std::string message;
};

// Receives each document as soon as it is parsed. The tree lives in the arena handed to the
// parser; see `keep` below.
using DocumentFn = std::function<void(const Node& root)>;

// Whether a parser keeps every document's nodes in the arena (a caller that looks at them after
// parsing), or rewinds the arena after each call of the DocumentFn (a caller that is done with a
// document when the call returns: memory then holds one document tree at a time).
enum class Keep : uint8_t { AllDocuments, OneDocument };

// A YAML stream (libyaml): every document separated by `---`. After a syntax error, parsing
// resumes at the next line that starts a document. Empty documents are skipped.
std::vector<ParseError> parseYaml(std::string_view text, Arena& arena, Keep keep, const DocumentFn& onDocument);

// Text followed by kPadding readable bytes, which the JSON parser reads past the end (simdjson
// loads whole 64-byte blocks), so that it parses the text where it is.
struct PaddedText {
  static constexpr size_t kPadding = 64;
  std::string_view text;
};
// A copy of `text` in `arena`, with the padding zeroed.
PaddedText padded(std::string_view text, Arena& arena);

// A JSON text (simdjson): one value, or several values one after the other (JSON lines). Strings
// without escapes point into the text, which must live as long as the nodes: the first form
// copies `text` into the arena for that.
std::vector<ParseError> parseJson(std::string_view text, Arena& arena, Keep keep, const DocumentFn& onDocument);
std::vector<ParseError> parseJson(PaddedText text, Arena& arena, Keep keep, const DocumentFn& onDocument);

// Every document of a text, for callers that want them all at once.
struct ParsedText {
  Arena arena;  // holds the nodes of `documents`
  std::vector<Node> documents;
  std::vector<ParseError> errors;
};
ParsedText parseYaml(std::string_view text);
ParsedText parseJson(std::string_view text);

// JSON when the first non-blank character is '{' or '[', YAML otherwise.
bool looksLikeJson(std::string_view text);

}  // namespace tg::load
