#include "stats/store.h"

#include "common/ids.h"

namespace samman::stats::store {

double EpsilonSpent(db::Connection& c, const std::string& dataset) {
  // Two servers spending on one dataset at once must not both see the old total. (SQLite has one
  // writer already.)
  if (c.engine() == db::Engine::kPostgres) {
    c.Query("SELECT pg_advisory_xact_lock(hashtext($1))", {dataset});
  }
  auto rs = c.Query("SELECT SUM(epsilon) FROM stats_privacy_ledger WHERE dataset = $1", {dataset});
  auto v = rs[0].OptDouble(0);
  return v.value_or(0);
}

void RecordSpend(db::Connection& c, const std::string& dataset, double epsilon,
                 const std::string& user_id, const std::string& now) {
  c.Query(
      "INSERT INTO stats_privacy_ledger (id, dataset, epsilon, user_id, spent_at) VALUES ($1, $2, "
      "$3, $4, $5)",
      {NewId(), dataset, epsilon, db::EmptyAsNull(user_id), now});
}

}  // namespace samman::stats::store
