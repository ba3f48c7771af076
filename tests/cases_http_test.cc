// Case management as case workers, supervisors, police and others see it over HTTP.
#include <set>

#include "test_env.h"

namespace samman::testing {
namespace {

using nlohmann::json;

class CasesHttp : public HttpTest {
 protected:
  void SetUp() override {
    HttpTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    admin_ = Login("admin", kAdminPassword);
    ngo_ = MakeOrg(admin_, "Maiti Nepal", "ngo");
    other_ngo_ = MakeOrg(admin_, "Shakti Samuha", "ngo");
    police_org_ = MakeOrg(admin_, "Anti-Human Trafficking Bureau", "police");
    worker_ = MakeUserSession(admin_, "sunita", ngo_, {"case_worker"});
  }
  json CreateCase(const json& body, const Session& s) {
    auto r = Send("POST", "/api/v1/cases", body.dump(), &s);
    EXPECT_EQ(r->status, 201) << r->body;
    return Body(r);
  }
  json Sita() {
    return {{"person",
             {{"given_name", "Sita"},
              {"family_name", "Shrestha"},
              {"name_ne", "सीता श्रेष्ठ"},
              {"sex", "female"},
              {"birth_date", "2005-03-01"},
              {"phone", "+977 984-1234567"},
              {"citizenship_no", "27-01-76-01234"},
              {"district", "306"},
              {"local_level", "30601"},
              {"ward", 5}}},
            {"case", {{"identification_source", "hotline"}}},
            {"victim_profile",
             {{"exploitation_types", {"sexual_exploitation"}}, {"exploitation_country", "IN"}}}};
  }
  json ConsentBody(const std::string& purpose) {
    return {{"purpose", purpose},
            {"given_at", "2026-11-01"},
            {"checklist",
             {{"consents_to_interview", true},
              {"informed_of_purpose", true},
              {"informed_of_uses", true},
              {"informed_of_research_use", true},
              {"informed_of_right_to_access", true},
              {"informed_of_retention", true},
              {"informed_of_withdrawal", true}}}};
  }
  size_t Count(const std::string& query, const Session& s) {
    auto r = Get("/api/v1/cases" + query, &s);
    EXPECT_EQ(r->status, 200) << r->body;
    return Body(r)["items"].size();
  }

