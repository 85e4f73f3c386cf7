#include "selector/calico/selector.h"

#include <gtest/gtest.h>

namespace tg::selector::calico {
namespace {

Selector parsed(std::string_view text, Scope scope = Scope::Endpoint) {
  auto r = Selector::parse(text, scope);
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().str());
  return r.ok() ? r.selector() : Selector::all();
}

bool matches(std::string_view text, const model::Labels& labels) { return parsed(text).matches(labels); }

TEST(CalicoSelector, NotEqualAndNotInAreTrueWhenTheLabelIsMissing) {
  EXPECT_TRUE(matches("tenant != 'acme'", {}));
  EXPECT_TRUE(matches("tenant not in {'acme', 'globex'}", {{"app", "web"}}));
  EXPECT_FALSE(matches("tenant == 'acme'", {}));
  EXPECT_FALSE(matches("tenant in {'acme'}", {}));
  EXPECT_FALSE(matches("tenant != 'acme'", {{"tenant", "acme"}}));
}

TEST(CalicoSelector, TemplatePlaceholderIsALiteral) {
  Selector s = parsed("tenant == \"${tenant}\"");
  EXPECT_FALSE(s.matches({{"tenant", "acme"}}));
  EXPECT_TRUE(s.matches({{"tenant", "${tenant}"}}));
  // So `!=` against it matches every real tenant.
  EXPECT_TRUE(matches("tenant != \"${tenant}\"", {{"tenant", "acme"}}));
}

TEST(CalicoSelector, LabelKeysWithPrefixesDotsAndDashes) {
  model::Labels l{{"projectcalico.org/namespace", "t-1"}, {"app.kubernetes.io/part-of", "x"}};
  EXPECT_TRUE(matches("projectcalico.org/namespace == 't-1' && has(app.kubernetes.io/part-of)", l));
}

TEST(CalicoSelector, StringOperators) {
  model::Labels l{{"image", "registry.acme/web:1"}};
  EXPECT_TRUE(matches("image starts with 'registry.acme/'", l));
  EXPECT_TRUE(matches("image startswith 'registry.acme/'", l));
  EXPECT_TRUE(matches("image ends with ':1'", l));
  EXPECT_TRUE(matches("image contains 'web'", l));
  EXPECT_FALSE(matches("image contains 'api'", l));
  EXPECT_FALSE(matches("other contains ''", l));  // a missing label contains nothing
}

TEST(CalicoSelector, PrecedenceNotThenAndThenOr) {
  // `!` applies to one term; && binds tighter than ||.
  EXPECT_EQ(parsed("!a == 'x' && b == 'y' || c == 'z'").str(), "!a == \"x\" && b == \"y\" || c == \"z\"");
  EXPECT_TRUE(matches("a == 'x' || b == 'y' && c == 'z'", {{"a", "x"}}));
  EXPECT_FALSE(matches("(a == 'x' || b == 'y') && c == 'z'", {{"a", "x"}}));
}

TEST(CalicoSelector, CanonicalFormKeepsNeededParenthesesOnly) {
  EXPECT_EQ(parsed("(a == 'x' || b == 'y') && c == 'z'").str(), "(a == \"x\" || b == \"y\") && c == \"z\"");
  EXPECT_EQ(parsed("a == 'x' || (b == 'y' && c == 'z')").str(), "a == \"x\" || b == \"y\" && c == \"z\"");
  EXPECT_EQ(parsed("!(a == 'x' && has(b))").str(), "!(a == \"x\" && has(b))");
  EXPECT_EQ(parsed("a not in {'b', \"a\", 'b'}").str(), "a not in {\"a\", \"b\"}");
  EXPECT_EQ(parsed("\t").str(), "all()");
}

TEST(CalicoSelector, CanonicalFormParsesBackToItself) {
  for (const char* text : {"a in {}", "!(!has(a) || b ends with '\"')", "global() && all()",
                           "((a == 'x'))", "a == 'x' && (b == 'y' || (c == 'z' && d != 'w'))"}) {
    std::string once = parsed(text).str();
    EXPECT_EQ(parsed(once).str(), once) << text;
  }
}

TEST(CalicoSelector, KeywordSpellingsAreLabelsOutsideOperatorPosition) {
  EXPECT_TRUE(matches("in == 'x'", {{"in", "x"}}));
  EXPECT_TRUE(matches("has == 'x'", {{"has", "x"}}));
  EXPECT_TRUE(matches("all != 'x'", {}));
}

TEST(CalicoSelector, ErrorsPointAtTheColumn) {
  auto r = Selector::parse("app == web");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().column, 8u);
  EXPECT_NE(r.error().message.find("quoted value"), std::string::npos);
  EXPECT_EQ(r.error().describe("app == web"), r.error().str() + "\n  app == web\n         ^");

  auto open = Selector::parse("(a == 'x'");
  ASSERT_FALSE(open.ok());
  EXPECT_EQ(open.error().column, 10u);
  EXPECT_NE(open.error().message.find("column 1"), std::string::npos);

  auto quote = Selector::parse("a == 'x");
  ASSERT_FALSE(quote.ok());
  EXPECT_EQ(quote.error().column, 6u);

  EXPECT_EQ(Selector::parse("a == 'x' & b == 'y'").error().column, 10u);
  EXPECT_EQ(Selector::parse("tier").error().column, 5u);
}

TEST(CalicoSelector, DeepNestingIsAnErrorNotACrash) {
  std::string deep(5000, '(');
  EXPECT_FALSE(Selector::parse(deep + "all()" + std::string(5000, ')')).ok());
  EXPECT_FALSE(Selector::parse(std::string(5000, '!') + "has(a)").ok());
  EXPECT_TRUE(Selector::parse(std::string(50, '!') + "has(a)").ok());
}

TEST(CalicoSelector, NamespaceScopeReadsAllAndGlobal) {
  model::Labels ns{{kNamespaceNameKey, "tenant-a"}, {"tenant", "a"}};
  model::Labels none;  // not in a namespace (a global network set, the outside world)
  EXPECT_TRUE(parsed("all()", Scope::Namespace).matches(ns));
  EXPECT_FALSE(parsed("all()", Scope::Namespace).matches(none));
  EXPECT_FALSE(parsed("global()", Scope::Namespace).matches(ns));
  EXPECT_TRUE(parsed("global()", Scope::Namespace).matches(none));
  EXPECT_FALSE(parsed("", Scope::Namespace).matches(none));
  // As endpoint selectors both mean everything.
  EXPECT_TRUE(parsed("global()").matches(none));
  EXPECT_TRUE(parsed("all()").matches(none));
}

}  // namespace
}  // namespace tg::selector::calico
