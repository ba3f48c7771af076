// db::Database: one interface over SQLite and PostgreSQL. A Database owns its connections (a pool);
// Write and Read lend one to a callable inside a transaction. SQL is written once with $1..$N
// placeholders and portable types (TEXT, BIGINT, INTEGER 0/1 flags, ISO-8601 UTC text instants).
// Any thread may call. Failures of the database itself throw db::DbError; callers return expected
// errors as values.
#pragma once

#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <type_traits>
#include <variant>
#include <vector>

namespace samman::db {

enum class Engine { kSqlite, kPostgres };
const char* EngineName(Engine e);  // "sqlite" | "postgresql"

using Param = std::variant<std::nullptr_t, int64_t, double, std::string>;
using Params = std::vector<Param>;

// Params from values, moving those that can be moved (an initializer list would copy every one).
template <typename... T>
Params MakeParams(T&&... values) {
  Params params;
  params.reserve(sizeof...(values));
  (params.emplace_back(std::forward<T>(values)), ...);
  return params;
}

// An optional text parameter: null when absent.
inline Param Nullable(const std::optional<std::string>& v) {
  return v ? Param(*v) : Param(nullptr);
}
// "" and absent values are stored as NULL.
inline Param EmptyAsNull(const std::string& s) { return s.empty() ? Param(nullptr) : Param(s); }
inline Param EmptyAsNull(std::string&& s) {
  return s.empty() ? Param(nullptr) : Param(std::move(s));
}
inline Param Nullable(const std::optional<int>& v) {
  return v ? Param(static_cast<int64_t>(*v)) : Param(nullptr);
}
inline Param Nullable(const std::optional<double>& v) { return v ? Param(*v) : Param(nullptr); }

class DbError : public std::runtime_error {
 public:
  enum class Kind { kUniqueViolation, kForeignKeyViolation, kConnection, kOther };
  DbError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// Rows materialised as text, the same on both engines. Integers parse on access.
class Row {
 public:
  explicit Row(const std::vector<std::optional<std::string>>* cells) : cells_(cells) {}
  bool IsNull(size_t i) const { return !(*cells_)[i].has_value(); }
  const std::string& Str(size_t i) const;  // "" when null
  std::optional<std::string> OptStr(size_t i) const;
  int64_t Int(size_t i) const;  // 0 when null
  bool Bool(size_t i) const { return Int(i) != 0; }
  std::optional<int> OptInt(size_t i) const {
    return IsNull(i) ? std::nullopt : std::optional<int>(static_cast<int>(Int(i)));
  }
  std::optional<double> OptDouble(size_t i) const;

 private:
  const std::vector<std::optional<std::string>>* cells_;
};

struct ResultSet {
  std::vector<std::vector<std::optional<std::string>>> rows;
  int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE

  bool empty() const { return rows.empty(); }
  size_t size() const { return rows.size(); }
  Row operator[](size_t i) const { return Row(&rows[i]); }
};

// One session with the database. Used only by the thread that holds it.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Engine engine() const = 0;
  // Runs one parameterised statement. Throws DbError.
  virtual ResultSet Query(std::string_view sql, const Params& params = {}) = 0;
  // Runs a script of several statements without parameters (migrations).
  virtual void ExecScript(std::string_view sql) = 0;
  // Appends rows to table_columns ("t (a, b, c)") in one stream where the engine has one
  // (PostgreSQL's COPY) and returns true; returns false, having done nothing, where it has not.
  // Throws DbError.
  virtual bool CopyRows(std::string_view /*table_columns*/, const std::vector<Params>& /*rows*/) {
    return false;
  }
};

// Inserts rows with multi-row statements: head is "INSERT INTO t (a, b, c) VALUES" (constant
// SQL), and every row has one value per column. Rows go in chunks of kInsertChunk, the rest one by
// one, so only two statements per table are ever prepared; on PostgreSQL, kInsertChunk rows or
// more go in one COPY instead. The values are moved out, not copied; the emptied rows stay the
// caller's to free.
// Throws DbError.
inline constexpr size_t kInsertChunk = 64;
void InsertRows(Connection& c, std::string_view head, std::vector<Params>&& rows);

struct PoolStats {
  int64_t size = 0;
  int64_t in_use = 0;
  int64_t acquired_total = 0;
  int64_t waited_total = 0;    // acquisitions that had to wait for a free connection
  int64_t writes_total = 0;    // Write calls run
  int64_t commits_total = 0;   // write transactions they ran in (fewer when writes are grouped)
  int64_t writes_waiting = 0;  // writes waiting for the group that will run them (SQLite)
};

template <typename T>
struct IsExpected : std::false_type {};
template <typename T, typename E>
struct IsExpected<tl::expected<T, E>> : std::true_type {};

class Database {
 public:
  virtual ~Database() = default;

  // Opens "sqlite:PATH" or "postgresql://..." (also "postgres://", or a libpq "host=..." string
  // prefixed with "postgresql:"). Throws DbError when the database cannot be reached.
  static std::unique_ptr<Database> Open(const std::string& url, int pool_size);

