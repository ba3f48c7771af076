#include "jobs/service.h"

#include <spdlog/spdlog.h>

#include "common/ids.h"
#include "jobs/store.h"

namespace samman::jobs {

void Runner::Register(const std::string& kind, Handler handler) {
  handlers_[kind] = std::move(handler);
}

std::string Runner::Enqueue(db::Connection& c, const std::string& kind, const std::string& payload,
                            Instant run_at, int max_attempts) const {
  Job j;
  j.id = NewId();
  j.kind = kind;
  j.payload = payload.empty() ? "{}" : payload;
  j.run_at = FormatInstant(run_at);
  j.max_attempts = max_attempts;
  store::Insert(c, j, "", FormatInstant(clock_.Now()));
  return j.id;
}

void Runner::Schedule(const std::string& kind, int64_t every_seconds) {
  const std::string key = "schedule:" + kind;
  db_.Write([&](db::Connection& c) {
    if (c.engine() == db::Engine::kPostgres) c.Query("SELECT pg_advisory_xact_lock(727273)");
    if (store::ExistsUnique(c, key)) return;
    Job j;
    j.id = NewId();
    j.kind = kind;
    j.payload = "{}";
    j.run_at = FormatInstant(clock_.Now());
    j.every_seconds = every_seconds;
    store::Insert(c, j, key, j.run_at);
  });
}

int Runner::RunDue(int max) {
  int ran = 0;
  while (ran < max) {
    Instant now = clock_.Now();
    auto job = db_.Write([&](db::Connection& c) {
      return store::ClaimNext(c, owner_, FormatInstant(now),
                              FormatInstant(now + std::chrono::seconds(lease_seconds_)));
    });
    if (!job) break;
    ++ran;
    Result<void> result = Fail(Error::Invalid("no handler for job kind " + job->kind));
    if (auto it = handlers_.find(job->kind); it != handlers_.end()) {
      try {
        result = it->second(*job);
      } catch (const std::exception& e) {
        result = Fail(Error::Invalid(std::string("exception: ") + e.what()));
      }
    }
    Instant done = clock_.Now();
    std::string status = "done";
    std::string next = FormatInstant(done);
    std::string error;
    if (!result) {
      error = result.error().detail;
      if (job->attempts >= job->max_attempts) {
        status = job->every_seconds > 0 ? "pending" : "failed";
        next =
            FormatInstant(done + std::chrono::seconds(std::max<int64_t>(job->every_seconds, 60)));
      } else {
        status = "pending";
        next = FormatInstant(done + std::chrono::seconds(5LL << std::min(job->attempts, 10)));
      }
      spdlog::warn("job {} ({}) attempt {} failed: {}", job->id, job->kind, job->attempts, error);
    } else if (job->every_seconds > 0) {
      status = "pending";
      next = FormatInstant(done + std::chrono::seconds(job->every_seconds));
    }
    db_.Write([&](db::Connection& c) {
      if (store::Finish(c, job->id, owner_, status, next, error, FormatInstant(done)) == 0) {
        spdlog::warn("job {} ({}) lost its lease while running", job->id, job->kind);
      }
    });
  }
  return ran;
}

void Runner::Start(std::chrono::milliseconds interval) {
  thread_ = std::thread([this, interval] {
    std::unique_lock lock(mu_);
    while (!stop_) {
      lock.unlock();
      try {
        RunDue();
      } catch (const std::exception& e) {
        spdlog::error("job runner: {}", e.what());
      }
      lock.lock();
      cv_.wait_for(lock, interval, [this] { return stop_; });
    }
  });
}

void Runner::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::optional<Job> Runner::Get(const std::string& id) const {
  return db_.Read([&](db::Connection& c) { return store::Get(c, id); });
}

Stats Runner::Count() const {
  return db_.Read([&](db::Connection& c) { return store::Count(c); });
}

}  // namespace samman::jobs
