// YAML stream to Node trees (load/yaml_parse.cc): lines, aliases, recovery after errors.
#include <gtest/gtest.h>

#include "load/parse.h"

namespace tg::load {
namespace {

TEST(YamlParse, EveryNodeKeepsTheLineItStartsOn) {
  ParsedText p = parseYaml(R"(# comment
kind: Service
spec:
  ports:
  - port: 80
  - port: 443
    name: "https"
)");
  ASSERT_TRUE(p.errors.empty());
  ASSERT_EQ(p.documents.size(), 1u);
  const Node& root = p.documents[0];
  EXPECT_EQ(root.line(), 2u);
  EXPECT_EQ(root.get("kind")->line(), 2u);
  const Node* ports = root.get("spec")->get("ports");
  ASSERT_TRUE(ports && ports->isSequence());
  ASSERT_EQ(ports->items().size(), 2u);
  EXPECT_EQ(ports->items()[0].line(), 5u);
  EXPECT_EQ(ports->items()[1].get("name")->line(), 7u);
  EXPECT_TRUE(ports->items()[1].get("name")->quoted());
  EXPECT_FALSE(ports->items()[1].get("port")->quoted());
}

TEST(YamlParse, AliasesShareTheAnchoredTree) {
  ParsedText p = parseYaml("base: &b {app: web, tier: api}\ncopy: *b\nnothing: ~\n");
  ASSERT_TRUE(p.errors.empty());
  const Node& root = p.documents[0];
  ASSERT_TRUE(root.get("copy")->isMapping());
  EXPECT_EQ(root.get("copy")->get("tier")->text(), "api");
  EXPECT_TRUE(root.get("nothing")->isNull());
  EXPECT_EQ(root.get("absent"), nullptr);
}

TEST(YamlParse, OneDocumentAtATimeSkipsEmptyDocuments) {
  Arena arena;
  std::vector<std::string> kinds;
  std::vector<uint32_t> lines;
  std::string text = "kind: A\n---\n# nothing\n---\nkind: B\n---\n";
  for (int i = 0; i < 200; ++i) text += "kind: C\nmetadata: {name: n" + std::to_string(i) + "}\n---\n";
  auto errors = parseYaml(text, arena, Keep::OneDocument, [&](const Node& root) {
    kinds.emplace_back(root.get("kind")->text());
    lines.push_back(root.line());
  });
  EXPECT_TRUE(errors.empty());
  ASSERT_EQ(kinds.size(), 202u);
  EXPECT_EQ(kinds[0], "A");
  EXPECT_EQ(kinds[1], "B");
  EXPECT_EQ(lines[1], 5u);
  EXPECT_EQ(lines[201], 7u + 3 * 199);
}

TEST(YamlParse, ParsingResumesAtTheDocumentAfterASyntaxError) {
  // libyaml notices the open flow sequence only at the next `---`, so B goes down with it.
  ParsedText p = parseYaml("kind: A\n---\nkind: [\n---\nkind: B\n---\na: *missing\n---\n{[x]: y}\n---\nkind: C\n");
  ASSERT_EQ(p.documents.size(), 2u);
  EXPECT_EQ(p.documents[0].get("kind")->text(), "A");
  EXPECT_EQ(p.documents[1].get("kind")->text(), "C");
  EXPECT_EQ(p.documents[1].line(), 11u);
  ASSERT_EQ(p.errors.size(), 3u);
  EXPECT_EQ(p.errors[0].line, 4u);
  EXPECT_EQ(p.errors[0].message.rfind("YAML syntax error: ", 0), 0u);
  EXPECT_EQ(p.errors[1].line, 7u);
  EXPECT_EQ(p.errors[1].message, "unknown alias");
  EXPECT_EQ(p.errors[2].line, 9u);
  EXPECT_EQ(p.errors[2].message, "mapping keys must be scalars");
}

TEST(YamlParse, NestingAndAliasExpansionAreBounded) {
  ParsedText deep = parseYaml(std::string(300, '[') + std::string(300, ']'));
  EXPECT_TRUE(deep.documents.empty());
  ASSERT_EQ(deep.errors.size(), 1u);
  EXPECT_EQ(deep.errors[0].message, "nesting too deep");

  // Each level holds ten aliases of the one before: 10^9 nodes if expanded.
  std::string laughs = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 10; ++i) {
    std::string prev = "*a" + std::to_string(i - 1);
    laughs += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 10; ++j) laughs += (j ? ", " : "") + prev;
    laughs += "]\n";
  }
  ParsedText bomb = parseYaml(laughs);
  EXPECT_TRUE(bomb.documents.empty());
  ASSERT_EQ(bomb.errors.size(), 1u);
  EXPECT_EQ(bomb.errors[0].message, "alias expansion too large");
}

}  // namespace
}  // namespace tg::load
