// Schema migrations: the numbered SQL files under migrations/ (embedded in the binary), each
// applied once, in order, inside its own transaction, and recorded in schema_migrations. A data
// hook may follow a migration's SQL in the same transaction (reference data loads). Call from one
// thread at start-up.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "common/error.h"
#include "db/database.h"

namespace samman::db {

struct Migration {
  int version = 0;
  std::string name;
  std::string sql;  // the engine-specific file when one exists, else the portable one
};

using DataHooks = std::map<int, std::function<void(Connection&)>>;

// The migrations built into this binary for an engine, ordered by version.
std::vector<Migration> BuiltInMigrations(Engine engine);

struct MigrationReport {
  int from_version = 0;
  int to_version = 0;
  std::vector<std::string> applied;  // "0002_refdata"
};

// Applies what is missing, then builds any index a bulk load dropped and did not live to rebuild
// (Database::RebuildDeferredIndexes). Fails (kUnavailable) without touching anything when the
// database holds a migration newer than this binary knows: an older binary must not run against a
// newer schema.
Result<MigrationReport> Migrate(Database& db, const DataHooks& hooks);

// The highest applied migration, 0 for an empty database.
int CurrentVersion(Database& db);

}  // namespace samman::db
