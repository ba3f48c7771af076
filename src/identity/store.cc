#include "identity/store.h"

#include "common/strings.h"

namespace samman::identity::store {
namespace {

// Of "organizations o" and "users u"; a session's owner is read with both in one statement.
constexpr const char* kOrgColumns =
    "o.id, o.name, o.type, o.level, o.jurisdiction, o.created_at, o.version";
constexpr const char* kUserColumns =
    "u.id, u.organization_id, u.username, u.display_name, u.roles, u.disabled, u.failed_logins, "
    "u.locked_until, u.totp_enabled, u.created_at, u.version, u.password_hash, u.totp_secret, "
    "u.totp_last_step";
constexpr size_t kUserColumnCount = 14, kOrgColumnCount = 7;

// The organisation's columns from the at-th on.
Organization OrgFromRow(const db::Row& r, size_t at = 0) {
  return Organization{r.Str(at),     r.Str(at + 1), r.Str(at + 2), r.Str(at + 3),
                      r.Str(at + 4), r.Str(at + 5), r.Int(at + 6)};
}

UserRecord UserFromRow(const db::Row& r) {
  UserRecord rec;
  User& u = rec.user;
  u.id = r.Str(0);
  u.organization_id = r.Str(1);
  u.username = r.Str(2);
  u.display_name = r.Str(3);
  u.roles = SplitComma(r.Str(4));
  u.disabled = r.Bool(5);
  u.failed_logins = static_cast<int>(r.Int(6));
  u.locked_until = r.Str(7);
  u.totp_enabled = r.Bool(8);
  u.created_at = r.Str(9);
  u.version = r.Int(10);
  rec.password_hash = r.Str(11);
  rec.totp_secret = r.Str(12);
  rec.totp_last_step = r.Int(13);
  return rec;
}

}  // namespace

void InsertOrganization(db::Connection& c, const Organization& o, const std::string& now) {
  c.Query(
      "INSERT INTO organizations (id, name, type, level, jurisdiction, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $6)",
      {o.id, o.name, o.type, o.level, o.jurisdiction, now});
}

std::optional<Organization> GetOrganization(db::Connection& c, const std::string& id) {
  auto rs =
      c.Query(std::string("SELECT ") + kOrgColumns + " FROM organizations o WHERE id = $1", {id});
  if (rs.empty()) return std::nullopt;
  return OrgFromRow(rs[0]);
}

std::optional<Organization> GetOrganizationByName(db::Connection& c, const std::string& name) {
  auto rs = c.Query(
      std::string("SELECT ") + kOrgColumns + " FROM organizations o WHERE LOWER(name) = LOWER($1)",
      {name});
  if (rs.empty()) return std::nullopt;
  return OrgFromRow(rs[0]);
}

std::vector<Organization> ListOrganizations(db::Connection& c) {
  auto rs = c.Query(std::string("SELECT ") + kOrgColumns + " FROM organizations o ORDER BY name");
  std::vector<Organization> out;
  for (size_t i = 0; i < rs.size(); ++i) out.push_back(OrgFromRow(rs[i]));
  return out;
}

void InsertUser(db::Connection& c, const User& u, const std::string& password_hash,
                const std::string& now) {
  c.Query(
      "INSERT INTO users (id, organization_id, username, display_name, password_hash, roles, "
      "disabled, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
      {u.id, u.organization_id, u.username, u.display_name, password_hash, JoinComma(u.roles),
       static_cast<int64_t>(u.disabled), now});
}

std::optional<UserRecord> GetUser(db::Connection& c, const std::string& id) {
  auto rs = c.Query(std::string("SELECT ") + kUserColumns + " FROM users u WHERE id = $1", {id});
  if (rs.empty()) return std::nullopt;
  return UserFromRow(rs[0]);
}

std::optional<UserRecord> GetUserByUsername(db::Connection& c, const std::string& username) {
  auto rs = c.Query(std::string("SELECT ") + kUserColumns + " FROM users u WHERE username = $1",
                    {username});
  if (rs.empty()) return std::nullopt;
  return UserFromRow(rs[0]);
}

std::vector<User> ListUsers(db::Connection& c, const std::string& organization_id) {
  auto rs = c.Query(std::string("SELECT ") + kUserColumns +
                        " FROM users u WHERE ($1 = '' OR organization_id = $1) ORDER BY username",
                    {organization_id});
  std::vector<User> out;
  for (size_t i = 0; i < rs.size(); ++i) out.push_back(UserFromRow(rs[i]).user);
  return out;
}

int64_t UpdateUser(db::Connection& c, const User& u, int64_t expected_version,
                   const std::string& now) {
  return c
      .Query(
          "UPDATE users SET display_name = $2, roles = $3, disabled = $4, updated_at = $5, "
          "version = version + 1 WHERE id = $1 AND version = $6",
          {u.id, u.display_name, JoinComma(u.roles), static_cast<int64_t>(u.disabled), now,
           expected_version})
      .affected;
}

void SetLoginState(db::Connection& c, const std::string& user_id, int failed_logins,
                   const std::string& locked_until, int64_t totp_last_step) {
  c.Query(
      "UPDATE users SET failed_logins = $2, locked_until = $3, totp_last_step = $4 WHERE id = $1",
      {user_id, static_cast<int64_t>(failed_logins),
       locked_until.empty() ? db::Param(nullptr) : db::Param(locked_until), totp_last_step});
}

void SetPassword(db::Connection& c, const std::string& user_id, const std::string& hash,
                 const std::string& now) {
  c.Query(
      "UPDATE users SET password_hash = $2, failed_logins = 0, locked_until = NULL, "
      "updated_at = $3, version = version + 1 WHERE id = $1",
      {user_id, hash, now});
}

void SetTotp(db::Connection& c, const std::string& user_id, const std::string& secret, bool enabled,
             const std::string& now) {
  c.Query(
      "UPDATE users SET totp_secret = $2, totp_enabled = $3, totp_last_step = 0, updated_at = $4, "
      "version = version + 1 WHERE id = $1",
      {user_id, secret.empty() ? db::Param(nullptr) : db::Param(secret),
       static_cast<int64_t>(enabled), now});
}

void InsertSession(db::Connection& c, const SessionRecord& s, const std::string& token_hash,
                   const std::string& ip, const std::string& user_agent) {
  c.Query(
      "INSERT INTO sessions (id, token_hash, user_id, created_at, last_seen_at, expires_at, ip, "
      "user_agent) VALUES ($1, $2, $3, $4, $4, $5, $6, $7)",
      {s.id, token_hash, s.user_id, s.created_at, s.expires_at, ip, user_agent});
}

std::optional<SessionOwner> FindSessionOwner(db::Connection& c, const std::string& token_hash) {
  auto rs = c.Query(std::string("SELECT ") + kUserColumns + ", " + kOrgColumns +
                        ", s.id, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.ended_at "
                        "FROM sessions s JOIN users u ON u.id = s.user_id "
                        "JOIN organizations o ON o.id = u.organization_id WHERE s.token_hash = $1",
                    {token_hash});
  if (rs.empty()) return std::nullopt;
  auto r = rs[0];
  constexpr size_t s = kUserColumnCount + kOrgColumnCount;
  return SessionOwner{
      SessionRecord{r.Str(s), r.Str(s + 1), r.Str(s + 2), r.Str(s + 3), r.Str(s + 4), r.Str(s + 5)},
      UserFromRow(r), OrgFromRow(r, kUserColumnCount)};
}

void TouchSession(db::Connection& c, const std::string& id, const std::string& now) {
  c.Query("UPDATE sessions SET last_seen_at = $2 WHERE id = $1", {id, now});
}

void EndSession(db::Connection& c, const std::string& id, const std::string& now) {
  c.Query("UPDATE sessions SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL", {id, now});
}

void EndUserSessions(db::Connection& c, const std::string& user_id, const std::string& now) {
  c.Query("UPDATE sessions SET ended_at = $2 WHERE user_id = $1 AND ended_at IS NULL",
          {user_id, now});
}

int64_t PurgeSessions(db::Connection& c, const std::string& cutoff) {
  return c
      .Query(
          "DELETE FROM sessions WHERE expires_at < $1 OR (ended_at IS NOT NULL AND ended_at < $1)",
          {cutoff})
      .affected;
}

void InsertToken(db::Connection& c, const ApiToken& t, const std::string& user_id,
                 const std::string& token_hash) {
  c.Query(
      "INSERT INTO api_tokens (id, user_id, name, token_hash, created_at) "
      "VALUES ($1, $2, $3, $4, $5)",
      {t.id, user_id, t.name, token_hash, t.created_at});
}

std::optional<std::pair<std::string, std::string>> FindToken(db::Connection& c,
                                                             const std::string& token_hash) {
  auto rs =
      c.Query("SELECT id, user_id FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
              {token_hash});
  if (rs.empty()) return std::nullopt;
  return std::make_pair(rs[0].Str(0), rs[0].Str(1));
}

std::vector<ApiToken> ListTokens(db::Connection& c, const std::string& user_id) {
  auto rs = c.Query(
      "SELECT id, name, created_at, last_used_at FROM api_tokens "
      "WHERE user_id = $1 AND revoked_at IS NULL ORDER BY created_at",
      {user_id});
  std::vector<ApiToken> out;
  for (size_t i = 0; i < rs.size(); ++i) {
    out.push_back({rs[i].Str(0), rs[i].Str(1), rs[i].Str(2), rs[i].Str(3), ""});
  }
  return out;
}

int64_t RevokeToken(db::Connection& c, const std::string& id, const std::string& user_id,
                    const std::string& now) {
  return c
      .Query(
          "UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 "
          "AND revoked_at IS NULL",
          {id, user_id, now})
      .affected;
}

std::vector<std::pair<std::string, std::string>> TotpSecretsNotLike(db::Connection& c,
                                                                    const std::string& like) {
  auto rs = c.Query(
      "SELECT id, totp_secret FROM users WHERE totp_secret IS NOT NULL AND totp_secret NOT LIKE "
      "$1 ORDER BY id",
      {like});
  std::vector<std::pair<std::string, std::string>> out;
  for (size_t i = 0; i < rs.size(); ++i) out.emplace_back(rs[i].Str(0), rs[i].Str(1));
  return out;
}

void SetTotpSecret(db::Connection& c, const std::string& user_id, const std::string& secret) {
  c.Query("UPDATE users SET totp_secret = $2 WHERE id = $1", {user_id, secret});
}

int64_t EndAllSessions(db::Connection& c, const std::string& now) {
  return c.Query("UPDATE sessions SET ended_at = $1 WHERE ended_at IS NULL", {now}).affected;
}

int64_t RevokeAllTokens(db::Connection& c, const std::string& now) {
  return c.Query("UPDATE api_tokens SET revoked_at = $1 WHERE revoked_at IS NULL", {now}).affected;
}

}  // namespace samman::identity::store
