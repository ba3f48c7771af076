#include "db/database.h"

#include <atomic>
#include <chrono>
#include <map>
#include <thread>

#include "db/migrate.h"
#include "db/sqlite.h"
#include "test_env.h"

namespace samman::db {
namespace {

TEST(Placeholders, DollarNumbersBecomeQuestionNumbersOutsideQuotes) {
  EXPECT_EQ(TranslatePlaceholders("SELECT $2 || $1 WHERE a = '$1' AND b = \"$3\""),
            "SELECT ?2 || ?1 WHERE a = '$1' AND b = \"$3\"");
}

class DatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (testing::UsePostgres() && !std::getenv("PGHOST") && !std::getenv("PGPORT")) {
      GTEST_SKIP() << "PostgreSQL tests run under pg_virtualenv";
    }
    scratch_ = std::make_unique<testing::ScratchDatabase>();
    db_ = Database::Open(scratch_->url(), 2);
    db_->Write([](Connection& c) {
      c.ExecScript("CREATE TABLE t (id TEXT PRIMARY KEY, n BIGINT, note TEXT)");
    });
  }
  std::unique_ptr<testing::ScratchDatabase> scratch_;
  std::unique_ptr<Database> db_;
};

TEST_F(DatabaseTest, RoundTripsUnicodeNullsAndReusedParameters) {
  db_->Write([](Connection& c) {
    c.Query("INSERT INTO t (id, n, note) VALUES ($1, $2, $3)", {"a", int64_t{42}, "सम्मान"});
    c.Query("INSERT INTO t (id, n, note) VALUES ($1, $2, $3)", {"b", nullptr, nullptr});
  });
  auto rs = db_->Read([](Connection& c) {
    return c.Query("SELECT id, n, note FROM t WHERE id = $1 OR (id = $2 AND $1 <> $2) ORDER BY id",
                   {"a", "b"});
  });
  ASSERT_EQ(rs.size(), 2u);
  EXPECT_EQ(rs[0].Int(1), 42);
  EXPECT_EQ(rs[0].Str(2), "सम्मान");
  EXPECT_TRUE(rs[1].IsNull(1));
  EXPECT_FALSE(rs[1].OptStr(2).has_value());
}

TEST_F(DatabaseTest, AnErrorValueRollsBackAndAnExceptionToo) {
  Result<int> r = db_->Write([](Connection& c) -> Result<int> {
    c.Query("INSERT INTO t (id) VALUES ('x')");
    return Fail(Error::Invalid("changed my mind"));
  });
  EXPECT_FALSE(r);
  EXPECT_THROW(db_->Write([](Connection& c) {
    c.Query("INSERT INTO t (id) VALUES ('y')");
    c.Query("INSERT INTO t (id) VALUES ('y')");
  }),
               DbError);
  auto n = db_->Read([](Connection& c) { return c.Query("SELECT COUNT(*) FROM t")[0].Int(0); });
  EXPECT_EQ(n, 0);
}

