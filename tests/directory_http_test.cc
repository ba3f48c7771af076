// The service directory over HTTP as the public, editors and organisations see it, including the
// HSDS 3.0 API and confidential shelters.
#include "test_env.h"

namespace samman::testing {
namespace {

using nlohmann::json;

constexpr const char* kSecretAddress = "Hidden Lane 7, behind the mill";

class DirectoryHttp : public HttpTest {
 protected:
  void SetUp() override {
    HttpTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    admin_ = Login("admin", kAdminPassword);
    editor_org_ = MakeOrg(admin_, "Directory Desk", "ministry");
    editor_ = MakeUserSession(admin_, "editor", editor_org_, {"directory_editor"});
    shelter_org_ = MakeOrg(admin_, "Banke Shelter Home", "shelter");
    shelter_worker_ = MakeUserSession(admin_, "shelterworker", shelter_org_, {"case_worker"});
    shelter_admin_ = MakeUserSession(admin_, "shelteradmin", shelter_org_, {"org_admin"});
  }
  json Post(const std::string& path, const json& body, const Session& s, int expect = 201) {
    auto r = Send("POST", path, body.dump(), &s);
    EXPECT_EQ(r->status, expect) << path << " " << r->body;
    return Body(r);
  }
  json GetJson(const std::string& path, const Session* s = nullptr, int expect = 200) {
    auto r = Get(path, s);
    EXPECT_EQ(r->status, expect) << path << " " << r->body;
    return Body(r);
  }
  // The names of the services a directory search finds, in order.
  std::vector<std::string> Names(const std::string& query, const Session* s = nullptr) {
    json page = GetJson("/api/v1/directory/search" + query, s);
    std::vector<std::string> out;
    for (const auto& item : page["items"]) out.push_back(item["name"]);
    return out;
  }
  // A linked provider in Banke with a confidential shelter and a public legal-aid office.
  void MakeProvider() {
    org_ = Post("/api/v1/directory/organizations",
                {{"name", "Banke Shelter Home"},
                 {"name_ne", "बाँके आश्रय गृह"},
                 {"sector", "ngo"},
                 {"district", "511"},
                 {"phone", "081-520000"},
                 {"samman_organization_id", shelter_org_},
                 {"last_verified", NepalDate(clock_.Now())}},
                editor_);
    safe_house_ = Post("/api/v1/directory/locations",
                       {{"organization_id", org_["id"]},
                        {"name", "Safe house"},
                        {"confidential", true},
                        {"district", "511"},
                        {"local_level", "51106"},
                        {"ward", 3},
                        {"address", kSecretAddress},
                        {"latitude", 28.05},
                        {"longitude", 81.61},
                        {"phone", "081-999999"},
                        {"contact_route", "Call the hotline 1145"}},
                       editor_);
    office_ = Post("/api/v1/directory/locations",
                   {{"organization_id", org_["id"]},
                    {"name", "Nepalgunj office"},
                    {"district", "511"},
                    {"local_level", "51106"},
                    {"address", "Tribhuvan Chowk"}},
                   editor_);
    shelter_ = Post("/api/v1/directory/services",
                    {{"organization_id", org_["id"]},
                     {"name", "Emergency shelter for women and girls"},
                     {"name_ne", "महिला तथा बालिकाका लागि आपतकालीन आश्रय"},
                     {"taxonomy", {"shelter"}},
                     {"sexes", {"female"}},
                     {"languages", {"nepali", "awadhi"}},
                     {"capacity", {{{"unit", "bed"}, {"available", 3}, {"maximum", 20}}}},
                     {"locations",
                      {{{"location_id", safe_house_["id"]},
                        {"schedules",
                         {{{"days", {"MO", "TU", "WE", "TH", "FR", "SA", "SU"}},
                           {"opens_at", "00:00"},
                           {"closes_at", "24:00"}}}}}}}},
                    editor_);
    legal_ = Post("/api/v1/directory/services",
                  {{"organization_id", org_["id"]},
                   {"name", "Free legal aid"},
                   {"taxonomy", {"legal_aid"}},
                   {"minimum_age", 18},
                   {"service_areas", {"511", "512"}},
                   {"locations", {{{"location_id", office_["id"]}}}}},
                  editor_);
  }

