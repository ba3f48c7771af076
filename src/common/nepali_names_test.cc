#include "common/nepali_names.h"

#include <gtest/gtest.h>

namespace samman::names {
namespace {

TEST(NepaliNames, RomanisationVariantsShareAKey) {
  const std::vector<std::pair<const char*, const char*>> same = {
      {"Shrestha", "Srestha"}, {"Bishnu", "Vishnu"}, {"Chhetri", "Chettri"}, {"Chhetri", "Chetri"},
      {"Laxmi", "Lakshmi"},    {"Sita", "Seeta"},    {"Ram", "Rama"},        {"Gita", "Geeta"},
      {"Thapa", "THAPA"},      {"Tamang", "Tamaang"}};
  for (const auto& [a, b] : same) EXPECT_EQ(Key(a), Key(b)) << a << " / " << b;
}

TEST(NepaliNames, DevanagariMatchesItsRomanisation) {
  EXPECT_EQ(Key("श्रेष्ठ"), Key("Shrestha"));
  EXPECT_EQ(Key("क्षेत्री"), Key("Chhetri"));
  EXPECT_EQ(Key("लक्ष्मी"), Key("Laxmi"));
  EXPECT_EQ(Key("सीता"), Key("Sita"));
  EXPECT_EQ(Key("तामाङ"), Key("Tamang"));
  EXPECT_EQ(Key("बहादुर"), Key("Bahadur"));
  EXPECT_EQ(Key("विष्णु"), Key("Bishnu"));
}

TEST(NepaliNames, DifferentNamesStayApart) {
  EXPECT_NE(Key("Sita"), Key("Gita"));
  EXPECT_NE(Key("Ram"), Key("Rai"));
  EXPECT_NE(Key("Tamang"), Key("Thapa"));
  EXPECT_NE(Key("Gurung"), Key("Magar"));
}

TEST(NepaliNames, KeysSplitFullNamesAndDropDuplicates) {
  EXPECT_EQ(Keys("Sita Kumari  Shrestha"), Keys("सीता कुमारी श्रेष्ठ"));
  EXPECT_EQ(Keys("Ram Ram").size(), 1u);
  EXPECT_TRUE(Keys(" , ").empty());
}

}  // namespace
}  // namespace samman::names
