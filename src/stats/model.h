// Statistics model: the indicator catalogue, a query and its released answer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace samman::stats {

struct Options {
  int k = 11;                   // smallest count published (never below 5)
  double epsilon_budget = 1.0;  // differential-privacy budget per dataset (indicator and period)
  int cache_seconds = 60;       // how long a released answer is reused by this process (0: never)
};

struct Indicator {
  std::string id;
  std::string title_en;
  std::string title_ne;
  std::string definition;
  std::string source;                   // the fields counted
  std::string unit;                     // survivors, cases, referrals, ...
  std::vector<std::string> dimensions;  // what it may be broken down by
};

struct Query {
  std::string indicator;
  std::string fiscal_year;  // "2081/82", or
  int year = 0;             // an AD year
  std::vector<std::string> by;
  std::string province, district, local_level;  // the area asked about
  int rounding = 0;                             // 0, 5 or 10
  double epsilon = 0;                           // > 0 asks for differential privacy
};

struct ReleasedCell {
  std::vector<std::pair<std::string, std::string>> dims;  // name -> value ("*" for a total)
  std::optional<int64_t> value;                           // empty when suppressed
  bool suppressed = false;
  // Per 100,000 people (2021 census) of the cell's place, for counts of survivors in tables
  // broken down by place only (or not at all); from the released value.
  std::optional<double> rate_per_100k;
};

struct Answer {
  Indicator indicator;
  std::string fiscal_year;
  int year = 0;
  std::string from, to;  // AD dates, [from, to)
  int k = 11;
  int rounding = 0;
  double epsilon = 0;
  std::optional<double> epsilon_remaining;
  std::string province, district, local_level;
  std::vector<std::string> dims;
  std::vector<ReleasedCell> cells;
  std::vector<std::string> notes;
};

}  // namespace samman::stats
