#include "jobs/store.h"

namespace samman::jobs::store {
namespace {

constexpr const char* kColumns =
    "id, kind, payload, status, run_at, attempts, max_attempts, every_seconds, last_error";

Job FromRow(const db::Row& r) {
  return Job{r.Str(0),
             r.Str(1),
             r.Str(2),
             r.Str(3),
             r.Str(4),
             static_cast<int>(r.Int(5)),
             static_cast<int>(r.Int(6)),
             r.Int(7),
             r.Str(8)};
}

}  // namespace

void Insert(db::Connection& c, const Job& j, const std::string& unique_key,
            const std::string& now) {
  c.Query(
      "INSERT INTO jobs (id, kind, payload, status, run_at, max_attempts, every_seconds, "
      "unique_key, created_at, updated_at) VALUES ($1, $2, $3, 'pending', $4, $5, $6, $7, $8, $8)",
      {j.id, j.kind, j.payload, j.run_at, static_cast<int64_t>(j.max_attempts),
       j.every_seconds > 0 ? db::Param(j.every_seconds) : db::Param(nullptr),
       unique_key.empty() ? db::Param(nullptr) : db::Param(unique_key), now});
}

bool ExistsUnique(db::Connection& c, const std::string& unique_key) {
  return !c.Query("SELECT 1 FROM jobs WHERE unique_key = $1", {unique_key}).empty();
}

std::optional<Job> ClaimNext(db::Connection& c, const std::string& owner, const std::string& now,
                             const std::string& lease_until) {
  // Due pending jobs, and running jobs whose server stopped renewing its lease.
  const std::string pick =
      "SELECT id FROM jobs WHERE (status = 'pending' AND run_at <= $2) "
      "OR (status = 'running' AND lease_until < $2) ORDER BY run_at LIMIT 1";
  const std::string sql =
      "UPDATE jobs SET status = 'running', lease_owner = $1, lease_until = $3, "
      "attempts = attempts + 1, updated_at = $2 WHERE id = (" +
      pick + (c.engine() == db::Engine::kPostgres ? " FOR UPDATE SKIP LOCKED" : "") +
      ") RETURNING " + kColumns;
  auto rs = c.Query(sql, {owner, now, lease_until});
  if (rs.empty()) return std::nullopt;
  return FromRow(rs[0]);
}

int64_t Finish(db::Connection& c, const std::string& id, const std::string& owner,
               const std::string& status, const std::string& next_run_at, const std::string& error,
               const std::string& now) {
  return c
      .Query(
          "UPDATE jobs SET status = $3, run_at = $4, last_error = $5, updated_at = $6, "
          "lease_owner = NULL, lease_until = NULL, "
          "attempts = CASE WHEN $3 = 'pending' AND every_seconds IS NOT NULL AND $5 = '' "
          "THEN 0 ELSE attempts END "
          "WHERE id = $1 AND lease_owner = $2 AND status = 'running'",
          {id, owner, status, next_run_at, error, now})
      .affected;
}

std::optional<Job> Get(db::Connection& c, const std::string& id) {
  auto rs = c.Query(std::string("SELECT ") + kColumns + " FROM jobs WHERE id = $1", {id});
  if (rs.empty()) return std::nullopt;
  return FromRow(rs[0]);
}

Stats Count(db::Connection& c) {
  auto rs = c.Query("SELECT status, COUNT(*) FROM jobs GROUP BY status");
  Stats s;
  for (size_t i = 0; i < rs.size(); ++i) {
    const std::string& st = rs[i].Str(0);
    int64_t n = rs[i].Int(1);
    if (st == "pending") s.pending = n;
    if (st == "running") s.running = n;
    if (st == "failed") s.failed = n;
    if (st == "done") s.done = n;
  }
  return s;
}

}  // namespace samman::jobs::store
