// Text to document trees. Both parsers keep going past a broken document where they can, so one
// bad object in a multi-document file does not hide the others.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "load/node.h"

namespace tg::load {

struct ParseError {
  uint32_t line = 0;
  std::string message;
};

struct ParsedText {
  std::vector<Node> documents;
  std::vector<ParseError> errors;
};

// A YAML stream (libyaml): every document separated by `---`. After a syntax error, parsing
// resumes at the next line that starts a document.
ParsedText parseYaml(std::string_view text);

// A JSON text (simdjson): one value, or several values one after the other (JSON lines).
ParsedText parseJson(std::string_view text);

// JSON when the first non-blank character is '{' or '[', YAML otherwise.
bool looksLikeJson(std::string_view text);

}  // namespace tg::load
