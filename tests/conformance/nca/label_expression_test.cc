#include "label_expression.h"

#include <gtest/gtest.h>

namespace tg::conformance::nca {
namespace {

bool matches(const char* expr, const model::Labels& labels) {
  std::string error;
  auto e = LabelExpression::parse(expr, &error);
  EXPECT_TRUE(e) << expr << ": " << error;
  return e && e->matches(labels);
}

TEST(LabelExpression, EqualityAndSets) {
  EXPECT_TRUE(matches("app=web", {{"app", "web"}}));
  EXPECT_FALSE(matches("app=web", {{"app", "db"}}));
  EXPECT_TRUE(matches("app in (db,web)", {{"app", "web"}}));
  EXPECT_FALSE(matches("app in (db,web)", {{"app", "api"}}));
}

// NCA lists the values a label takes among the pods: a pod without the label is `!has(app)`.
TEST(LabelExpression, NegationsNeedTheLabel) {
  EXPECT_TRUE(matches("app!=web", {{"app", "db"}}));
  EXPECT_FALSE(matches("app!=web", {}));
  EXPECT_TRUE(matches("app not in (a,b)", {{"app", "c"}}));
  EXPECT_FALSE(matches("app not in (a,b)", {{"tier", "c"}}));
  EXPECT_TRUE(matches("!has(app)", {{"tier", "x"}}));
  EXPECT_TRUE(matches("has(app)", {{"app", "x"}}));
}

TEST(LabelExpression, AndOrAndGroups) {
  const char* e = "!has(app) or (has(app) and app!=kube-fluentd)";
  EXPECT_TRUE(matches(e, {}));
  EXPECT_TRUE(matches(e, {{"app", "other"}}));
  EXPECT_FALSE(matches(e, {{"app", "kube-fluentd"}}));
  EXPECT_TRUE(matches("{has(app) and has(tier)}", {{"app", "a"}, {"tier", "b"}}));
  EXPECT_FALSE(matches("has(app) and has(tier)", {{"app", "a"}}));
  EXPECT_TRUE(matches("app.kubernetes.io/name=x", {{"app.kubernetes.io/name", "x"}}));
}

TEST(LabelExpression, RejectsOtherText) {
  std::string error;
  EXPECT_FALSE(LabelExpression::parse("app ~ web", &error));
  EXPECT_FALSE(error.empty());
  EXPECT_FALSE(LabelExpression::parse("app in (a,b", &error));
  EXPECT_FALSE(LabelExpression::parse("(app=a", &error));
}

}  // namespace
}  // namespace tg::conformance::nca
