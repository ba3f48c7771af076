#include "db/migrate.h"

#include <algorithm>
#include <cstdlib>

#include "common/embedded.h"
#include "common/time.h"

namespace samman::db {
namespace {

// "migrations/0002_refdata.postgres.sql" -> version 2, name "0002_refdata", engine "postgres".
struct FileName {
  int version = 0;
  std::string name;
  std::string engine;  // "", "sqlite" or "postgres"
};

std::optional<FileName> ParseFileName(std::string_view path) {
  constexpr std::string_view kDir = "migrations/";
  if (path.rfind(kDir, 0) != 0 || path.size() < kDir.size() + 9) return std::nullopt;
  std::string_view file = path.substr(kDir.size());
  if (file.size() < 5 || file.substr(file.size() - 4) != ".sql") return std::nullopt;
  file.remove_suffix(4);
  FileName out;
  if (auto dot = file.find('.'); dot != std::string_view::npos) {
    out.engine = std::string(file.substr(dot + 1));
    file = file.substr(0, dot);
  }
  out.version = std::atoi(std::string(file.substr(0, 4)).c_str());
  out.name = std::string(file);
  if (out.version <= 0) return std::nullopt;
  return out;
}

constexpr const char* kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";

}  // namespace

std::vector<Migration> BuiltInMigrations(Engine engine) {
  const std::string wanted = engine == Engine::kSqlite ? "sqlite" : "postgres";
  std::map<int, Migration> by_version;
  std::map<int, bool> specific;
  for (const auto& [path, content] : embedded::All()) {
    auto f = ParseFileName(path);
    if (!f || (!f->engine.empty() && f->engine != wanted)) continue;
    bool is_specific = !f->engine.empty();
    if (by_version.count(f->version) && specific[f->version] && !is_specific) continue;
    by_version[f->version] = Migration{f->version, f->name, std::string(content)};
    specific[f->version] = is_specific;
  }
  std::vector<Migration> out;
  for (auto& [v, m] : by_version) out.push_back(std::move(m));
  return out;
}

int CurrentVersion(Database& db) {
  return db.Write([](Connection& c) {
    c.Query(kCreateTable);
    auto rs = c.Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    return static_cast<int>(rs[0].Int(0));
  });
}

Result<MigrationReport> Migrate(Database& db, const DataHooks& hooks) {
  auto migrations = BuiltInMigrations(db.engine());
  const int newest = migrations.empty() ? 0 : migrations.back().version;
  MigrationReport report;
  report.from_version = CurrentVersion(db);
  report.to_version = report.from_version;
  if (report.from_version > newest) {
    return Fail({ErrorCode::kUnavailable,
                 "the database is at schema version " + std::to_string(report.from_version) +
                     " but this samman knows only up to " + std::to_string(newest) +
                     "; run a newer samman",
                 {},
                 {}});
  }
  for (const auto& m : migrations) {
    bool applied = db.Write([&](Connection& c) {
      // Several servers may start together on one PostgreSQL: one migrates, the others wait and
      // skip.
      if (c.engine() == Engine::kPostgres) c.Query("SELECT pg_advisory_xact_lock(727272)");
      auto done = c.Query("SELECT 1 FROM schema_migrations WHERE version = $1",
                          {static_cast<int64_t>(m.version)});
      if (!done.empty()) return false;
      c.ExecScript(m.sql);
      if (auto hook = hooks.find(m.version); hook != hooks.end()) hook->second(c);
      c.Query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
              {static_cast<int64_t>(m.version), m.name, FormatInstant(SystemClock().Now())});
      return true;
    });
    if (applied) {
      report.applied.push_back(m.name);
      report.to_version = m.version;
    }
  }
  report.to_version = std::max(report.to_version, CurrentVersion(db));
  db.RebuildDeferredIndexes();
  return report;
}

}  // namespace samman::db