  virtual Engine engine() const = 0;
  virtual PoolStats Stats() const = 0;
  // SQLite: copies the live database to path with the online backup API (writers wait meanwhile).
  // PostgreSQL: throws; use pg_dump. Throws DbError.
  virtual void BackupTo(const std::string& path) = 0;
  // Trades durability for speed while an empty database is filled in bulk (samman demo): SQLite
  // stops syncing to disk and looking up foreign keys, PostgreSQL commits without waiting for its
  // WAL flush, and the secondary indexes that enforce nothing (all but the unique ones) are
  // dropped, their definitions kept in deferred_indexes, because one sorted pass at the end is
  // far cheaper than a million inserts into each. Turning it off again rebuilds them and makes
  // everything written so far durable (SQLite checkpoints; PostgreSQL's next waiting commit
  // flushes the earlier ones). Queries meanwhile are right but may be slow. Call outside a
  // transaction, from one thread. Throws DbError.
  void SetBulkLoad(bool on);
  // Builds the indexes a bulk load dropped and did not live to rebuild (db::Migrate calls it at
  // every start). Several servers may call it together. Throws DbError.
  void RebuildDeferredIndexes();

  // Runs fn(Connection&) in a read-write transaction and returns once it is committed. Keeps fn's
  // changes when fn returns (and, when it returns a tl::expected, only if it holds a value); undoes
  // them on an error value or an exception (rethrown). On SQLite, which has one writer, writes that
  // arrive while another commits are run together after it, each in a savepoint of its own, in one
  // transaction with one flush to disk (group commit): fn may then run on another caller's thread
  // and sees the changes of the writes before it in the group, never those that were undone.
  template <typename F>
  auto Write(F&& fn) {
    if (GroupsWrites()) return RunGrouped(std::forward<F>(fn));
    return Run(/*write=*/true, std::forward<F>(fn));
  }
  // Like Write, for transactions that only read (a consistent snapshot).
  template <typename F>
  auto Read(F&& fn) {
    return Run(/*write=*/false, std::forward<F>(fn));
  }

 protected:
  class Lease {
   public:
    Lease(Connection* c, std::function<void()> release) : c_(c), release_(std::move(release)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      if (release_) release_();
    }
    Connection& operator*() const { return *c_; }

   private:
    Connection* c_;
    std::function<void()> release_;
  };

  virtual std::unique_ptr<Lease> Acquire(bool write) = 0;
  virtual void Begin(Connection& c, bool write) = 0;
  // The engine's half of SetBulkLoad: whether commits wait for the disk, and any setting that
  // speeds a load (SQLite: a second sorter thread, rarer checkpoints, no foreign-key lookups).
  virtual void SetBulkDurability(bool on) = 0;
  // Settings for building indexes, each in one sorted pass, and back (on SQLite, the writer's).
  // Outside a transaction, from one thread.
  virtual void SetIndexBuild(bool /*on*/) {}

  // One Write for an engine that groups them: run it on the group's connection; it says whether
  // its changes are to be kept. error is set when it threw or when its group could not commit.
  struct GroupedWrite {
    std::function<bool(Connection&)> run;
    std::exception_ptr error;
  };
  virtual bool GroupsWrites() const { return false; }
  // Returns once w has run and its group's transaction has ended. This one runs w alone.
  virtual void WriteInGroup(GroupedWrite& w);

 private:
  template <typename F>
  auto RunGrouped(F&& fn) {
    using R = std::invoke_result_t<F, Connection&>;
    if constexpr (std::is_void_v<R>) {
      GroupedWrite w{[&fn](Connection& c) {
                       fn(c);
                       return true;
                     },
                     nullptr};
      WriteInGroup(w);
      if (w.error) std::rethrow_exception(w.error);
    } else {
      std::optional<R> r;
      GroupedWrite w{[&fn, &r](Connection& c) {
                       r.emplace(fn(c));
                       if constexpr (IsExpected<R>::value) return r->has_value();
                       return true;
                     },
                     nullptr};
      WriteInGroup(w);
      if (w.error) std::rethrow_exception(w.error);
      return std::move(*r);
    }
  }

  template <typename F>
  auto Run(bool write, F&& fn) {
    auto lease = Acquire(write);
    Connection& c = **lease;
    Begin(c, write);
    using R = std::invoke_result_t<F, Connection&>;
    try {
      if constexpr (std::is_void_v<R>) {
        fn(c);
        c.Query("COMMIT");
      } else {
        R r = fn(c);
        bool ok = true;
        if constexpr (IsExpected<R>::value) ok = r.has_value();
        c.Query(ok ? "COMMIT" : "ROLLBACK");
        return r;
      }
    } catch (...) {
      try {
        c.Query("ROLLBACK");
      } catch (...) {
      }
      throw;
    }
  }
};

}  // namespace samman::db
