// Jobs runner: handlers registered by kind; due jobs are claimed under a lease, run, and finished
// (re-armed for schedules, retried with exponential backoff on error, failed after max_attempts).
// Safe with several servers on one PostgreSQL: each job runs once per due time. Register before
// Start; the other methods are thread-safe.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "common/error.h"
#include "common/time.h"
#include "db/database.h"
#include "jobs/model.h"

namespace samman::jobs {

using Handler = std::function<Result<void>(const Job&)>;

class Runner {
 public:
  Runner(db::Database& db, const Clock& clock, std::string owner, int lease_seconds = 300)
      : db_(db), clock_(clock), owner_(std::move(owner)), lease_seconds_(lease_seconds) {}
  ~Runner() { Stop(); }

  void Register(const std::string& kind, Handler handler);

  // Adds a one-off job in the caller's transaction (so it exists only if the change commits).
  std::string Enqueue(db::Connection& c, const std::string& kind, const std::string& payload,
                      Instant run_at, int max_attempts = 5) const;
  // Adds a recurring job once, however many servers call this at start-up.
  void Schedule(const std::string& kind, int64_t every_seconds);

  // Claims and runs due jobs until none is due or max have run; returns how many ran.
  int RunDue(int max = 100);
  // Polls on a background thread every interval until Stop.
  void Start(std::chrono::milliseconds interval);
  void Stop();

  std::optional<Job> Get(const std::string& id) const;
  Stats Count() const;

 private:
  db::Database& db_;
  const Clock& clock_;
  const std::string owner_;
  const int lease_seconds_;
  std::map<std::string, Handler> handlers_;  // written only before Start
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;  // GUARDED_BY(mu_)
};

}  // namespace samman::jobs
