// The parsers' whole-text form: every document kept, in one arena that moves with the result.
#include "load/parse.h"

namespace tg::load {
namespace {

template <typename Parse>
ParsedText parseAll(std::string_view text, Parse parse) {
  ParsedText out;
  out.errors = parse(text, out.arena, Keep::AllDocuments, [&](const Node& root) { out.documents.push_back(root); });
  return out;
}

}  // namespace

ParsedText parseYaml(std::string_view text) {
  return parseAll(text, [](auto&&... args) { return parseYaml(args...); });
}

ParsedText parseJson(std::string_view text) {
  return parseAll(text, [](auto&&... args) { return parseJson(args...); });
}

bool looksLikeJson(std::string_view text) {
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '{' || c == '[';
  }
  return false;
}

}  // namespace tg::load
