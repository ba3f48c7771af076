// Two Samman servers sharing one database (the scale-out deployment on PostgreSQL; it holds on
// SQLite too): sessions work on both, concurrent edits lose nothing, each job runs once, the audit
// chain holds.
#include <thread>

#include "platform/backup.h"
#include "test_env.h"

namespace samman::testing {
namespace {

using nlohmann::json;

class TwoServers : public HttpTest {
 protected:
  void SetUp() override {
    HttpTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // The same key file: servers share keys.
    auto opened = platform::App::Open(TestConfig(*scratch_), clock_);
    ASSERT_TRUE(opened) << opened.error().detail;
    second_app_ = std::move(*opened);
    platform::App* b = second_app_.get();
    http::ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.worker_threads = 4;
    second_server_ =
        std::make_unique<http::Server>(options, [b](http::Request& r) { return b->Handle(r); });
    second_port_ = second_server_->Start();
  }
  void TearDown() override {
    if (second_server_) second_server_->Stop(5);
    second_server_.reset();
    second_app_.reset();
    HttpTest::TearDown();
  }
  httplib::Client Second() { return httplib::Client("127.0.0.1", second_port_); }

  std::unique_ptr<platform::App> second_app_;
  std::unique_ptr<http::Server> second_server_;
  uint16_t second_port_ = 0;
};

TEST_F(TwoServers, ASessionFromOneServerWorksOnTheOther) {
  Session s = Login("admin", kAdminPassword);
  auto me = Second().Get("/api/v1/me", {{"Cookie", s.cookie}});
  ASSERT_EQ(me->status, 200);
  EXPECT_EQ(Body(me)["user"]["username"], "admin");
  auto org =
      Second().Post("/api/v1/organizations", {{"Cookie", s.cookie}, {"X-CSRF-Token", s.csrf}},
                    json{{"name", "Created on B"}, {"type", "ngo"}}.dump(), "application/json");
  EXPECT_EQ(org->status, 201) << org->body;
  Send("POST", "/api/v1/auth/logout", "", &s);
  EXPECT_EQ(Second().Get("/api/v1/me", {{"Cookie", s.cookie}})->status, 401);
}

TEST_F(TwoServers, ConcurrentEditsThroughBothServersLoseNothing) {
  Session admin = Login("admin", kAdminPassword);
  auto org = Body(
      Send("POST", "/api/v1/organizations", json{{"name", "NGO"}, {"type", "ngo"}}.dump(), &admin));
  Send("POST", "/api/v1/users",
       json{{"username", "worker"},
            {"password", "twelve chars pw"},
            {"organization_id", org["id"]},
            {"roles", {"case_worker"}}}
           .dump(),
       &admin);
  Session w = Login("worker", "twelve chars pw");
  std::vector<std::string> ids;
  for (int i = 0; i < 12; ++i) {
    auto r =
        Send("POST", "/api/v1/cases",
             json{{"person", {{"given_name", "Person " + std::to_string(i)}, {"sex", "female"}}},
                  {"case", {{"identification_source", "hotline"}}}}
                 .dump(),
             &w);
    ASSERT_EQ(r->status, 201);
    ids.push_back(Body(r)["id"]);
  }
  // For every case, two writers holding version 1 race through different servers.
  std::vector<int> statuses(ids.size() * 2);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < ids.size(); ++i) {
    for (int side = 0; side < 2; ++side) {
      threads.emplace_back([&, i, side] {
        httplib::Client c("127.0.0.1", side == 0 ? port_ : second_port_);
        auto r =
            c.Patch(("/api/v1/cases/" + ids[i]).c_str(),
                    {{"Cookie", w.cookie}, {"X-CSRF-Token", w.csrf}, {"If-Match", "1"}},
                    json{{"person", {{"tole", side == 0 ? "A" : "B"}}}}.dump(), "application/json");
        statuses[i * 2 + side] = r ? r->status : -1;
      });
    }
  }
  for (auto& t : threads) t.join();
  for (size_t i = 0; i < ids.size(); ++i) {
    int a = statuses[i * 2], b = statuses[i * 2 + 1];
    EXPECT_TRUE((a == 200 && b == 409) || (a == 409 && b == 200)) << a << " " << b;
    auto now = Body(Get("/api/v1/cases/" + ids[i], &w));
    EXPECT_EQ(now["version"], 2);
    EXPECT_EQ(now["person"]["tole"], a == 200 ? "A" : "B") << "the winner's change is the one kept";
  }
  EXPECT_TRUE(app().audit().Verify().ok);
}

TEST_F(TwoServers, EachJobRunsExactlyOnce) {
  std::mutex mu;
  std::map<std::string, int> runs;
  auto count = [&](const jobs::Job& j) -> Result<void> {
    std::lock_guard lock(mu);
    ++runs[j.id];
    return {};
  };
  app().jobs().Register("count", count);
  second_app_->jobs().Register("count", count);
  std::vector<std::string> ids;
  for (int i = 0; i < 40; ++i) {
    ids.push_back(app().db().Write(
        [&](db::Connection& c) { return app().jobs().Enqueue(c, "count", "{}", clock_.Now()); }));
  }
  std::thread a([&] { app().jobs().RunDue(100); });
  std::thread b([&] { second_app_->jobs().RunDue(100); });
  a.join();
  b.join();
  ASSERT_EQ(runs.size(), ids.size());
  for (const auto& id : ids) EXPECT_EQ(runs[id], 1) << id;
}

TEST_F(TwoServers, TheAuditChainStaysWholeUnderConcurrentWrites) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      platform::App& target = t % 2 ? *second_app_ : app();
      for (int i = 0; i < 25; ++i) {
        target.db().Write([&](db::Connection& c) {
          target.audit().Record(c, {"u", "o", "tester", "r", "127.0.0.1"},
                                {"test.write", "thing", std::to_string(t * 100 + i), "{}"});
        });
      }
    });
  }
  for (auto& th : threads) th.join();
  auto report = app().audit().Verify();
  EXPECT_TRUE(report.ok) << report.problem;
  EXPECT_GE(report.rows, 100);
}

