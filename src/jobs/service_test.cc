#include "jobs/service.h"

#include "test_env.h"

namespace samman::jobs {
namespace {

class Jobs : public testing::ServiceTest {
 protected:
  std::string Enqueue(Runner& r, const std::string& kind, int max_attempts = 3) {
    return app().db().Write([&](db::Connection& c) {
      return r.Enqueue(c, kind, "{\"n\":1}", clock_.Now(), max_attempts);
    });
  }
};

TEST_F(Jobs, ADueJobRunsOnceAndIsDone) {
  Runner runner(app().db(), clock_, "a");
  int runs = 0;
  runner.Register("count", [&](const Job& j) -> Result<void> {
    EXPECT_EQ(j.payload, "{\"n\":1}");
    ++runs;
    return {};
  });
  std::string id = Enqueue(runner, "count");
  EXPECT_EQ(runner.RunDue(), 1);
  EXPECT_EQ(runner.RunDue(), 0);
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(runner.Get(id)->status, "done");
}

TEST_F(Jobs, FailuresRetryWithBackoffThenFail) {
  Runner runner(app().db(), clock_, "a");
  int runs = 0;
  runner.Register("flaky", [&](const Job&) -> Result<void> {
    ++runs;
    return Fail(Error::Invalid("remote service down"));
  });
  std::string id = Enqueue(runner, "flaky", 3);
  EXPECT_EQ(runner.RunDue(), 1);
  EXPECT_EQ(runner.RunDue(), 0) << "not yet due: backing off";
  clock_.Advance(std::chrono::seconds(11));
  EXPECT_EQ(runner.RunDue(), 1);
  clock_.Advance(std::chrono::seconds(21));
  EXPECT_EQ(runner.RunDue(), 1);
  clock_.Advance(std::chrono::hours(1));
  EXPECT_EQ(runner.RunDue(), 0);
  auto job = runner.Get(id);
  EXPECT_EQ(job->status, "failed");
  EXPECT_EQ(job->attempts, 3);
  EXPECT_EQ(job->last_error, "remote service down");
  EXPECT_EQ(runs, 3);
}

TEST_F(Jobs, AClaimedJobIsNotTakenByAnotherServerUntilItsLeaseExpires) {
  Runner a(app().db(), clock_, "server-a", 60);
  Runner b(app().db(), clock_, "server-b", 60);
  int b_runs = 0;
  b.Register("work", [&](const Job&) -> Result<void> {
    ++b_runs;
    return {};
  });
  std::string id = Enqueue(a, "work");
  // Server a claims the job and dies before finishing: simulate by claiming through the store.
  app().db().Write([&](db::Connection& c) {
    c.Query(
        "UPDATE jobs SET status = 'running', lease_owner = 'server-a', lease_until = $2 "
        "WHERE id = $1",
        {id, FormatInstant(clock_.Now() + std::chrono::seconds(60))});
  });
  EXPECT_EQ(b.RunDue(), 0);
  clock_.Advance(std::chrono::seconds(61));
  EXPECT_EQ(b.RunDue(), 1);
  EXPECT_EQ(b_runs, 1);
  EXPECT_EQ(b.Get(id)->status, "done");
}

TEST_F(Jobs, SchedulesAreCreatedOnceAndReArmed) {
  Runner a(app().db(), clock_, "a");
  Runner b(app().db(), clock_, "b");
  int runs = 0;
  a.Register("tick", [&](const Job&) -> Result<void> {
    ++runs;
    return {};
  });
  a.Schedule("tick", 3600);
  b.Schedule("tick", 3600);
  EXPECT_EQ(a.RunDue(), 1);
  EXPECT_EQ(a.RunDue(), 0);
  clock_.Advance(std::chrono::seconds(3601));
  EXPECT_EQ(a.RunDue(), 1);
  EXPECT_EQ(runs, 2);
  EXPECT_EQ(a.Count().pending, 1);
}

}  // namespace
}  // namespace samman::jobs
