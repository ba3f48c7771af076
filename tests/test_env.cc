#include "test_env.h"

#include <libpq-fe.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>

namespace samman::testing {
namespace {

std::atomic<int> counter{0};

void PgAdmin(const std::string& sql) {
  PGconn* c = PQconnectdb("dbname=postgres");
  if (PQstatus(c) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(c);
    PQfinish(c);
    throw std::runtime_error("cannot reach PostgreSQL for tests: " + msg);
  }
  PGresult* r = PQexec(c, sql.c_str());
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  std::string msg = PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
  if (!ok) throw std::runtime_error("PostgreSQL: " + msg);
}

}  // namespace

std::string UrlEncode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

bool UsePostgres() {
  const char* e = std::getenv("SAMMAN_TEST_ENGINE");
  return e && std::string(e) == "postgresql";
}

ScratchDatabase::ScratchDatabase() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "samman-test-XXXXXX").string();
  dir_ = mkdtemp(tmpl.data());
  if (UsePostgres()) {
    pg_name_ = "samman_t_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
    PgAdmin("CREATE DATABASE " + pg_name_ + " ENCODING 'UTF8' TEMPLATE template0");
    url_ = "postgresql:dbname=" + pg_name_;
  } else {
    url_ = "sqlite:" + dir_ + "/samman.db";
  }
}

ScratchDatabase::~ScratchDatabase() {
  if (!pg_name_.empty()) {
    try {
      PgAdmin("DROP DATABASE IF EXISTS " + pg_name_ + " WITH (FORCE)");
    } catch (...) {
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

platform::Config TestConfig(const ScratchDatabase& db) {
  platform::Config config;
  config.data_dir = db.dir() + "/data";
  config.database = db.url();
  config.db_pool = 4;
  config.run_jobs = false;
  return config;
}

void ServiceTest::SetUp() {
  spdlog::set_level(spdlog::level::warn);
  std::signal(SIGPIPE, SIG_IGN);  // a server closing early must fail a request, not kill the tests
  if (UsePostgres() && !std::getenv("PGHOST") && !std::getenv("PGPORT")) {
    GTEST_SKIP() << "PostgreSQL tests run under pg_virtualenv (scripts/test.sh)";
  }
  scratch_ = std::make_unique<ScratchDatabase>();
  platform::Config config = TestConfig(*scratch_);
  config.static_dir = scratch_->dir() + "/static";
  auto opened = platform::App::Open(config, clock_);
  ASSERT_TRUE(opened) << opened.error().detail;
  app_ = std::move(*opened);
}

void ServiceTest::TearDown() {
  app_.reset();
  scratch_.reset();
}

identity::Principal ServiceTest::MakeUser(const std::string& username,
                                          const std::vector<std::string>& roles,
                                          const std::string& org_type) {
  auto cli = identity::Principal::CommandLine();
  auto& ids = app_->identity();
  auto org = ids.CreateOrganization(cli, {"Org of " + username, org_type, "", ""});
  EXPECT_TRUE(org) << org.error().detail;
  auto user = ids.CreateUser(cli, {username, username, "a long enough password", org->id, roles});
  EXPECT_TRUE(user) << user.error().detail;
  auto login = ids.Login(username, "a long enough password", "", "127.0.0.1", "test", "t");
  EXPECT_TRUE(login) << login.error().detail;
  return login->principal;
}

void HttpTest::SetUp() {
  ServiceTest::SetUp();
  if (IsSkipped() || HasFatalFailure()) return;
  auto cli = identity::Principal::CommandLine();
  auto org = app_->identity().CreateOrganization(cli, {"Ministry of Women, Children and Senior "
                                                       "Citizens",
                                                       "ministry", "", ""});
  ASSERT_TRUE(org);
  admin_org_id_ = org->id;
  auto admin = app_->identity().CreateUser(
      cli, {"admin", "Administrator", kAdminPassword, org->id, {"system_admin"}});
  ASSERT_TRUE(admin);
  http::ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.worker_threads = 4;
  options.max_body_bytes = 1 << 20;
  platform::App* a = app_.get();
  server_ = std::make_unique<http::Server>(options, [a](http::Request& r) { return a->Handle(r); });
  port_ = server_->Start();
}

std::string HttpTest::MakeOrg(const Session& admin, const std::string& name,
                              const std::string& type) {
  auto r = Send("POST", "/api/v1/organizations",
                nlohmann::json{{"name", name}, {"type", type}}.dump(), &admin);
  EXPECT_EQ(r->status, 201) << r->body;
  return Body(r).value("id", "");
}

Session HttpTest::MakeUserSession(const Session& admin, const std::string& username,
                                  const std::string& org, const std::vector<std::string>& roles) {
  auto r = Send("POST", "/api/v1/users",
                nlohmann::json{{"username", username},
                               {"password", "twelve chars pw"},
                               {"organization_id", org},
                               {"roles", roles}}
                    .dump(),
                &admin);
  EXPECT_EQ(r->status, 201) << r->body;
  return Login(username, "twelve chars pw");
}

void HttpTest::TearDown() {
  if (server_) server_->Stop(5);
  server_.reset();
  ServiceTest::TearDown();
}

httplib::Client HttpTest::Client() {
  httplib::Client c("127.0.0.1", port_);
  c.set_read_timeout(30, 0);
  return c;
}

httplib::Result HttpTest::Get(const std::string& path, const Session* s) {
  httplib::Headers h;
  if (s) h.emplace("Cookie", s->cookie);
  return Client().Get(path.c_str(), h);
}

httplib::Result HttpTest::Send(const std::string& method, const std::string& path,
                               const std::string& body, const Session* s, httplib::Headers extra) {
  httplib::Headers h = std::move(extra);
  if (s) {
    h.emplace("Cookie", s->cookie);
    h.emplace("X-CSRF-Token", s->csrf);
  }
  auto c = Client();
  if (method == "POST") return c.Post(path.c_str(), h, body, "application/json");
  if (method == "PATCH") return c.Patch(path.c_str(), h, body, "application/json");
  if (method == "PUT") return c.Put(path.c_str(), h, body, "application/json");
  if (method == "DELETE") return c.Delete(path.c_str(), h, body, "application/json");
  return c.Get(path.c_str(), h);
}

Session HttpTest::Login(const std::string& username, const std::string& password) {
  nlohmann::json body = {{"username", username}, {"password", password}};
  auto r = Send("POST", "/api/v1/auth/login", body.dump(), nullptr);
  Session s;
  EXPECT_TRUE(r);
  if (!r) return s;
  EXPECT_EQ(r->status, 200) << r->body;
  auto cookie = r->get_header_value("Set-Cookie");
  s.cookie = cookie.substr(0, cookie.find(';'));
  auto j = Body(r);
  s.csrf = j.value("csrf_token", "");
  s.user = j.value("user", nlohmann::json());
  return s;
}

nlohmann::json HttpTest::Body(const httplib::Result& r) {
  if (!r) return nullptr;
  return nlohmann::json::parse(r->body, nullptr, false);
}

}  // namespace samman::testing
