// Referrals over HTTP: consent first, the recipient's view limited to what was shared and only
// while the referral lasts, the state machine, expiry and the counts.
#include "test_env.h"

namespace samman::testing {
namespace {

using nlohmann::json;

json Checklist() {
  return {{"consents_to_interview", true},
          {"informed_of_purpose", true},
          {"informed_of_uses", true},
          {"informed_of_research_use", false},
          {"informed_of_right_to_access", true},
          {"informed_of_retention", true},
          {"informed_of_withdrawal", true}};
}

class ReferralsHttp : public HttpTest {
 protected:
  void SetUp() override {
    HttpTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    admin_ = Login("admin", kAdminPassword);
    ngo_ = MakeOrg(admin_, "Maiti Nepal", "ngo");
    sender_ = MakeUserSession(admin_, "sender", ngo_, {"case_worker"});
    legal_org_ = MakeOrg(admin_, "Banke Legal Aid", "ngo");
    recipient_ = MakeUserSession(admin_, "lawyer", legal_org_, {"case_worker"});
    third_ = MakeUserSession(admin_, "third", MakeOrg(admin_, "Third NGO", "ngo"), {"case_worker"});
    std::string editor_org = MakeOrg(admin_, "Directory Desk", "ministry");
    Session editor = MakeUserSession(admin_, "editor", editor_org, {"directory_editor"});
    auto post = [&](const std::string& path, const json& body) {
      auto r = Send("POST", path, body.dump(), &editor);
      EXPECT_EQ(r->status, 201) << r->body;
      return Body(r);
    };
    json org = post("/api/v1/directory/organizations", {{"name", "Banke Legal Aid"},
                                                        {"sector", "ngo"},
                                                        {"district", "511"},
                                                        {"samman_organization_id", legal_org_}});
    json office = post("/api/v1/directory/locations",
                       {{"organization_id", org["id"]}, {"name", "Office"}, {"district", "511"}});
    json service =
        post("/api/v1/directory/services", {{"organization_id", org["id"]},
                                            {"name", "Free legal aid"},
                                            {"taxonomy", {"legal_aid"}},
                                            {"locations", {{{"location_id", office["id"]}}}}});
    sal_ = service["locations"][0]["id"];
    unlinked_ = post("/api/v1/directory/organizations",
                     {{"name", "Offline clinic"}, {"sector", "private"}, {"phone", "081-1"}})["id"];

    auto c = Send("POST", "/api/v1/cases",
                  json{{"person",
                        {{"given_name", "Sita"},
                         {"family_name", "Tamang"},
                         {"sex", "female"},
                         {"phone", "9841000001"}}},
                       {"case", {{"identification_source", "hotline"}, {"district", "511"}}},
                       {"victim_profile", {{"exploitation_types", {"sexual_exploitation"}}}}}
                      .dump(),
                  &sender_);
    ASSERT_EQ(c->status, 201) << c->body;
    case_id_ = Body(c)["id"];
    auto a = Send(
        "POST", "/api/v1/cases/" + case_id_ + "/assessments",
        json{{"type", "needs"}, {"date", NepalDate(clock_.Now())}, {"needs", {"legal"}}}.dump(),
        &sender_);
    ASSERT_EQ(a->status, 201) << a->body;
  }
  json Referral(bool with_consent, const json& sections = {"identity", "assessments"}) {
    json body = {{"case_id", case_id_},
                 {"service_at_location_id", sal_},
                 {"reason", "Needs a lawyer for the hearing"},
                 {"urgency", "high"},
                 {"shared_sections", sections}};
    if (with_consent)
      body["consent"] = {{"given_at", NepalDate(clock_.Now())}, {"checklist", Checklist()}};
    return body;
  }
  json Act(const std::string& id, const std::string& action, const json& body, const Session& s,
           int expect = 200) {
    auto r = Send("POST", "/api/v1/referrals/" + id + "/" + action, body.dump(), &s);
    EXPECT_EQ(r->status, expect) << action << " " << r->body;
    return Body(r);
  }
  int CaseStatusFor(const Session& s) { return Get("/api/v1/cases/" + case_id_, &s)->status; }

