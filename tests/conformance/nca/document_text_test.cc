#include "document_text.h"

#include <gtest/gtest.h>

#include "load/parse.h"

namespace tg::conformance::nca {
namespace {

void expectSameTree(const load::Node& a, const load::Node& b) {
  ASSERT_EQ(a.type(), b.type());
  EXPECT_EQ(a.line(), b.line());
  if (a.isScalar()) {
    EXPECT_EQ(a.text(), b.text());
    // Numbers must stay unquoted (a quoted "80" is a port name to the decoders).
    if (!a.quoted()) EXPECT_FALSE(b.quoted()) << a.text();
  }
  ASSERT_EQ(a.items().size(), b.items().size());
  for (size_t i = 0; i < a.items().size(); ++i) expectSameTree(a.items()[i], b.items()[i]);
  ASSERT_EQ(a.fields().size(), b.fields().size());
  for (size_t i = 0; i < a.fields().size(); ++i) {
    EXPECT_EQ(a.fields()[i].key, b.fields()[i].key);
    expectSameTree(a.fields()[i].value, b.fields()[i].value);
  }
}

TEST(DocumentText, YamlRoundTripKeepsTreeAndLines) {
  const char* yaml =
      "apiVersion: v1\n"
      "kind: Pod\n"
      "metadata:\n"
      "  name: web\n"
      "  annotations:\n"
      "    note: |\n"
      "      two \"quoted\"\n"
      "      lines: with # and {braces}\n"
      "spec:\n"
      "  containers:\n"
      "  - name: c\n"
      "    ports:\n"
      "    - containerPort: 80\n"
      "      name: \"8080\"\n"
      "    env: ~\n";
  load::ParsedText original = load::parseYaml(yaml);
  ASSERT_EQ(original.documents.size(), 1u);
  load::ParsedText again = load::parseYaml(documentText(original.documents[0]));
  ASSERT_TRUE(again.errors.empty()) << again.errors[0].message;
  ASSERT_EQ(again.documents.size(), 1u);
  expectSameTree(original.documents[0], again.documents[0]);
}

TEST(DocumentText, JsonRoundTrip) {
  const char* json = "{\n  \"kind\": \"Pod\",\n  \"spec\": {\"replicas\": 2, \"ok\": true, \"x\": null,\n    \"s\": \"a\\tb\"}\n}\n";
  load::ParsedText original = load::parseJson(json);
  ASSERT_EQ(original.documents.size(), 1u);
  load::ParsedText again = load::parseJson(documentText(original.documents[0]));
  ASSERT_TRUE(again.errors.empty()) << again.errors[0].message;
  expectSameTree(original.documents[0], again.documents[0]);
}

}  // namespace
}  // namespace tg::conformance::nca
