#include "authz_server/json_line.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace tg::authz {
namespace {

TEST(JsonLine, WritesFieldsInOrder) {
  JsonLine line;
  line.field("event", "decision").field("latencyUs", int64_t{-42}).field("empty", "");
  EXPECT_EQ(std::move(line).finish(), R"({"event":"decision","latencyUs":-42,"empty":""})");
  EXPECT_EQ(JsonLine().finish(), "{}");
}

TEST(JsonLine, EscapesWhatJsonRequires) {
  std::string value = std::string("a\"b\\c\nd\re\tf") + '\x01' + '\x1f' + "\x7f/";
  JsonLine line;
  line.field("k\"", value);
  std::string text = std::move(line).finish();
  EXPECT_EQ(text, "{\"k\\\"\":\"a\\\"b\\\\c\\nd\\re\\tf\\u0001\\u001f\x7f/\"}");
  EXPECT_EQ(nlohmann::json::parse(text)["k\""], value);
}

TEST(JsonLine, KeepsUtf8AndReplacesWhatIsNot) {
  const std::string valid = "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x94\x92";
  JsonLine line;
  line.field("ok", valid)
      .field("stray", "a\xFF" "b\x80")
      .field("overlong", "\xC0\xAF\xE0\x80\xAF")
      .field("surrogate", "\xED\xA0\x80")
      .field("above", "\xF4\x90\x80\x80")
      .field("truncated", "x\xE2\x82");
  std::string text = std::move(line).finish();
  auto j = nlohmann::json::parse(text);  // throws on invalid UTF-8
  const std::string r = "\xEF\xBF\xBD";
  EXPECT_EQ(j["ok"], valid);
  EXPECT_EQ(j["stray"], "a" + r + "b" + r);
  EXPECT_EQ(j["overlong"], r + r + r + r + r);
  EXPECT_EQ(j["surrogate"], r + r + r);
  EXPECT_EQ(j["above"], r + r + r + r);
  EXPECT_EQ(j["truncated"], "x" + r + r);
}

TEST(JsonLine, CapsLongValues) {
  JsonLine line;
  line.field("short", "abc", 3).field("long", "abcdef", 3).field("cutUtf8", "a\xC3\xA9", 2);
  auto j = nlohmann::json::parse(std::move(line).finish());
  EXPECT_EQ(j["short"], "abc");
  EXPECT_EQ(j["long"], "abc...");
  EXPECT_EQ(j["cutUtf8"], "a\xEF\xBF\xBD...");
}

}  // namespace
}  // namespace tg::authz
