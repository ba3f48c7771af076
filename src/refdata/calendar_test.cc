#include "refdata/calendar.h"

#include <gtest/gtest.h>

#include <string>

#include "common/embedded.h"

namespace samman::refdata {
namespace {

class BsCalendarTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // The table built into the binary, as the server uses it.
    auto text = embedded::Find("data/bs-calendar.csv");
    ASSERT_TRUE(text.has_value());
    auto cal = BsCalendar::FromCsv(*text);
    ASSERT_TRUE(cal.has_value()) << cal.error();
    calendar_ = new BsCalendar(std::move(*cal));
  }
  static void TearDownTestSuite() {
    delete calendar_;
    calendar_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(calendar_, nullptr); }
  static const BsCalendar& cal() { return *calendar_; }

  static BsCalendar* calendar_;
};

BsCalendar* BsCalendarTest::calendar_ = nullptr;

CivilDate Date(std::string_view text) {
  auto d = ParseIsoDate(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d.value_or(CivilDate{});
}

std::string ToBs(const BsCalendar& cal, std::string_view ad) {
  auto bs = cal.ToBs(Date(ad));
  return bs ? FormatIsoDate(*bs) : "error: " + bs.error();
}

std::string ToAd(const BsCalendar& cal, std::string_view bs) {
  auto ad = cal.ToAd(Date(bs));
  return ad ? FormatIsoDate(*ad) : "error: " + ad.error();
}

// The next proleptic Gregorian day, written independently of the code under test.
CivilDate NextAdDay(CivilDate d) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
  const int length = d.month == 2 && leap ? 29 : kDays[d.month - 1];
  if (++d.day > length) {
    d.day = 1;
    if (++d.month > 12) {
      d.month = 1;
      ++d.year;
    }
  }
  return d;
}

TEST(ParseIsoDateTest, AcceptsZeroPaddedDates) {
  auto d = ParseIsoDate("2026-11-22");
  ASSERT_TRUE(d.has_value()) << d.error();
  EXPECT_EQ(d->year, 2026);
  EXPECT_EQ(d->month, 11);
  EXPECT_EQ(d->day, 22);
  // Shape only: day 32 exists in BS, and February 30 is caught by the conversions.
  EXPECT_TRUE(ParseIsoDate("2083-03-32").has_value());
  EXPECT_TRUE(ParseIsoDate("2026-02-30").has_value());
}

TEST(ParseIsoDateTest, RejectsMalformedText) {
  for (const char* text :
       {"abc", "", "2026-1-5", "2026-01-5", "26-01-05", "2026/01/05", "2026-01-05 ", " 2026-01-05",
        "2026-01-05T00:00", "-026-01-05", "2026-+1-05", "2026-0a-05", "२०२६-०१-०५"}) {
    auto d = ParseIsoDate(text);
    EXPECT_FALSE(d.has_value()) << "'" << text << "' was accepted";
    if (!d) {
      EXPECT_FALSE(d.error().empty());
    }
  }
}

TEST(ParseIsoDateTest, RejectsMonthAndDayOutOfRange) {
  for (const char* text : {"2026-13-01", "2026-00-10", "2026-01-00", "2026-01-33"}) {
    auto d = ParseIsoDate(text);
    EXPECT_FALSE(d.has_value()) << text;
  }
  auto d = ParseIsoDate("2026-13-01");
  ASSERT_FALSE(d.has_value());
  EXPECT_NE(d.error().find("month 13"), std::string::npos) << d.error();
}

TEST(FormatIsoDateTest, PadsWithZeros) {
  EXPECT_EQ(FormatIsoDate({2083, 8, 6}), "2083-08-06");
  EXPECT_EQ(FormatIsoDate({943, 1, 2}), "0943-01-02");
}

TEST_F(BsCalendarTest, CoversTheTable) {
  EXPECT_EQ(cal().first_year(), 2000);
  EXPECT_EQ(cal().last_year(), 2099);
  EXPECT_EQ(cal().DaysInMonth(2000, 1), 30);
  EXPECT_EQ(cal().DaysInMonth(2000, 2), 32);
  EXPECT_EQ(cal().DaysInMonth(1999, 1), 0);
  EXPECT_EQ(cal().DaysInMonth(2100, 1), 0);
  EXPECT_EQ(cal().DaysInMonth(2083, 0), 0);
  EXPECT_EQ(cal().DaysInMonth(2083, 13), 0);
}

TEST_F(BsCalendarTest, Anchor) {
  EXPECT_EQ(ToBs(cal(), "1943-04-14"), "2000-01-01");
  EXPECT_EQ(ToAd(cal(), "2000-01-01"), "1943-04-14");
}

