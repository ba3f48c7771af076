#include "identity/service.h"

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <set>

#include "common/ids.h"
#include "common/strings.h"
#include "identity/store.h"

namespace samman::identity {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

constexpr size_t kMinPassword = 12;
constexpr size_t kMaxPassword = 1024;
constexpr const char* kApiTokenPrefix = "smn_";

// Roles that may see survivors' personal data: two-factor is mandatory for them when configured.
bool SeesPersonalData(const User& u) {
  for (const char* r :
       {"system_admin", "org_admin", "case_worker", "case_supervisor", "police_investigator"}) {
    if (u.HasRole(r)) return true;
  }
  return false;
}

// Audit details: small JSON objects of non-personal facts.
std::string DetailJson(std::initializer_list<std::pair<const char*, std::string>> kv) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [k, v] : kv) out[k] = v;
  return out.dump();
}

}  // namespace

Principal Principal::CommandLine() {
  Principal p;
  p.user.username = "cli";
  p.user.roles = {"system_admin"};
  p.request_id = "cli";
  return p;
}

Result<void> ValidatePassword(const std::string& password) {
  if (password.size() < kMinPassword) {
    return Fail(Error::InvalidField("password", "must be at least 12 characters long"));
  }
  if (password.size() > kMaxPassword) {
    return Fail(Error::InvalidField("password", "must be at most 1024 characters long"));
  }
  return {};
}

