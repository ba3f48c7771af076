#include "db/postgres.h"

#include <libpq-fe.h>

#include <atomic>
#include <charconv>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace samman::db {
namespace {

class PgConnection final : public Connection {
 public:
  explicit PgConnection(const std::string& conninfo) {
    conn_ = PQconnectdb(conninfo.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string msg = PQerrorMessage(conn_);
      PQfinish(conn_);
      throw DbError(DbError::Kind::kConnection, "postgresql: cannot connect: " + msg);
    }
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
    ExecScript("SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'");
  }
  ~PgConnection() override { PQfinish(conn_); }

  Engine engine() const override { return Engine::kPostgres; }

  // Reconnects when the server dropped the connection (restart, idle timeout).
  void EnsureAlive() {
    if (PQstatus(conn_) != CONNECTION_OK) {
      PQreset(conn_);
      prepared_.clear();  // a new session has none
    }
  }

  // Each statement is prepared on its first use on this connection and run by name afterwards,
  // so the server parses and plans it once rather than on every request. Statements are put
  // together from constant fragments only, so there are a bounded number of them to keep.
  ResultSet Query(std::string_view sql, const Params& params) override {
    std::vector<std::string> text(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      if (ToText(params[i], text[i])) values[i] = text[i].c_str();
    }
    std::string statement(sql);
    auto it = prepared_.find(statement);
    if (it == prepared_.end()) {
      std::string name = "samman_" + std::to_string(prepared_.size());
      Collect(PQprepare(conn_, name.c_str(), statement.c_str(), static_cast<int>(params.size()),
                        nullptr),
              sql);
      it = prepared_.emplace(std::move(statement), std::move(name)).first;
    }
    PGresult* res = PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(params.size()),
                                   values.data(), nullptr, nullptr, 0);
    return Collect(res, sql);
  }

  // COPY in text format: one line per row, values tab-separated, \N for null, and the four
  // characters the format gives a meaning escaped. Parsed once by the server, not per statement.
  bool CopyRows(std::string_view table_columns, const std::vector<Params>& rows) override {
    const std::string start = "COPY " + std::string(table_columns) + " FROM STDIN";
    PGresult* res = PQexec(conn_, start.c_str());
    if (PQresultStatus(res) != PGRES_COPY_IN) {
      Collect(res, start);  // throws with the server's reason
      throw DbError(DbError::Kind::kOther, "postgresql: COPY did not start: " + start);
    }
    PQclear(res);
    std::string data, value;
    auto send = [&] {
      if (PQputCopyData(conn_, data.data(), static_cast<int>(data.size())) != 1) {
        throw DbError(DbError::Kind::kConnection,
                      std::string("postgresql: COPY failed: ") + PQerrorMessage(conn_));
      }
      data.clear();
    };
    for (const Params& row : rows) {
      for (size_t i = 0; i < row.size(); ++i) {
        if (i) data += '\t';
        if (!ToText(row[i], value)) {
          data += "\\N";
          continue;
        }
        for (char ch : value) {
          switch (ch) {
            case '\\':
              data += "\\\\";
              break;
            case '\n':
              data += "\\n";
              break;
            case '\r':
              data += "\\r";
              break;
            case '\t':
              data += "\\t";
              break;
            default:
              data += ch;
          }
        }
      }
      data += '\n';
      if (data.size() >= (1 << 16)) send();
    }
    if (!data.empty()) send();
    if (PQputCopyEnd(conn_, nullptr) != 1) {
      throw DbError(DbError::Kind::kConnection,
                    std::string("postgresql: COPY failed: ") + PQerrorMessage(conn_));
    }
    PGresult* done = PQgetResult(conn_);
    while (PGresult* more = PQgetResult(conn_)) PQclear(more);  // leaves the connection usable
    Collect(done, start);
    return true;
  }

  void ExecScript(std::string_view sql) override {
    std::string text(sql);
    PGresult* res = PQexec(conn_, text.c_str());
    Collect(res, sql);
  }

