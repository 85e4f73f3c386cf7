// JSON text to Node trees (load/json_parse.cc): lines, strings with and without escapes, errors.
#include <gtest/gtest.h>

#include "load/parse.h"

namespace tg::load {
namespace {

TEST(JsonParse, EveryNodeKeepsTheLineItStartsOn) {
  ParsedText p = parseJson(R"({
  "kind": "Service",
  "spec": {
    "ports": [
      {"port": 80},
      {"port": 443,
       "name": "https"}
    ]
  }
})");
  ASSERT_TRUE(p.errors.empty());
  ASSERT_EQ(p.documents.size(), 1u);
  const Node& root = p.documents[0];
  EXPECT_EQ(root.line(), 1u);
  EXPECT_EQ(root.get("kind")->line(), 2u);
  const Node* ports = root.get("spec")->get("ports");
  ASSERT_TRUE(ports && ports->isSequence());
  EXPECT_EQ(ports->line(), 4u);
  ASSERT_EQ(ports->items().size(), 2u);
  EXPECT_EQ(ports->items()[0].line(), 5u);
  EXPECT_EQ(ports->items()[1].line(), 6u);
  EXPECT_EQ(ports->items()[1].get("name")->line(), 7u);
}

TEST(JsonParse, StringsAreUnescapedAndOthersKeepTheirText) {
  ParsedText p = parseJson(R"({"plain": "web", "esc\"aped": "a\u0041\n", "n": 8080, "b": false, "z": null, "e": ""})");
  ASSERT_TRUE(p.errors.empty());
  const Node& root = p.documents[0];
  ASSERT_EQ(root.fields().size(), 6u);
  EXPECT_EQ(root.get("plain")->text(), "web");
  EXPECT_TRUE(root.get("plain")->quoted());
  EXPECT_EQ(root.fields()[1].key, "esc\"aped");
  EXPECT_EQ(root.get("esc\"aped")->text(), "aA\n");
  EXPECT_EQ(root.get("n")->text(), "8080");
  EXPECT_FALSE(root.get("n")->quoted());
  EXPECT_EQ(root.get("b")->text(), "false");
  EXPECT_TRUE(root.get("z")->isNull());
  EXPECT_TRUE(root.get("e")->isScalar());
  EXPECT_EQ(root.get("e")->text(), "");
}

TEST(JsonParse, TheTreeOutlivesTheText) {
  std::string text = R"({"name": "kept", "list": ["a", "b\tc"]})";
  ParsedText p = parseJson(text);
  text.assign(text.size(), 'x');
  ParsedText moved = std::move(p);
  const Node& root = moved.documents[0];
  EXPECT_EQ(root.get("name")->text(), "kept");
  EXPECT_EQ(root.get("list")->items()[1].text(), "b\tc");
}

TEST(JsonParse, OneDocumentAtATimeHandsOutEachInOrder) {
  Arena arena;
  std::vector<std::string> names;
  std::vector<uint32_t> lines;
  auto errors = parseJson("{\"name\": \"a\"}\n\n{\"name\": \"b\"}\n[1]\n", arena, Keep::OneDocument, [&](const Node& root) {
    lines.push_back(root.line());
    names.emplace_back(root.isMapping() ? root.get("name")->text() : "list");
  });
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b", "list"}));
  EXPECT_EQ(lines, (std::vector<uint32_t>{1, 3, 4}));
}

TEST(JsonParse, SyntaxErrorsKeepTheDocumentsBeforeThem) {
  ParsedText p = parseJson("{\"a\": 1}\n{\"b\": \"x\\q\"}\n");
  ASSERT_EQ(p.documents.size(), 1u);
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(p.errors[0].line, 2u);
  EXPECT_EQ(p.errors[0].message.rfind("JSON syntax error: ", 0), 0u);

  ParsedText cut = parseJson("{\"a\": [1,\n2,\n");
  ASSERT_EQ(cut.errors.size(), 1u);
  EXPECT_EQ(cut.errors[0].message, "JSON syntax error: unterminated value at end of input");
}

TEST(JsonParse, NestingIsBounded) {
  std::string deep(300, '[');
  deep += std::string(300, ']');
  ParsedText p = parseJson(deep);
  EXPECT_TRUE(p.documents.empty());
  ASSERT_EQ(p.errors.size(), 1u);
}

}  // namespace
}  // namespace tg::load
