// YAML stream to Node trees (load/yaml_parse.cc): lines, aliases, recovery after errors.
#include <gtest/gtest.h>

#include <algorithm>

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

// A stream above a megabyte is parsed by two threads (one from a document start near the middle):
// what comes out must be what one parser gives, also when an error sits at the point where the
// second thread starts.
class YamlStream {
 public:
  // `count` documents of five lines; document i starts on line 1 + 5 * i.
  explicit YamlStream(int count) {
    for (int i = 0; i < count; ++i) docs_.push_back("kind: Doc\nmetadata:\n  name: n" + std::to_string(i) + "\n  namespace: x\n---\n");
  }
  // Replaces the first line of document i.
  void breakDocument(int i, const std::string& line) { docs_[static_cast<size_t>(i)].replace(0, 9, line); }
  std::string text() const {
    std::string out;
    for (const std::string& d : docs_) out += d;
    return out;
  }

 private:
  std::vector<std::string> docs_;
};

// The streamed documents: name number and line of each, and the errors.
struct Streamed {
  std::vector<int> names;
  std::vector<uint32_t> lines;
  std::vector<ParseError> errors;
};

Streamed stream(const std::string& text) {
  Streamed out;
  Arena arena;
  out.errors = parseYaml(text, arena, Keep::OneDocument, [&](const Node& root) {
    out.names.push_back(std::stoi(std::string(root.get("metadata")->get("name")->text().substr(1))));
    out.lines.push_back(root.line());
  });
  return out;
}

TEST(YamlParse, ALongStreamGivesEveryDocumentInOrderWithItsLine) {
  const int count = 25'000;  // ~1.5 MB
  Streamed s = stream(YamlStream(count).text());
  ASSERT_TRUE(s.errors.empty());
  ASSERT_EQ(s.names.size(), static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) {
    ASSERT_EQ(s.names[static_cast<size_t>(i)], i);
    ASSERT_EQ(s.lines[static_cast<size_t>(i)], static_cast<uint32_t>(1 + 5 * i)) << i;
  }
}

TEST(YamlParse, ALongStreamRecoversFromErrorsAroundItsMiddleAsOneParserWould) {
  // The whole-text parse keeps every document and so runs on one thread: it is the reference.
  auto sequential = [](const std::string& text) {
    ParsedText p = parseYaml(text);
    Streamed out{{}, {}, p.errors};
    for (const Node& d : p.documents) {
      out.names.push_back(std::stoi(std::string(d.get("metadata")->get("name")->text().substr(1))));
      out.lines.push_back(d.line());
    }
    return out;
  };
  const int count = 25'000;
  // The second thread starts at the first `---` from 45% of the text on (splitPoint in
  // load/yaml_parse.cc), the one before document `first`. Errors land on each side of it and on
  // it: inside one document, seen only at the next `---` (a quote left open), or spanning it.
  std::string text = YamlStream(count).text();
  size_t split = text.find("\n---", text.size() * 9 / 20);
  int first = std::stoi(text.substr(text.find("name: n", split) + 7));
  for (const char* line : {"x: *nope", "x: [   ", "x: 'open", "  - y: [z"}) {
    for (int broken = first - 3; broken <= first + 2; ++broken) {
      YamlStream y(count);
      y.breakDocument(broken, line);
      Streamed got = stream(y.text());
      Streamed want = sequential(y.text());
      ASSERT_FALSE(want.errors.empty()) << line;
      EXPECT_EQ(got.names, want.names) << line << " in document " << broken;
      EXPECT_EQ(got.lines, want.lines) << line << " in document " << broken;
      ASSERT_EQ(got.errors.size(), want.errors.size()) << line << " in document " << broken;
      for (size_t e = 0; e < got.errors.size(); ++e) {
        EXPECT_EQ(got.errors[e].line, want.errors[e].line) << line << " in document " << broken;
        EXPECT_EQ(got.errors[e].message, want.errors[e].message);
      }
    }
  }
}

}  // namespace
}  // namespace tg::load
