// Statistics store: the differential-privacy ledger (stats_privacy_ledger). Runs inside the
// caller's transaction.
#pragma once

#include <string>

#include "db/database.h"

namespace samman::stats::store {

double EpsilonSpent(db::Connection& c, const std::string& dataset);
void RecordSpend(db::Connection& c, const std::string& dataset, double epsilon,
                 const std::string& user_id, const std::string& now);

}  // namespace samman::stats::store