TEST_F(DatabaseTest, WritesThatWaitTogetherCommitTogetherAndAFailingOneLosesOnlyItsOwn) {
  const PoolStats before = db_->Stats();
  std::atomic<bool> first_running = false;
  auto insert = [](Connection& c, int i) {
    c.Query("INSERT INTO t (id, n) VALUES ($1, $2)", {"w" + std::to_string(i), int64_t{i}});
  };
  constexpr int kOthers = 15;
  std::thread first([&] {
    db_->Write([&](Connection& c) {
      insert(c, 0);
      first_running = true;
      // On SQLite the others queue up behind this write; let all of them arrive.
      if (db_->engine() == Engine::kSqlite) {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (db_->Stats().writes_waiting < kOthers &&
               std::chrono::steady_clock::now() < deadline) {
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
      }
    });
  });
  while (!first_running) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // Every third keeps its row, every third returns an error value, every third throws.
  std::vector<std::string> outcome(kOthers + 1);
  std::vector<std::thread> others;
  for (int i = 1; i <= kOthers; ++i) {
    others.emplace_back([&, i] {
      try {
        Result<int> r = db_->Write([&](Connection& c) -> Result<int> {
          insert(c, i);
          if (i % 3 == 1)
            return Fail(Error::Invalid("w" + std::to_string(i) + " changed its mind"));
          if (i % 3 == 2) insert(c, i);
          return i * 10;
        });
        outcome[i] = r ? std::to_string(*r) : r.error().detail;
      } catch (const DbError& e) {
        outcome[i] = e.kind() == DbError::Kind::kUniqueViolation ? "duplicate" : e.what();
      }
    });
  }
  first.join();
  for (auto& t : others) t.join();

  for (int i = 1; i <= kOthers; ++i) {
    const std::string expected = i % 3 == 0   ? std::to_string(i * 10)
                                 : i % 3 == 1 ? "w" + std::to_string(i) + " changed its mind"
                                              : "duplicate";
    EXPECT_EQ(outcome[i], expected) << "write " << i;
  }
  auto kept = db_->Read([](Connection& c) { return c.Query("SELECT n FROM t ORDER BY n"); });
  std::vector<int64_t> ns;
  for (size_t r = 0; r < kept.size(); ++r) ns.push_back(kept[r].Int(0));
  EXPECT_EQ(ns, (std::vector<int64_t>{0, 3, 6, 9, 12, 15}));

  const PoolStats after = db_->Stats();
  EXPECT_EQ(after.writes_total - before.writes_total, kOthers + 1);
  if (db_->engine() == Engine::kSqlite) {
    EXPECT_EQ(after.commits_total - before.commits_total, 2) << "the first, then the rest at once";
  } else {
    EXPECT_EQ(after.commits_total - before.commits_total, kOthers + 1);
  }
  EXPECT_EQ(after.writes_waiting, 0);
}

TEST_F(DatabaseTest, UniqueViolationsAreRecognised) {
  db_->Write([](Connection& c) { c.Query("INSERT INTO t (id) VALUES ('u')"); });
  try {
    db_->Write([](Connection& c) { c.Query("INSERT INTO t (id) VALUES ('u')"); });
    FAIL() << "no error";
  } catch (const DbError& e) {
    EXPECT_EQ(e.kind(), DbError::Kind::kUniqueViolation) << e.what();
  }
}

TEST_F(DatabaseTest, ManyRowsGoInByChunksAndOneByOneAllIntact) {
  std::vector<Params> rows;
  const size_t n = 2 * kInsertChunk + 7;
  // Characters PostgreSQL's COPY gives a meaning to, which must arrive as themselves.
  auto note = [](size_t i) {
    return "नोट " + std::to_string(i) + (i % 2 ? "\ttab\nline\r\\N back\\slash" : "");
  };
  for (size_t i = 0; i < n; ++i) {
    rows.push_back({"r" + std::to_string(i), static_cast<int64_t>(i),
                    i % 3 ? Param(note(i)) : Param(nullptr)});
  }
  db_->Write(
      [&](Connection& c) { InsertRows(c, "INSERT INTO t (id, n, note) VALUES", std::move(rows)); });
  auto rs =
      db_->Read([](Connection& c) { return c.Query("SELECT id, n, note FROM t ORDER BY n"); });
  ASSERT_EQ(rs.size(), n);
  for (size_t i = 0; i < n; ++i) {
    EXPECT_EQ(rs[i].Str(0), "r" + std::to_string(i));
    EXPECT_EQ(rs[i].Int(1), static_cast<int64_t>(i));
    EXPECT_EQ(rs[i].IsNull(2), i % 3 == 0);
    if (i % 3) {
      EXPECT_EQ(rs[i].Str(2), note(i));
    }
  }
  // A duplicate anywhere fails the whole transaction, in a few rows or in many.
  EXPECT_THROW(db_->Write([&](Connection& c) {
    InsertRows(c, "INSERT INTO t (id, n, note) VALUES",
               {{"new", int64_t{1}, nullptr}, {"r5", int64_t{2}, nullptr}});
  }),
               DbError);
  std::vector<Params> many;
  for (size_t i = 0; i < kInsertChunk; ++i) {
    many.push_back({"more" + std::to_string(i), static_cast<int64_t>(i), nullptr});
  }
  many.push_back({"r7", int64_t{0}, "what the survivor said"});
  try {
    db_->Write([&](Connection& c) {
      InsertRows(c, "INSERT INTO t (id, n, note) VALUES", std::move(many));
    });
    FAIL() << "no error";
  } catch (const DbError& e) {
    EXPECT_EQ(e.kind(), DbError::Kind::kUniqueViolation) << e.what();
    // Errors reach logs: they may name the key, never the rest of the row.
    EXPECT_EQ(std::string(e.what()).find("survivor"), std::string::npos) << e.what();
  }
  EXPECT_EQ(db_->Read([](Connection& c) { return c.Query("SELECT COUNT(*) FROM t")[0].Int(0); }),
            static_cast<int64_t>(n));
}

TEST_F(DatabaseTest, AffectedCountsChangedRows) {
  auto n = db_->Write([](Connection& c) {
    c.Query("INSERT INTO t (id, n) VALUES ('a', 1)");
    c.Query("INSERT INTO t (id, n) VALUES ('b', 1)");
    return c.Query("UPDATE t SET n = 2 WHERE n = $1", {int64_t{1}}).affected;
  });
  EXPECT_EQ(n, 2);
}

TEST_F(DatabaseTest, ANewSqliteFileHasEightKibPagesAndKeepsThemWhenReopened) {
  if (db_->engine() != Engine::kSqlite) GTEST_SKIP() << "page size is SQLite's";
  auto page_size = [](Database& db) {
    return db.Read([](Connection& c) { return c.Query("PRAGMA page_size", {})[0].Int(0); });
  };
  EXPECT_EQ(page_size(*db_), 8192);
  db_.reset();
  auto reopened = Database::Open(scratch_->url(), 2);
  EXPECT_EQ(page_size(*reopened), 8192);
  EXPECT_EQ(
      reopened->Read([](Connection& c) { return c.Query("SELECT count(*) FROM t", {}); })[0].Int(0),
      0);
}

TEST_F(DatabaseTest, MigrationsApplyOnceAndANewerDatabaseIsRefused) {
  auto first = Migrate(*db_, {});
  ASSERT_TRUE(first) << first.error().detail;
  EXPECT_GE(first->applied.size(), 2u);
  auto again = Migrate(*db_, {});
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->applied.empty());
  db_->Write([](Connection& c) {
    c.Query(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 'x')");
  });
  auto refused = Migrate(*db_, {});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().detail.find("newer samman"), std::string::npos);
}

