// Identity store: the organizations, users, sessions and api_tokens tables. Every function runs
// inside the caller's transaction. Secrets (password hashes, TOTP secrets) leave this layer only in
// UserRecord.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/database.h"
#include "identity/model.h"

namespace samman::identity::store {

struct UserRecord {
  User user;
  std::string password_hash;
  std::string totp_secret;  // encrypted; "" when none
  int64_t totp_last_step = 0;
};

struct SessionRecord {
  std::string id;
  std::string user_id;
  std::string created_at;
  std::string last_seen_at;
  std::string expires_at;
  std::string ended_at;
};

void InsertOrganization(db::Connection& c, const Organization& o, const std::string& now);
std::optional<Organization> GetOrganization(db::Connection& c, const std::string& id);
std::optional<Organization> GetOrganizationByName(db::Connection& c, const std::string& name);
std::vector<Organization> ListOrganizations(db::Connection& c);

void InsertUser(db::Connection& c, const User& u, const std::string& password_hash,
                const std::string& now);
std::optional<UserRecord> GetUser(db::Connection& c, const std::string& id);
std::optional<UserRecord> GetUserByUsername(db::Connection& c, const std::string& username);
std::vector<User> ListUsers(db::Connection& c, const std::string& organization_id);  // "" = all
// Writes display name, roles and disabled when the stored version matches; returns rows changed.
int64_t UpdateUser(db::Connection& c, const User& u, int64_t expected_version,
                   const std::string& now);
void SetLoginState(db::Connection& c, const std::string& user_id, int failed_logins,
                   const std::string& locked_until, int64_t totp_last_step);
void SetPassword(db::Connection& c, const std::string& user_id, const std::string& hash,
                 const std::string& now);
void SetTotp(db::Connection& c, const std::string& user_id, const std::string& secret, bool enabled,
             const std::string& now);

void InsertSession(db::Connection& c, const SessionRecord& s, const std::string& token_hash,
                   const std::string& ip, const std::string& user_agent);
// The session with this token hash, ended or not, with its user and the user's organisation.
struct SessionOwner {
  SessionRecord session;
  UserRecord user;
  Organization organization;
};
std::optional<SessionOwner> FindSessionOwner(db::Connection& c, const std::string& token_hash);
void TouchSession(db::Connection& c, const std::string& id, const std::string& now);
void EndSession(db::Connection& c, const std::string& id, const std::string& now);
void EndUserSessions(db::Connection& c, const std::string& user_id, const std::string& now);
// Deletes sessions that ended or expired before cutoff; returns how many.
int64_t PurgeSessions(db::Connection& c, const std::string& cutoff);

void InsertToken(db::Connection& c, const ApiToken& t, const std::string& user_id,
                 const std::string& token_hash);
// The owning user's id for a live token.
std::optional<std::pair<std::string, std::string>> FindToken(db::Connection& c,
                                                             const std::string& token_hash);
std::vector<ApiToken> ListTokens(db::Connection& c, const std::string& user_id);
int64_t RevokeToken(db::Connection& c, const std::string& id, const std::string& user_id,
                    const std::string& now);

// Key rotation: (user id, encrypted TOTP secret) of secrets whose text does not match like (a
// "<key_id>:%" pattern); the secret rewritten; every live session ended and token revoked.
std::vector<std::pair<std::string, std::string>> TotpSecretsNotLike(db::Connection& c,
                                                                    const std::string& like);
void SetTotpSecret(db::Connection& c, const std::string& user_id, const std::string& secret);
int64_t EndAllSessions(db::Connection& c, const std::string& now);
int64_t RevokeAllTokens(db::Connection& c, const std::string& now);

}  // namespace samman::identity::store