TEST_F(BsCalendarTest, KnownDates) {
  EXPECT_EQ(ToBs(cal(), "2026-11-22"), "2083-08-06");
  EXPECT_EQ(ToAd(cal(), "2083-08-06"), "2026-11-22");
  EXPECT_EQ(ToAd(cal(), "2082-04-01"), "2025-07-17");
  EXPECT_EQ(ToBs(cal(), "2025-07-17"), "2082-04-01");
  EXPECT_EQ(ToAd(cal(), "2081-01-01"), "2024-04-13");
  EXPECT_EQ(ToBs(cal(), "2024-04-13"), "2081-01-01");
  EXPECT_EQ(ToBs(cal(), "2024-04-12"), "2080-12-30");
  EXPECT_EQ(ToBs(cal(), "2024-02-29"), "2080-11-17");
}

TEST_F(BsCalendarTest, FiscalYear) {
  auto bs = cal().ToBs({2026, 11, 22});
  ASSERT_TRUE(bs.has_value()) << bs.error();
  EXPECT_EQ(BsCalendar::FiscalYear(*bs), "2083/84");
  EXPECT_EQ(BsCalendar::FiscalYear({2083, 3, 32}), "2082/83");
  EXPECT_EQ(BsCalendar::FiscalYear({2083, 4, 1}), "2083/84");
  EXPECT_EQ(BsCalendar::FiscalYear({2084, 1, 1}), "2083/84");
  EXPECT_EQ(BsCalendar::FiscalYear({2099, 12, 30}), "2099/00");
  EXPECT_EQ(BsCalendar::FiscalYear({2000, 1, 1}), "1999/00");
}

TEST_F(BsCalendarTest, FiscalYearRange) {
  auto range = cal().FiscalYearRange(2081);
  ASSERT_TRUE(range.has_value()) << range.error();
  EXPECT_EQ(FormatIsoDate(range->first), "2024-07-16");
  EXPECT_EQ(FormatIsoDate(range->second), "2025-07-16");
  // The next fiscal year starts the day after.
  auto next = cal().FiscalYearRange(2082);
  ASSERT_TRUE(next.has_value()) << next.error();
  EXPECT_EQ(FormatIsoDate(next->first), "2025-07-17");
  EXPECT_EQ(NextAdDay(range->second), next->first);

  EXPECT_TRUE(cal().FiscalYearRange(2000).has_value());
  EXPECT_TRUE(cal().FiscalYearRange(2098).has_value());
  EXPECT_FALSE(cal().FiscalYearRange(2099).has_value());  // ends in 2100 BS, outside the table
  EXPECT_FALSE(cal().FiscalYearRange(1999).has_value());
}

TEST_F(BsCalendarTest, EdgesOfTheTable) {
  const CivilDate last_bs{2099, 12, cal().DaysInMonth(2099, 12)};
  auto last_ad = cal().ToAd(last_bs);
  ASSERT_TRUE(last_ad.has_value()) << last_ad.error();
  auto back = cal().ToBs(*last_ad);
  ASSERT_TRUE(back.has_value()) << back.error();
  EXPECT_EQ(*back, last_bs);

  auto past = cal().ToBs(NextAdDay(*last_ad));
  ASSERT_FALSE(past.has_value());
  EXPECT_NE(past.error().find("outside"), std::string::npos) << past.error();
  EXPECT_FALSE(cal().ToAd({2100, 1, 1}).has_value());
  EXPECT_FALSE(cal().ToBs({1943, 4, 13}).has_value());
  EXPECT_FALSE(cal().ToAd({1999, 12, 30}).has_value());
}

TEST_F(BsCalendarTest, RejectsImpossibleAdDates) {
  for (CivilDate d : {CivilDate{2026, 2, 30}, CivilDate{2023, 2, 29}, CivilDate{2026, 4, 31},
                      CivilDate{2026, 13, 1}, CivilDate{2026, 0, 1}, CivilDate{2026, 1, 0},
                      CivilDate{2026, 1, 32}}) {
    auto bs = cal().ToBs(d);
    EXPECT_FALSE(bs.has_value()) << FormatIsoDate(d);
  }
  auto bs = cal().ToBs(Date("2026-02-30"));
  ASSERT_FALSE(bs.has_value());
  EXPECT_NE(bs.error().find("2026-02-30"), std::string::npos) << bs.error();
  EXPECT_FALSE(ParseIsoDate("2026-13-01").has_value());
}