  Session admin_, worker_;
  std::string ngo_, other_ngo_, police_org_;
};

TEST_F(CasesHttp, ACaseCanBeOpenedKnowingLittle) {
  auto c = CreateCase({{"person", {{"given_name", "Maya"}, {"sex", "female"}}},
                       {"case", {{"identification_source", "hotline"}}}},
                      worker_);
  EXPECT_FALSE(c["id"].get<std::string>().empty());
  EXPECT_EQ(c["version"], 1);
  EXPECT_EQ(c["status"], "active");
  EXPECT_EQ(c["stage"], "identification");
  // No district anywhere: the number says 000, then the BS year of today, then a sequence.
  auto today = Body(Get("/api/v1/calendar/convert?ad=" + NepalDate(clock_.Now())));
  EXPECT_EQ(c["case_number"], "000-" + today["bs"].get<std::string>().substr(0, 4) + "-000001");
  EXPECT_EQ(c["person"]["given_name"], "Maya");
}

TEST_F(CasesHttp, CaseNumbersNameTheDistrictAndCountUp) {
  auto a = CreateCase(Sita(), worker_);
  auto b = CreateCase(Sita(), worker_);
  std::string na = a["case_number"], nb = b["case_number"];
  EXPECT_EQ(na.substr(0, 4), "306-");
  EXPECT_EQ(na.substr(na.size() - 6), "000001");
  EXPECT_EQ(nb.substr(nb.size() - 6), "000002");
  EXPECT_EQ(a["person"]["phone"], "+977 984-1234567");
  EXPECT_EQ(a["person"]["ward"], 5);
}

TEST_F(CasesHttp, PersonalDataIsEncryptedAtRest) {
  auto c = CreateCase(Sita(), worker_);
  auto rows = app().db().Read([](db::Connection& conn) {
    return conn.Query("SELECT given_name_enc, phone_enc, name_ne_enc FROM persons");
  });
  ASSERT_EQ(rows.size(), 1u);
  for (size_t col = 0; col < 3; ++col) {
    EXPECT_EQ(rows[0].Str(col).find("Sita"), std::string::npos);
    EXPECT_EQ(rows[0].Str(col).find("1234567"), std::string::npos);
    EXPECT_EQ(rows[0].Str(col).find("सीता"), std::string::npos);
    EXPECT_FALSE(rows[0].Str(col).empty());
  }
}

TEST_F(CasesHttp, OnlyThoseWithANeedToKnowSeeTheCase) {
  auto c = CreateCase(Sita(), worker_);
  std::string path = "/api/v1/cases/" + c["id"].get<std::string>();
  Session colleague = MakeUserSession(admin_, "supervisor", ngo_, {"case_supervisor"});
  EXPECT_EQ(Get(path, &colleague)->status, 200);
  Session outsider = MakeUserSession(admin_, "other", other_ngo_, {"case_worker"});
  Session analyst = MakeUserSession(admin_, "analyst", ngo_, {"analyst"});
  Session committee = MakeUserSession(admin_, "committee", ngo_, {"committee_member"});
  for (const Session* s : {&outsider, &analyst, &committee, &admin_}) {
    auto r = Get(path, s);
    EXPECT_EQ(r->status, 404) << s->user["username"];
    EXPECT_EQ(r->body.find("Sita"), std::string::npos);
    EXPECT_EQ(Count("?q=Sita", *s), 0u) << s->user["username"];
  }
  EXPECT_EQ(Count("?q=Sita", worker_), 1u);
}

TEST_F(CasesHttp, EveryReadIsInTheAccessLog) {
  auto c = CreateCase(Sita(), worker_);
  std::string path = "/api/v1/cases/" + c["id"].get<std::string>();
  Session colleague = MakeUserSession(admin_, "supervisor", ngo_, {"case_supervisor"});
  Get(path, &colleague);
  auto log = Body(Get(path + "/access-log", &worker_))["items"];
  bool seen = false;
  for (const auto& e : log) {
    if (e["actor_username"] == "supervisor" && e["action"] == "case.read") seen = true;
  }
  EXPECT_TRUE(seen) << log.dump();
  EXPECT_EQ(log.back()["action"], "case.create");
}

TEST_F(CasesHttp, EditsNeedIfMatchAndStaleOnesConflict) {
  auto c = CreateCase(Sita(), worker_);
  std::string path = "/api/v1/cases/" + c["id"].get<std::string>();
  json change = {{"person", {{"tole", "Baneshwor"}}}};
  EXPECT_EQ(Send("PATCH", path, change.dump(), &worker_)->status, 428);
  auto ok = Send("PATCH", path, change.dump(), &worker_, {{"If-Match", "1"}});
  ASSERT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(Body(ok)["person"]["tole"], "Baneshwor");
  EXPECT_EQ(Body(ok)["person"]["given_name"], "Sita") << "fields not sent are kept";
  EXPECT_EQ(Body(ok)["version"], 2);
  auto stale = Send("PATCH", path, json{{"person", {{"tole", "Koteshwor"}}}}.dump(), &worker_,
                    {{"If-Match", "1"}});
  EXPECT_EQ(stale->status, 409);
  EXPECT_EQ(Body(stale)["current_version"], 2);
  EXPECT_EQ(Body(Get(path, &worker_))["person"]["tole"], "Baneshwor");
  // null clears a field; absent members stay.
  auto cleared =
      Send("PATCH", path, json{{"person", {{"ward", nullptr}, {"tole", nullptr}}}}.dump(), &worker_,
           {{"If-Match", "2"}});
  ASSERT_EQ(cleared->status, 200) << cleared->body;
  EXPECT_TRUE(Body(cleared)["person"]["ward"].is_null());
  EXPECT_TRUE(Body(cleared)["person"]["tole"].is_null());
  EXPECT_EQ(Body(cleared)["person"]["local_level"], "30601");
}

TEST_F(CasesHttp, SearchToleratesRomanisationAndDevanagari) {
  auto c = CreateCase(Sita(), worker_);
  CreateCase({{"person", {{"given_name", "Gita"}, {"family_name", "Tamang"}, {"sex", "female"}}},
              {"case", {{"identification_source", "police"}}}},
             worker_);
  for (const char* q : {"Srestha", "sita shrestha", "Seeta", "सीता", "श्रेष्ठ", "SHRESTHA"}) {
    auto items = Body(Get(std::string("/api/v1/cases?q=") + UrlEncode(q), &worker_))["items"];
    ASSERT_EQ(items.size(), 1u) << q;
    EXPECT_EQ(items[0]["id"], c["id"]) << q;
    EXPECT_EQ(items[0]["display_name"], "Sita Shrestha");
  }
  EXPECT_EQ(Count("?q=" + c["case_number"].get<std::string>(), worker_), 1u);
  EXPECT_EQ(Count("?q=9841234567", worker_), 1u) << "phone without the country code";
  EXPECT_EQ(Count("?q=2701760"
                  "1234",
                  worker_),
            1u)
      << "citizenship number without dashes";
  EXPECT_EQ(Count("?q=Gurung", worker_), 0u);
  EXPECT_EQ(Count("?q=Tamang", worker_), 1u);
}

TEST_F(CasesHttp, SearchByManyWordsFindsOnlyThoseWithAllOfThemInAnyOrderAndAnyName) {
  auto dil = CreateCase({{"person",
                          {{"given_name", "Dil Bahadur"},
                           {"family_name", "Tamang"},
                           {"aliases", {"Kancha Lama"}},
                           {"sex", "male"}}},
                         {"case", {{"identification_source", "police"}}}},
                        worker_);
  CreateCase(
      {{"person", {{"given_name", "Dil Maya"}, {"family_name", "Gurung"}, {"sex", "female"}}},
       {"case", {{"identification_source", "police"}}}},
      worker_);
  CreateCase(
      {{"person", {{"given_name", "Man Bahadur"}, {"family_name", "Tamang"}, {"sex", "male"}}},
       {"case", {{"identification_source", "police"}}}},
      worker_);
  auto ids = [&](const std::string& q) {
    std::set<std::string> out;
    auto r = Get("/api/v1/cases?q=" + UrlEncode(q), &worker_);
    EXPECT_EQ(r->status, 200) << r->body;
    const json body = Body(r);
    for (const auto& item : body["items"]) {
      out.insert(item["id"].get<std::string>());
    }
    return out;
  };
  const std::set<std::string> just_dil = {dil["id"].get<std::string>()};
  for (const char* q : {"Dil Bahadur Tamang", "tamang dil", "Bahadur Dil", "Dil Tamang Bahadur",
                        "Kancha Tamang", "Lama Dil", "Dil Dil Tamang"}) {
    EXPECT_EQ(ids(q), just_dil) << q;
  }
  EXPECT_EQ(ids("Bahadur Tamang").size(), 2u);
  EXPECT_EQ(ids("Dil").size(), 2u);
  EXPECT_TRUE(ids("Dil Gurung Tamang").empty());
  EXPECT_TRUE(ids("Maya Tamang").empty());
  // Names beyond what anyone has are refused, not stored as thousands of search keys.
  json many = Sita();
  many["person"]["aliases"] = {"Ram Hari Krishna Bikash Suman Dipak", "Raju Nabin Prakash Bishal",
                               "Ramesh Santosh Pemba Arjun Gita Maya", "Sarita Sunita Laxmi Kamala",
                               "Parbati Radhika Dolma Sabina Anita Rita"};
  auto refused = Send("POST", "/api/v1/cases", many.dump(), &worker_);
  EXPECT_EQ(refused->status, 422) << refused->body;
  EXPECT_NE(refused->body.find("at most 24 different words"), std::string::npos) << refused->body;
}

TEST_F(CasesHttp, FiltersAndPaging) {
  for (int i = 0; i < 5; ++i) CreateCase(Sita(), worker_);
  CreateCase({{"person", {{"given_name", "Ram"}, {"sex", "male"}, {"district", "511"}}},
              {"case", {{"identification_source", "border_interception"}}},
              {"victim_profile", {{"exploitation_types", {"forced_labour"}}}}},
             worker_);
  EXPECT_EQ(Count("?district=306", worker_), 5u);
  EXPECT_EQ(Count("?district=511", worker_), 1u);
  EXPECT_EQ(Count("?exploitation=forced_labour", worker_), 1u);
  EXPECT_EQ(Count("?status=active&stage=identification", worker_), 6u);
  EXPECT_EQ(Count("?status=closed", worker_), 0u);
  auto first = Body(Get("/api/v1/cases?limit=4", &worker_));
  EXPECT_EQ(first["items"].size(), 4u);
  auto second = Body(
      Get("/api/v1/cases?limit=4&cursor=" + first["next_cursor"].get<std::string>(), &worker_));
  EXPECT_EQ(second["items"].size(), 2u);
  EXPECT_TRUE(second["next_cursor"].is_null());
  EXPECT_EQ(Get("/api/v1/cases?district=999", &worker_)->status, 422);
  EXPECT_EQ(Get("/api/v1/cases?exploitation=knitting", &worker_)->status, 422);
  EXPECT_EQ(Get("/api/v1/cases?opened_from=yesterday", &worker_)->status, 422);
}

TEST_F(CasesHttp, BadCaseInputIsExplainedAndNothingIsSaved) {
  struct Case {
    json body;
    std::string field;
  } cases[] = {
      {{{"person", {{"sex", "female"}}}, {"case", {{"identification_source", "hotline"}}}},
       "person.given_name"},
      {{{"person", {{"given_name", "A"}, {"sex", "woman"}}},
        {"case", {{"identification_source", "hotline"}}}},
       "person.sex"},
      {{{"person", {{"given_name", "A"}, {"sex", "female"}}},
        {"case", {{"identification_source", "tv"}}}},
       "case.identification_source"},
      {{{"person", {{"given_name", "A"}, {"sex", "female"}, {"birth_date", "2005-02-30"}}},
        {"case", {{"identification_source", "hotline"}}}},
       "person.birth_date"},
      {{{"person",
         {{"given_name", "A"}, {"sex", "female"}, {"district", "306"}, {"local_level", "51101"}}},
        {"case", {{"identification_source", "hotline"}}}},
       "person.local_level"},
      {{{"person", {{"given_name", "A"}, {"sex", "female"}, {"eye_colour", "brown"}}},
        {"case", {{"identification_source", "hotline"}}}},
       "person.eye_colour"},
      {{{"person", {{"given_name", "A"}, {"sex", "female"}}},
        {"case", {{"identification_source", "hotline"}}},
        {"victim_profile", {{"exploitation_types", {"knitting"}}}}},
       "victim_profile.exploitation_types"},
  };
  for (const auto& c : cases) {
    auto r = Send("POST", "/api/v1/cases", c.body.dump(), &worker_);
    EXPECT_EQ(r->status, 422) << c.body.dump() << " -> " << r->body;
    bool named = false;
    auto problem = Body(r);
    for (const auto& e : problem["errors"]) named = named || e["field"] == c.field;
    EXPECT_TRUE(named) << c.field << " in " << r->body;
  }
  EXPECT_EQ(Send("POST", "/api/v1/cases", "{\"person\":", &worker_)->status, 400);
  EXPECT_EQ(Count("", worker_), 0u);
  int persons = static_cast<int>(app().db().Read(
      [](db::Connection& c) { return c.Query("SELECT COUNT(*) FROM persons")[0].Int(0); }));
  EXPECT_EQ(persons, 0);
}

TEST_F(CasesHttp, WorkflowMovesOneStageAtATimeWithWhatEachStageNeeds) {
  auto c = CreateCase(Sita(), worker_);
  std::string path = "/api/v1/cases/" + c["id"].get<std::string>();
  auto move = [&](const std::string& to, const std::string& reason = "") {
    json body = {{"to", to}};
    if (!reason.empty()) body["reason"] = reason;
    return Send("POST", path + "/transitions", body.dump(), &worker_);
  };
  auto skip = move("assessment");
  EXPECT_EQ(skip->status, 422);
  auto no_consent = move("intake");
  EXPECT_EQ(no_consent->status, 422);
  EXPECT_NE(Body(no_consent)["detail"].get<std::string>().find("consent"), std::string::npos);
  ASSERT_EQ(Send("POST", path + "/consents", ConsentBody("services").dump(), &worker_)->status,
            201);
  auto intake = move("intake");
  ASSERT_EQ(intake->status, 200) << intake->body;
  EXPECT_EQ(Body(intake)["stage"], "intake");
  ASSERT_EQ(move("assessment")->status, 200);
  EXPECT_EQ(move("care_plan")->status, 422) << "needs an assessment";
  EXPECT_EQ(move("closure")->status, 422) << "needs a reason";
  auto closed = move("closure", "survivor reintegrated with family");
  ASSERT_EQ(closed->status, 200);
  EXPECT_EQ(Body(closed)["status"], "closed");
  EXPECT_EQ(Body(closed)["closure_reason"], "survivor reintegrated with family");
  EXPECT_EQ(move("intake")->status, 422) << "reopening needs a reason";
  auto reopened = move("intake", "new threats from the recruiter");
  ASSERT_EQ(reopened->status, 200);
  EXPECT_EQ(Body(reopened)["status"], "active");
  auto referred =
      Send("POST", path + "/transitions",
           json{{"to", "closure"}, {"reason", "moved to a shelter in Pokhara"}, {"referred", true}}
               .dump(),
           &worker_);
  ASSERT_EQ(referred->status, 200);
  EXPECT_EQ(Body(referred)["status"], "closed_referred");
  EXPECT_TRUE(Body(referred)["closure_outcome"].is_null());
}

TEST_F(CasesHttp, AClosureSaysHowTheCaseEnded) {
  auto c = CreateCase(Sita(), worker_);
  std::string path = "/api/v1/cases/" + c["id"].get<std::string>() + "/transitions";
  auto send = [&](const json& body) { return Send("POST", path, body.dump(), &worker_); };
  auto unknown = send({{"to", "closure"}, {"reason", "back home"}, {"outcome", "happy"}});
  ASSERT_EQ(unknown->status, 422);
  EXPECT_NE(Body(unknown)["detail"].get<std::string>().find("closure_outcome"), std::string::npos);
  EXPECT_EQ(send({{"to", "intake"}, {"outcome", "reintegrated_family"}})->status, 422)
      << "only a closure has an outcome";
  auto closed =
      send({{"to", "closure"}, {"reason", "back home"}, {"outcome", "reintegrated_family"}});
  ASSERT_EQ(closed->status, 200) << closed->body;
  EXPECT_EQ(Body(closed)["closure_outcome"], "reintegrated_family");
  auto read = Get("/api/v1/cases/" + c["id"].get<std::string>(), &worker_);
  EXPECT_EQ(Body(read)["closure_outcome"], "reintegrated_family");
  auto reopened = send({{"to", "intake"}, {"reason", "new threats"}});
  ASSERT_EQ(reopened->status, 200) << reopened->body;
  EXPECT_TRUE(Body(reopened)["closure_outcome"].is_null());
  // The outcomes a worker can choose come with the other code lists, in both languages.
  auto list = Body(Get("/api/v1/codelists/closure_outcome"));
  ASSERT_GE(list["items"].size(), 6u) << list.dump();
  EXPECT_FALSE(list["items"][0]["label_ne"].get<std::string>().empty());
}

TEST_F(CasesHttp, ConsentsAreRecordedPerPurposeAndCanBeWithdrawn) {
  auto c = CreateCase(Sita(), worker_);
  std::string path = "/api/v1/cases/" + c["id"].get<std::string>() + "/consents";
  auto sharing_without_org = Send("POST", path, ConsentBody("sharing").dump(), &worker_);
  EXPECT_EQ(sharing_without_org->status, 422);
  json sharing = ConsentBody("sharing");
  sharing["organization_id"] = other_ngo_;
  auto created = Send("POST", path, sharing.dump(), &worker_);
  ASSERT_EQ(created->status, 201) << created->body;
  json incomplete = ConsentBody("statistics");
  incomplete["checklist"].erase("informed_of_retention");
  EXPECT_EQ(Send("POST", path, incomplete.dump(), &worker_)->status, 422);
  std::string id = Body(created)["id"];
  auto withdrawn = Send("POST", path + "/" + id + "/withdraw",
                        json{{"reason", "changed her mind"}}.dump(), &worker_);
  ASSERT_EQ(withdrawn->status, 200) << withdrawn->body;
  EXPECT_EQ(Body(withdrawn)["status"], "withdrawn");
  auto list = Body(Get(path, &worker_))["items"];
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["status"], "withdrawn");
  EXPECT_EQ(list[0]["organization_id"], other_ngo_);
}

TEST_F(CasesHttp, FollowUpsBecomeOverdueTasksUntilDone) {
  auto c = CreateCase(Sita(), worker_);
  std::string path = "/api/v1/cases/" + c["id"].get<std::string>() + "/follow-ups";
  auto f = Send("POST", path, json{{"due_date", "2020-01-01"}, {"purpose", "home visit"}}.dump(),
                &worker_);
  ASSERT_EQ(f->status, 201) << f->body;
  auto overdue = Body(Get("/api/v1/tasks/overdue", &worker_))["items"];
  ASSERT_EQ(overdue.size(), 1u);
  EXPECT_EQ(overdue[0]["case_number"], c["case_number"]);
  Session outsider = MakeUserSession(admin_, "other", other_ngo_, {"case_worker"});
  EXPECT_EQ(Body(Get("/api/v1/tasks/overdue", &outsider))["items"].size(), 0u);
  std::string item = Body(f)["id"];
  auto done = Send("PATCH", path + "/" + item, json{{"done_on", "2020-01-03"}}.dump(), &worker_,
                   {{"If-Match", "1"}});
  ASSERT_EQ(done->status, 200) << done->body;
  EXPECT_EQ(Body(done)["status"], "done");
  EXPECT_EQ(Body(done)["purpose"], "home visit");
  EXPECT_EQ(Body(Get("/api/v1/tasks/overdue", &worker_))["items"].size(), 0u);
}

TEST_F(CasesHttp, PoliceSeeOnlyTheJusticeRecordsOfTheirUnit) {
  auto c = CreateCase(Sita(), worker_);
  std::string path = "/api/v1/cases/" + c["id"].get<std::string>();
  Session officer = MakeUserSession(admin_, "inspector_rai", police_org_, {"police_investigator"});
  EXPECT_EQ(Get(path + "/justice", &officer)->status, 404);
  auto record = Send("POST", path + "/justice",
                     json{{"law", "httca_2007"},
                          {"fir_no", "FIR-2083-117"},
                          {"police_unit_organization_id", police_org_},
                          {"suspects", {{{"name", "Hari B."}, {"role", "recruiter_intermediary"}}}},
                          {"verdict", "pending"}}
                         .dump(),
                     &worker_);
  ASSERT_EQ(record->status, 201) << record->body;
  auto justice = Get(path + "/justice", &officer);
  ASSERT_EQ(justice->status, 200);
  EXPECT_EQ(Body(justice)["items"][0]["fir_no"], "FIR-2083-117");
  auto view = Get(path, &officer);
  ASSERT_EQ(view->status, 200);
  EXPECT_FALSE(Body(view).contains("person")) << "police see no survivor identity here";
  EXPECT_EQ(view->body.find("Sita"), std::string::npos);
  EXPECT_EQ(Get(path + "/notes", &officer)->status, 404);
}

TEST_F(CasesHttp, NotesAndOtherItemsValidateTheirFields) {
  auto c = CreateCase(Sita(), worker_);
  std::string path = "/api/v1/cases/" + c["id"].get<std::string>();
  EXPECT_EQ(Send("POST", path + "/notes",
                 json{{"text", "called her mother"}, {"sensitive", true}}.dump(), &worker_)
                ->status,
            201);
  EXPECT_EQ(Send("POST", path + "/notes", json{{"sensitive", "yes"}}.dump(), &worker_)->status,
            422);
  EXPECT_EQ(
      Send("POST", path + "/events",
           json{{"type", "rescue"}, {"date", "2026-10-02"}, {"country", "IN"}}.dump(), &worker_)
          ->status,
      201);
  EXPECT_EQ(Send("POST", path + "/events", json{{"type", "holiday"}}.dump(), &worker_)->status,
            422);
  EXPECT_EQ(Send("POST", path + "/events", json{{"type", "rescue"}, {"date", "2999-01-01"}}.dump(),
                 &worker_)
                ->status,
            422);
  EXPECT_EQ(
      Send("POST", path + "/services", json{{"type", "legal_aid_xx"}}.dump(), &worker_)->status,
      422);
  EXPECT_EQ(
      Send("POST", path + "/shelter-stays", json{{"admitted_on", "2026-10-03"}}.dump(), &worker_)
          ->status,
      422);
  auto notes = Body(Get(path + "/notes", &worker_))["items"];
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0]["text"], "called her mother");
  EXPECT_EQ(notes[0]["sensitive"], true);
  auto stored = app().db().Read([](db::Connection& conn) {
    return conn.Query("SELECT body_enc FROM case_items WHERE kind = 'note'");
  });
  EXPECT_EQ(stored[0].Str(0).find("mother"), std::string::npos);
}

