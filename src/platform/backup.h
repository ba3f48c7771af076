// Backup: a consistent copy of a live database. SQLite: VACUUM INTO (online, the server may keep
// running); PostgreSQL: pg_dump in custom format. The key file is not included: it is kept apart on
// purpose.
#pragma once

#include <string>

#include "common/error.h"
#include "db/database.h"

namespace samman::platform {

Result<void> Backup(db::Database& db, const std::string& url, const std::string& out_path);

}  // namespace samman::platform
