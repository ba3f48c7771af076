// Statistics over HTTP: what committees, analysts and the public get, and what they never get.
#include <zip.h>

#include <map>

#include "common/csv.h"
#include "test_env.h"

namespace samman::testing {
namespace {

using nlohmann::json;

// A file inside an XLSX workbook (a zip), or "" when it is not there.
std::string ZipEntry(const std::string& archive, const std::string& name) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(archive.data(), archive.size(), 0, &error);
  zip_t* z = src ? zip_open_from_source(src, ZIP_RDONLY, &error) : nullptr;
  std::string out;
  if (zip_file_t* f = z ? zip_fopen(z, name.c_str(), 0) : nullptr) {
    char buf[8192];
    for (zip_int64_t n; (n = zip_fread(f, buf, sizeof buf)) > 0;) out.append(buf, n);
    zip_fclose(f);
  }
  if (z) {
    zip_discard(z);
  } else if (src) {
    zip_source_free(src);
  }
  zip_error_fini(&error);
  return out;
}

size_t Occurrences(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

class StatsHttp : public HttpTest {
 protected:
  void SetUp() override {
    HttpTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    admin_ = Login("admin", kAdminPassword);
    std::string ngo = MakeOrg(admin_, "Maiti Nepal", "ngo");
    worker_ = MakeUserSession(admin_, "worker", ngo, {"case_worker"});
    analyst_ =
        MakeUserSession(admin_, "analyst", MakeOrg(admin_, "Ministry", "ministry"), {"analyst"});
    auto committee = [&](const std::string& name, const std::string& level,
                         const std::string& area) {
      auto r =
          Send("POST", "/api/v1/organizations",
               json{{"name", name}, {"type", "committee"}, {"level", level}, {"jurisdiction", area}}
                   .dump(),
               &admin_);
      EXPECT_EQ(r->status, 201) << r->body;
      return Body(r)["id"].get<std::string>();
    };
    kathmandu_ = MakeUserSession(
        admin_, "dccht306", committee("DCCHT Kathmandu", "district", "306"), {"committee_member"});
    bagmati_ = MakeUserSession(admin_, "pccht3", committee("PCCHT Bagmati", "province", "3"),
                               {"committee_member"});
    // 30 women and 4 men identified in Kathmandu, 12 women in Banke; one not a victim.
    today_ = NepalDate(clock_.Now());
    for (int i = 0; i < 30; ++i) Open("306", "female");
    for (int i = 0; i < 4; ++i) Open("306", "male");
    for (int i = 0; i < 12; ++i) Open("511", "female");
    Open("511", "male", "not_a_victim");
  }
  std::string Open(const std::string& district, const std::string& sex,
                   const std::string& status = "possible") {
    auto r = Send("POST", "/api/v1/cases",
                  json{{"person", {{"given_name", "X"}, {"sex", sex}, {"age_at_registration", 19}}},
                       {"case",
                        {{"identification_source", "hotline"},
                         {"district", district},
                         {"trafficking_status", status}}},
                       {"victim_profile", {{"exploitation_types", {"sexual_exploitation"}}}}}
                      .dump(),
                  &worker_);
    EXPECT_EQ(r->status, 201) << r->body;
    cases_.push_back(Body(r).value("id", ""));
    return cases_.back();
  }
  void Justice(const std::string& case_id, const json& record) {
    auto r = Send("POST", "/api/v1/cases/" + case_id + "/justice", record.dump(), &worker_);
    EXPECT_EQ(r->status, 201) << r->body;
  }
  json Ask(const std::string& query, const Session& s, int expect = 200) {
    auto r = Get("/api/v1/stats/query?" + query, &s);
    EXPECT_EQ(r->status, expect) << query << " " << r->body;
    return Body(r);
  }
  static const json* CellWhere(const json& answer, const json& dims) {
    for (const auto& c : answer["cells"]) {
      bool match = true;
      for (const auto& [k, v] : dims.items()) match = match && c.value(k, json()) == v;
      if (match) return &c;
    }
    return nullptr;
  }

  Session admin_, worker_, analyst_, kathmandu_, bagmati_;
  std::string today_;
  std::vector<std::string> cases_;  // in the order opened: 30 Kathmandu women first
};

TEST_F(StatsHttp, SmallCellsAreSuppressedWithTheirComplementsAndTotalsAgree) {
  json a = Ask("indicator=survivors_identified&by=district,sex", analyst_);
  EXPECT_EQ(a["k"], 11);
  // Every released cell is at least k (or zero); the rest are null.
  for (const auto& c : a["cells"]) {
    if (c["suppressed"]) {
      EXPECT_TRUE(c["value"].is_null());
    } else {
      EXPECT_TRUE(c["value"] == 0 || c["value"] >= 11) << c.dump();
    }
  }
  // 4 Kathmandu men are hidden, and so is the cell that would give them away.
  const json* men = CellWhere(a, {{"district", "306"}, {"sex", "male"}});
  ASSERT_TRUE(men);
  EXPECT_TRUE((*men)["suppressed"]);
  const json* women = CellWhere(a, {{"district", "306"}, {"sex", "female"}});
  const json* all = CellWhere(a, {{"district", "306"}, {"sex", "*"}});
  ASSERT_TRUE(women && all);
  EXPECT_FALSE((*all)["suppressed"]);
  EXPECT_EQ((*all)["value"], 34);
  EXPECT_TRUE((*women)["suppressed"]);  // 34 - 30 = 4 otherwise
  // The national total counts everyone once; the person found not to be a victim is not counted.
  EXPECT_EQ((*CellWhere(a, {{"district", "*"}, {"province", "*"}, {"sex", "*"}}))["value"], 46);
  // Asking by sex alone shows the national men's figure the same way (4 + 0 < 11: hidden).
  json by_sex = Ask("indicator=survivors_identified&by=sex", analyst_);
  EXPECT_TRUE((*CellWhere(by_sex, {{"sex", "male"}}))["suppressed"]);
  EXPECT_TRUE((*CellWhere(by_sex, {{"sex", "female"}}))["suppressed"]);
  EXPECT_EQ((*CellWhere(by_sex, {{"sex", "*"}}))["value"], 46);
}

TEST_F(StatsHttp, CommitteesSeeTheirOwnAreaOnly) {
  json mine = Ask("indicator=survivors_identified&by=sex", kathmandu_);
  EXPECT_EQ(mine["district"], "306");
  for (const auto& c : mine["cells"]) EXPECT_EQ(c["district"], "306") << c.dump();
  EXPECT_EQ((*CellWhere(mine, {{"sex", "*"}}))["value"], 34);
  auto other = Get("/api/v1/stats/query?indicator=survivors_identified&district=511", &kathmandu_);
  EXPECT_EQ(other->status, 403);
  EXPECT_NE(Body(other)["detail"].get<std::string>().find("Kathmandu"), std::string::npos);
  EXPECT_EQ(
      Get("/api/v1/stats/query?indicator=survivors_identified&province=3", &kathmandu_)->status,
      403);
  // A province committee sees its districts, not Banke's province.
  json province = Ask("indicator=survivors_identified&by=district", bagmati_);
  EXPECT_EQ(province["province"], "3");
  for (const auto& c : province["cells"]) EXPECT_EQ(c["province"], "3") << c.dump();
  EXPECT_EQ(Get("/api/v1/stats/query?indicator=survivors_identified&province=5", &bagmati_)->status,
            403);
  // Case workers and anonymous callers get nothing.
  EXPECT_EQ(Get("/api/v1/stats/query?indicator=survivors_identified", &worker_)->status, 403);
  EXPECT_EQ(Get("/api/v1/stats/query?indicator=survivors_identified")->status, 401);
}

TEST_F(StatsHttp, AnAreaIsASliceOfTheNationalTable) {
  json national = Ask("indicator=survivors_identified&by=district,sex", analyst_);
  json area = Ask("indicator=survivors_identified&by=sex&district=306", analyst_);
  for (const auto& c : area["cells"]) {
    const json* same = CellWhere(national, {{"district", "306"}, {"sex", c["sex"]}});
    ASSERT_TRUE(same) << c.dump();
    EXPECT_EQ((*same)["suppressed"], c["suppressed"]);
    EXPECT_EQ((*same)["value"], c["value"]);
  }
}

TEST_F(StatsHttp, ARepeatedQuestionIsAnsweredFromMemoryUntilTheDataChange) {
  const std::string question = "indicator=survivors_identified&by=district";
  auto kathmandu = [&](const json& answer) {
    const json* c = CellWhere(answer, {{"district", "306"}});
    return c ? (*c)["value"] : json();
  };
  EXPECT_EQ(kathmandu(Ask(question, analyst_)), 34);
  // Asked again at once: the same answer, and every asking is audited, remembered or not.
  auto audited = [&] {
    return Body(Get("/api/v1/audit?action=stats.query", &admin_))["items"].size();
  };
  const size_t before = audited();
  auto again = Get("/api/v1/stats/query?" + question, &analyst_);
  EXPECT_EQ(again->body, Get("/api/v1/stats/query?" + question, &analyst_)->body);
  EXPECT_EQ(audited(), before + 2);
  // Another server sharing the database moves Banke's twelve survivors to Kathmandu.
  auto elsewhere = db::Database::Open(scratch_->url(), 1);
  elsewhere->Write([](db::Connection& c) {
    c.Query("UPDATE case_facts SET district = '306', province = '3' WHERE district = '511'",
            db::Params{});
  });
  EXPECT_EQ(kathmandu(Ask(question, analyst_)), 34) << "remembered for a minute";
  // A committee's question is its own, never answered from the nation's.
  EXPECT_EQ(kathmandu(Ask(question, kathmandu_)), 46);
  clock_.Advance(std::chrono::seconds(61));
  EXPECT_EQ(kathmandu(Ask(question, analyst_)), 46);
  // A case written through this server shows at once.
  Open("306", "female");
  EXPECT_EQ(kathmandu(Ask(question, analyst_)), 47);
}

TEST_F(StatsHttp, ThePrivacyLedgerRefusesOverspending) {
  json first = Ask("indicator=survivors_identified&by=sex&epsilon=0.6", analyst_);
  EXPECT_DOUBLE_EQ(first["epsilon_remaining"].get<double>(), 0.4);
  json refused = Ask("indicator=survivors_identified&by=sex&epsilon=0.6", analyst_, 409);
  EXPECT_NE(refused["detail"].get<std::string>().find("budget"), std::string::npos);
  EXPECT_DOUBLE_EQ(refused["epsilon_remaining"].get<double>(), 0.4);
  // Another dataset has its own budget; the spent one still answers without noise.
  Ask("indicator=cases_closed&epsilon=0.6", analyst_);
  Ask("indicator=survivors_identified&by=sex", analyst_);
}

TEST_F(StatsHttp, BadQueriesAreExplained) {
  json e = Ask("indicator=happiness", analyst_, 422);
  EXPECT_NE(e["detail"].get<std::string>().find("indicators"), std::string::npos);
  e = Ask("indicator=survivors_identified&by=sex,age_band,citizenship,exploitation_type", analyst_,
          422);
  EXPECT_NE(e["detail"].get<std::string>().find("three"), std::string::npos);
  e = Ask("indicator=survivors_identified&by=local_level", analyst_, 422);
  EXPECT_NE(e["detail"].get<std::string>().find("local level"), std::string::npos);
  Ask("indicator=rescues&by=exploitation_type", analyst_, 422);
  Ask("indicator=survivors_identified&fy=2081-82", analyst_, 422);
  Ask("indicator=survivors_identified&rounding=3", analyst_, 422);
}

TEST_F(StatsHttp, MicrodataGoOnlyToAnalystsAndOnlyInGroupsOfK) {
  auto r = Get("/api/v1/exports/ctdc", &analyst_);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(r->body.rfind("yearOfRegistration,gender,ageBroad,", 0), 0u);
  // 30 Kathmandu women alike are released; the 4 men and the 12 Banke women too (ages and places
  // are not in the layout), the one person found not to be a victim is not.
  size_t lines = std::count(r->body.begin(), r->body.end(), '\n');
  EXPECT_EQ(lines - 1 + std::stoul(r->get_header_value("X-Samman-Rows-Withheld")), 46u);
  EXPECT_EQ(Get("/api/v1/exports/ctdc", &kathmandu_)->status, 403);
  EXPECT_EQ(Get("/api/v1/exports/ctdc", &worker_)->status, 403);
}

TEST_F(StatsHttp, HtcdsShapedMicrodataUseHtcdsNamesAndValuesAndComeAsXlsxToo) {
  auto r = Get("/api/v1/exports/htcds", &analyst_);
  ASSERT_EQ(r->status, 200) << r->body;
  auto table = csv::Parse(r->body);
  ASSERT_TRUE(table);
  for (const char* field : {"prs_Gender", "prs_Citizenship", "vic_TraffickingStatus",
                            "vic_TypeOfExploitation", "cas_Status", "npl_FiscalYear"}) {
    EXPECT_GE(table->Column(field), 0) << field;
  }
  for (const char* identifying : {"prs_FirstName", "prs_SecondName", "prs_Birthdate",
                                  "prs_MobilePhone", "prs_MailingStreet"}) {
    EXPECT_LT(table->Column(identifying), 0) << identifying;
  }
  // Everyone is a released row or counted as withheld; the person found not to be a victim is not
  // there at all. Released rows carry HTCDS picklist values.
  size_t withheld = std::stoul(r->get_header_value("X-Samman-Rows-Withheld"));
  EXPECT_EQ(table->rows.size() + withheld, 46u);
  std::map<std::vector<std::string>, int> groups;
  for (const auto& row : table->rows) ++groups[row];
  for (const auto& [row, n] : groups) EXPECT_GE(n, 11);
  ASSERT_FALSE(table->rows.empty());
  int sex = table->Column("prs_Gender"), kind = table->Column("vic_TypeOfExploitation");
  for (const auto& row : table->rows) {
    EXPECT_TRUE(row[sex] == "Feminine" || row[sex] == "Masculine") << row[sex];
    EXPECT_EQ(row[kind], "SexualExploitation");
  }

  auto book = Get("/api/v1/exports/htcds?format=xlsx", &analyst_);
  ASSERT_EQ(book->status, 200) << book->body;
  EXPECT_EQ(book->get_header_value("Content-Type"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_NE(book->get_header_value("Content-Disposition").find("samman-htcds.xlsx"),
            std::string::npos);
  // Written in constant memory, so the text is inline in the sheet.
  std::string sheet = ZipEntry(book->body, "xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("<t>prs_Gender</t>"), std::string::npos);
  EXPECT_NE(sheet.find("<t>Feminine</t>"), std::string::npos);
  EXPECT_EQ(Occurrences(sheet, "<row "), table->rows.size() + 1);  // the header and every row
  EXPECT_NE(
      ZipEntry(Get("/api/v1/exports/ctdc?format=xlsx", &analyst_)->body, "xl/worksheets/sheet1.xml")
          .find("<t>yearOfRegistration</t>"),
      std::string::npos);
  EXPECT_EQ(Get("/api/v1/exports/htcds?format=pdf", &analyst_)->status, 422);
  EXPECT_EQ(Get("/api/v1/exports/htcds", &kathmandu_)->status, 403);
}

TEST_F(StatsHttp, ThePublicSeesOnlyReleasedRoundedFigures) {
  auto today = Body(Get("/api/v1/calendar/convert?ad=" + today_));
  auto r = Get("/api/v1/stats/public?fy=" + UrlEncode(today["fiscal_year"].get<std::string>()));
  ASSERT_EQ(r->status, 200) << r->body;
  json pub = Body(r);
  ASSERT_GE(pub["tables"].size(), 5u);
  for (const auto& t : pub["tables"]) {
    EXPECT_EQ(t["rounding"], 5);
    for (const auto& c : t["cells"]) {
      if (!c["suppressed"]) {
        EXPECT_EQ(c["value"].get<int64_t>() % 5, 0) << c.dump();
      }
    }
  }
  json total = pub["tables"][0];
  EXPECT_EQ(total["cells"][0]["value"], 45);  // 46 rounded to 5
  json catalogue = Body(Get("/api/v1/stats/indicators"));
  EXPECT_GE(catalogue["items"].size(), 10u);
}

TEST_F(StatsHttp, JusticeCountsPeopleByStageAndReleasesRatesAndSumsOnlyFromSafeFigures) {
  json convicted = {
      {"name", "A"}, {"arrested", true}, {"prosecuted", true}, {"outcome", "convicted"}};
  json absconded = {{"name", "B"}, {"outcome", "acquitted"}};  // a verdict implies prosecution
  json acquitted = {{"name", "C"}, {"arrested", true}, {"outcome", "acquitted"}};
  for (int i = 0; i < 12; ++i) {
    Justice(cases_[i], {{"law", "httca_2007"},
                        {"verdict", "convicted"},
                        {"suspects", {convicted, absconded}},
                        {"compensation_npr", 200000}});
    Justice(cases_[12 + i],
            {{"law", "httca_2007"}, {"verdict", "acquitted"}, {"suspects", {acquitted}}});
  }
  for (int i = 0; i < 3; ++i) {
    Justice(cases_[24 + i], {{"law", "foreign_employment_act"},
                             {"verdict", "convicted"},
                             {"suspects", {convicted}},
                             {"compensation_npr", 100000}});
  }

  // 39 people named: 27 arrested, all prosecuted, 15 convicted, 24 acquitted.
  json persons = Ask("indicator=justice_persons&by=stage", analyst_);
  EXPECT_EQ(persons["unit"], "persons");
  auto stage = [&](const json& a, const std::string& s) {
    const json* c = CellWhere(a, {{"stage", s}});
    return c ? (*c)["value"] : json("absent");
  };
  EXPECT_EQ(stage(persons, "*"), 39);
  EXPECT_EQ(stage(persons, "suspected"), 39);
  EXPECT_EQ(stage(persons, "arrested"), 27);
  EXPECT_EQ(stage(persons, "prosecuted"), 39);
  EXPECT_EQ(stage(persons, "convicted"), 15);
  EXPECT_EQ(stage(persons, "acquitted"), 24);
  // The three people convicted under the Foreign Employment Act are too few to show.
  json by_law = Ask("indicator=justice_persons&by=law,stage", analyst_);
  EXPECT_TRUE((*CellWhere(
      by_law, {{"law", "foreign_employment_act"}, {"stage", "convicted"}}))["suppressed"]);

  // The conviction rate is made from the released counts of records by verdict, nothing else.
  json rates = Ask("indicator=conviction_rate&by=law", analyst_);
  json counts = Ask("indicator=justice_cases_registered&by=law,verdict", analyst_);
  EXPECT_EQ(rates["unit"], "percent");
  for (const auto& c : rates["cells"]) {
    const json* won = CellWhere(counts, {{"law", c["law"]}, {"verdict", "convicted"}});
    const json* lost = CellWhere(counts, {{"law", c["law"]}, {"verdict", "acquitted"}});
    bool hidden = (won && (*won)["suppressed"]) || (lost && (*lost)["suppressed"]);
    EXPECT_EQ(c["suppressed"], hidden) << c.dump();
    if (!hidden) {
      double w = won ? (*won)["value"].get<double>() : 0,
             l = lost ? (*lost)["value"].get<double>() : 0;
      EXPECT_EQ(c["value"], std::llround(100 * w / (w + l))) << c.dump();
    }
  }
  // 15 convicted of 27 decided.
  EXPECT_EQ((*CellWhere(rates, {{"law", "*"}}))["value"], 56);
  EXPECT_TRUE((*CellWhere(rates, {{"law", "foreign_employment_act"}}))["suppressed"]);

  // Compensation: 12 x 200,000 + 3 x 100,000. Three records are too few for a sum of their own,
  // and hiding them alone would let the HTTCA sum give them away.
  json money = Ask("indicator=compensation_ordered&by=law", analyst_);
  EXPECT_EQ(money["unit"], "NPR");
  EXPECT_EQ((*CellWhere(money, {{"law", "*"}}))["value"], 2700000);
  EXPECT_TRUE((*CellWhere(money, {{"law", "foreign_employment_act"}}))["suppressed"]);
  EXPECT_TRUE((*CellWhere(money, {{"law", "httca_2007"}}))["suppressed"]);
  Ask("indicator=compensation_ordered&epsilon=0.1", analyst_, 422);

  // The annual report carries the justice figures as a committee would read them.
  auto fy = Body(Get("/api/v1/calendar/convert?ad=" + today_))["fiscal_year"].get<std::string>();
  auto report = Get("/api/v1/stats/report?format=html&fy=" + UrlEncode(fy), &analyst_);
  ASSERT_EQ(report->status, 200);
  EXPECT_NE(report->body.find("Persons suspected, arrested, prosecuted and convicted"),
            std::string::npos);
  EXPECT_NE(report->body.find("56%"), std::string::npos);
  EXPECT_NE(report->body.find("Rs\u00a02,700,000"), std::string::npos);
}

TEST_F(StatsHttp, RatesPer100000AreOfTheCensusPopulationAndOnlyForPlaces) {
  std::map<std::string, double> people;
  for (const auto& list : {"/api/v1/geo/districts", "/api/v1/geo/provinces"}) {
    json units = Body(Get(list));
    for (const auto& u : units["items"]) {
      ASSERT_TRUE(u.contains("population_2021")) << u.dump();
      people[u["code"].get<std::string>()] = u["population_2021"].get<double>();
    }
  }
  EXPECT_EQ(people.size(), 84u);
  double nepal = 0;
  for (const auto& [code, n] : people) nepal += code.size() == 1 ? n : 0;
  EXPECT_EQ(nepal, 29164578);  // the 2021 census
  json a = Ask("indicator=survivors_identified&by=district", analyst_);
  int with_rate = 0;
  for (const auto& c : a["cells"]) {
    if (c["suppressed"] || c["district"] == "unknown") {
      EXPECT_FALSE(c.contains("rate_per_100k")) << c.dump();
      continue;
    }
    std::string place = c["district"] != "*" ? c["district"] : c["province"];
    double n = place == "*" ? nepal : people.at(place);
    ASSERT_TRUE(c.contains("rate_per_100k")) << c.dump();
    EXPECT_NEAR(c["rate_per_100k"].get<double>(), c["value"].get<double>() * 1e5 / n, 0.051)
        << c.dump();
    ++with_rate;
  }
  EXPECT_GE(with_rate, 3);  // Kathmandu, Bagmati and Nepal at least
  // A table by sex is not divided by everyone, not even its total.
  json by_sex = Ask("indicator=survivors_identified&by=district,sex", analyst_);
  for (const auto& c : by_sex["cells"]) EXPECT_FALSE(c.contains("rate_per_100k")) << c.dump();
  EXPECT_TRUE(
      Ask("indicator=survivors_identified", analyst_)["cells"][0].contains("rate_per_100k"));
  auto shapes = Get("/api/v1/geo/districts.geojson");
  ASSERT_EQ(shapes->status, 200);
  EXPECT_EQ(shapes->get_header_value("Content-Type"), "application/geo+json");
  json map = Body(shapes);
  ASSERT_EQ(map["features"].size(), 77u);
  for (const auto& f : map["features"]) {
    EXPECT_TRUE(people.count(f["properties"]["district_code"].get<std::string>()))
        << f["properties"];
  }
}

TEST_F(StatsHttp, ASurvivorServedInTwoWaysCountsOnceInTheTotal) {
  for (int i = 0; i < 12; ++i) {
    for (const char* type : {"health", "legal"}) {
      auto r = Send("POST", "/api/v1/cases/" + cases_[i] + "/services",
                    json{{"type", type}, {"status", "delivered"}, {"actual_date", today_}}.dump(),
                    &worker_);
      ASSERT_EQ(r->status, 201) << r->body;
    }
  }
  json a = Ask("indicator=services_received&by=service_type", analyst_);
  EXPECT_EQ((*CellWhere(a, {{"service_type", "health"}}))["value"], 12);
  EXPECT_EQ((*CellWhere(a, {{"service_type", "legal"}}))["value"], 12);
  EXPECT_EQ((*CellWhere(a, {{"service_type", "*"}}))["value"], 12);
}

TEST_F(StatsHttp, ReintegrationOutcomesAndOverdueFollowUpsAreCounted) {
  // 12 closed as reintegrated with family, 3 as contact lost, 2 without an outcome.
  for (int i = 0; i < 17; ++i) {
    json body = {{"to", "closure"}, {"reason", "closed"}};
    if (i < 12) body["outcome"] = "reintegrated_family";
    if (i >= 12 && i < 15) body["outcome"] = "lost_contact";
    auto r = Send("POST", "/api/v1/cases/" + cases_[i] + "/transitions", body.dump(), &worker_);
    ASSERT_EQ(r->status, 200) << r->body;
  }
  json closed = Ask("indicator=cases_closed&by=outcome", analyst_);
  EXPECT_EQ((*CellWhere(closed, {{"outcome", "*"}}))["value"], 17);
  EXPECT_EQ((*CellWhere(closed, {{"outcome", "reintegrated_family"}}))["value"], 12);
  EXPECT_TRUE((*CellWhere(closed, {{"outcome", "lost_contact"}}))["suppressed"]);
  EXPECT_TRUE((*CellWhere(closed, {{"outcome", "unknown"}}))["suppressed"]);

  // Follow-ups: 11 due yesterday and never done, 1 done late, 1 done on time, 1 not yet due.
  std::string yesterday = NepalDate(clock_.Now() - std::chrono::hours(24));
  std::string last_week = NepalDate(clock_.Now() - std::chrono::hours(24 * 7));
  std::string next_week = NepalDate(clock_.Now() + std::chrono::hours(24 * 7));
  auto follow_up = [&](const std::string& case_id, const json& body) {
    auto r = Send("POST", "/api/v1/cases/" + case_id + "/follow-ups", body.dump(), &worker_);
    ASSERT_EQ(r->status, 201) << r->body;
  };
  for (int i = 0; i < 11; ++i) follow_up(cases_[20 + i], {{"due_date", yesterday}});
  follow_up(cases_[31], {{"due_date", last_week}, {"done_on", yesterday}});
  follow_up(cases_[32], {{"due_date", yesterday}, {"done_on", last_week}});
  follow_up(cases_[33], {{"due_date", next_week}});
  json overdue = Ask("indicator=overdue_follow_ups", analyst_);
  EXPECT_EQ(overdue["unit"], "follow-ups");
  // Unless the period began this week, all four earlier ones are in it.
  if (overdue["from"].get<std::string>() <= last_week) {
    EXPECT_EQ(overdue["cells"][0]["value"], 12);
  }
}

TEST_F(StatsHttp, SurvivorsCountByTheDistrictWhereTheyWereExploited) {
  for (int i = 0; i < 12; ++i) {
    auto r = Send(
        "POST", "/api/v1/cases",
        json{{"person", {{"given_name", "Y"}, {"sex", "female"}}},
             {"case", {{"identification_source", "police"}, {"district", "511"}}},
             {"victim_profile",
              {{"exploitation_types", {"forced_labour"}}, {"exploitation_local_level", "30601"}}}}
            .dump(),
        &worker_);
    ASSERT_EQ(r->status, 201) << r->body;
  }
  json a = Ask("indicator=survivors_identified&by=exploitation_district", analyst_);
  EXPECT_EQ((*CellWhere(a, {{"exploitation_district", "306"}}))["value"], 12);
  EXPECT_EQ((*CellWhere(a, {{"exploitation_district", "*"}}))["value"], 58);
}

TEST_F(StatsHttp, ASuspectsStagesAreChecked) {
  auto r = Send("POST", "/api/v1/cases/" + cases_[0] + "/justice",
                json{{"law", "httca_2007"},
                     {"suspects", {{{"name", "A"}, {"arrested", "yes"}, {"outcome", "jailed"}}}}}
                    .dump(),
                &worker_);
  ASSERT_EQ(r->status, 422) << r->body;
  EXPECT_NE(r->body.find("suspects[0].arrested"), std::string::npos) << r->body;
  EXPECT_NE(r->body.find("pending, convicted or acquitted"), std::string::npos) << r->body;
  EXPECT_EQ(Body(Get("/api/v1/cases/" + cases_[0] + "/justice", &worker_))["items"].size(), 0u);
}

}  // namespace
}  // namespace samman::testing
