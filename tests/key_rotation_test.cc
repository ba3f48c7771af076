// Key rotation on a realistic database (demo data: persons, case items, referrals), on both
// engines: afterwards nothing is under the old key, everything reads and searches as before with
// the new key alone, the audit chain verifies, two-factor sign-in still works, and sessions and API
// tokens made under the old key are gone.
#include <filesystem>
#include <fstream>

#include "common/crypto.h"
#include "demo/generator.h"
#include "platform/keys.h"
#include "test_env.h"

namespace samman::testing {
namespace {

class KeyRotation : public ServiceTest {
 protected:
  platform::Config Config() const { return TestConfig(*scratch_); }
  void Reopen() {
    app_.reset();
    auto opened = platform::App::Open(Config(), clock_);
    ASSERT_TRUE(opened) << opened.error().detail;
    app_ = std::move(*opened);
  }
  // Ciphertexts still under key id, in every table that holds them.
  int64_t SealedWith(const std::string& id) {
    return app().db().Read([&](db::Connection& c) {
      const std::string like = id + ":%";
      int64_t n = 0;
      for (const char* sql :
           {"SELECT COUNT(*) FROM persons WHERE given_name_enc LIKE $1 OR family_name_enc LIKE $1 "
            "OR name_ne_enc LIKE $1 OR phone_enc LIKE $1 OR citizenship_no_enc LIKE $1 OR "
            "guardian_enc LIKE $1 OR birth_date_enc LIKE $1 OR address_enc LIKE $1",
            "SELECT COUNT(*) FROM case_items WHERE body_enc LIKE $1",
            "SELECT COUNT(*) FROM referrals WHERE reason_enc LIKE $1 OR outcome_enc LIKE $1",
            "SELECT COUNT(*) FROM referral_events WHERE note_enc LIKE $1",
            "SELECT COUNT(*) FROM users WHERE totp_secret LIKE $1"}) {
        n += c.Query(sql, {like})[0].Int(0);
      }
      return n;
    });
  }
  identity::Principal Login(const std::string& username, const std::string& totp = "") {
    auto login = app().identity().Login(username, demo::kDemoPassword, totp, "127.0.0.1", "t", "t");
    EXPECT_TRUE(login) << username << ": " << login.error().detail;
    return login ? login->principal : identity::Principal{};
  }
};

TEST_F(KeyRotation, EverythingEndsUnderTheNewKeyAndReadsTheSame) {
  demo::Options options;
  options.cases = 60;
  ASSERT_TRUE(demo::Generate(app(), options));
  const std::string old_key = app().keys().key_id();

  // What a case worker sees before: a case with a phone number, and what search finds.
  auto worker = Login("caseworker");
  cases::SearchQuery all;
  all.limit = 200;
  auto page = app().cases().Search(worker, all);
  ASSERT_TRUE(page);
  std::string case_id, phone, name;
  for (const auto& row : page->items) {
    auto v = app().cases().Get(worker, row.id);
    ASSERT_TRUE(v);
    if (v->person && !v->person->phone.empty() && !v->person->given_name.empty()) {
      case_id = row.id;
      phone = v->person->phone;
      name = v->person->given_name + " " + v->person->family_name;
      break;
    }
  }
  ASSERT_FALSE(case_id.empty());
  auto before = app().cases().Get(worker, case_id);
  auto notes_before = app().cases().ListItems(worker, case_id, "event");
  auto referrals_before = app().referrals().List(worker, {"outgoing", "", ""});
  ASSERT_TRUE(referrals_before);
  ASSERT_FALSE(referrals_before->items.empty());

  // The analyst enrols two-factor sign-in; the administrator has an API token.
  auto analyst = Login("analyst");
  auto setup = app().identity().BeginTotp(analyst);
  ASSERT_TRUE(setup);
  const std::string secret = *crypto::Base32Decode(setup->secret);
  auto step = [&] {
    return std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch())
               .count() /
           30;
  };
  ASSERT_TRUE(app().identity().EnableTotp(analyst, crypto::Totp(secret, step())));
  auto token = app().identity().CreateApiToken(Login("admin"), "nightly export");
  ASSERT_TRUE(token);
  ASSERT_GT(SealedWith(old_key), 100);

