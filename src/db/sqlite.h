// SQLite backend: one writer connection (writes are serialised in-process and by BEGIN IMMEDIATE
// across processes) and a pool of reader connections, all in WAL mode with foreign keys on.
#pragma once

#include <memory>
#include <string>

#include "db/database.h"

namespace samman::db {

// Opens (creating if needed) the SQLite file at path. Throws DbError.
std::unique_ptr<Database> OpenSqlite(const std::string& path, int readers);

// Rewrites $N placeholders as ?N (SQLite numbers $-parameters by first appearance), leaving string
// literals alone.
std::string TranslatePlaceholders(std::string_view sql);

}  // namespace samman::db
