#include "db/sqlite.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/batcher.h"

namespace samman::db {
namespace {

DbError ErrorFrom(sqlite3* db, int rc, std::string_view context) {
  int ext = sqlite3_extended_errcode(db);
  DbError::Kind kind = DbError::Kind::kOther;
  if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY) {
    kind = DbError::Kind::kUniqueViolation;
  } else if (ext == SQLITE_CONSTRAINT_FOREIGNKEY) {
    kind = DbError::Kind::kForeignKeyViolation;
  }
  std::string msg = "sqlite: ";
  msg += sqlite3_errstr(rc);
  msg += ": ";
  msg += sqlite3_errmsg(db);
  msg += " in ";
  msg += context.substr(0, 120);
  return DbError(kind, msg);
}

// SQLite keeps memory statistics under one global mutex taken on every allocation, which every
// connection's sorting and temporary B-trees contend for; nothing here reads those statistics.
// Must precede SQLite's initialisation (the first open); later calls would be refused, harmlessly.
void ConfigureSqliteOnce() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

constexpr int kWriterCacheKib = 64 * 1024;
// The log is copied into the database once it holds this many pages: 8 MiB, or 512 MiB while a
// bulk load fills an empty file (a page many commits change is then copied once).
constexpr int kCheckpointPages = 1000;
constexpr int kBulkCheckpointPages = 65536;
constexpr int kReaderCacheKib = 2 * 1024;  // SQLite's default; the OS caches the file for all

class SqliteConnection final : public Connection {
 public:
  // cache_kib: the page cache; the writer's is large, so bulk writes find their index pages.
  SqliteConnection(const std::string& path, int cache_kib) {
    ConfigureSqliteOnce();
    int rc =
        sqlite3_open_v2(path.c_str(), &db_,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close(db_);
      throw DbError(DbError::Kind::kConnection, "sqlite: cannot open " + path + ": " + msg);
    }
    sqlite3_busy_timeout(db_, 10000);
    // 8 KiB pages take effect only in a new file, before WAL is set: rows of sealed values are
    // long, and with 4 KiB pages a national load spent a tenth more time splitting and scanning.
    ExecScript(
        "PRAGMA page_size=8192; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
        "PRAGMA foreign_keys=ON;"
        "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-" +
        std::to_string(cache_kib) + ";");
  }
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }

  Engine engine() const override { return Engine::kSqlite; }
  sqlite3* handle() { return db_; }

