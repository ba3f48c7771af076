#include "refdata/calendar.h"

#include <algorithm>
#include <cstdio>

namespace samman::refdata {
namespace {

// 1 Baisakh of the table's first year fell on this AD day.
constexpr int kAnchorBsYear = 2000;
constexpr CivilDate kAnchorAd{1943, 4, 14};
constexpr int kColumns = 14;  // bs_year, m1..m12, days_in_year

bool IsLeapYear(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int GregorianMonthDays(int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

bool IsRealAdDate(const CivilDate& d) {
  return d.month >= 1 && d.month <= 12 && d.day >= 1 &&
         d.day <= GregorianMonthDays(d.year, d.month);
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int64_t DaysFromCivil(const CivilDate& d) { return DaysFromCivil(d.year, d.month, d.day); }

// Inverse of DaysFromCivil.
CivilDate CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return CivilDate{static_cast<int>(yoe + era * 400 + (month <= 2)), month, day};
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A non-negative decimal integer of at most 6 digits, or -1.
int ParseCount(std::string_view s) {
  s = Trim(s);
  if (s.empty() || s.size() > 6) return -1;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::vector<std::string_view> SplitFields(std::string_view line) {
  std::vector<std::string_view> out;
  while (true) {
    const size_t comma = line.find(',');
    out.push_back(line.substr(0, comma));
    if (comma == std::string_view::npos) return out;
    line.remove_prefix(comma + 1);
  }
}

tl::unexpected<std::string> Unexpected(std::string message) {
  return tl::unexpected<std::string>(std::move(message));
}

}  // namespace

tl::expected<CivilDate, std::string> ParseIsoDate(std::string_view text) {
  const std::string shown(text.substr(0, 40));
  auto digits = [&](size_t pos, size_t len) {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return Unexpected("'" + shown + "' is not a date written YYYY-MM-DD");
  }
  const CivilDate d{digits(0, 4), digits(5, 2), digits(8, 2)};
  if (d.year < 0 || d.month < 0 || d.day < 0) {
    return Unexpected("'" + shown + "' is not a date written YYYY-MM-DD");
  }
  if (d.month < 1 || d.month > 12) {
    return Unexpected("'" + shown + "': month " + std::to_string(d.month) + " does not exist");
  }
  if (d.day < 1 || d.day > 32) {
    return Unexpected("'" + shown + "': day " + std::to_string(d.day) + " does not exist");
  }
  return d;
}

std::string FormatIsoDate(const CivilDate& d) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

tl::expected<BsCalendar, std::string> BsCalendar::FromCsv(std::string_view csv) {
  if (csv.substr(0, 3) == "\xEF\xBB\xBF") csv.remove_prefix(3);  // UTF-8 byte order mark
  BsCalendar cal;
  bool have_header = false;
  int line_no = 0;
  while (!csv.empty()) {
    const size_t nl = csv.find('\n');
    std::string_view line = csv.substr(0, nl);
    csv.remove_prefix(nl == std::string_view::npos ? csv.size() : nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (Trim(line).empty() || line.front() == '#') continue;
    const std::string where = "bs-calendar.csv line " + std::to_string(line_no) + ": ";
    const std::vector<std::string_view> fields = SplitFields(line);
    if (!have_header) {
      if (fields.size() != kColumns || Trim(fields[0]) != "bs_year") {
        return Unexpected(where + "expected the header bs_year,m1,...,m12,days_in_year");
      }
      have_header = true;
      continue;
    }
    if (fields.size() != kColumns) {
      return Unexpected(where + "expected " + std::to_string(kColumns) + " fields, found " +
                        std::to_string(fields.size()));
    }
    const int year = ParseCount(fields[0]);
    if (year < 0) return Unexpected(where + "bad year '" + std::string(fields[0]) + "'");
    const int expected_year = cal.months_.empty() ? kAnchorBsYear : cal.last_year() + 1;
    if (year != expected_year) {
      return Unexpected(where + "expected year " + std::to_string(expected_year) + ", found " +
                        std::to_string(year));
    }
    std::array<int, 12> months{};
    int total = 0;
    for (size_t m = 0; m < months.size(); ++m) {
      months[m] = ParseCount(fields[m + 1]);
      if (months[m] < 29 || months[m] > 32) {
        return Unexpected(where + "month " + std::to_string(m + 1) + " of " + std::to_string(year) +
                          " has length '" + std::string(Trim(fields[m + 1])) + "' (must be 29-32)");
      }
      total += months[m];
    }
    if (ParseCount(fields[13]) != total) {
      return Unexpected(where + "days_in_year '" + std::string(Trim(fields[13])) +
                        "' is not the sum of the months (" + std::to_string(total) + ")");
    }
    if (cal.months_.empty()) cal.first_year_ = year;
    cal.months_.push_back(months);
  }
  if (!have_header) return Unexpected("bs-calendar.csv: no header row");
  if (cal.months_.empty()) return Unexpected("bs-calendar.csv: no years after the header");
  cal.year_start_.reserve(cal.months_.size() + 1);
  int64_t day = DaysFromCivil(kAnchorAd);
  for (const auto& months : cal.months_) {
    cal.year_start_.push_back(day);
    for (int len : months) day += len;
  }
  cal.year_start_.push_back(day);
  return cal;
}

int BsCalendar::DaysInMonth(int bs_year, int bs_month) const {
  if (months_.empty() || bs_year < first_year() || bs_year > last_year() || bs_month < 1 ||
      bs_month > 12) {
    return 0;
  }
  return months_[static_cast<size_t>(bs_year - first_year_)][static_cast<size_t>(bs_month - 1)];
}

tl::expected<CivilDate, std::string> BsCalendar::ToBs(const CivilDate& ad) const {
  if (!IsRealAdDate(ad)) return Unexpected(FormatIsoDate(ad) + " is not a real AD date");
  if (months_.empty()) return Unexpected("the BS calendar table is empty");
  const int64_t day = DaysFromCivil(ad);
  if (day < year_start_.front() || day >= year_start_.back()) {
    return Unexpected(FormatIsoDate(ad) + " AD is outside the BS calendar table (" +
                      FormatIsoDate(CivilFromDays(year_start_.front())) + " to " +
                      FormatIsoDate(CivilFromDays(year_start_.back() - 1)) + ")");
  }
  // The last year whose 1 Baisakh is on or before the day.
  const auto it = std::upper_bound(year_start_.begin(), year_start_.end(), day) - 1;
  const size_t index = static_cast<size_t>(it - year_start_.begin());
  int64_t offset = day - *it;
  int month = 0;
  while (offset >= months_[index][static_cast<size_t>(month)]) {
    offset -= months_[index][static_cast<size_t>(month)];
    ++month;
  }
  return CivilDate{first_year_ + static_cast<int>(index), month + 1, static_cast<int>(offset) + 1};
}

tl::expected<CivilDate, std::string> BsCalendar::ToAd(const CivilDate& bs) const {
  if (months_.empty()) return Unexpected("the BS calendar table is empty");
  if (bs.year < first_year() || bs.year > last_year()) {
    return Unexpected("BS year " + std::to_string(bs.year) + " is outside the calendar table (" +
                      std::to_string(first_year()) + "-" + std::to_string(last_year()) + " BS)");
  }
  if (bs.month < 1 || bs.month > 12) {
    return Unexpected(FormatIsoDate(bs) + " BS: month " + std::to_string(bs.month) +
                      " does not exist");
  }
  const int length = DaysInMonth(bs.year, bs.month);
  if (bs.day < 1 || bs.day > length) {
    return Unexpected(FormatIsoDate(bs) + " is not a real BS date (month " +
                      std::to_string(bs.month) + " of " + std::to_string(bs.year) + " has " +
                      std::to_string(length) + " days)");
  }
  int64_t day = year_start_[static_cast<size_t>(bs.year - first_year_)];
  for (int m = 1; m < bs.month; ++m) day += DaysInMonth(bs.year, m);
  return CivilFromDays(day + bs.day - 1);
}

std::string BsCalendar::FiscalYear(const CivilDate& bs) {
  const int start = bs.month >= 4 ? bs.year : bs.year - 1;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%d/%02d", start, (start + 1) % 100);
  return buf;
}

tl::expected<std::pair<CivilDate, CivilDate>, std::string> BsCalendar::FiscalYearRange(
    int bs_start_year) const {
  if (months_.empty() || bs_start_year < first_year() || bs_start_year + 1 > last_year()) {
    return Unexpected("fiscal year " + FiscalYear(CivilDate{bs_start_year, 4, 1}) +
                      " is not wholly inside the BS calendar table (" +
                      std::to_string(first_year()) + "-" + std::to_string(last_year()) + " BS)");
  }
  auto first = ToAd(CivilDate{bs_start_year, 4, 1});
  if (!first) return Unexpected(first.error());
  auto last = ToAd(CivilDate{bs_start_year + 1, 3, DaysInMonth(bs_start_year + 1, 3)});
  if (!last) return Unexpected(last.error());
  return std::make_pair(*first, *last);
}

}  // namespace samman::refdata
