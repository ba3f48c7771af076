// What a person or a client program sees of sign-in, sessions, CSRF, two-factor, tokens and user
// admin.
#include "common/crypto.h"
#include "test_env.h"

namespace samman::testing {
namespace {

using nlohmann::json;

class IdentityHttp : public HttpTest {};

TEST_F(IdentityHttp, LoginSetsAHardenedCookieAndMeAnswersOnlyWithIt) {
  auto r = Send("POST", "/api/v1/auth/login",
                json{{"username", "admin"}, {"password", kAdminPassword}}.dump(), nullptr);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  std::string cookie = r->get_header_value("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  auto body = Body(r);
  EXPECT_EQ(body["user"]["username"], "admin");
  EXPECT_EQ(body["user"]["organization"]["type"], "ministry");
  EXPECT_FALSE(body["csrf_token"].get<std::string>().empty());

  Session s{cookie.substr(0, cookie.find(';')), body["csrf_token"], body["user"]};
  auto me = Get("/api/v1/me", &s);
  ASSERT_EQ(me->status, 200);
  EXPECT_EQ(Body(me)["user"]["id"], body["user"]["id"]);
  EXPECT_EQ(Body(me)["csrf_token"], body["csrf_token"]);

  auto anonymous = Get("/api/v1/me");
  EXPECT_EQ(anonymous->status, 401);
  EXPECT_EQ(anonymous->get_header_value("Content-Type"), "application/problem+json");
  Session forged_session{"samman_session=forged-token", "", {}};
  auto forged = Get("/api/v1/me", &forged_session);
  EXPECT_EQ(forged->status, 401);
}

TEST_F(IdentityHttp, WrongPasswordIs401AndFiveFailuresLockEvenTheRightPassword) {
  for (int i = 0; i < 5; ++i) {
    auto r = Send("POST", "/api/v1/auth/login",
                  json{{"username", "admin"}, {"password", "wrong password!"}}.dump(), nullptr);
    ASSERT_EQ(r->status, 401) << "attempt " << i;
    EXPECT_EQ(Body(r)["type"], "urn:samman:problem:unauthenticated");
    EXPECT_FALSE(Body(r)["detail"].get<std::string>().empty());
  }
  auto right = Send("POST", "/api/v1/auth/login",
                    json{{"username", "admin"}, {"password", kAdminPassword}}.dump(), nullptr);
  EXPECT_EQ(right->status, 423) << right->body;
  EXPECT_NE(Body(right)["detail"].get<std::string>().find("locked"), std::string::npos);

  // After the lockout period the right password works again.
  clock_.Advance(std::chrono::minutes(16));
  Login("admin", kAdminPassword);
}

TEST_F(IdentityHttp, UnknownUserLooksLikeAWrongPassword) {
  auto r = Send("POST", "/api/v1/auth/login",
                json{{"username", "nobody"}, {"password", "whatever password"}}.dump(), nullptr);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(Body(r)["detail"], "wrong username or password");
}

TEST_F(IdentityHttp, StateChangingRequestsWithTheCookieNeedTheCsrfHeader) {
  Session s = Login("admin", kAdminPassword);
  Session no_csrf = s;
  no_csrf.csrf = "";
  auto r = Send("POST", "/api/v1/organizations",
                json{{"name", "Maiti Nepal"}, {"type", "ngo"}}.dump(), &no_csrf);
  EXPECT_EQ(r->status, 403);
  auto orgs = Body(Get("/api/v1/organizations", &s));
  for (const auto& o : orgs["items"]) EXPECT_NE(o["name"], "Maiti Nepal");

  auto logout = Send("POST", "/api/v1/auth/logout", "", &no_csrf);
  EXPECT_EQ(logout->status, 403);
  EXPECT_EQ(Get("/api/v1/me", &s)->status, 200) << "a refused logout must not end the session";

  EXPECT_EQ(Send("POST", "/api/v1/auth/logout", "", &s)->status, 204);
  EXPECT_EQ(Get("/api/v1/me", &s)->status, 401);
}

TEST_F(IdentityHttp, SessionsExpireWhenIdle) {
  Session s = Login("admin", kAdminPassword);
  clock_.Advance(std::chrono::minutes(20));
  EXPECT_EQ(Get("/api/v1/me", &s)->status, 200);
  clock_.Advance(std::chrono::minutes(31));
  EXPECT_EQ(Get("/api/v1/me", &s)->status, 401);
}

TEST_F(IdentityHttp, SessionsEndAtTheAbsoluteLimitEvenWhenBusy) {
  Session s = Login("admin", kAdminPassword);
  for (int i = 0; i < 28; ++i) {  // busy every 25 minutes for 11 h 40 min
    clock_.Advance(std::chrono::minutes(25));
    ASSERT_EQ(Get("/api/v1/me", &s)->status, 200) << i;
  }
  clock_.Advance(std::chrono::minutes(25));  // 12 h 5 min after sign-in
  EXPECT_EQ(Get("/api/v1/me", &s)->status, 401);
}

TEST_F(IdentityHttp, TotpEnrolmentThenLoginNeedsTheCode) {
  Session s = Login("admin", kAdminPassword);
  auto setup = Send("POST", "/api/v1/me/totp/setup", "", &s);
  ASSERT_EQ(setup->status, 200) << setup->body;
  std::string secret_b32 = Body(setup)["secret"];
  EXPECT_NE(Body(setup)["otpauth_uri"].get<std::string>().find("otpauth://totp/"),
            std::string::npos);
  std::string secret = *crypto::Base32Decode(secret_b32);
  auto step = [&] {
    return std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch())
               .count() /
           30;
  };
  auto bad = Send("POST", "/api/v1/me/totp/enable", json{{"code", "000000"}}.dump(), &s);
  EXPECT_EQ(bad->status, 422);
  auto ok = Send("POST", "/api/v1/me/totp/enable",
                 json{{"code", crypto::Totp(secret, step())}}.dump(), &s);
  ASSERT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(Body(ok)["user"]["totp_enabled"], true);

  auto no_code = Send("POST", "/api/v1/auth/login",
                      json{{"username", "admin"}, {"password", kAdminPassword}}.dump(), nullptr);
  EXPECT_EQ(no_code->status, 401);
  EXPECT_EQ(Body(no_code)["type"], "urn:samman:problem:totp-required");

  clock_.Advance(std::chrono::seconds(60));
  auto with_code = Send("POST", "/api/v1/auth/login",
                        json{{"username", "admin"},
                             {"password", kAdminPassword},
                             {"totp", crypto::Totp(secret, step())}}
                            .dump(),
                        nullptr);
  EXPECT_EQ(with_code->status, 200) << with_code->body;
  // The same code cannot be replayed.
  auto replay = Send("POST", "/api/v1/auth/login",
                     json{{"username", "admin"},
                          {"password", kAdminPassword},
                          {"totp", crypto::Totp(secret, step())}}
                         .dump(),
                     nullptr);
  EXPECT_EQ(replay->status, 401);
}

TEST_F(IdentityHttp, ApiTokensAuthenticateWithoutCsrfAndCanBeRevoked) {
  Session s = Login("admin", kAdminPassword);
  auto created = Send("POST", "/api/v1/me/tokens", json{{"name", "nightly export"}}.dump(), &s);
  ASSERT_EQ(created->status, 201) << created->body;
  std::string token = Body(created)["token"];
  httplib::Headers bearer = {{"Authorization", "Bearer " + token}};
  auto me = Client().Get("/api/v1/me", bearer);
  ASSERT_EQ(me->status, 200);
  EXPECT_EQ(Body(me)["user"]["username"], "admin");
  auto org =
      Client().Post("/api/v1/organizations", bearer,
                    json{{"name", "Shakti Samuha"}, {"type", "ngo"}}.dump(), "application/json");
  EXPECT_EQ(org->status, 201) << org->body;

  std::string id = Body(created)["id"];
  EXPECT_EQ(Send("DELETE", "/api/v1/me/tokens/" + id, "", &s)->status, 204);
  EXPECT_EQ(Client().Get("/api/v1/me", bearer)->status, 401);
}

TEST_F(IdentityHttp, AdminCreatesOrganisationsAndUsersWhoCanSignIn) {
  Session s = Login("admin", kAdminPassword);
  auto org = Send("POST", "/api/v1/organizations",
                  json{{"name", "District Committee Kathmandu"},
                       {"type", "committee"},
                       {"level", "district"},
                       {"jurisdiction", "306"}}
                      .dump(),
                  &s);
  ASSERT_EQ(org->status, 201) << org->body;
  std::string org_id = Body(org)["id"];
  auto user = Send("POST", "/api/v1/users",
                   json{{"username", "Sita.Tamang"},
                        {"display_name", "सीता तामाङ"},
                        {"password", "twelve chars pw"},
                        {"organization_id", org_id},
                        {"roles", {"committee_member"}}}
                       .dump(),
                   &s);
  ASSERT_EQ(user->status, 201) << user->body;
  EXPECT_EQ(Body(user)["username"], "sita.tamang");
  EXPECT_EQ(Body(user)["display_name"], "सीता तामाङ");
  Session sita = Login("SITA.TAMANG", "twelve chars pw");
  EXPECT_EQ(sita.user["organization"]["name"], "District Committee Kathmandu");

  // A committee member is no administrator.
  EXPECT_EQ(Get("/api/v1/users", &sita)->status, 403);
  auto denied =
      Send("POST", "/api/v1/organizations", json{{"name", "X"}, {"type", "ngo"}}.dump(), &sita);
  EXPECT_EQ(denied->status, 403);
}

TEST_F(IdentityHttp, OrganisationRulesAreExplained) {
  Session s = Login("admin", kAdminPassword);
  struct Case {
    json body;
    std::string field;
  } cases[] = {
      {{{"name", "A"}, {"type", "bank"}}, "type"},
      {{{"name", "B"}, {"type", "committee"}}, "level"},
      {{{"name", "C"}, {"type", "committee"}, {"level", "district"}, {"jurisdiction", "3"}},
       "jurisdiction"},
      {{{"name", "D"}, {"type", "ngo"}, {"jurisdiction", "999"}}, "jurisdiction"},
      {{{"name", ""}, {"type", "ngo"}}, "name"},
  };
  for (const auto& c : cases) {
    auto r = Send("POST", "/api/v1/organizations", c.body.dump(), &s);
    EXPECT_EQ(r->status, 422) << c.body.dump();
    EXPECT_EQ(Body(r)["errors"][0]["field"], c.field) << r->body;
  }
  auto dup = Send(
      "POST", "/api/v1/organizations",
      json{{"name", "Ministry of Women, Children and Senior Citizens"}, {"type", "ngo"}}.dump(),
      &s);
  EXPECT_EQ(dup->status, 409);
}

TEST_F(IdentityHttp, UserUpdatesNeedIfMatchAndStaleVersionsConflict) {
  Session s = Login("admin", kAdminPassword);
  auto user = Send("POST", "/api/v1/users",
                   json{{"username", "ram"},
                        {"password", "twelve chars pw"},
                        {"organization_id", admin_org_id_},
                        {"roles", {"analyst"}}}
                       .dump(),
                   &s);
  std::string path = "/api/v1/users/" + Body(user)["id"].get<std::string>();
  auto no_if_match = Send("PATCH", path, json{{"roles", {"inspector"}}}.dump(), &s);
  EXPECT_EQ(no_if_match->status, 428);
  auto ok = Send("PATCH", path, json{{"roles", {"inspector"}}}.dump(), &s, {{"If-Match", "1"}});
  ASSERT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(Body(ok)["version"], 2);
  EXPECT_EQ(Body(ok)["roles"], json({"inspector"}));
  auto stale = Send("PATCH", path, json{{"disabled", true}}.dump(), &s, {{"If-Match", "1"}});
  EXPECT_EQ(stale->status, 409);
  EXPECT_EQ(Body(stale)["current_version"], 2);
  EXPECT_EQ(Body(Get(path, &s))["disabled"], false);
}

TEST_F(IdentityHttp, OrgAdminsManageOnlyTheirOwnOrganisation) {
  Session admin = Login("admin", kAdminPassword);
  auto ngo = Body(Send("POST", "/api/v1/organizations",
                       json{{"name", "Maiti Nepal"}, {"type", "ngo"}}.dump(), &admin));
  auto other = Body(Send("POST", "/api/v1/organizations",
                         json{{"name", "Shakti Samuha"}, {"type", "ngo"}}.dump(), &admin));
  Send("POST", "/api/v1/users",
       json{{"username", "orgadmin"},
            {"password", "twelve chars pw"},
            {"organization_id", ngo["id"]},
            {"roles", {"org_admin"}}}
           .dump(),
       &admin);
  auto outsider = Body(Send("POST", "/api/v1/users",
                            json{{"username", "outsider"},
                                 {"password", "twelve chars pw"},
                                 {"organization_id", other["id"]},
                                 {"roles", {"case_worker"}}}
                                .dump(),
                            &admin));
  Session oa = Login("orgadmin", "twelve chars pw");
  auto own = Send("POST", "/api/v1/users",
                  json{{"username", "worker1"},
                       {"password", "twelve chars pw"},
                       {"organization_id", ngo["id"]},
                       {"roles", {"case_worker"}}}
                      .dump(),
                  &oa);
  EXPECT_EQ(own->status, 201);
  auto escalate = Send("POST", "/api/v1/users",
                       json{{"username", "worker2"},
                            {"password", "twelve chars pw"},
                            {"organization_id", ngo["id"]},
                            {"roles", {"system_admin"}}}
                           .dump(),
                       &oa);
  EXPECT_EQ(escalate->status, 403);
  auto foreign = Send("POST", "/api/v1/users",
                      json{{"username", "worker3"},
                           {"password", "twelve chars pw"},
                           {"organization_id", other["id"]},
                           {"roles", {"case_worker"}}}
                          .dump(),
                      &oa);
  EXPECT_EQ(foreign->status, 403);
  auto listed = Body(Get("/api/v1/users", &oa))["items"];
  EXPECT_EQ(listed.size(), 2u);
  for (const auto& u : listed) EXPECT_EQ(u["organization_id"], ngo["id"]);
  EXPECT_EQ(Get("/api/v1/users/" + outsider["id"].get<std::string>(), &oa)->status, 404);
}

TEST_F(IdentityHttp, PasswordsShorterThanTwelveAreRefused) {
  Session s = Login("admin", kAdminPassword);
  auto r = Send("POST", "/api/v1/users",
                json{{"username", "short"},
                     {"password", "elevenchars"},
                     {"organization_id", admin_org_id_},
                     {"roles", {"analyst"}}}
                    .dump(),
                &s);
  EXPECT_EQ(r->status, 422);
  EXPECT_EQ(Body(r)["errors"][0]["field"], "password");
  EXPECT_EQ(Body(Get("/api/v1/users", &s))["items"].size(), 1u);
}

TEST_F(IdentityHttp, ResetPasswordUnlocksAndEndsSessions) {
  Session admin = Login("admin", kAdminPassword);
  auto user = Body(Send("POST", "/api/v1/users",
                        json{{"username", "hari"},
                             {"password", "twelve chars pw"},
                             {"organization_id", admin_org_id_},
                             {"roles", {"analyst"}}}
                            .dump(),
                        &admin));
  Session hari = Login("hari", "twelve chars pw");
  for (int i = 0; i < 5; ++i) {
    Send("POST", "/api/v1/auth/login",
         json{{"username", "hari"}, {"password", "nope nope nope"}}.dump(), nullptr);
  }
  auto reset = Send("POST", "/api/v1/users/" + user["id"].get<std::string>() + "/password",
                    json{{"password", "a brand new password"}}.dump(), &admin);
  EXPECT_EQ(reset->status, 204);
  EXPECT_EQ(Get("/api/v1/me", &hari)->status, 401);
  Login("hari", "a brand new password");
}

TEST_F(IdentityHttp, ChangeOwnPasswordNeedsTheCurrentOne) {
  Session s = Login("admin", kAdminPassword);
  auto wrong = Send(
      "POST", "/api/v1/me/password",
      json{{"current_password", "not it at all"}, {"new_password", "another long one"}}.dump(), &s);
  EXPECT_EQ(wrong->status, 422);
  auto ok = Send(
      "POST", "/api/v1/me/password",
      json{{"current_password", kAdminPassword}, {"new_password", "another long one"}}.dump(), &s);
  EXPECT_EQ(ok->status, 204);
  Login("admin", "another long one");
}

TEST_F(IdentityHttp, RequiredTwoFactorBlocksEverythingButEnrolment) {
  // A deployment that requires two-factor: the admin can sign in, but must enrol before anything
  // else.
  ASSERT_FALSE(app().identity().options().require_totp);
  server_->Stop(1);
  app_.reset();
  platform::Config config = TestConfig(*scratch_);
  config.identity.require_totp = true;
  auto reopened = platform::App::Open(config, clock_);
  ASSERT_TRUE(reopened);
  app_ = std::move(*reopened);
  platform::App* a = app_.get();
  server_ = std::make_unique<http::Server>(http::ServerOptions{"127.0.0.1", 0},
                                           [a](http::Request& r) { return a->Handle(r); });
  port_ = server_->Start();
  Session s = Login("admin", kAdminPassword);
  EXPECT_EQ(s.user["must_enrol_totp"], true);
  EXPECT_EQ(Get("/api/v1/users", &s)->status, 403);
  EXPECT_EQ(Get("/api/v1/me", &s)->status, 200);
  EXPECT_EQ(Send("POST", "/api/v1/me/totp/setup", "", &s)->status, 200);
}

}  // namespace
}  // namespace samman::testing
