// Instants: UTC, written as fixed-width ISO-8601 text ("2026-11-22T06:41:03.123Z") so that text
// order is time order on both engines. Clock is injectable so tests can move time; SystemClock is
// thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace samman {

using Instant = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Instant Now() const override { return std::chrono::system_clock::now(); }
};

std::string FormatInstant(Instant t);
std::optional<Instant> ParseInstant(std::string_view text);
// Today's calendar date in Nepal (UTC+05:45) as "YYYY-MM-DD".
std::string NepalDate(Instant t);
// True for a real proleptic Gregorian date written YYYY-MM-DD (2026-02-30 is not).
bool IsIsoDate(std::string_view text);
// Days since 1970-01-01 for a proleptic Gregorian date, and back.
int64_t DaysFromCivil(int y, unsigned m, unsigned d);

}  // namespace samman
