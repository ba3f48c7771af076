// PostgreSQL backend through libpq: a fixed pool of connections; broken connections are reset on
// checkout.
#pragma once

#include <memory>
#include <string>

#include "db/database.h"

namespace samman::db {

// Connects pool_size times to conninfo (a URL or key=value string). Throws DbError.
std::unique_ptr<Database> OpenPostgres(const std::string& conninfo, int pool_size);

}  // namespace samman::db