TEST_F(DatabaseTest, ABulkLoadBuildsItsIndexesAtItsEndOrAtTheNextStart) {
  ASSERT_TRUE(Migrate(*db_, {}));
  db_->Write([](Connection& c) {
    c.ExecScript("CREATE INDEX t_n ON t (n); CREATE UNIQUE INDEX t_note ON t (note)");
  });
  // Name and definition of each index on t, as the catalogue has them.
  auto indexes = [&] {
    auto rs = db_->Read([](Connection& c) {
      return c.Query(c.engine() == Engine::kSqlite
                         ? "SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'index'"
                           " AND tbl_name = 't' ORDER BY name"
                         : "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 't'"
                           " AND schemaname = current_schema() ORDER BY indexname");
    });
    std::map<std::string, std::string> out;
    for (size_t i = 0; i < rs.size(); ++i) out[rs[i].Str(0)] = rs[i].Str(1);
    return out;
  };
  auto deferred = [&] {
    return db_->Read(
        [](Connection& c) { return c.Query("SELECT COUNT(*) FROM deferred_indexes")[0].Int(0); });
  };
  const auto before = indexes();
  ASSERT_EQ(before.count("t_n"), 1u);
  ASSERT_EQ(before.count("t_note"), 1u);

  db_->SetBulkLoad(true);
  auto during = indexes();
  EXPECT_EQ(during.count("t_n"), 0u) << "an index that enforces nothing waits for the end";
  EXPECT_EQ(during.count("t_note"), 1u) << "a unique index stays, and keeps its promise:";
  db_->Write([](Connection& c) {
    for (int i = 0; i < 200; ++i) {
      c.Query("INSERT INTO t (id, n, note) VALUES ($1, $2, $3)",
              {"r" + std::to_string(i), int64_t{i % 7}, "note " + std::to_string(i)});
    }
  });
  try {
    db_->Write([](Connection& c) { c.Query("INSERT INTO t (id, note) VALUES ('dup', 'note 1')"); });
    ADD_FAILURE() << "a duplicate of a unique value went in during the load";
  } catch (const DbError& e) {
    EXPECT_EQ(e.kind(), DbError::Kind::kUniqueViolation);
  }
  db_->SetBulkLoad(false);
  EXPECT_EQ(indexes(), before);
  EXPECT_EQ(deferred(), 0);
  auto threes = db_->Read(
      [](Connection& c) { return c.Query("SELECT COUNT(*) FROM t WHERE n = 3")[0].Int(0); });
  EXPECT_EQ(threes, 29) << "the rebuilt index finds every row written while it was away";

  // A load that stops part-way (the process killed): the next start builds what it dropped.
  db_->SetBulkLoad(true);
  ASSERT_EQ(indexes().count("t_n"), 0u);
  db_.reset();
  db_ = Database::Open(scratch_->url(), 2);
  ASSERT_TRUE(Migrate(*db_, {}));
  EXPECT_EQ(indexes(), before);
  EXPECT_EQ(deferred(), 0);
}

}  // namespace
}  // namespace samman::db