std::string NormaliseUsername(const std::string& username) {
  std::string out;
  for (char c : username) {
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

bool Service::CanManageOrg(const Principal& who, const std::string& org_id) const {
  if (who.HasRole("system_admin")) return true;
  return who.HasRole("org_admin") && who.organization.id == org_id;
}

Result<void> Service::CheckRoles(const Principal& who,
                                 const std::vector<std::string>& roles) const {
  if (roles.empty()) return Fail(Error::InvalidField("roles", "give at least one role"));
  std::set<std::string> unique;
  for (const auto& r : roles) {
    const auto& all = AllRoles();
    if (std::find(all.begin(), all.end(), r) == all.end()) {
      return Fail(Error::InvalidField("roles", "unknown role '" + r + "'"));
    }
    if (!unique.insert(r).second) {
      return Fail(Error::InvalidField("roles", "role '" + r + "' is given twice"));
    }
    if (r == "system_admin" && !who.HasRole("system_admin")) {
      return Fail(Error::Forbidden("only a system administrator may grant system_admin"));
    }
  }
  return {};
}

Result<Organization> Service::CreateOrganization(const Principal& who, const NewOrganization& in) {
  if (!who.HasRole("system_admin")) {
    return Fail(Error::Forbidden("only a system administrator may add organisations"));
  }
  Organization o;
  o.name = in.name;
  while (!o.name.empty() && o.name.back() == ' ') o.name.pop_back();
  while (!o.name.empty() && o.name.front() == ' ') o.name.erase(o.name.begin());
  if (o.name.empty() || o.name.size() > 200) {
    return Fail(Error::InvalidField("name", "give a name of 1 to 200 characters"));
  }
  const auto& types = OrganizationTypes();
  if (std::find(types.begin(), types.end(), in.type) == types.end()) {
    return Fail(Error::InvalidField(
        "type",
        "must be one of ngo, shelter, police, committee, ministry, attorney, court, "
        "private, international"));
  }
  o.type = in.type;
  if (in.type == "committee") {
    const auto& levels = CommitteeLevels();
    if (std::find(levels.begin(), levels.end(), in.level) == levels.end()) {
      return Fail(Error::InvalidField("level",
                                      "a committee needs a level: national, province, district or "
                                      "local"));
    }
  } else if (!in.level.empty()) {
    return Fail(Error::InvalidField("level", "only committees have a level"));
  }
  o.level = in.level;
  if (!in.jurisdiction.empty()) {
    const refdata::GeoUnit* unit = refdata_.Unit(in.jurisdiction);
    if (!unit) {
      return Fail(Error::InvalidField("jurisdiction", "'" + in.jurisdiction +
                                                          "' is not a province, district or "
                                                          "local level code"));
    }
    static const std::map<std::string, std::string> kLevelUnit = {
        {"province", "province"}, {"district", "district"}, {"local", "local_level"}};
    if (o.type == "committee" && (o.level == "national" || kLevelUnit.at(o.level) != unit->level)) {
      return Fail(Error::InvalidField(
          "jurisdiction", "a " + o.level + " committee's jurisdiction must be a " +
                              (o.level == "national" ? std::string("nation (leave it empty)")
                                                     : kLevelUnit.at(o.level) + " code")));
    }
  } else if (o.type == "committee" && o.level != "national") {
    return Fail(Error::InvalidField("jurisdiction",
                                    "a " + o.level + " committee needs a jurisdiction code"));
  }
  o.jurisdiction = in.jurisdiction;
  o.id = NewId();
  return db_.Write([&](db::Connection& c) -> Result<Organization> {
    if (store::GetOrganizationByName(c, o.name)) {
      return Fail(Error::Conflict("an organisation named '" + o.name + "' already exists"));
    }
    std::string now = Now();
    store::InsertOrganization(c, o, now);
    o.created_at = now;
    audit_.Record(c, who.Actor(),
                  {"organization.create", "organization", o.id,
                   DetailJson({{"name", o.name}, {"type", o.type}})});
    return o;
  });
}

Result<std::vector<Organization>> Service::ListOrganizations(const Principal&) {
  return db_.Read([&](db::Connection& c) { return store::ListOrganizations(c); });
}

Result<Organization> Service::GetOrganization(const Principal&, const std::string& id) {
  auto o = db_.Read([&](db::Connection& c) { return store::GetOrganization(c, id); });
  if (!o) return Fail(Error::NotFound("no organisation " + id));
  return *o;
}

Result<User> Service::CreateUser(const Principal& who, const NewUser& in) {
  if (!CanManageOrg(who, in.organization_id)) {
    if (who.HasRole("org_admin")) {
      return Fail(
          Error::Forbidden("an organisation administrator adds users to their own "
                           "organisation only"));
    }
    return Fail(Error::Forbidden("only administrators may add users"));
  }
  User u;
  u.username = NormaliseUsername(in.username);
  if (u.username.size() < 3 || u.username.size() > 64 ||
      u.username.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789._-") !=
          std::string::npos) {
    return Fail(Error::InvalidField("username",
                                    "use 3 to 64 letters, digits, dots, dashes or underscores"));
  }
  u.display_name = in.display_name.empty() ? u.username : in.display_name;
  if (u.display_name.size() > 200) {
    return Fail(Error::InvalidField("display_name", "must be at most 200 characters"));
  }
  if (auto ok = ValidatePassword(in.password); !ok) return Fail(ok.error());
  if (auto ok = CheckRoles(who, in.roles); !ok) return Fail(ok.error());
  u.roles = in.roles;
  u.organization_id = in.organization_id;
  u.id = NewId();
  std::string hash = crypto::HashPassword(in.password);
  return db_.Write([&](db::Connection& c) -> Result<User> {
    if (!store::GetOrganization(c, u.organization_id)) {
      return Fail(Error::InvalidField("organization_id", "no organisation " + u.organization_id));
    }
    if (store::GetUserByUsername(c, u.username)) {
      return Fail(Error::Conflict("the username '" + u.username + "' is taken"));
    }
    std::string now = Now();
    store::InsertUser(c, u, hash, now);
    u.created_at = now;
    audit_.Record(c, who.Actor(),
                  {"user.create", "user", u.id,
                   DetailJson({{"username", u.username},
                               {"organization_id", u.organization_id},
                               {"roles", JoinComma(u.roles)}})});
    return u;
  });
}

Result<std::vector<User>> Service::ListUsers(const Principal& who,
                                             const std::string& organization_id) {
  std::string scope = organization_id;
  if (!who.HasRole("system_admin")) {
    if (!who.HasRole("org_admin")) return Fail(Error::Forbidden("only administrators list users"));
    if (!scope.empty() && scope != who.organization.id) return std::vector<User>{};
    scope = who.organization.id;
  }
  return db_.Read([&](db::Connection& c) { return store::ListUsers(c, scope); });
}

Result<User> Service::GetUser(const Principal& who, const std::string& id) {
  auto rec = db_.Read([&](db::Connection& c) { return store::GetUser(c, id); });
  if (!rec || (!CanManageOrg(who, rec->user.organization_id) && who.user.id != id)) {
    return Fail(Error::NotFound("no user " + id));
  }
  return rec->user;
}

Result<User> Service::MemberOf(db::Connection& c, const std::string& org_id,
                               const std::string& user_id) {
  auto rec = store::GetUser(c, user_id);
  if (!rec || rec->user.organization_id != org_id || rec->user.disabled) {
    return Fail(Error::NotFound("no active user " + user_id + " in the organisation"));
  }
  return rec->user;
}

Result<User> Service::FindUserByUsername(const Principal& who, const std::string& username) {
  auto rec = db_.Read(
      [&](db::Connection& c) { return store::GetUserByUsername(c, NormaliseUsername(username)); });
  if (!rec || !CanManageOrg(who, rec->user.organization_id)) {
    return Fail(Error::NotFound("no user named " + username));
  }
  return rec->user;
}

Result<User> Service::UpdateUser(const Principal& who, const std::string& id,
                                 int64_t expected_version, const UserPatch& patch) {
  if (patch.roles) {
    if (auto ok = CheckRoles(who, *patch.roles); !ok) return Fail(ok.error());
  }
  if (patch.display_name && (patch.display_name->empty() || patch.display_name->size() > 200)) {
    return Fail(Error::InvalidField("display_name", "give 1 to 200 characters"));
  }
  return db_.Write([&](db::Connection& c) -> Result<User> {
    auto rec = store::GetUser(c, id);
    if (!rec || !CanManageOrg(who, rec->user.organization_id)) {
      return Fail(Error::NotFound("no user " + id));
    }
    User u = rec->user;
    if (u.version != expected_version) {
      Error e = Error::Conflict("the user was changed by someone else (now version " +
                                std::to_string(u.version) + "); reload and try again");
      e.extra_json = "{\"current_version\":" + std::to_string(u.version) + "}";
      return Fail(e);
    }
    if (u.HasRole("system_admin") && !who.HasRole("system_admin")) {
      return Fail(
          Error::Forbidden("only a system administrator may change a system administrator"));
    }
    if (patch.disabled && *patch.disabled && id == who.user.id) {
      return Fail(Error::InvalidField("disabled", "you cannot disable your own account"));
    }
    if (patch.display_name) u.display_name = *patch.display_name;
    if (patch.roles) u.roles = *patch.roles;
    if (patch.disabled) u.disabled = *patch.disabled;
    std::string now = Now();
    if (store::UpdateUser(c, u, expected_version, now) != 1) {
      return Fail(Error::Conflict("the user was changed by someone else; reload and try again"));
    }
    if (u.disabled) store::EndUserSessions(c, u.id, now);
    ++u.version;
    audit_.Record(
        c, who.Actor(),
        {"user.update", "user", u.id,
         DetailJson({{"roles", JoinComma(u.roles)}, {"disabled", u.disabled ? "true" : "false"}})});
    return u;
  });
}

Result<void> Service::ResetPassword(const Principal& who, const std::string& id,
                                    const std::string& password) {
  if (auto ok = ValidatePassword(password); !ok) return ok;
  std::string hash = crypto::HashPassword(password);
  return db_.Write([&](db::Connection& c) -> Result<void> {
    auto rec = store::GetUser(c, id);
    if (!rec || !CanManageOrg(who, rec->user.organization_id)) {
      return Fail(Error::NotFound("no user " + id));
    }
    if (rec->user.HasRole("system_admin") && !who.HasRole("system_admin")) {
      return Fail(Error::Forbidden("only a system administrator may reset a system administrator"));
    }
    std::string now = Now();
    store::SetPassword(c, id, hash, now);
    store::EndUserSessions(c, id, now);
    audit_.Record(c, who.Actor(), {"user.password_reset", "user", id, ""});
    return {};
  });
}

bool Service::VerifyTotp(const std::string& encrypted_secret, const std::string& user_id,
                         const std::string& code, int64_t last_step, int64_t* matched_step) const {
  if (code.size() != 6 || code.find_first_not_of("0123456789") != std::string::npos) return false;
  auto secret = crypto::Decrypt(keys_, encrypted_secret, "users|totp_secret|" + user_id);
  if (!secret) return false;
  int64_t now_step =
      std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count() /
      30;
  // One step of drift either way; a code already used cannot be used again.
  for (int64_t step = now_step - 1; step <= now_step + 1; ++step) {
    if (step <= last_step) continue;
    if (crypto::ConstantTimeEquals(crypto::Totp(*secret, step), code)) {
      *matched_step = step;
      return true;
    }
  }
  return false;
}

Result<LoginResult> Service::Login(const std::string& username, const std::string& password,
                                   const std::string& totp, const std::string& ip,
                                   const std::string& user_agent, const std::string& request_id) {
  const std::string name = NormaliseUsername(username);
  auto rec = db_.Read([&](db::Connection& c) { return store::GetUserByUsername(c, name); });
  const Error bad = Error::Unauthenticated("wrong username or password");
  if (!rec) {
    // Same work as for a real account, so timing does not reveal which usernames exist.
    crypto::VerifyPassword(
        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
        "RdescudvJCsgt3ub+b+dWRWJTmaaJObG8vZzXzZ0nQs",
        password);
    return Fail(bad);
  }
  std::string now = Now();
  const User& user = rec->user;
  if (!user.locked_until.empty() && user.locked_until > now) {
    return Fail({ErrorCode::kLocked,
                 "this account is locked after too many failed sign-ins; try again after " +
                     user.locked_until + " or ask an administrator to reset the password",
                 {},
                 {}});
  }
  bool password_ok = crypto::VerifyPassword(rec->password_hash, password);
  int64_t matched_step = rec->totp_last_step;
  enum class Outcome { kOk, kBadPassword, kNeedTotp, kBadTotp, kDisabled } outcome = Outcome::kOk;
  if (!password_ok) {
    outcome = Outcome::kBadPassword;
  } else if (user.disabled) {
    outcome = Outcome::kDisabled;
  } else if (user.totp_enabled && totp.empty()) {
    outcome = Outcome::kNeedTotp;
  } else if (user.totp_enabled &&
             !VerifyTotp(rec->totp_secret, user.id, totp, rec->totp_last_step, &matched_step)) {
    outcome = Outcome::kBadTotp;
  }
  audit::Actor actor{user.id, user.organization_id, user.username, request_id, ip};
  // The failure counter must be committed even though the login fails, so the transaction returns a
  // value in every case and the error is made afterwards.
  auto result = db_.Write([&](db::Connection& c) -> std::optional<LoginResult> {
    auto fresh = store::GetUser(c, user.id);
    int failures = fresh ? fresh->user.failed_logins : user.failed_logins;
    if (outcome == Outcome::kBadPassword || outcome == Outcome::kBadTotp) {
      ++failures;
      std::string locked_until;
      if (failures >= options_.lockout_threshold) {
        locked_until = FormatInstant(clock_.Now() + minutes(options_.lockout_minutes));
      }
      store::SetLoginState(c, user.id, failures, locked_until, rec->totp_last_step);
      audit_.Record(c, actor,
                    {locked_until.empty() ? "session.login_failed" : "user.locked", "user", user.id,
                     DetailJson({{"reason", outcome == Outcome::kBadTotp ? "totp" : "password"},
                                 {"failures", std::to_string(failures)}})});
      return std::nullopt;
    }
    if (outcome != Outcome::kOk) return std::nullopt;
    store::SetLoginState(c, user.id, 0, "", matched_step);
    LoginResult out;
    out.session_token = crypto::RandomToken(32);
    out.csrf_token = CsrfTokenFor(out.session_token);
    store::SessionRecord s{NewId(),
                           user.id,
                           now,
                           now,
                           FormatInstant(clock_.Now() + hours(options_.session_absolute_hours)),
                           ""};
    store::InsertSession(
        c, s, crypto::KeyedHash(keys_.Key(crypto::KeyPurpose::kSessionToken), out.session_token),
        ip, user_agent.substr(0, 300));
    auto principal = PrincipalFor(c, user.id);
    out.principal = *principal;
    out.principal.session_id = s.id;
    out.principal.request_id = request_id;
    out.principal.ip = ip;
    audit_.Record(c, actor,
                  {"session.login", "session", s.id,
                   DetailJson({{"method", user.totp_enabled ? "password+totp" : "password"}})});
    return out;
  });
  switch (outcome) {
    case Outcome::kOk:
      return std::move(*result);
    case Outcome::kNeedTotp:
      return Fail({ErrorCode::kTotpRequired,
                   "enter the 6-digit code from your authenticator app",
                   {},
                   "{\"totp_required\":true}"});
    case Outcome::kBadTotp:
      return Fail({ErrorCode::kUnauthenticated, "wrong or expired two-factor code", {}, {}});
    case Outcome::kDisabled:
      return Fail(Error::Unauthenticated("this account is disabled"));
    case Outcome::kBadPassword:
      break;
  }
  return Fail(bad);
}

Result<Principal> Service::PrincipalFor(db::Connection& c, const std::string& user_id) {
  auto rec = store::GetUser(c, user_id);
  if (!rec) return Fail(Error::Unauthenticated("the account is disabled"));
  auto org = store::GetOrganization(c, rec->user.organization_id);
  if (!org) return Fail(Error::Unauthenticated("the account has no organisation"));
  return PrincipalOf(std::move(rec->user), std::move(*org));
}

Result<Principal> Service::PrincipalOf(User user, Organization organization) const {
  if (user.disabled) return Fail(Error::Unauthenticated("the account is disabled"));
  Principal p;
  p.user = std::move(user);
  p.organization = std::move(organization);
  p.must_enrol_totp = options_.require_totp && !p.user.totp_enabled && SeesPersonalData(p.user);
  return p;
}

std::string Service::CsrfTokenFor(const std::string& session_token) const {
  return crypto::KeyedHash(keys_.Key(crypto::KeyPurpose::kCsrf), session_token);
}

Result<Principal> Service::AuthenticateSession(const std::string& session_token) {
  const Error expired = Error::Unauthenticated("your session has ended; please sign in again");
  if (session_token.empty() || session_token.size() > 100) return Fail(expired);
  const std::string hash =
      crypto::KeyedHash(keys_.Key(crypto::KeyPurpose::kSessionToken), session_token);
  Instant now = clock_.Now();
  std::string now_text = FormatInstant(now);
  std::string idle_cutoff = FormatInstant(now - minutes(options_.session_idle_minutes));
  auto read =
      db_.Read([&](db::Connection& c) -> Result<std::pair<store::SessionRecord, Principal>> {
        auto found = store::FindSessionOwner(c, hash);
        if (!found) return Fail(expired);
        const store::SessionRecord& s = found->session;
        if (!s.ended_at.empty() || s.expires_at <= now_text || s.last_seen_at < idle_cutoff) {
          return Fail(expired);
        }
        auto p = PrincipalOf(std::move(found->user.user), std::move(found->organization));
        if (!p) return Fail(p.error());
        p->session_id = s.id;
        return std::make_pair(std::move(found->session), std::move(*p));
      });
  if (!read) return Fail(read.error());
  // Refresh the idle clock at most once a minute: a write per request would serialise every reader.
  if (read->first.last_seen_at < FormatInstant(now - minutes(1))) {
    db_.Write([&](db::Connection& c) { store::TouchSession(c, read->first.id, now_text); });
  }
  return read->second;
}

Result<Principal> Service::AuthenticateApiToken(const std::string& token) {
  const Error bad = Error::Unauthenticated("the API token is not valid");
  if (token.rfind(kApiTokenPrefix, 0) != 0 || token.size() > 100) return Fail(bad);
  const std::string hash = crypto::KeyedHash(keys_.Key(crypto::KeyPurpose::kSessionToken), token);
  return db_.Read([&](db::Connection& c) -> Result<Principal> {
    auto t = store::FindToken(c, hash);
    if (!t) return Fail(bad);
    auto p = PrincipalFor(c, t->second);
    if (!p) return Fail(p.error());
    p->via_api_token = true;
    p->must_enrol_totp = false;
    return p;
  });
}

Result<void> Service::Logout(const Principal& who) {
  if (who.session_id.empty()) return {};
  return db_.Write([&](db::Connection& c) -> Result<void> {
    store::EndSession(c, who.session_id, Now());
    audit_.Record(c, who.Actor(), {"session.logout", "session", who.session_id, ""});
    return {};
  });
}

Result<void> Service::ChangePassword(const Principal& who, const std::string& current,
                                     const std::string& next) {
  auto rec = db_.Read([&](db::Connection& c) { return store::GetUser(c, who.user.id); });
  if (!rec) return Fail(Error::NotFound("no such user"));
  if (!crypto::VerifyPassword(rec->password_hash, current)) {
    return Fail(Error::InvalidField("current_password", "is not your current password"));
  }
  if (auto ok = ValidatePassword(next); !ok) {
    return Fail(Error::InvalidField("new_password", ok.error().fields[0].message));
  }
  std::string hash = crypto::HashPassword(next);
  return db_.Write([&](db::Connection& c) -> Result<void> {
    store::SetPassword(c, who.user.id, hash, Now());
    audit_.Record(c, who.Actor(), {"user.password_change", "user", who.user.id, ""});
    return {};
  });
}

Result<TotpSetup> Service::BeginTotp(const Principal& who) {
  if (who.user.totp_enabled) {
    return Fail(Error::Conflict("two-factor sign-in is already on; turn it off first"));
  }
  const std::string secret = crypto::RandomBytes(20);
  const std::string secret_b32 = crypto::Base32Encode(secret);
  std::string enc = crypto::Encrypt(keys_, secret, "users|totp_secret|" + who.user.id);
  db_.Write([&](db::Connection& c) {
    store::SetTotp(c, who.user.id, enc, false, Now());
    audit_.Record(c, who.Actor(), {"user.totp_setup", "user", who.user.id, ""});
  });
  TotpSetup out;
  out.secret = secret_b32;
  out.otpauth_uri = "otpauth://totp/Samman:" + who.user.username + "?secret=" + secret_b32 +
                    "&issuer=Samman&algorithm=SHA1&digits=6&period=30";
  return out;
}

Result<User> Service::EnableTotp(const Principal& who, const std::string& code) {
  auto rec = db_.Read([&](db::Connection& c) { return store::GetUser(c, who.user.id); });
  if (!rec || rec->totp_secret.empty()) {
    return Fail(Error::Invalid("start two-factor set-up first"));
  }
  if (rec->user.totp_enabled) return Fail(Error::Conflict("two-factor sign-in is already on"));
  int64_t step = 0;
  if (!VerifyTotp(rec->totp_secret, who.user.id, code, 0, &step)) {
    return Fail(Error::InvalidField("code",
                                    "the code does not match; check the time on your "
                                    "phone and try the next code"));
  }
  return db_.Write([&](db::Connection& c) -> Result<User> {
    store::SetTotp(c, who.user.id, rec->totp_secret, true, Now());
    store::SetLoginState(c, who.user.id, 0, "", step);
    audit_.Record(c, who.Actor(), {"user.totp_enable", "user", who.user.id, ""});
    return store::GetUser(c, who.user.id)->user;
  });
}

Result<User> Service::DisableTotp(const Principal& who, const std::string& password) {
  auto rec = db_.Read([&](db::Connection& c) { return store::GetUser(c, who.user.id); });
  if (!rec || !crypto::VerifyPassword(rec->password_hash, password)) {
    return Fail(Error::InvalidField("password", "is not your current password"));
  }
  if (options_.require_totp && SeesPersonalData(rec->user)) {
    return Fail(Error::Forbidden("this deployment requires two-factor sign-in for your roles"));
  }
  return db_.Write([&](db::Connection& c) -> Result<User> {
    store::SetTotp(c, who.user.id, "", false, Now());
    audit_.Record(c, who.Actor(), {"user.totp_disable", "user", who.user.id, ""});
    return store::GetUser(c, who.user.id)->user;
  });
}

Result<ApiToken> Service::CreateApiToken(const Principal& who, const std::string& name) {
  if (name.empty() || name.size() > 100) {
    return Fail(Error::InvalidField("name", "give the token a name of 1 to 100 characters"));
  }
  if (who.via_api_token) return Fail(Error::Forbidden("API tokens cannot create API tokens"));
  ApiToken t{NewId(), name, Now(), "", kApiTokenPrefix + crypto::RandomToken(32)};
  return db_.Write([&](db::Connection& c) -> Result<ApiToken> {
    store::InsertToken(c, t, who.user.id,
                       crypto::KeyedHash(keys_.Key(crypto::KeyPurpose::kSessionToken), t.token));
    audit_.Record(c, who.Actor(),
                  {"api_token.create", "api_token", t.id, DetailJson({{"name", name}})});
    return t;
  });
}

Result<std::vector<ApiToken>> Service::ListApiTokens(const Principal& who) {
  return db_.Read([&](db::Connection& c) { return store::ListTokens(c, who.user.id); });
}

Result<void> Service::RevokeApiToken(const Principal& who, const std::string& id) {
  return db_.Write([&](db::Connection& c) -> Result<void> {
    if (store::RevokeToken(c, id, who.user.id, Now()) != 1) {
      return Fail(Error::NotFound("no API token " + id));
    }
    audit_.Record(c, who.Actor(), {"api_token.revoke", "api_token", id, ""});
    return {};
  });
}

Service::Rekeyed Service::Rekey(const Principal& who) {
  return db_.Write([&](db::Connection& c) {
    Rekeyed done;
    const std::string now = FormatInstant(clock_.Now());
    for (const auto& [user_id, sealed] : store::TotpSecretsNotLike(c, keys_.key_id() + ":%")) {
      const std::string aad = "users|totp_secret|" + user_id;
      auto secret = crypto::Decrypt(keys_, sealed, aad);
      if (!secret)
        throw std::runtime_error("the two-factor secret of " + user_id + " does not decrypt");
      store::SetTotpSecret(c, user_id, crypto::Encrypt(keys_, *secret, aad));
      ++done.secrets;
    }
    done.sessions = store::EndAllSessions(c, now);
    done.tokens = store::RevokeAllTokens(c, now);
    audit_.Record(c, who.Actor(),
                  {"key.rotate.identity", "key", keys_.key_id(),
                   nlohmann::json{{"totp_secrets", done.secrets},
                                  {"sessions_ended", done.sessions},
                                  {"api_tokens_revoked", done.tokens}}
                       .dump()});
    return done;
  });
}

int64_t Service::PurgeSessions() {
  return db_.Write([&](db::Connection& c) {
    return store::PurgeSessions(c, FormatInstant(clock_.Now() - hours(24)));
  });
}

}  // namespace samman::identity
