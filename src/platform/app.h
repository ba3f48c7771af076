// App: one running Samman — database, keys, services, routes and the request pipeline — assembled
// from a Config. Owns everything it builds; Handle may be called from any thread once Open returns.
#pragma once

#include <memory>

#include "audit/service.h"
#include "cases/service.h"
#include "common/crypto.h"
#include "db/database.h"
#include "directory/service.h"
#include "http/metrics.h"
#include "http/pipeline.h"
#include "http/router.h"
#include "identity/service.h"
#include "jobs/service.h"
#include "platform/config.h"
#include "refdata/service.h"
#include "referrals/service.h"
#include "stats/service.h"

namespace samman::platform {

class App {
 public:
  // Creates the data directory and key file when missing, connects, migrates and builds the
  // services. Errors (bad key file, newer schema, unreachable database) come back as values.
  static Result<std::unique_ptr<App>> Open(const Config& config, const Clock& clock);

  http::Response Handle(http::Request& req) const { return pipeline_->Handle(req); }

  const Config& config() const { return config_; }
  db::Database& db() { return *db_; }
  const crypto::KeyRing& keys() const { return keys_; }
  audit::Service& audit() { return *audit_; }
  refdata::Service& refdata() { return *refdata_; }
  identity::Service& identity() { return *identity_; }
  jobs::Runner& jobs() { return *jobs_; }
  cases::Service& cases() { return *cases_; }
  directory::Service& directory() { return *directory_; }
  referrals::Service& referrals() { return *referrals_; }
  stats::Service& stats() { return *stats_; }
  const http::Router& router() const { return router_; }

 private:
  App(Config config, crypto::KeyRing keys) : config_(std::move(config)), keys_(std::move(keys)) {}
  void RegisterPlatformRoutes();

  Config config_;
  crypto::KeyRing keys_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<audit::Service> audit_;
  std::unique_ptr<refdata::Service> refdata_;
  std::unique_ptr<identity::Service> identity_;
  std::unique_ptr<jobs::Runner> jobs_;
  std::unique_ptr<cases::Service> cases_;
  std::unique_ptr<directory::Service> directory_;
  std::unique_ptr<referrals::Service> referrals_;
  std::unique_ptr<stats::Service> stats_;
  http::Router router_;
  http::Metrics metrics_;
  std::unique_ptr<http::Pipeline> pipeline_;
};

}  // namespace samman::platform