TEST_F(CasesHttp, ErasureLeavesATombstoneAndKeepsTheCount) {
  auto c = CreateCase(Sita(), worker_);
  std::string path = "/api/v1/cases/" + c["id"].get<std::string>();
  EXPECT_EQ(Send("POST", path + "/erasure", json{{"reason", "request"}}.dump(), &worker_)->status,
            403);
  Session supervisor = MakeUserSession(admin_, "supervisor", ngo_, {"case_supervisor"});
  auto erased = Send("POST", path + "/erasure",
                     json{{"reason", "survivor's request, 2083-08-06"}}.dump(), &supervisor);
  ASSERT_EQ(erased->status, 200) << erased->body;
  EXPECT_EQ(Body(erased)["person"]["erased"], true);
  EXPECT_TRUE(Body(erased)["person"]["given_name"].is_null());
  EXPECT_EQ(Body(erased)["person"]["sex"], "female");
  EXPECT_EQ(Count("?q=Sita", worker_), 0u);
  EXPECT_EQ(Count("", worker_), 1u);
}

TEST_F(CasesHttp, SupervisorsAssignColleaguesWhoThenSeeTheCase) {
  auto c = CreateCase(Sita(), worker_);
  std::string path = "/api/v1/cases/" + c["id"].get<std::string>();
  Session supervisor = MakeUserSession(admin_, "supervisor", ngo_, {"case_supervisor"});
  Session outsider = MakeUserSession(admin_, "other", other_ngo_, {"case_worker"});
  json assign_outsider = {{"case", {{"assigned_user_ids", {outsider.user["id"]}}}}};
  EXPECT_EQ(Send("PATCH", path, assign_outsider.dump(), &supervisor, {{"If-Match", "1"}})->status,
            422);
  json assign_worker = {{"case", {{"assigned_user_ids", {worker_.user["id"]}}}}};
  EXPECT_EQ(Send("PATCH", path, assign_worker.dump(), &worker_, {{"If-Match", "1"}})->status, 403);
  auto ok = Send("PATCH", path, assign_worker.dump(), &supervisor, {{"If-Match", "1"}});
  ASSERT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(Body(ok)["assigned_user_ids"], json({worker_.user["id"]}));
  EXPECT_EQ(Get(path, &outsider)->status, 404);
}

}  // namespace
}  // namespace samman::testing
