// The loader (load/loader.cc): documents decoded as they are parsed, diagnostics in a fixed order.
#include "load/loader.h"

#include <gtest/gtest.h>

namespace tg::load {
namespace {

std::vector<std::string> messages(const LoadResult& r) {
  std::vector<std::string> out;
  for (const Diagnostic& d : r.diagnostics) out.push_back(d.str());
  return out;
}

TEST(Loader, SyntaxErrorsOfAFileComeBeforeTheDiagnosticsOfItsObjects) {
  Loader l;
  l.addText("a.yaml", "kind: Service\napiVersion: v1\nmetadata: {name: s}\nspec: {ports: [{port: 0}]}\n---\nx: *nope\n");
  l.addText("b.json", "{\"kind\": \"Namespace\", \"apiVersion\": \"v1\"}\n{\"kind\": \"Namespace\", \"apiVersion\": \"v1\", \"metadata\": {\"name\": \"ok\"}} {");
  LoadResult r = std::move(l).finish();
  EXPECT_EQ(messages(r), (std::vector<std::string>{
                             "a.yaml:6: unknown alias",
                             "a.yaml:4: `port` must be a port number 1-65535",
                             "b.json:2: JSON syntax error: unterminated value at end of input",
                             "b.json:1: Namespace without metadata.name",
                         }));
  ASSERT_EQ(r.cluster.namespaces.size(), 1u);
  EXPECT_EQ(r.cluster.namespaces[0].meta.name, "ok");
  EXPECT_EQ(r.cluster.namespaces[0].meta.where.line, 2u);
}

TEST(Loader, ObjectsOfAListKeepTheirOwnLines) {
  Loader l;
  l.addText("list.json", R"({"kind": "List", "apiVersion": "v1", "items": [
  {"kind": "Namespace", "apiVersion": "v1", "metadata": {"name": "a"}},

  {"kind": "Namespace", "apiVersion": "v1", "metadata": {"name": "b\u0062"}}
]})");
  LoadResult r = std::move(l).finish();
  ASSERT_TRUE(r.diagnostics.empty());
  ASSERT_EQ(r.cluster.namespaces.size(), 2u);
  EXPECT_EQ(r.cluster.namespaces[0].meta.where.line, 2u);
  EXPECT_EQ(r.cluster.namespaces[1].meta.name, "bb");
  EXPECT_EQ(r.cluster.namespaces[1].meta.where.line, 4u);
}

}  // namespace
}  // namespace tg::load