  // samman key rotate: a new key in the key file, then everything under it.
  auto grown = crypto::KeyRing::AddKey(Config().KeyFile());
  ASSERT_TRUE(grown) << grown.error().detail;
  Reopen();
  const std::string new_key = app().keys().key_id();
  ASSERT_NE(new_key, old_key);
  auto report = platform::RotateKeys(app(), [](int64_t) {});
  ASSERT_TRUE(report) << report.error().detail;
  EXPECT_EQ(report->chain_key_id, old_key);
  EXPECT_GT(report->audit_rows, 0);
  EXPECT_GT(report->data_rows, 100);
  EXPECT_EQ(report->identity.secrets, 1);
  EXPECT_EQ(report->identity.tokens, 1);
  EXPECT_GT(report->identity.sessions, 0);
  EXPECT_EQ(SealedWith(old_key), 0);
  EXPECT_GT(SealedWith(new_key), 100);

  // The new key alone now reads everything: drop the old one from the key file.
  {
    std::ifstream in(Config().KeyFile());
    std::string line, last;
    while (std::getline(in, line)) last = line;
    in.close();
    std::ofstream out(Config().KeyFile(), std::ios::trunc);
    out << last << "\n";
  }
  Reopen();
  ASSERT_EQ(app().keys().key_ids(), std::vector<std::string>{new_key});
  EXPECT_TRUE(app().audit().Verify().ok) << app().audit().Verify().problem;
  worker = Login("caseworker");
  auto after = app().cases().Get(worker, case_id);
  ASSERT_TRUE(after) << after.error().detail;
  EXPECT_EQ(after->person->given_name, before->person->given_name);
  EXPECT_EQ(after->person->phone, before->person->phone);
  EXPECT_EQ(after->person->birth_date, before->person->birth_date);
  auto notes_after = app().cases().ListItems(worker, case_id, "event");
  ASSERT_TRUE(notes_after);
  ASSERT_EQ(notes_after->size(), notes_before->size());
  for (size_t i = 0; i < notes_after->size(); ++i) {
    EXPECT_EQ((*notes_after)[i].body, (*notes_before)[i].body);
  }
  auto referrals_after = app().referrals().List(worker, {"outgoing", "", ""});
  ASSERT_TRUE(referrals_after);
  ASSERT_EQ(referrals_after->items.size(), referrals_before->items.size());
  EXPECT_EQ(referrals_after->items[0].reason, referrals_before->items[0].reason);
  // Blind indexes and name keys were made again: search finds the person by phone and by name.
  for (const std::string& q : {phone, name}) {
    cases::SearchQuery by;
    by.q = q;
    auto found = app().cases().Search(worker, by);
    ASSERT_TRUE(found) << q;
    bool hit = false;
    for (const auto& row : found->items) hit = hit || row.id == case_id;
    EXPECT_TRUE(hit) << q;
  }
  // Two-factor sign-in still works; the API token made under the old key does not.
  clock_.Advance(std::chrono::seconds(60));
  EXPECT_TRUE(app().identity().Login("analyst", demo::kDemoPassword, crypto::Totp(secret, step()),
                                     "127.0.0.1", "t", "t"));
  EXPECT_FALSE(app().identity().AuthenticateApiToken(token->token));

  // Running it again finds nothing left to do.
  auto again = platform::RotateKeys(app(), [](int64_t) {});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->audit_rows, 0);
  EXPECT_EQ(again->data_rows, 0);
  EXPECT_TRUE(app().audit().Verify().ok);
}

TEST_F(KeyRotation, ABrokenAuditChainStopsARotationBeforeItStarts) {
  demo::Options options;
  options.cases = 5;
  ASSERT_TRUE(demo::Generate(app(), options));
  app().db().Write(
      [](db::Connection& c) { c.Query("UPDATE audit_log SET detail = '{}' WHERE seq = 3"); });
  auto chain = platform::ChainKey(app());
  ASSERT_FALSE(chain);
  EXPECT_NE(chain.error().detail.find("row 3"), std::string::npos) << chain.error().detail;
  EXPECT_FALSE(platform::RotateKeys(app(), [](int64_t) {}));
}

}  // namespace
}  // namespace samman::testing