 private:
  // A parameter as the text the server parses; false for null.
  static bool ToText(const Param& p, std::string& out) {
    if (std::holds_alternative<std::nullptr_t>(p)) return false;
    if (const auto* n = std::get_if<int64_t>(&p)) {
      out = std::to_string(*n);
    } else if (const auto* d = std::get_if<double>(&p)) {
      char buf[32];
      auto end = std::to_chars(buf, buf + sizeof buf, *d).ptr;  // shortest exact form
      out.assign(buf, end);
    } else {
      out = std::get<std::string>(p);
    }
    return true;
  }

  ResultSet Collect(PGresult* res, std::string_view sql) {
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      const char* state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
      DbError::Kind kind = DbError::Kind::kOther;
      if (state && std::strcmp(state, "23505") == 0) kind = DbError::Kind::kUniqueViolation;
      if (state && std::strcmp(state, "23503") == 0) kind = DbError::Kind::kForeignKeyViolation;
      if (PQstatus(conn_) != CONNECTION_OK) kind = DbError::Kind::kConnection;
      std::string msg = "postgresql: ";
      msg += PQresultErrorMessage(res);
      msg += " in ";
      msg += sql.substr(0, 120);
      PQclear(res);
      throw DbError(kind, msg);
    }
    ResultSet rs;
    int ncol = PQnfields(res);
    int nrow = PQntuples(res);
    rs.rows.reserve(nrow);
    for (int r = 0; r < nrow; ++r) {
      auto& row = rs.rows.emplace_back();
      row.reserve(ncol);
      for (int c = 0; c < ncol; ++c) {
        if (PQgetisnull(res, r, c)) {
          row.emplace_back(std::nullopt);
        } else {
          row.emplace_back(std::string(PQgetvalue(res, r, c), PQgetlength(res, r, c)));
        }
      }
    }
    const char* tuples = PQcmdTuples(res);
    rs.affected = (tuples && *tuples) ? std::atoll(tuples) : 0;
    PQclear(res);
    return rs;
  }

  PGconn* conn_ = nullptr;
  std::unordered_map<std::string, std::string> prepared_;  // statement text -> its name
};

class PgDatabase final : public Database {
 public:
  PgDatabase(const std::string& conninfo, int pool_size) {
    for (int i = 0; i < std::max(1, pool_size); ++i) {
      pool_.push_back(std::make_unique<PgConnection>(conninfo));
      free_.push_back(pool_.back().get());
    }
  }

  Engine engine() const override { return Engine::kPostgres; }

  void BackupTo(const std::string&) override {
    throw DbError(DbError::Kind::kOther, "PostgreSQL databases are backed up with pg_dump");
  }

  PoolStats Stats() const override {
    std::lock_guard lock(mu_);
    return PoolStats{static_cast<int64_t>(pool_.size()),
                     static_cast<int64_t>(pool_.size() - free_.size()),
                     acquired_,
                     waited_,
                     writes_,
                     writes_};
  }

 protected:
  std::unique_ptr<Lease> Acquire(bool write) override {
    std::unique_lock lock(mu_);
    ++acquired_;
    if (write) ++writes_;
    if (free_.empty()) ++waited_;
    cv_.wait(lock, [&] { return !free_.empty(); });
    PgConnection* c = free_.back();
    free_.pop_back();
    lock.unlock();
    c->EnsureAlive();
    return std::make_unique<Lease>(c, [this, c] {
      {
        std::lock_guard l(mu_);
        free_.push_back(c);
      }
      cv_.notify_one();
    });
  }

  void Begin(Connection& c, bool write) override {
    c.Query(write ? "BEGIN" : "BEGIN READ ONLY");
    // The next commit that waits for the disk makes these durable too.
    if (write && bulk_) c.Query("SET LOCAL synchronous_commit TO off");
  }

  void SetBulkDurability(bool on) override { bulk_ = on; }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PgConnection>> pool_;
  std::vector<PgConnection*> free_;
  int64_t acquired_ = 0;
  int64_t waited_ = 0;
  int64_t writes_ = 0;  // each in a transaction of its own
  std::atomic<bool> bulk_ = false;
};

}  // namespace

std::unique_ptr<Database> OpenPostgres(const std::string& conninfo, int pool_size) {
  return std::make_unique<PgDatabase>(conninfo, pool_size);
}

}  // namespace samman::db
