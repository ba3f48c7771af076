// Jobs store: the jobs table. Claiming uses a lease (owner + expiry) so a crashed server's job is
// taken over, and FOR UPDATE SKIP LOCKED on PostgreSQL so two servers never claim the same job.
#pragma once

#include <optional>
#include <vector>

#include "db/database.h"
#include "jobs/model.h"

namespace samman::jobs::store {

void Insert(db::Connection& c, const Job& j, const std::string& unique_key, const std::string& now);
bool ExistsUnique(db::Connection& c, const std::string& unique_key);
std::optional<Job> ClaimNext(db::Connection& c, const std::string& owner, const std::string& now,
                             const std::string& lease_until);
// Each returns rows changed: 0 when the lease was lost to another server.
int64_t Finish(db::Connection& c, const std::string& id, const std::string& owner,
               const std::string& status, const std::string& next_run_at, const std::string& error,
               const std::string& now);
std::optional<Job> Get(db::Connection& c, const std::string& id);
Stats Count(db::Connection& c);

}  // namespace samman::jobs::store
