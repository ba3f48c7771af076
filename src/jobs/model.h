// Background job model: a row in the jobs table, run at or after run_at by whichever server claims
// it.
#pragma once

#include <cstdint>
#include <string>

namespace samman::jobs {

struct Job {
  std::string id;
  std::string kind;
  std::string payload;  // JSON text
  std::string status;   // pending | running | done | failed
  std::string run_at;
  int attempts = 0;
  int max_attempts = 5;
  int64_t every_seconds = 0;  // > 0: a schedule, re-armed after each run
  std::string last_error;
};

struct Stats {
  int64_t pending = 0;
  int64_t running = 0;
  int64_t failed = 0;
  int64_t done = 0;
};

}  // namespace samman::jobs