  Session admin_, sender_, recipient_, third_;
  std::string ngo_, legal_org_, sal_, unlinked_, case_id_;
};

TEST_F(ReferralsHttp, AReferralWithoutConsentIsRefusedAndConsentCanComeWithIt) {
  auto r = Send("POST", "/api/v1/referrals", Referral(false).dump(), &sender_);
  ASSERT_EQ(r->status, 409) << r->body;
  json problem = Body(r);
  std::string type = problem["type"];
  EXPECT_EQ(type.substr(type.size() - std::string("consent-required").size()), "consent-required");
  EXPECT_EQ(problem["recipient_organization_id"], legal_org_);
  EXPECT_NE(problem["detail"].get<std::string>().find("Banke Legal Aid"), std::string::npos);
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/problem+json");
  // Nothing was written by the refusal.
  json out = Body(Get("/api/v1/referrals?direction=outgoing", &sender_));
  EXPECT_TRUE(out["items"].empty());

  // A bad consent is refused whole: no referral and no consent.
  json bad = Referral(true);
  bad["consent"]["checklist"]["consents_to_interview"] = false;
  EXPECT_EQ(Send("POST", "/api/v1/referrals", bad.dump(), &sender_)->status, 422);
  json consents = Body(Get("/api/v1/cases/" + case_id_ + "/consents", &sender_));
  EXPECT_TRUE(consents["items"].empty());

  r = Send("POST", "/api/v1/referrals", Referral(true).dump(), &sender_);
  ASSERT_EQ(r->status, 201) << r->body;
  json ref = Body(r);
  EXPECT_EQ(ref["status"], "sent");
  EXPECT_EQ(ref["service_type"], "legal_aid");
  EXPECT_EQ(ref["recipient_organization_name"], "Banke Legal Aid");
  EXPECT_EQ(ref["district"], "511");
  consents = Body(Get("/api/v1/cases/" + case_id_ + "/consents", &sender_));
  ASSERT_EQ(consents["items"].size(), 1u);
  EXPECT_EQ(consents["items"][0]["purpose"], "sharing");
  EXPECT_EQ(consents["items"][0]["organization_id"], legal_org_);
  // The recorded consent now covers a second referral to that organisation.
  Act(ref["id"], "cancel", {{"reason", "sent twice by mistake"}}, sender_);
  EXPECT_EQ(Send("POST", "/api/v1/referrals", Referral(false).dump(), &sender_)->status, 201);
  // But not while one is already open.
  EXPECT_EQ(Send("POST", "/api/v1/referrals", Referral(false).dump(), &sender_)->status, 409);
}

TEST_F(ReferralsHttp, TheRecipientSeesExactlyTheSharedPartsWhileTheReferralLasts) {
  json ref = Body(Send("POST", "/api/v1/referrals", Referral(true).dump(), &sender_));
  const std::string id = ref["id"];
  EXPECT_EQ(CaseStatusFor(recipient_), 404);  // sent, not yet accepted

  json inbox = Body(Get("/api/v1/referrals?direction=incoming", &recipient_));
  ASSERT_EQ(inbox["items"].size(), 1u);
  EXPECT_EQ(inbox["counts"]["sent"], 1);
  EXPECT_EQ(inbox["items"][0]["reason"], "Needs a lawyer for the hearing");

  Act(id, "accept", json::object(), recipient_);
  auto view = Get("/api/v1/cases/" + case_id_, &recipient_);
  ASSERT_EQ(view->status, 200) << view->body;
  json c = Body(view);
  EXPECT_EQ(c["access"], "referral");
  EXPECT_EQ(c["shared_sections"], (json{"identity", "assessments"}));
  EXPECT_EQ(c["person"]["given_name"], "Sita");
  EXPECT_TRUE(c["person"]["phone"].is_null());  // contact was not shared
  EXPECT_TRUE(c["victim_profile"]["exploitation_types"].empty());
  EXPECT_TRUE(c["assigned_user_ids"].empty());
  EXPECT_EQ(Get("/api/v1/cases/" + case_id_ + "/assessments", &recipient_)->status, 200);
  EXPECT_EQ(Get("/api/v1/cases/" + case_id_ + "/notes", &recipient_)->status, 404);
  EXPECT_EQ(Get("/api/v1/cases/" + case_id_ + "/consents", &recipient_)->status, 404);
  // Seeing is not editing.
  EXPECT_EQ(
      Send("POST", "/api/v1/cases/" + case_id_ + "/notes", R"({"text":"x"})", &recipient_)->status,
      404);
  EXPECT_EQ(Send("PATCH", "/api/v1/cases/" + case_id_, R"({"case":{"district":"101"}})",
                 &recipient_, {{"If-Match", "1"}})
                ->status,
            404);
  // Another organisation sees nothing of the case or the referral.
  EXPECT_EQ(CaseStatusFor(third_), 404);
  EXPECT_EQ(Get("/api/v1/referrals/" + id, &third_)->status, 404);

  Act(id, "start", {{"note", "Lawyer assigned"}}, recipient_);
  EXPECT_EQ(CaseStatusFor(recipient_), 200);
  json done = Act(id, "complete", {{"outcome", "Represented at the district court"}}, recipient_);
  EXPECT_EQ(done["status"], "completed");
  EXPECT_EQ(done["outcome"], "Represented at the district court");
  ASSERT_EQ(done["history"].size(), 4u);
  EXPECT_EQ(done["history"][2]["note"], "Lawyer assigned");
  EXPECT_EQ(CaseStatusFor(recipient_), 404);  // the grant ended with the referral
  EXPECT_EQ(CaseStatusFor(sender_), 200);

  auto audit = Body(Get("/api/v1/audit?action=case.read_referral", &admin_));
  EXPECT_GE(audit["items"].size(), 1u);
}

TEST_F(ReferralsHttp, CancellingEndsTheGrantAndTheStateMachineHolds) {
  json ref = Body(Send("POST", "/api/v1/referrals", Referral(true).dump(), &sender_));
  const std::string id = ref["id"];
  Act(id, "complete", {{"outcome", "x"}}, recipient_, 409);
  Act(id, "decline", json::object(), recipient_, 422);    // a reason is required
  Act(id, "cancel", {{"reason", "x"}}, recipient_, 403);  // only the sender cancels
  Act(id, "accept", json::object(), sender_, 403);        // only the recipient answers
  Act(id, "accept", json::object(), recipient_);
  Act(id, "accept", json::object(), recipient_, 409);
  EXPECT_EQ(CaseStatusFor(recipient_), 200);
  json cancelled = Act(id, "cancel", {{"reason", "Survivor moved to Kathmandu"}}, sender_);
  EXPECT_EQ(cancelled["status"], "cancelled");
  EXPECT_EQ(CaseStatusFor(recipient_), 404);
  Act(id, "start", json::object(), recipient_, 409);
}

TEST_F(ReferralsHttp, BadReferralsGetClearErrors) {
  json body = Referral(true, {"identity", "bank_details"});
  auto r = Send("POST", "/api/v1/referrals", body.dump(), &sender_);
  EXPECT_EQ(r->status, 422);
  EXPECT_NE(Body(r)["detail"].get<std::string>().find("bank_details"), std::string::npos);
  body = Referral(true);
  body.erase("service_at_location_id");
  body["organization_id"] = unlinked_;
  r = Send("POST", "/api/v1/referrals", body.dump(), &sender_);
  EXPECT_EQ(r->status, 422);
  EXPECT_NE(Body(r)["detail"].get<std::string>().find("081-1"), std::string::npos);
  body = Referral(true);
  body["due_date"] = "2001-01-01";
  EXPECT_EQ(Send("POST", "/api/v1/referrals", body.dump(), &sender_)->status, 422);
  // Someone who cannot see the case cannot refer it.
  EXPECT_EQ(Send("POST", "/api/v1/referrals", Referral(true).dump(), &third_)->status, 404);
  EXPECT_TRUE(Body(Get("/api/v1/referrals?direction=outgoing", &sender_))["items"].empty());
}

TEST_F(ReferralsHttp, UnansweredReferralsExpireInTheBackground) {
  json ref = Body(Send("POST", "/api/v1/referrals", Referral(true).dump(), &sender_));
  // "high" urgency: three days to answer.
  app().jobs().Schedule("referrals.expire", 900);
  clock_.Advance(std::chrono::hours(71));
  app().jobs().RunDue();
  sender_ = Login("sender", "twelve chars pw");  // the old sessions timed out meanwhile
  recipient_ = Login("lawyer", "twelve chars pw");
  EXPECT_EQ(Body(Get("/api/v1/referrals/" + ref["id"].get<std::string>(), &sender_))["status"],
            "sent");
  clock_.Advance(std::chrono::hours(2));
  app().jobs().RunDue();
  sender_ = Login("sender", "twelve chars pw");
  recipient_ = Login("lawyer", "twelve chars pw");
  json expired = Body(Get("/api/v1/referrals/" + ref["id"].get<std::string>(), &sender_));
  EXPECT_EQ(expired["status"], "expired");
  EXPECT_EQ(expired["history"].back()["by"], "system");
  Act(ref["id"], "accept", json::object(), recipient_, 409);
  json out = Body(Get("/api/v1/referrals?direction=outgoing", &sender_));
  EXPECT_EQ(out["counts"]["expired"], 1);
}

TEST_F(ReferralsHttp, EveryReferralIsCountedWithoutNamingAnyone) {
  json a = Body(Send("POST", "/api/v1/referrals", Referral(true).dump(), &sender_));
  clock_.Advance(std::chrono::hours(5));
  recipient_ = Login("lawyer", "twelve chars pw");
  sender_ = Login("sender", "twelve chars pw");
  admin_ = Login("admin", kAdminPassword);
  Act(a["id"], "accept", json::object(), recipient_);
  Session analyst = MakeUserSession(admin_, "analyst", ngo_, {"analyst"});
  EXPECT_EQ(Get("/api/v1/referrals/counts", &sender_)->status, 403);
  auto r = Get("/api/v1/referrals/counts", &analyst);
  ASSERT_EQ(r->status, 200) << r->body;
  json items = Body(r)["items"];
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["service_type"], "legal_aid");
  EXPECT_EQ(items[0]["district"], "511");
  EXPECT_EQ(items[0]["status"], "accepted");
  EXPECT_EQ(items[0]["referrals"], 1);
  EXPECT_NEAR(items[0]["median_response_hours"].get<double>(), 5.0, 0.01);
  EXPECT_EQ(r->body.find("Sita"), std::string::npos);
  EXPECT_EQ(r->body.find("hearing"), std::string::npos);
}

}  // namespace
}  // namespace samman::testing
