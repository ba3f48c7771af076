// The platform as a client sees it: health, reference data, the calendar, OpenAPI, errors, limits
// and headers.
#include <fstream>
#include <set>

#include "test_env.h"

namespace samman::testing {
namespace {

using nlohmann::json;

class PlatformHttp : public HttpTest {};

TEST_F(PlatformHttp, HealthzNamesTheDatabase) {
  auto r = Get("/healthz");
  ASSERT_EQ(r->status, 200);
  auto b = Body(r);
  EXPECT_EQ(b["status"], "ok");
  EXPECT_EQ(b["database"], UsePostgres() ? "postgresql" : "sqlite");
  EXPECT_FALSE(b["version"].get<std::string>().empty());
}

TEST_F(PlatformHttp, EveryResponseCarriesSecurityHeadersAndARequestId) {
  for (const char* path : {"/healthz", "/api/v1/me", "/api/v1/nothing-here"}) {
    auto r = Get(path);
    ASSERT_TRUE(r);
    EXPECT_NE(r->get_header_value("Content-Security-Policy").find("frame-ancestors 'none'"),
              std::string::npos)
        << path;
    EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff") << path;
    EXPECT_EQ(r->get_header_value("Referrer-Policy"), "no-referrer") << path;
    EXPECT_FALSE(r->get_header_value("X-Request-Id").empty()) << path;
  }
}

TEST_F(PlatformHttp, GeographyHasSevenProvincesSeventySevenDistrictsAndKathmandusLocalLevels) {
  auto provinces = Body(Get("/api/v1/geo/provinces"))["items"];
  EXPECT_EQ(provinces.size(), 7u);
  EXPECT_EQ(provinces[0]["code"], "1");
  EXPECT_FALSE(provinces[0]["name_ne"].get<std::string>().empty());
  EXPECT_EQ(Body(Get("/api/v1/geo/districts"))["items"].size(), 77u);
  auto bagmati = Body(Get("/api/v1/geo/districts?province=3"))["items"];
  EXPECT_EQ(bagmati.size(), 13u);
  auto ktm = Body(Get("/api/v1/geo/local-levels?district=306"))["items"];
  ASSERT_EQ(ktm.size(), 11u);
  std::set<std::string> names;
  for (const auto& l : ktm) names.insert(l["name_en"]);
  EXPECT_TRUE(names.count("Kathmandu Metropolitan City")) << ktm.dump();
  int local_levels = 0;
  auto districts = Body(Get("/api/v1/geo/districts"));
  for (const auto& d : districts["items"]) {
    local_levels += static_cast<int>(
        Body(Get("/api/v1/geo/local-levels?district=" + d["code"].get<std::string>()))["items"]
            .size());
  }
  EXPECT_EQ(local_levels, 753);
  EXPECT_EQ(Get("/api/v1/geo/local-levels?district=999")->status, 422);
  EXPECT_EQ(Get("/api/v1/geo/districts?province=8")->status, 422);
}

TEST_F(PlatformHttp, CalendarConvertsBothWaysWithFiscalYears) {
  auto ad = Body(Get("/api/v1/calendar/convert?ad=2026-11-22"));
  EXPECT_EQ(ad, json({{"ad", "2026-11-22"}, {"bs", "2083-08-06"}, {"fiscal_year", "2083/84"}}));
  auto bs = Body(Get("/api/v1/calendar/convert?bs=2082-04-01"));
  EXPECT_EQ(bs["ad"], "2025-07-17");
  EXPECT_EQ(bs["fiscal_year"], "2082/83");
  for (const char* bad :
       {"/api/v1/calendar/convert?ad=2026-02-30", "/api/v1/calendar/convert?ad=x",
        "/api/v1/calendar/convert?ad=1900-01-01", "/api/v1/calendar/convert?bs=2082-13-01",
        "/api/v1/calendar/convert?bs=2082-04-33", "/api/v1/calendar/convert"}) {
    auto r = Get(bad);
    EXPECT_EQ(r->status, 422) << bad;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/problem+json") << bad;
    EXPECT_FALSE(Body(r)["detail"].get<std::string>().empty()) << bad;
  }
}

TEST_F(PlatformHttp, CodeListsCarryEnglishAndNepaliLabels) {
  auto sex = Body(Get("/api/v1/codelists/sex"));
  std::set<std::string> codes;
  for (const auto& i : sex["items"]) {
    codes.insert(i["code"]);
    EXPECT_FALSE(i["label_ne"].get<std::string>().empty());
  }
  EXPECT_EQ(codes, (std::set<std::string>{"female", "male", "transgender_female",
                                          "transgender_male", "non_conforming", "unknown"}));
  EXPECT_FALSE(sex["version"].get<std::string>().empty());
  EXPECT_EQ(Get("/api/v1/codelists/no_such_list")->status, 404);
  auto countries = Body(Get("/api/v1/countries"))["items"];
  EXPECT_EQ(countries.size(), 249u);
}

TEST_F(PlatformHttp, OpenApiDocumentListsExactlyTheRoutes) {
  auto r = Get("/api/v1/openapi.json");
  ASSERT_EQ(r->status, 200);
  auto doc = Body(r);
  EXPECT_EQ(doc["openapi"].get<std::string>().substr(0, 3), "3.1");
  std::set<std::string> documented;
  for (const auto& [path, ops] : doc["paths"].items()) {
    for (const auto& [method, op] : ops.items()) {
      std::string m = method;
      for (char& c : m) c = static_cast<char>(std::toupper(c));
      documented.insert(m + " " + path);
      EXPECT_TRUE(op.contains("summary")) << m << " " << path;
    }
  }
  std::set<std::string> routed;
  for (const auto& route : app().router().Routes())
    routed.insert(route.method + " " + route.pattern);
  EXPECT_EQ(documented, routed);
}

TEST_F(PlatformHttp, BadInputGetsAClear4xxAndChangesNothing) {
  Session s = Login("admin", kAdminPassword);
  auto count = [&] { return Body(Get("/api/v1/organizations", &s))["items"].size(); };
  size_t before = count();
  struct Case {
    std::string body;
    int status;
  } cases[] = {
      {"{not json", 400},
      {"[1,2,3]", 400},
      {R"({"name":"X","type":"ngo","colour":"red"})", 422},
      {R"({"name":42,"type":"ngo"})", 422},
      {R"({"name":"X"})", 422},
      {R"({"name":"X","type":["ngo"]})", 422},
  };
  for (const auto& c : cases) {
    auto r = Send("POST", "/api/v1/organizations", c.body, &s);
    EXPECT_EQ(r->status, c.status) << c.body << " -> " << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/problem+json");
    EXPECT_FALSE(Body(r)["detail"].get<std::string>().empty());
  }
  EXPECT_EQ(count(), before);

  // Just over the 1 MiB limit: small enough that the whole body fits in loopback socket buffers, so
  // the client reads the answer instead of dying on a reset connection.
  std::string huge((1 << 20) + 1000, 'x');
  auto big = Send("POST", "/api/v1/organizations", "{\"name\":\"" + huge + "\"}", &s);
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  EXPECT_EQ(count(), before);

  // SQL-looking text is data, stored and returned as typed.
  std::string sqlish = "Robert'); DROP TABLE organizations;--";
  auto r =
      Send("POST", "/api/v1/organizations", json{{"name", sqlish}, {"type", "ngo"}}.dump(), &s);
  ASSERT_EQ(r->status, 201);
  EXPECT_EQ(Body(r)["name"], sqlish);
  EXPECT_EQ(count(), before + 1);
  auto q = Get("/api/v1/users?organization_id=' OR '1'='1", &s);
  EXPECT_EQ(q->status, 200);
  EXPECT_EQ(Body(q)["items"].size(), 0u);
}

TEST_F(PlatformHttp, UnknownRoutesAndMethodsAreProblems) {
  auto missing = Get("/api/v1/no-such-thing");
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(Body(missing)["type"], "urn:samman:problem:not-found");
  auto wrong = Send("DELETE", "/api/v1/geo/provinces", "", nullptr);
  EXPECT_EQ(wrong->status, 405);
  EXPECT_EQ(wrong->get_header_value("Allow"), "GET");
}

TEST_F(PlatformHttp, MetricsCountRequestsInPrometheusFormat) {
  Get("/healthz");
  auto r = Get("/metrics");
  ASSERT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("samman_http_requests_total{method=\"GET\",status=\"200\"}"),
            std::string::npos);
  EXPECT_NE(r->body.find("samman_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(r->body.find("samman_db_connections{state=\"in_use\"}"), std::string::npos);
  EXPECT_NE(r->body.find("samman_jobs{status=\"pending\"}"), std::string::npos);
  auto value = [&](const std::string& name) {
    size_t at = r->body.find("\n" + name + " ");
    return at == std::string::npos ? -1.0 : std::stod(r->body.substr(at + name.size() + 2));
  };
  // Setting up the administrator wrote; every write took a commit, shared or its own.
  EXPECT_GT(value("samman_db_commits_total"), 0);
  EXPECT_GE(value("samman_db_writes_total"), value("samman_db_commits_total"));
  EXPECT_EQ(value("samman_db_writes_waiting"), 0);
}

TEST_F(PlatformHttp, TheUiIsServedWithPrecompressedFilesAndAppRoutesFallBackToIndex) {
  std::string dir = scratch_->dir() + "/static";
  std::filesystem::create_directories(dir + "/assets");
  std::ofstream(dir + "/index.html") << "<!doctype html><title>Samman</title>";
  std::ofstream(dir + "/assets/app-123.js") << "console.log('plain')";
  std::ofstream(dir + "/assets/app-123.js.gz") << "GZIPPED";
  auto index = Get("/cases/123");
  ASSERT_EQ(index->status, 200);
  EXPECT_NE(index->body.find("<title>Samman</title>"), std::string::npos);
  httplib::Headers gz = {{"Accept-Encoding", "gzip"}};
  auto c = Client();
  c.set_decompress(false);
  auto js = c.Get("/assets/app-123.js", gz);
  EXPECT_EQ(js->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(js->body, "GZIPPED");
  EXPECT_NE(js->get_header_value("Cache-Control").find("immutable"), std::string::npos);
  EXPECT_EQ(Get("/assets/app-123.js")->body, "console.log('plain')");
  EXPECT_EQ(Get("/assets/missing.js")->status, 404);
  EXPECT_EQ(Get("/../../etc/passwd")->status, 404);
}

TEST_F(PlatformHttp, AuditLogIsForSystemAdministratorsAndRecordsSignIns) {
  Session s = Login("admin", kAdminPassword);
  auto r = Get("/api/v1/audit?action=session.login", &s);
  ASSERT_EQ(r->status, 200) << r->body;
  auto items = Body(r)["items"];
  ASSERT_GE(items.size(), 1u);
  EXPECT_EQ(items[0]["actor_username"], "admin");
  Send("POST", "/api/v1/users",
       json{{"username", "analyst1"},
            {"password", "twelve chars pw"},
            {"organization_id", admin_org_id_},
            {"roles", {"analyst"}}}
           .dump(),
       &s);
  Session analyst = Login("analyst1", "twelve chars pw");
  EXPECT_EQ(Get("/api/v1/audit", &analyst)->status, 403);
}

}  // namespace
}  // namespace samman::testing
