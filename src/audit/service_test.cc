#include "audit/service.h"

#include <thread>

#include "test_env.h"

namespace samman::audit {
namespace {

class AuditChain : public testing::ServiceTest {
 protected:
  void Write(int n) {
    for (int i = 0; i < n; ++i) {
      app().db().Write([&](db::Connection& c) {
        app().audit().Record(c, {"u1", "o1", "sita", "req", "127.0.0.1"},
                             {"case.read", "case", "c" + std::to_string(i), "{}"});
      });
    }
  }
  int64_t Rows() {
    return app().db().Read(
        [](db::Connection& c) { return c.Query("SELECT COUNT(*) FROM audit_log")[0].Int(0); });
  }
};

TEST_F(AuditChain, AnUntouchedChainVerifies) {
  Write(5);
  auto report = app().audit().Verify();
  EXPECT_TRUE(report.ok) << report.problem;
  EXPECT_EQ(report.rows, Rows());
}

TEST_F(AuditChain, AnAlteredRowIsNamed) {
  Write(5);
  int64_t target = Rows() - 2;
  app().db().Write([&](db::Connection& c) {
    c.Query("UPDATE audit_log SET entity_id = 'someone-else' WHERE seq = $1", {target});
  });
  auto report = app().audit().Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_seq, target);
  EXPECT_NE(report.problem.find("altered"), std::string::npos);
}

TEST_F(AuditChain, ARemovedRowIsNamedInTheMiddleAndAtTheEnd) {
  Write(5);
  int64_t last = Rows();
  app().db().Write(
      [&](db::Connection& c) { c.Query("DELETE FROM audit_log WHERE seq = $1", {last}); });
  auto tail = app().audit().Verify();
  EXPECT_FALSE(tail.ok);
  EXPECT_EQ(tail.first_bad_seq, last);

  app().db().Write(
      [&](db::Connection& c) { c.Query("DELETE FROM audit_log WHERE seq = $1", {last - 2}); });
  auto middle = app().audit().Verify();
  EXPECT_FALSE(middle.ok);
  EXPECT_EQ(middle.first_bad_seq, last - 2);
}

TEST_F(AuditChain, AChangeThatRollsBackLeavesNoRecord) {
  int64_t before = Rows();
  Result<void> r = app().db().Write([&](db::Connection& c) -> Result<void> {
    app().audit().Record(c, {}, {"x", "y", "z", ""});
    return Fail(Error::Invalid("no"));
  });
  EXPECT_FALSE(r);
  EXPECT_EQ(Rows(), before);
  EXPECT_TRUE(app().audit().Verify().ok);
}

TEST_F(AuditChain, RecordsFromManyThreadsAtOnceAreAllCommittedInOneChain) {
  int64_t before = Rows();
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        app().audit().RecordCommitted({"u" + std::to_string(t), "o", "reader", "r", "127.0.0.1"},
                                      {"case.read", "case", std::to_string(i), "{}"});
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(Rows(), before + 200);
  auto report = app().audit().Verify();
  EXPECT_TRUE(report.ok) << report.problem;
}

}  // namespace
}  // namespace samman::audit
