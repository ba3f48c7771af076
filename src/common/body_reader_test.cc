#include "common/body_reader.h"

#include <gtest/gtest.h>

namespace samman {
namespace {

using nlohmann::json;

TEST(BodyReader, TheCleanTextIsTheBodyWithoutItsNullAndEmptyMembers) {
  const json body = {{"type", "rescue"},   {"date", "2082-01-05"},
                     {"country", ""},      {"description", nullptr},
                     {"urgent", true},     {"count", 3},
                     {"tags", {"a", "b"}}, {"checklist", {{"x", false}}}};
  BodyReader r(body, "event");
  EXPECT_EQ(r.OneOf("type", {"rescue", "return"}, true), "rescue");
  EXPECT_EQ(r.Date("date"), "2082-01-05");
  EXPECT_EQ(r.Str("country"), "");
  EXPECT_EQ(r.Str("description"), "");
  EXPECT_TRUE(r.Bool("urgent"));
  EXPECT_EQ(r.Int("count", 0, 10), 3);
  EXPECT_EQ(r.Strings("tags", 5, 5), (std::vector<std::string>{"a", "b"}));
  r.Keep("checklist");
  auto text = r.FinishText();
  ASSERT_TRUE(text) << text.error().detail;
  EXPECT_EQ(json::parse(*text), (json{{"type", "rescue"},
                                      {"date", "2082-01-05"},
                                      {"urgent", true},
                                      {"count", 3},
                                      {"tags", {"a", "b"}},
                                      {"checklist", {{"x", false}}}}));
}

TEST(BodyReader, ABodyWithNothingToDropIsWrittenOutAsGiven) {
  const json body = {{"purpose", "home visit"}, {"due_date", "2082-03-01"}};
  BodyReader r(body, "follow_up");
  r.Date("due_date", true);
  r.Str("purpose");
  auto text = r.FinishText();
  ASSERT_TRUE(text);
  EXPECT_EQ(*text, body.dump());
}

TEST(BodyReader, EveryProblemIsReportedUnderTheKindsNameAndNoTextIsGiven) {
  const json body = {{"date", "2082-13-01"}, {"colour", "red"}, {"count", "three"}};
  BodyReader r(body, "event");
  r.OneOf("type", {"rescue"}, true);
  r.Date("date");
  r.Int("count", 0, 10);
  auto text = r.FinishText();
  ASSERT_FALSE(text);
  std::vector<std::string> fields;
  for (const auto& f : text.error().fields) fields.push_back(f.field);
  EXPECT_EQ(fields,
            (std::vector<std::string>{"event.type", "event.date", "event.count", "event.colour"}));
  EXPECT_NE(text.error().detail.find("event.colour is not a field"), std::string::npos);
}

}  // namespace
}  // namespace samman
