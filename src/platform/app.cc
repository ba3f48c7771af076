#include "platform/app.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "audit/api.h"
#include "cases/api.h"
#include "common/embedded.h"
#include "db/migrate.h"
#include "directory/api.h"
#include "http/handler_util.h"
#include "identity/api.h"
#include "refdata/api.h"
#include "referrals/api.h"
#include "stats/api.h"

namespace samman::platform {
namespace {

std::string DefaultStaticDir() {
  for (const std::string& dir :
       {std::string("web/dist"), std::string(SAMMAN_SOURCE_DIR) + "/web/dist"}) {
    if (std::filesystem::exists(dir + "/index.html")) return dir;
  }
  return "";
}

}  // namespace

Result<std::unique_ptr<App>> App::Open(const Config& config, const Clock& clock) {
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec) return Fail(Error::Invalid("cannot create data directory " + config.data_dir));
  ::chmod(config.data_dir.c_str(), 0700);
  auto keys = crypto::KeyRing::LoadOrCreate(config.KeyFile());
  if (!keys) return Fail(keys.error());
  std::unique_ptr<App> app(new App(config, std::move(*keys)));
  app->db_ = db::Database::Open(config.DatabaseUrl(), config.db_pool);
  auto migrated = db::Migrate(*app->db_, refdata::DataHooks());
  if (!migrated) return Fail(migrated.error());

  app->audit_ = std::make_unique<audit::Service>(*app->db_, app->keys_, clock);
  app->refdata_ = std::make_unique<refdata::Service>(*app->db_);
  app->identity_ = std::make_unique<identity::Service>(*app->db_, app->keys_, clock, *app->audit_,
                                                       *app->refdata_, config.identity);
  app->cases_ = std::make_unique<cases::Service>(*app->db_, app->keys_, clock, *app->audit_,
                                                 *app->refdata_, *app->identity_);
  app->cases_->RebuildMissingFactsOnce();  // cases written before statistics existed
  app->cases_->RebuildNameKeysOnce();      // persons written before name pairs had keys
  app->directory_ =
      std::make_unique<directory::Service>(*app->db_, clock, *app->audit_, *app->refdata_);
  app->referrals_ = std::make_unique<referrals::Service>(*app->db_, app->keys_, clock, *app->audit_,
                                                         *app->cases_, *app->directory_);
  app->stats_ = std::make_unique<stats::Service>(*app->db_, clock, *app->audit_, *app->refdata_,
                                                 *app->cases_, *app->referrals_, config.stats);
  char host[256] = {0};
  ::gethostname(host, sizeof host - 1);
  app->jobs_ = std::make_unique<jobs::Runner>(*app->db_, clock,
                                              std::string(host) + ":" + std::to_string(::getpid()));
  identity::Service* ids = app->identity_.get();
  app->jobs_->Register("sessions.purge", [ids](const jobs::Job&) -> Result<void> {
    ids->PurgeSessions();
    return {};
  });
  referrals::Service* refs = app->referrals_.get();
  app->jobs_->Register("referrals.expire", [refs](const jobs::Job&) -> Result<void> {
    refs->ExpireOverdue();
    return {};
  });

  app->RegisterPlatformRoutes();
  identity::RegisterRoutes(app->router_, *app->identity_, {config.secure_cookies});
  audit::RegisterRoutes(app->router_, *app->audit_, *app->identity_);
  refdata::RegisterRoutes(app->router_, *app->refdata_);
  cases::RegisterRoutes(app->router_, *app->cases_, *app->identity_);
  directory::RegisterRoutes(app->router_, *app->directory_, *app->identity_);
  directory::RegisterHsdsRoutes(app->router_, *app->directory_, *app->identity_, *app->refdata_);
  referrals::RegisterRoutes(app->router_, *app->referrals_, *app->identity_);
  stats::RegisterRoutes(app->router_, *app->stats_, *app->identity_);

  std::string static_dir = config.static_dir.empty() ? DefaultStaticDir() : config.static_dir;
  auto files = static_dir.empty() ? nullptr : std::make_unique<http::StaticFiles>(static_dir);
  app->pipeline_ = std::make_unique<http::Pipeline>(app->router_, std::move(files), app->metrics_);

  db::Database* database = app->db_.get();
  app->metrics_.AddGauge("samman_db_connections", "Database connections by state.", "gauge",
                         [database] {
                           auto s = database->Stats();
                           return std::vector<http::Metrics::Sample>{
                               {"state=\"in_use\"", static_cast<double>(s.in_use)},
                               {"state=\"idle\"", static_cast<double>(s.size - s.in_use)}};
                         });
  app->metrics_.AddGauge(
      "samman_db_acquisitions_total", "Connections lent to transactions, and how many had to wait.",
      "counter", [database] {
        auto s = database->Stats();
        return std::vector<http::Metrics::Sample>{
            {"waited=\"false\"", static_cast<double>(s.acquired_total - s.waited_total)},
            {"waited=\"true\"", static_cast<double>(s.waited_total)}};
      });
  app->metrics_.AddGauge("samman_db_writes_total", "Write transactions asked for.", "counter",
                         [database] {
                           return std::vector<http::Metrics::Sample>{
                               {"", static_cast<double>(database->Stats().writes_total)}};
                         });
  app->metrics_.AddGauge("samman_db_writes_waiting", "Writes waiting to be committed together.",
                         "gauge", [database] {
                           return std::vector<http::Metrics::Sample>{
                               {"", static_cast<double>(database->Stats().writes_waiting)}};
                         });
  app->metrics_.AddGauge("samman_db_commits_total",
                         "Commits those writes took: fewer on SQLite, which commits writes that "
                         "wait together at once.",
                         "counter", [database] {
                           return std::vector<http::Metrics::Sample>{
                               {"", static_cast<double>(database->Stats().commits_total)}};
                         });
  jobs::Runner* runner = app->jobs_.get();
  app->metrics_.AddGauge("samman_jobs", "Background jobs by status.", "gauge", [runner] {
    auto s = runner->Count();
    return std::vector<http::Metrics::Sample>{
        {"status=\"pending\"", static_cast<double>(s.pending)},
        {"status=\"running\"", static_cast<double>(s.running)},
        {"status=\"failed\"", static_cast<double>(s.failed)},
        {"status=\"done\"", static_cast<double>(s.done)}};
  });
  return app;
}

void App::RegisterPlatformRoutes() {
  router_.Get("/healthz", http::Public([this](http::Request&) -> Result<http::Response> {
                // A trivial read proves the database answers, not just that the process is up.
                db_->Read([](db::Connection& c) { c.Query("SELECT 1"); });
                return http::Response::Json(200, {{"status", "ok"},
                                                  {"database", db::EngineName(db_->engine())},
                                                  {"version", SAMMAN_VERSION}});
              }));
  router_.Get("/metrics", http::Public([this](http::Request&) -> Result<http::Response> {
                return http::Response::Text(200, metrics_.Render(),
                                            "text/plain; version=0.0.4; charset=utf-8");
              }));
  router_.Get("/api/v1/openapi.json", http::Public([](http::Request&) -> Result<http::Response> {
                auto doc = embedded::Find("docs/api/openapi.json");
                if (!doc) return Fail(Error::NotFound("the OpenAPI document is not built in"));
                return http::Response::Text(200, std::string(*doc), "application/json");
              }));
}

}  // namespace samman::platform
