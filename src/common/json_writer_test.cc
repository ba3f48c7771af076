#include "common/json_writer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace samman::common {
namespace {

using nlohmann::json;

TEST(JsonWriter, NestedObjectsAndArraysReadBackAsWritten) {
  JsonWriter w;
  w.BeginObject()
      .Str("id", "c-1")
      .Num("version", -42)
      .Flag("erased", false)
      .StrOrNull("closed_at", "")
      .NumOrNull("ward", std::nullopt)
      .NumOrNull("age", 17)
      .List("tags", {"a", "b"})
      .List("none", {})
      .Key("guardian")
      .BeginObject()
      .Str("name", "Hari")
      .EndObject()
      .Key("rows")
      .BeginArray()
      .BeginObject()
      .EndObject()
      .BeginArray()
      .Int(1)
      .Null()
      .Bool(true)
      .String("x")
      .EndArray()
      .EndArray()
      .EndObject();
  const std::string text = w.Take();
  EXPECT_EQ(
      text,
      R"({"id":"c-1","version":-42,"erased":false,"closed_at":null,"ward":null,"age":17,)"
      R"("tags":["a","b"],"none":[],"guardian":{"name":"Hari"},"rows":[{},[1,null,true,"x"]]})");
  json back = json::parse(text);
  EXPECT_EQ(back["guardian"]["name"], "Hari");
  EXPECT_TRUE(back["closed_at"].is_null());
}

TEST(JsonWriter, EscapesQuotesBackslashesAndControlCharactersAndKeepsDevanagari) {
  const std::string tricky = "\"quoted\" back\\slash\nline\ttab\x01 bell\x7f सीता तामाङ 😀";
  JsonWriter w;
  w.BeginArray().String(tricky).EndArray();
  const std::string text = w.Take();
  EXPECT_EQ(text.find('\n'), std::string::npos) << text;
  EXPECT_NE(text.find("\\u0001"), std::string::npos) << text;
  EXPECT_NE(text.find("सीता तामाङ 😀"), std::string::npos) << text;
  EXPECT_EQ(json::parse(text)[0], tricky);
}

TEST(JsonWriter, BytesThatAreNotUtf8BecomeTheReplacementCharacter) {
  for (std::string bad : {std::string("a\xff") + "b", std::string("\xc3"),  // cut short
                          std::string("\xe0\x80\xaf"),                      // overlong '/'
                          std::string("\xed\xa0\x80"),                      // a surrogate
                          std::string("\xf4\x90\x80\x80")}) {               // past U+10FFFF
    JsonWriter w;
    w.BeginArray().String(bad).EndArray();
    const std::string text = w.Take();
    json back = json::parse(text);  // throws on anything but valid UTF-8
    const std::string s = back[0];
    EXPECT_NE(s.find("\xEF\xBF\xBD"), std::string::npos) << text;
  }
}

}  // namespace
}  // namespace samman::common
