#include "common/csv.h"

#include <gtest/gtest.h>

namespace samman::csv {
namespace {

TEST(Csv, ParsesQuotesCommasNewlinesAndComments) {
  auto t = Parse(
      "# a comment\nname,note\r\n\"Shrestha, Sita\",\"said \"\"hello\"\"\nthen left\"\nराम,\n");
  ASSERT_TRUE(t) << t.error().detail;
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0][0], "Shrestha, Sita");
  EXPECT_EQ(t->rows[0][1], "said \"hello\"\nthen left");
  EXPECT_EQ(t->rows[1][0], "राम");
  EXPECT_EQ(t->rows[1][1], "");
  EXPECT_EQ(t->Column("note"), 1);
  EXPECT_EQ(t->Column("missing"), -1);
}

TEST(Csv, NamesTheLineOfARaggedRowOrAnOpenQuote) {
  auto ragged = Parse("a,b\n1,2\n3\n");
  ASSERT_FALSE(ragged);
  EXPECT_NE(ragged.error().detail.find("line 3"), std::string::npos) << ragged.error().detail;
  auto open = Parse("a,b\n\"1,2\n");
  ASSERT_FALSE(open);
  EXPECT_NE(open.error().detail.find("unterminated"), std::string::npos);
}

TEST(Csv, EscapeQuotesOnlyWhenNeeded) {
  EXPECT_EQ(Escape("plain"), "plain");
  EXPECT_EQ(Escape("a,b"), "\"a,b\"");
  EXPECT_EQ(Escape("say \"hi\""), "\"say \"\"hi\"\"\"");
}

}  // namespace
}  // namespace samman::csv