  ResultSet Query(std::string_view sql, const Params& params) override {
    sqlite3_stmt* stmt = Prepare(sql);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    for (size_t i = 0; i < params.size(); ++i) Bind(stmt, static_cast<int>(i + 1), params[i], sql);
    ResultSet rs;
    int ncol = sqlite3_column_count(stmt);
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        DbError err = ErrorFrom(db_, rc, sql);
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
        throw err;
      }
      auto& row = rs.rows.emplace_back();
      row.reserve(ncol);
      for (int c = 0; c < ncol; ++c) {
        if (sqlite3_column_type(stmt, c) == SQLITE_NULL) {
          row.emplace_back(std::nullopt);
        } else {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
          row.emplace_back(std::string(text, sqlite3_column_bytes(stmt, c)));
        }
      }
    }
    rs.affected = sqlite3_changes(db_);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return rs;
  }

  void ExecScript(std::string_view sql) override {
    char* err = nullptr;
    std::string text(sql);
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errstr(rc);
      sqlite3_free(err);
      throw DbError(DbError::Kind::kOther, "sqlite: " + msg);
    }
  }

 private:
  sqlite3_stmt* Prepare(std::string_view sql) {
    std::string key(sql);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
    std::string translated = TranslatePlaceholders(sql);
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, translated.c_str(), static_cast<int>(translated.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) throw ErrorFrom(db_, rc, sql);
    cache_.emplace(std::move(key), stmt);
    return stmt;
  }

  void Bind(sqlite3_stmt* stmt, int index, const Param& p, std::string_view sql) {
    int rc = SQLITE_OK;
    if (std::holds_alternative<std::nullptr_t>(p)) {
      rc = sqlite3_bind_null(stmt, index);
    } else if (const auto* i = std::get_if<int64_t>(&p)) {
      rc = sqlite3_bind_int64(stmt, index, *i);
    } else if (const auto* d = std::get_if<double>(&p)) {
      rc = sqlite3_bind_double(stmt, index, *d);
    } else {
      const auto& s = std::get<std::string>(p);
      // The parameters outlive the statement's use: bindings are cleared before Query returns.
      rc = sqlite3_bind_text(stmt, index, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
    }
    if (rc != SQLITE_OK) throw ErrorFrom(db_, rc, sql);
  }

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(const std::string& path, int readers) {
    writer_ = std::make_unique<SqliteConnection>(path, kWriterCacheKib);
    for (int i = 0; i < std::max(1, readers); ++i) {
      readers_.push_back(std::make_unique<SqliteConnection>(path, kReaderCacheKib));
      free_.push_back(readers_.back().get());
    }
    checkpointer_ = std::make_unique<SqliteConnection>(path, kReaderCacheKib);
    // A commit writes its group's log frames and lets the next group start; the group's callers
    // hear of it once the log is flushed to disk (SyncLog), so the next group's work overlaps this
    // one's flush instead of waiting behind it. Durable all the same: nothing is answered before
    // the flush that holds it. The log exists once the writer is in WAL mode, and keeps its inode
    // while any connection is open (a TRUNCATE checkpoint empties it in place).
    log_fd_ = ::open((path + "-wal").c_str(), O_RDONLY | O_CLOEXEC);
    if (log_fd_ >= 0) writer_->ExecScript("PRAGMA synchronous=NORMAL;");
    // Replaces SQLite's own checkpoint after a commit (wal_autocheckpoint), which copies the log
    // into the database on the committing thread while every write waits behind it.
    sqlite3_wal_hook(writer_->handle(), &SqliteDatabase::AfterCommit, this);
    checkpoint_thread_ = std::thread([this] { CheckpointLoop(); });
  }
  ~SqliteDatabase() override {
    {
      std::lock_guard lock(checkpoint_mu_);
      stopping_ = true;
    }
    checkpoint_cv_.notify_one();
    checkpoint_thread_.join();
    if (log_fd_ >= 0) ::close(log_fd_);
  }

  Engine engine() const override { return Engine::kSqlite; }

  void BackupTo(const std::string& path) override {
    auto lease = Acquire(/*write=*/true);
    sqlite3* src = writer_->handle();
    sqlite3* dest = nullptr;
    if (sqlite3_open(path.c_str(), &dest) != SQLITE_OK) {
      std::string msg = sqlite3_errmsg(dest);
      sqlite3_close(dest);
      throw DbError(DbError::Kind::kOther, "cannot create " + path + ": " + msg);
    }
    sqlite3_backup* b = sqlite3_backup_init(dest, "main", src, "main");
    int rc = b ? sqlite3_backup_step(b, -1) : sqlite3_errcode(dest);
    if (b) sqlite3_backup_finish(b);
    std::string msg = sqlite3_errmsg(dest);
    sqlite3_close(dest);
    if (rc != SQLITE_DONE) throw DbError(DbError::Kind::kOther, "backup failed: " + msg);
  }

  void SetBulkDurability(bool on) override {
    auto lease = Acquire(/*write=*/true);
    // On: nothing is synced while filling; the sorter that rebuilds indexes may use a second
    // thread; the log is copied into the database every 512 MiB rather than every 8, so a page
    // that many commits change is copied once; and foreign keys are not looked up, since a load
    // writes each parent before its rows (a twentieth of a million cases' load went on the
    // lookups). Off again: one checkpoint makes all of it durable.
    std::lock_guard checkpointing(checkpoint_run_mu_);
    checkpoint_pages_ = on ? kBulkCheckpointPages : kCheckpointPages;
    checkpointer_->ExecScript(on ? "PRAGMA synchronous=OFF;" : "PRAGMA synchronous=FULL;");
    bulk_ = on;
    writer_->ExecScript(on ? "PRAGMA synchronous=OFF; PRAGMA threads=2; PRAGMA foreign_keys=OFF;"
                        : log_fd_ >= 0
                            ? "PRAGMA synchronous=NORMAL; PRAGMA threads=0; PRAGMA foreign_keys=ON;"
                              " PRAGMA wal_checkpoint(TRUNCATE);"
                            : "PRAGMA synchronous=FULL; PRAGMA threads=0; PRAGMA foreign_keys=ON;"
                              " PRAGMA wal_checkpoint(TRUNCATE);");
  }

  void SetIndexBuild(bool on) override {
    auto lease = Acquire(/*write=*/true);
    // SQLite sorts an index's rows in memory, in one run on one thread, when temporary files are
    // kept in memory (temp_store=MEMORY, which requests want for their small sorts). With files,
    // it sorts runs as large as the page cache, two at a time on two threads, and merges them: a
    // million cases' indexes took 15.6 s so against 25 s in memory, with the sqlite3 shell.
    if (on) {
      index_build_restore_ =
          "PRAGMA temp_store=MEMORY; PRAGMA cache_size=" +
          std::to_string(writer_->Query("PRAGMA cache_size", {})[0].Int(0)) +
          "; PRAGMA threads=" + std::to_string(writer_->Query("PRAGMA threads", {})[0].Int(0)) +
          ";";
      writer_->ExecScript("PRAGMA temp_store=FILE; PRAGMA cache_size=-2048; PRAGMA threads=2;");
    } else if (!index_build_restore_.empty()) {
      writer_->ExecScript(index_build_restore_);
      index_build_restore_.clear();
    }
  }

  PoolStats Stats() const override {
    std::lock_guard lock(mu_);
    PoolStats s;
    s.size = static_cast<int64_t>(readers_.size()) + 1;
    s.in_use = static_cast<int64_t>(readers_.size() - free_.size()) + (writer_busy_ ? 1 : 0);
    s.acquired_total = acquired_;
    s.waited_total = waited_;
    s.writes_total = writes_;
    s.commits_total = commits_;
    s.writes_waiting = static_cast<int64_t>(group_.Waiting());
    return s;
  }

 protected:
  std::unique_ptr<Lease> Acquire(bool write) override {
    std::unique_lock lock(mu_);
    ++acquired_;
    if (write) {
      if (writer_busy_) ++waited_;
      writer_cv_.wait(lock, [&] { return !writer_busy_; });
      writer_busy_ = true;
      return std::make_unique<Lease>(writer_.get(), [this] {
        {
          std::lock_guard l(mu_);
          writer_busy_ = false;
        }
        writer_cv_.notify_one();
      });
    }
    if (free_.empty()) ++waited_;
    reader_cv_.wait(lock, [&] { return !free_.empty(); });
    Connection* c = free_.back();
    free_.pop_back();
    return std::make_unique<Lease>(c, [this, c] {
      {
        std::lock_guard l(mu_);
        free_.push_back(c);
      }
      reader_cv_.notify_one();  // one connection back: wake one waiter, not all of them
    });
  }

  void Begin(Connection& c, bool write) override { c.Query(write ? "BEGIN IMMEDIATE" : "BEGIN"); }

  bool GroupsWrites() const override { return true; }
  void WriteInGroup(GroupedWrite& w) override {
    group_.Submit(
        w, [this](std::vector<GroupedWrite*>& group) { CommitGroup(group); },
        [this](std::vector<GroupedWrite*>& group) { SyncLog(group); });
  }

 private:
  // The writer's wal hook: runs after each commit, on the committing thread, with the log's size.
  static int AfterCommit(void* self, sqlite3*, const char*, int pages) {
    auto* db = static_cast<SqliteDatabase*>(self);
    if (pages >= db->checkpoint_pages_.load(std::memory_order_relaxed)) {
      {
        std::lock_guard lock(db->checkpoint_mu_);
        db->checkpoint_wanted_ = true;
      }
      db->checkpoint_cv_.notify_one();
    }
    return SQLITE_OK;
  }

  // Copies the log into the database when a commit asks, beside the writer rather than in its
  // way: a passive checkpoint takes no lock that writers or readers wait for. A commit that
  // finds the log still long asks again.
  void CheckpointLoop() {
    for (;;) {
      {
        std::unique_lock lock(checkpoint_mu_);
        checkpoint_cv_.wait(lock, [&] { return checkpoint_wanted_ || stopping_; });
        if (stopping_) return;
        checkpoint_wanted_ = false;
      }
      std::lock_guard checkpointing(checkpoint_run_mu_);
      sqlite3_wal_checkpoint_v2(checkpointer_->handle(), "main", SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                nullptr);
    }
  }

  // Flushes the log, and with it every commit written so far, before the group's callers hear of
  // theirs; a failed flush fails the group's writes, though their changes are in the database.
  void SyncLog(std::vector<GroupedWrite*>& group) {
    if (log_fd_ < 0 || bulk_.load(std::memory_order_relaxed)) return;
    if (::fdatasync(log_fd_) == 0) return;
    auto failed = std::make_exception_ptr(
        DbError(DbError::Kind::kOther, "sqlite: the log could not be flushed to disk"));
    for (GroupedWrite* w : group) {
      if (!w->error) w->error = failed;
    }
  }

  // One transaction for the group, each write in a savepoint when there are several, so one that
  // fails undoes only its own changes. Never throws: outcomes go into the writes.
  void CommitGroup(std::vector<GroupedWrite*>& group) {
    auto lease = Acquire(/*write=*/true);
    {
      std::lock_guard l(mu_);
      writes_ += static_cast<int64_t>(group.size());
      ++commits_;
    }
    Connection& c = *writer_;
    sqlite3* handle = writer_->handle();
    const bool alone = group.size() == 1;
    try {
      Begin(c, /*write=*/true);
      for (GroupedWrite* w : group) {
        if (!alone) c.Query("SAVEPOINT grouped_write");
        bool keep = false;
        try {
          keep = w->run(c);
        } catch (...) {
          w->error = std::current_exception();
        }
        if (sqlite3_get_autocommit(handle)) {
          // SQLite ended the transaction itself (out of disk, an I/O error): the group's changes
          // are gone, and the writes not yet run go with them.
          throw DbError(
              DbError::Kind::kOther,
              std::string("sqlite: the transaction was rolled back: ") + sqlite3_errmsg(handle));
        }
        if (alone && !keep) {
          c.Query("ROLLBACK");
          return;
        }
        if (alone) continue;
        if (!keep) c.Query("ROLLBACK TO grouped_write");
        c.Query("RELEASE grouped_write");
      }
      c.Query("COMMIT");
    } catch (...) {
      std::exception_ptr error = std::current_exception();
      for (GroupedWrite* w : group) {
        if (!w->error) w->error = error;
      }
      if (!sqlite3_get_autocommit(handle)) {
        try {
          c.Query("ROLLBACK");
        } catch (...) {
        }
      }
    }
  }

  mutable std::mutex mu_;
  std::condition_variable writer_cv_;
  std::condition_variable reader_cv_;
  std::unique_ptr<SqliteConnection> writer_;
  bool writer_busy_ = false;
  std::vector<std::unique_ptr<SqliteConnection>> readers_;
  std::vector<Connection*> free_;
  int64_t acquired_ = 0;
  int64_t waited_ = 0;
  int64_t writes_ = 0;
  int64_t commits_ = 0;
  common::Batcher<GroupedWrite> group_;

  std::unique_ptr<SqliteConnection> checkpointer_;  // used by CheckpointLoop alone, but for
                                                    // SetBulkDurability under checkpoint_run_mu_
  std::atomic<int> checkpoint_pages_{kCheckpointPages};
  std::string index_build_restore_;  // the writer's settings while SetIndexBuild is on
  int log_fd_ = -1;                  // the log (-wal), read-only, for SyncLog; -1: commits flush
  std::atomic<bool> bulk_{false};    // SetBulkDurability: nothing is flushed
  std::mutex checkpoint_run_mu_;     // held while checkpointer_ is in use
  std::mutex checkpoint_mu_;
  std::condition_variable checkpoint_cv_;
  bool checkpoint_wanted_ = false;  // GUARDED_BY(checkpoint_mu_)
  bool stopping_ = false;           // GUARDED_BY(checkpoint_mu_)
  std::thread checkpoint_thread_;   // last: started once everything it uses exists
};

}  // namespace

std::string TranslatePlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    char ch = sql[i];
    if (quote) {
      if (ch == quote) quote = 0;
      out += ch;
    } else if (ch == '\'' || ch == '"') {
      quote = ch;
      out += ch;
    } else if (ch == '$' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
      out += '?';
    } else {
      out += ch;
    }
  }
  return out;
}

std::unique_ptr<Database> OpenSqlite(const std::string& path, int readers) {
  return std::make_unique<SqliteDatabase>(path, readers);
}

}  // namespace samman::db
