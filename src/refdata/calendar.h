// Bikram Sambat (BS) calendar and Nepal's fiscal years.
//
// Contract:
// - BS has no formula: month lengths (29-32 days) come from the versioned table
// data/bs-calendar.csv
//   (2000-2099 BS), anchored at 1 Baisakh 2000 BS = 1943-04-14 AD. The table is revised as official
//   calendars are published, so AD dates are canonical and BS dates are derived for display.
// - AD dates are proleptic Gregorian. Conversion is day-number arithmetic (days from civil); no
// time
//   libraries, no time zones: a CivilDate is a calendar day, not an instant.
// - Every conversion validates its input (a real day of a real month, inside the table) and returns
// a
//   readable error instead of guessing.
// - A BsCalendar is immutable once built, so any thread may use it.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <utility>
#include <vector>

namespace samman::refdata {

// A calendar day; used for both AD and BS dates (month 1 = January or Baisakh).
struct CivilDate {
  int year = 0;
  int month = 0;
  int day = 0;

  friend bool operator==(const CivilDate&, const CivilDate&) = default;
};

// Parses strict "YYYY-MM-DD" (zero-padded, ASCII digits); checks only the shape and 1<=month<=12,
// 1<=day<=32, since the same text may hold an AD or a BS date. Returns a readable error.
tl::expected<CivilDate, std::string> ParseIsoDate(std::string_view text);

// "2083-08-06".
std::string FormatIsoDate(const CivilDate& d);

class BsCalendar {
 public:
  // An empty calendar, in which every conversion fails; real ones come from FromCsv.
  BsCalendar() = default;

  // Builds the calendar from the text of data/bs-calendar.csv: '#' comment lines, a header row,
  // then bs_year,m1..m12,days_in_year for consecutive years starting at 2000. Errors name the bad
  // line.
  static tl::expected<BsCalendar, std::string> FromCsv(std::string_view csv);

  // AD -> BS. Error when the AD date is not a real day or lies outside the table.
  tl::expected<CivilDate, std::string> ToBs(const CivilDate& ad) const;
  // BS -> AD. Error when the BS day does not exist (checked against the month's length) or lies
  // outside the table.
  tl::expected<CivilDate, std::string> ToAd(const CivilDate& bs) const;

  // Nepal's fiscal year containing a BS date: 1 Shrawan (month 4) to the end of Ashadh (month 3),
  // written "2083/84". Pure arithmetic; does not check the date.
  static std::string FiscalYear(const CivilDate& bs);
  // First and last AD day of the fiscal year that starts in BS year bs_start_year (2081 ->
  // 2081/82). Error when the fiscal year is not wholly inside the table.
  tl::expected<std::pair<CivilDate, CivilDate>, std::string> FiscalYearRange(
      int bs_start_year) const;

  int first_year() const { return first_year_; }
  int last_year() const { return first_year_ + static_cast<int>(months_.size()) - 1; }
  // Days in a BS month; 0 when the year or month is outside the table.
  int DaysInMonth(int bs_year, int bs_month) const;

 private:
  int first_year_ = 0;
  std::vector<std::array<int, 12>> months_;
  // year_start_[i]: day number (days since 1970-01-01) of 1 Baisakh of first_year_ + i; one extra
  // entry holds the day after the table's last day.
  std::vector<int64_t> year_start_;
};

}  // namespace samman::refdata