TEST_F(BsCalendarTest, RejectsImpossibleBsDates) {
  ASSERT_EQ(cal().DaysInMonth(2083, 8), 29);
  EXPECT_TRUE(cal().ToAd({2083, 8, 29}).has_value());
  auto bad = cal().ToAd({2083, 8, 30});
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().find("29 days"), std::string::npos) << bad.error();
  EXPECT_FALSE(cal().ToAd({2083, 13, 1}).has_value());
  EXPECT_FALSE(cal().ToAd({2083, 0, 1}).has_value());
  EXPECT_FALSE(cal().ToAd({2083, 1, 0}).has_value());
}

// Every day of the table: AD -> BS -> AD is the identity, and consecutive AD days map to
// consecutive BS days.
TEST_F(BsCalendarTest, RoundTripsEveryDay) {
  CivilDate ad{1943, 4, 14};
  CivilDate expected_bs{2000, 1, 1};
  int days = 0;
  while (true) {
    auto bs = cal().ToBs(ad);
    if (!bs) break;
    ASSERT_EQ(*bs, expected_bs) << FormatIsoDate(ad);
    auto back = cal().ToAd(*bs);
    ASSERT_TRUE(back.has_value()) << back.error();
    ASSERT_EQ(*back, ad) << FormatIsoDate(*bs);
    ++days;
    ad = NextAdDay(ad);
    if (++expected_bs.day > cal().DaysInMonth(expected_bs.year, expected_bs.month)) {
      expected_bs.day = 1;
      if (++expected_bs.month > 12) {
        expected_bs.month = 1;
        ++expected_bs.year;
      }
    }
  }
  EXPECT_EQ(expected_bs, (CivilDate{2100, 1, 1}));
  int table_days = 0;
  for (int y = cal().first_year(); y <= cal().last_year(); ++y) {
    for (int m = 1; m <= 12; ++m) table_days += cal().DaysInMonth(y, m);
  }
  EXPECT_EQ(days, table_days);
}

constexpr const char* kHeader = "bs_year,m1,m2,m3,m4,m5,m6,m7,m8,m9,m10,m11,m12,days_in_year\n";

TEST(BsCalendarCsvTest, ParsesASmallTable) {
  const std::string csv = std::string("# comment\r\n") + kHeader +
                          "2000,30,32,31,32,31,30,30,30,29,30,29,31,365\r\n"
                          "2001,31,31,32,31,31,31,30,29,30,29,30,30,365\n";
  auto cal = BsCalendar::FromCsv(csv);
  ASSERT_TRUE(cal.has_value()) << cal.error();
  EXPECT_EQ(cal->first_year(), 2000);
  EXPECT_EQ(cal->last_year(), 2001);
  auto ad = cal->ToAd({2001, 12, 30});
  ASSERT_TRUE(ad.has_value()) << ad.error();
  EXPECT_EQ(FormatIsoDate(*ad), "1945-04-12");
  EXPECT_FALSE(cal->ToBs({1945, 4, 13}).has_value());
}

TEST(BsCalendarCsvTest, ErrorsNameTheLine) {
  struct Case {
    std::string csv;
    std::string needle;
  };
  const std::string good = "2000,30,32,31,32,31,30,30,30,29,30,29,31,365\n";
  const Case cases[] = {
      {"", "no header"},
      {"# only a comment\n", "no header"},
      {std::string(kHeader), "no years"},
      {"year,m1\n" + good, "line 1"},
      {std::string(kHeader) + "2000,30,32,31,32,31,30,30,30,29,30,29,365\n", "line 2"},
      {std::string(kHeader) + "2000,30,32,31,32,31,30,30,30,29,30,29,31,366\n", "line 2"},
      {std::string(kHeader) + "2000,28,32,31,32,31,30,30,30,29,30,29,31,363\n", "line 2"},
      {std::string(kHeader) + "2000,30,x,31,32,31,30,30,30,29,30,29,31,365\n", "line 2"},
      {std::string(kHeader) + "2001,31,31,32,31,31,31,30,29,30,29,30,30,365\n", "line 2"},
      {"# c\n" + std::string(kHeader) + good + "2002,31,31,32,32,31,30,30,29,30,29,30,30,365\n",
       "line 4"},
  };
  for (const Case& c : cases) {
    auto cal = BsCalendar::FromCsv(c.csv);
    ASSERT_FALSE(cal.has_value()) << c.csv;
    EXPECT_NE(cal.error().find(c.needle), std::string::npos) << cal.error();
  }
}

TEST(BsCalendarCsvTest, EmptyCalendarFailsEveryConversion) {
  BsCalendar empty;
  EXPECT_FALSE(empty.ToBs({2026, 11, 22}).has_value());
  EXPECT_FALSE(empty.ToAd({2083, 8, 6}).has_value());
  EXPECT_FALSE(empty.FiscalYearRange(2083).has_value());
  EXPECT_EQ(empty.DaysInMonth(2083, 8), 0);
}

}  // namespace
}  // namespace samman::refdata