  Session admin_, editor_, shelter_worker_, shelter_admin_;
  std::string editor_org_, shelter_org_;
  json org_, safe_house_, office_, shelter_, legal_;
};

TEST_F(DirectoryHttp, ConfidentialAddressesNeverReachTheAnonymousPublic) {
  MakeProvider();
  const std::string loc = "/api/v1/directory/locations/" + safe_house_["id"].get<std::string>();
  const std::string svc = "/api/v1/directory/services/" + shelter_["id"].get<std::string>();
  auto anon = GetJson(loc);
  EXPECT_EQ(anon["confidential"], true);
  EXPECT_EQ(anon["district"], "511");
  EXPECT_EQ(anon["contact_route"], "Call the hotline 1145");
  EXPECT_EQ(anon["address_hidden"], true);
  EXPECT_FALSE(anon.contains("address"));
  EXPECT_FALSE(anon.contains("latitude"));
  // Every public answer that names the shelter, in our API and in HSDS, leaves the address out.
  for (const std::string& path :
       {loc, svc, std::string("/api/v1/directory/locations"),
        std::string("/api/v1/directory/services"),
        std::string("/api/v1/directory/search?q=shelter"), std::string("/api/v1/directory/export"),
        "/hsds/services/" + shelter_["id"].get<std::string>(),
        std::string("/hsds/service_at_locations"),
        "/hsds/organizations/" + org_["id"].get<std::string>()}) {
    auto r = Get(path);
    ASSERT_EQ(r->status, 200) << path;
    EXPECT_EQ(r->body.find("Hidden Lane"), std::string::npos) << path;
    EXPECT_EQ(r->body.find("081-999999"), std::string::npos) << path;
    EXPECT_EQ(r->body.find("28.05"), std::string::npos) << path;
    EXPECT_EQ(r->body.find("51106\",\"confidential\":true"), std::string::npos) << path;
  }
  // A case worker of another organisation is no better placed than the public.
  std::string other = MakeOrg(admin_, "Other NGO", "ngo");
  Session outsider = MakeUserSession(admin_, "outsider", other, {"case_worker"});
  EXPECT_EQ(GetJson(loc, &outsider)["address_hidden"], true);
  // The shelter's own staff and the directory editors see where it is.
  EXPECT_EQ(GetJson(loc, &shelter_worker_)["address"], kSecretAddress);
  EXPECT_EQ(GetJson(loc, &editor_)["address"], kSecretAddress);
  EXPECT_EQ(GetJson(loc, &editor_)["ward"], 3);
  // An editor's look at a confidential address is audited.
  auto audit = GetJson("/api/v1/audit?action=directory.location.read_confidential", &admin_);
  EXPECT_GE(audit["items"].size(), 1u);
}

TEST_F(DirectoryHttp, SearchFiltersByTermDistrictCapacityAndWhoIsServed) {
  MakeProvider();
  using V = std::vector<std::string>;
  EXPECT_EQ(Names("?taxonomy=legal_aid&district=511"), V{"Free legal aid"});
  EXPECT_EQ(Names("?taxonomy=legal"), V{"Free legal aid"});  // a parent term finds its children
  EXPECT_EQ(Names("?district=512"), V{"Free legal aid"});    // a service area, not a location
  EXPECT_EQ(Names("?has_capacity=true"), V{"Emergency shelter for women and girls"});
  EXPECT_EQ(Names("?open_now=true"), V{"Emergency shelter for women and girls"});
  EXPECT_EQ(Names("?serves=men"), V{"Free legal aid"});
  EXPECT_EQ(Names("?serves=minors"), V{"Emergency shelter for women and girls"});
  EXPECT_EQ(Names("?language=awadhi"), V{"Emergency shelter for women and girls"});
  EXPECT_EQ(Names("?q=" + UrlEncode("आश्रय")), V{"Emergency shelter for women and girls"});
  EXPECT_EQ(Names("?q=LEGAL"), V{"Free legal aid"});
  EXPECT_EQ(Names("?q=" + UrlEncode("कानुनी")), V{"Free legal aid"});  // the term's Nepali label
  EXPECT_TRUE(Names("?district=101").empty());

  json page = GetJson("/api/v1/directory/search");
  EXPECT_EQ(page["total"], 2);
  json by_district = page["by_district"];
  ASSERT_EQ(by_district.size(), 2u);
  EXPECT_EQ(by_district[0], (json{{"district", "511"}, {"count", 2}}));
  EXPECT_EQ(by_district[1], (json{{"district", "512"}, {"count", 1}}));
  json first = page["items"][0];
  EXPECT_EQ(first["capacity"][0]["available"], 3);

  // Near a local level: same local level first, and each result says how near it is.
  json near = GetJson("/api/v1/directory/search?near=51106");
  EXPECT_EQ(near["items"][0]["proximity"], "local_level");
  // Anonymous callers cannot match a confidential location by its local level.
  EXPECT_EQ(Names("?local_level=51106"), V{"Free legal aid"});

  auto bad = Get("/api/v1/directory/search?taxonomy=massage");
  EXPECT_EQ(bad->status, 422);
  EXPECT_NE(Body(bad)["detail"].get<std::string>().find("taxonomy"), std::string::npos);
  EXPECT_EQ(Get("/api/v1/directory/search?per_page=1000")->status, 400);
}

TEST_F(DirectoryHttp, SearchSeesChangesAnotherServerWroteToTheDatabase) {
  MakeProvider();
  using V = std::vector<std::string>;
  const std::string legal = legal_["id"], shelter = shelter_["id"];
  EXPECT_EQ(Names("?q=legal"), V{"Free legal aid"});
  // Another server on the same database writes to its tables; this one hears nothing of it.
  auto elsewhere = [&](const std::string& sql, const db::Params& params) {
    app().db().Write([&](db::Connection& c) { c.Query(sql, params); });
  };
  elsewhere("UPDATE dir_services SET name = $1 WHERE id = $2",
            {"Legal aid and counselling", legal});
  EXPECT_EQ(Names("?q=counselling"), V{"Legal aid and counselling"});
  elsewhere("UPDATE dir_organizations SET name = $1 WHERE id = $2",
            {"Bheri Women's Desk", org_["id"].get<std::string>()});
  EXPECT_EQ(Names("?q=bheri"),
            (V{"Emergency shelter for women and girls", "Legal aid and counselling"}));
  elsewhere("DELETE FROM dir_service_terms WHERE service_id = $1", {legal});
  EXPECT_TRUE(Names("?taxonomy=legal_aid").empty());
  elsewhere("UPDATE dir_service_capacity SET available = 0 WHERE service_id = $1", {shelter});
  EXPECT_TRUE(Names("?has_capacity=true").empty());
  elsewhere("UPDATE dir_locations SET district = $1 WHERE id = $2",
            {"512", safe_house_["id"].get<std::string>()});
  EXPECT_EQ(Names("?district=512"),
            (V{"Emergency shelter for women and girls", "Legal aid and counselling"}));
  elsewhere("DELETE FROM dir_service_at_locations WHERE service_id = $1", {legal});
  EXPECT_TRUE(Names("?local_level=51106").empty());  // the shelter's is withheld from the public
  // Those who may see a confidential location find the shelter by its local level.
  EXPECT_EQ(Names("?local_level=51106", &editor_), V{"Emergency shelter for women and girls"});
}

TEST_F(DirectoryHttp, EditsAreValidatedVersionedAndLeaveNothingHalfDone) {
  MakeProvider();
  // A service pointing at an unknown location is refused whole: no service row, no terms.
  auto r = Send("POST", "/api/v1/directory/services",
                json{{"organization_id", org_["id"]},
                     {"name", "Half a service"},
                     {"taxonomy", {"medical_care"}},
                     {"locations", {{{"location_id", "00000000-0000-7000-8000-000000000000"}}}}}
                    .dump(),
                &editor_);
  EXPECT_EQ(r->status, 422) << r->body;
  EXPECT_EQ(GetJson("/api/v1/directory/search?q=Half")["total"], 0);
  auto terms = app().db().Read([](db::Connection& c) {
    return c.Query("SELECT COUNT(*) FROM dir_service_terms")[0].Int(0);
  });
  EXPECT_EQ(terms, 2);

  r = Send("POST", "/api/v1/directory/locations",
           json{{"organization_id", org_["id"]},
                {"name", "Secret"},
                {"confidential", true},
                {"district", "511"}}
               .dump(),
           &editor_);
  EXPECT_EQ(r->status, 422);
  EXPECT_EQ(Body(r)["errors"][0]["field"], "contact_route");
  r = Send("POST", "/api/v1/directory/services",
           json{{"organization_id", org_["id"]},
                {"name", "X"},
                {"taxonomy", {"shelter"}},
                {"colour", "red"}}
               .dump(),
           &editor_);
  EXPECT_EQ(r->status, 422);
  EXPECT_NE(r->body.find("colour"), std::string::npos);

  const std::string path = "/api/v1/directory/services/" + shelter_["id"].get<std::string>();
  EXPECT_EQ(Send("PATCH", path, R"({"name":"x"})", &editor_)->status, 428);
  auto ok = Send("PATCH", path,
                 json{{"capacity", {{{"unit", "bed"}, {"available", 0}, {"maximum", 20}}}}}.dump(),
                 &editor_, {{"If-Match", "1"}});
  ASSERT_EQ(ok->status, 200) << ok->body;
  json patched = Body(ok);
  EXPECT_EQ(patched["version"], 2);
  EXPECT_EQ(patched["capacity"][0]["available"], 0);
  EXPECT_EQ(patched["name"], "Emergency shelter for women and girls");
  // The service-at-location keeps its id through the edit: referrals point at it.
  EXPECT_EQ(patched["locations"][0]["id"], shelter_["locations"][0]["id"]);
  EXPECT_EQ(Send("PATCH", path, R"({"name":"y"})", &editor_, {{"If-Match", "1"}})->status, 409);
  EXPECT_TRUE(GetJson("/api/v1/directory/search?has_capacity=true")["items"].empty());

  // Deleting what others depend on is refused; a bare service goes.
  const std::string org_path = "/api/v1/directory/organizations/" + org_["id"].get<std::string>();
  EXPECT_EQ(Send("DELETE", org_path, "", &editor_)->status, 409);
  EXPECT_EQ(Send("DELETE", path, "", &editor_)->status, 204);
  EXPECT_EQ(Get(path)->status, 404);
  auto audit = GetJson("/api/v1/audit?action=directory.service.delete", &admin_);
  EXPECT_EQ(audit["items"].size(), 1u);
}

TEST_F(DirectoryHttp, OrganisationAdministratorsEditOnlyTheirOwnListings) {
  MakeProvider();
  const std::string own = "/api/v1/directory/services/" + legal_["id"].get<std::string>();
  auto r = Send("PATCH", own, R"({"phone":"081-111111"})", &shelter_admin_, {{"If-Match", "1"}});
  EXPECT_EQ(r->status, 200) << r->body;
  json foreign = Post("/api/v1/directory/organizations",
                      {{"name", "Another provider"}, {"sector", "private"}}, editor_);
  r = Send("PATCH", "/api/v1/directory/organizations/" + foreign["id"].get<std::string>(),
           R"({"phone":"1"})", &shelter_admin_, {{"If-Match", "1"}});
  EXPECT_EQ(r->status, 403);
  // Nor may they hand their listing to another organisation.
  r = Send("PATCH", "/api/v1/directory/organizations/" + org_["id"].get<std::string>(),
           json{{"samman_organization_id", editor_org_}}.dump(), &shelter_admin_,
           {{"If-Match", "1"}});
  EXPECT_EQ(r->status, 403);
  // A case worker edits nothing; an anonymous caller must sign in.
  EXPECT_EQ(Send("POST", "/api/v1/directory/organizations", R"({"name":"Mine","sector":"ngo"})",
                 &shelter_worker_)
                ->status,
            403);
  EXPECT_EQ(
      Send("POST", "/api/v1/directory/organizations", R"({"name":"Mine","sector":"ngo"})", nullptr)
          ->status,
      401);
}

TEST_F(DirectoryHttp, ListingsNotVerifiedForHalfAYearAreStale) {
  MakeProvider();
  EXPECT_EQ(GetJson("/api/v1/directory/organizations/" + org_["id"].get<std::string>())["stale"],
            false);
  EXPECT_EQ(GetJson("/api/v1/directory/services/" + legal_["id"].get<std::string>())["stale"],
            true);  // never verified
  clock_.Advance(std::chrono::hours(24 * 181));
  EXPECT_EQ(GetJson("/api/v1/directory/organizations/" + org_["id"].get<std::string>())["stale"],
            true);
}

TEST_F(DirectoryHttp, TheHsdsApiPagesFiltersAndNamesItsProfile) {
  MakeProvider();
  json root = GetJson("/hsds/");
  EXPECT_EQ(root["version"], "3.0");
  EXPECT_NE(root["profile"].get<std::string>().find("/hsds/profile.json"), std::string::npos);
  json profile = GetJson("/hsds/profile.json");
  EXPECT_TRUE(profile["schemas"]["location.json"]["properties"].contains("confidential"));

  json page = GetJson("/hsds/services?per_page=1");
  EXPECT_EQ(page["total_items"], 2);
  EXPECT_EQ(page["total_pages"], 2);
  EXPECT_EQ(page["size"], 1);
  EXPECT_EQ(page["first_page"], true);
  EXPECT_EQ(page["last_page"], false);
  EXPECT_EQ(page["contents"][0]["organization"]["name"], "Banke Shelter Home");

  json terms = GetJson("/hsds/taxonomy_terms?top_only=true");
  std::string legal_id;
  json all_terms = GetJson("/hsds/taxonomy_terms?per_page=100");
  for (const auto& t : all_terms["contents"]) {
    if (t["code"] == "legal_aid") legal_id = t["id"];
  }
  for (const auto& t : terms["contents"]) EXPECT_FALSE(t.contains("parent_id"));
  json legal = GetJson("/hsds/services?taxonomy_term_id=" + legal_id);
  ASSERT_EQ(legal["total_items"], 1);
  EXPECT_EQ(legal["contents"][0]["name"], "Free legal aid");
  EXPECT_EQ(GetJson("/hsds/services?modified_after=2999-01-01")["total_items"], 0);

  json full = GetJson("/hsds/services/" + shelter_["id"].get<std::string>());
  EXPECT_EQ(full["attributes"][0]["taxonomy_term"]["code"], "shelter");
  EXPECT_EQ(full["capacities"][0]["maximum"], 20);
  EXPECT_EQ(full["service_at_locations"][0]["location"]["confidential"], true);
  EXPECT_EQ(full["service_at_locations"][0]["schedules"][0]["byday"], "MO,TU,WE,TH,FR,SA,SU");
  // The public legal-aid office has its address, in Nepal's terms.
  json office = GetJson("/hsds/services/" + legal_["id"].get<std::string>());
  json address = office["service_at_locations"][0]["location"]["addresses"][0];
  EXPECT_EQ(address["region"], "Banke");
  EXPECT_EQ(address["country"], "NP");
  EXPECT_EQ(Get("/hsds/services/nope")->status, 404);
}

}  // namespace
}  // namespace samman::testing
