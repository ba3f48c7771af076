#include "db/database.h"

#include <cassert>
#include <charconv>

#include "db/postgres.h"
#include "db/sqlite.h"

namespace samman::db {

const char* EngineName(Engine e) { return e == Engine::kSqlite ? "sqlite" : "postgresql"; }

const std::string& Row::Str(size_t i) const {
  static const std::string kEmpty;
  const auto& cell = (*cells_)[i];
  return cell ? *cell : kEmpty;
}

std::optional<std::string> Row::OptStr(size_t i) const { return (*cells_)[i]; }

int64_t Row::Int(size_t i) const {
  const auto& cell = (*cells_)[i];
  if (!cell || cell->empty()) return 0;
  const std::string& s = *cell;
  if (s == "t") return 1;  // PostgreSQL boolean
  if (s == "f") return 0;
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc())
    throw DbError(DbError::Kind::kOther, "not an integer: column " + std::to_string(i));
  return v;
}

std::optional<double> Row::OptDouble(size_t i) const {
  const auto& cell = (*cells_)[i];
  if (!cell || cell->empty()) return std::nullopt;
  double v = 0;
  auto [ptr, ec] = std::from_chars(cell->data(), cell->data() + cell->size(), v);
  if (ec != std::errc())
    throw DbError(DbError::Kind::kOther, "not a number: column " + std::to_string(i));
  return v;
}

void Database::SetBulkLoad(bool on) {
  if (!on) {
    RebuildDeferredIndexes();
    SetBulkDurability(false);
    return;
  }
  Write([](Connection& c) {
    auto indexes = c.Query(
        c.engine() == Engine::kSqlite
            ? "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
              " AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name"
            : "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
              " AND indexdef NOT LIKE 'CREATE UNIQUE%' ORDER BY indexname");
    for (size_t i = 0; i < indexes.size(); ++i) {
      c.Query("INSERT INTO deferred_indexes (name, definition) VALUES ($1, $2)",
              {indexes[i].Str(0), indexes[i].Str(1)});
      // A name from the catalogue (our migrations' own), never from a request.
      c.ExecScript("DROP INDEX \"" + indexes[i].Str(0) + "\"");
    }
  });
  SetBulkDurability(true);
}

void Database::RebuildDeferredIndexes() {
  auto pending = Read(
      [](Connection& c) { return c.Query("SELECT COUNT(*) FROM deferred_indexes")[0].Int(0); });
  if (pending == 0) return;
  SetIndexBuild(true);
  try {
    // One index a transaction, struck off the list as it commits: a start that dies midway keeps
    // what it built, SQLite's log is copied into the database between builds rather than after a
    // gigabyte of them, and servers starting together take the indexes in turn.
    for (bool built = true; built;) {
      built = Write([](Connection& c) {
        if (c.engine() == Engine::kPostgres) {
          c.Query("SELECT pg_advisory_xact_lock(727273)");
          // PostgreSQL sorts in maintenance_work_mem, 64 MB by default: a larger one spills less.
          c.Query("SET LOCAL maintenance_work_mem = '256MB'");
        }
        auto next = c.Query("SELECT name, definition FROM deferred_indexes ORDER BY name LIMIT 1");
        if (next.empty()) return false;
        constexpr std::string_view kCreate = "CREATE INDEX ";
        std::string definition = next[0].Str(1);
        if (definition.compare(0, kCreate.size(), kCreate) == 0) {
          definition.insert(kCreate.size(), "IF NOT EXISTS ");
        }
        c.ExecScript(definition);
        c.Query("DELETE FROM deferred_indexes WHERE name = $1", {next[0].Str(0)});
        return true;
      });
    }
  } catch (...) {
    SetIndexBuild(false);
    throw;
  }
  SetIndexBuild(false);
}

void Database::WriteInGroup(GroupedWrite& w) {
  auto lease = Acquire(/*write=*/true);
  Connection& c = **lease;
  try {
    Begin(c, /*write=*/true);
    c.Query(w.run(c) ? "COMMIT" : "ROLLBACK");
  } catch (...) {
    w.error = std::current_exception();
    try {
      c.Query("ROLLBACK");
    } catch (...) {
    }
  }
}

void InsertRows(Connection& c, std::string_view head, std::vector<Params>&& rows) {
  if (rows.empty()) return;
  if (rows.size() >= kInsertChunk) {
    constexpr std::string_view kInto = "INSERT INTO ", kValues = " VALUES";
    assert(head.starts_with(kInto) && head.ends_with(kValues));
    if (c.CopyRows(head.substr(kInto.size(), head.size() - kInto.size() - kValues.size()), rows)) {
      return;
    }
  }
  const size_t columns = rows.front().size();
  auto statement = [&](size_t n) {
    std::string sql(head);
    size_t p = 0;
    for (size_t r = 0; r < n; ++r) {
      sql += r ? ", (" : " (";
      for (size_t col = 0; col < columns; ++col) {
        sql += (col ? ", $" : "$") + std::to_string(++p);
      }
      sql += ")";
    }
    return sql;
  };
  size_t at = 0;
  if (rows.size() >= kInsertChunk) {
    const std::string chunk = statement(kInsertChunk);
    Params params;
    for (; at + kInsertChunk <= rows.size(); at += kInsertChunk) {
      params.clear();
      params.reserve(columns * kInsertChunk);
      for (size_t r = at; r < at + kInsertChunk; ++r) {
        for (auto& v : rows[r]) params.push_back(std::move(v));
      }
      c.Query(chunk, params);
    }
  }
  if (at < rows.size()) {
    const std::string one = statement(1);
    for (; at < rows.size(); ++at) c.Query(one, rows[at]);
  }
}

std::unique_ptr<Database> Database::Open(const std::string& url, int pool_size) {
  if (url.rfind("sqlite:", 0) == 0) return OpenSqlite(url.substr(7), pool_size);
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return OpenPostgres(url, pool_size);
  }
  if (url.rfind("postgresql:", 0) == 0) return OpenPostgres(url.substr(11), pool_size);
  throw DbError(DbError::Kind::kConnection,
                "unknown database URL scheme (use sqlite:PATH or postgresql://...)");
}

}  // namespace samman::db
