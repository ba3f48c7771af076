#include "db/database.h"

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
  for (size_t i = 0; i < n; ++i) {
    rows.push_back({"r" + std::to_string(i), static_cast<int64_t>(i),
                    i % 3 ? Param("नोट " + std::to_string(i)) : Param(nullptr)});
  }
  db_->Write([&](Connection& c) { InsertRows(c, "INSERT INTO t (id, n, note) VALUES", rows); });
  auto rs = db_->Read([](Connection& c) { return c.Query("SELECT id, n, note FROM t ORDER BY n"); });
  ASSERT_EQ(rs.size(), n);
  for (size_t i = 0; i < n; ++i) {
    EXPECT_EQ(rs[i].Str(0), "r" + std::to_string(i));
    EXPECT_EQ(rs[i].Int(1), static_cast<int64_t>(i));
    EXPECT_EQ(rs[i].IsNull(2), i % 3 == 0);
    if (i % 3) {
      EXPECT_EQ(rs[i].Str(2), "नोट " + std::to_string(i));
    }
  }
  // A duplicate anywhere fails the whole transaction.
  EXPECT_THROW(db_->Write([&](Connection& c) {
    InsertRows(c, "INSERT INTO t (id, n, note) VALUES",
               {{"new", int64_t{1}, nullptr}, {"r5", int64_t{2}, nullptr}});
  }),
               DbError);
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

}  // namespace
}  // namespace samman::db
