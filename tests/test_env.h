// Test environment: a throwaway database on the engine the run asks for (SQLite by default;
// PostgreSQL when SAMMAN_TEST_ENGINE=postgresql under pg_virtualenv), a movable clock, and a real
// Samman HTTP server on a loopback port with an httplib client. One fixture per test; not shared
// across threads.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "common/time.h"
#include "db/database.h"
#include "http/server.h"
#include "platform/app.h"

namespace samman::testing {

class FakeClock final : public Clock {
 public:
  FakeClock() : now_(std::chrono::system_clock::now()) {}
  Instant Now() const override {
    std::lock_guard lock(mu_);
    return now_;
  }
  void Advance(std::chrono::seconds s) {
    std::lock_guard lock(mu_);
    now_ += s;
  }

 private:
  mutable std::mutex mu_;
  Instant now_;
};

bool UsePostgres();
std::string UrlEncode(std::string_view text);  // for query strings

// A fresh, empty database (created on PostgreSQL, a new file on SQLite), dropped on destruction.
class ScratchDatabase {
 public:
  ScratchDatabase();
  ~ScratchDatabase();
  const std::string& url() const { return url_; }
  const std::string& dir() const { return dir_; }  // a temp directory for files

 private:
  std::string url_;
  std::string dir_;
  std::string pg_name_;
};

// How tests open an installation on db: its key file in db's directory (so installations opened on
// the same db share keys), four connections, no background jobs.
platform::Config TestConfig(const ScratchDatabase& db);

// A migrated database with the core services, for store and service tests.
class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  platform::App& app() { return *app_; }
  // An organisation and a user with the given roles; returns the principal as a login would.
  identity::Principal MakeUser(const std::string& username, const std::vector<std::string>& roles,
                               const std::string& org_type = "ngo");

  FakeClock clock_;
  std::unique_ptr<ScratchDatabase> scratch_;
  std::unique_ptr<platform::App> app_;
};

struct Session {
  std::string cookie;  // "samman_session=..."
  std::string csrf;
  nlohmann::json user;
};

// A real server on 127.0.0.1:<free port> over a scratch database, with an administrator "admin".
class HttpTest : public ServiceTest {
 protected:
  static constexpr const char* kAdminPassword = "correct horse battery";
  void SetUp() override;
  void TearDown() override;

  httplib::Client Client();
  // POST/PATCH/DELETE/GET with a session's cookie and CSRF header.
  httplib::Result Get(const std::string& path, const Session* s = nullptr);
  httplib::Result Send(const std::string& method, const std::string& path, const std::string& body,
                       const Session* s, httplib::Headers extra = {});
  Session Login(const std::string& username, const std::string& password);
  static nlohmann::json Body(const httplib::Result& r);
  // An organisation created by the administrator session; returns its id.
  std::string MakeOrg(const Session& admin, const std::string& name, const std::string& type);
  // A user in the organisation with the roles (password "twelve chars pw"), signed in.
  Session MakeUserSession(const Session& admin, const std::string& username, const std::string& org,
                          const std::vector<std::string>& roles);

  std::string admin_org_id_;
  uint16_t port_ = 0;
  std::unique_ptr<http::Server> server_;
};

}  // namespace samman::testing