class BackupRestore : public HttpTest {};

TEST_F(BackupRestore, EverythingWrittenBeforeTheBackupIsThereAfterRestore) {
  Session admin = Login("admin", kAdminPassword);
  ASSERT_EQ(Send("POST", "/api/v1/organizations",
                 json{{"name", "Before backup"}, {"type", "ngo"}}.dump(), &admin)
                ->status,
            201);
  std::string file = scratch_->dir() + "/backup.dump";
  auto ok = platform::Backup(app().db(), scratch_->url(), file);
  ASSERT_TRUE(ok) << ok.error().detail;
  EXPECT_FALSE(platform::Backup(app().db(), scratch_->url(), file)) << "never overwrites a backup";

  // Restore into a fresh database and open Samman on it with the same key file.
  ScratchDatabase target;
  std::string url = target.url();
  if (UsePostgres()) {
    std::string conninfo = url.substr(std::string("postgresql:").size());
    std::string cmd = "pg_restore --no-owner --dbname='" + conninfo + "' '" + file + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  } else {
    url = "sqlite:" + file;
  }
  platform::Config config = TestConfig(*scratch_);
  config.database = url;
  auto restored = platform::App::Open(config, clock_);
  ASSERT_TRUE(restored) << restored.error().detail;
  auto cli = identity::Principal::CommandLine();
  auto orgs = (*restored)->identity().ListOrganizations(cli);
  bool found = false;
  for (const auto& o : *orgs) found = found || o.name == "Before backup";
  EXPECT_TRUE(found);
  auto report = (*restored)->audit().Verify();
  EXPECT_TRUE(report.ok) << report.problem;
  EXPECT_EQ(report.rows, app().audit().Verify().rows);
  EXPECT_TRUE((*restored)->identity().Login("admin", kAdminPassword, "", "", "", "t"));
}

}  // namespace
}  // namespace samman::testing
