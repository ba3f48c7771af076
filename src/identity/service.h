// Identity service: organisations, users, passwords, lockout, sessions, TOTP and API tokens, and
// every authorisation decision about them. Thread-safe; borrows the database, keys, clock, audit
// and refdata.
#pragma once

#include <string>
#include <vector>

#include "audit/service.h"
#include "common/crypto.h"
#include "common/error.h"
#include "common/time.h"
#include "db/database.h"
#include "identity/model.h"
#include "refdata/service.h"

namespace samman::identity {

struct Options {
  int session_idle_minutes = 30;
  int session_absolute_hours = 12;
  int lockout_threshold = 5;
  int lockout_minutes = 15;
  // When set, users with roles that may see personal data must enrol TOTP before doing anything
  // else.
  bool require_totp = false;
};

class Service {
 public:
  Service(db::Database& db, const crypto::KeyRing& keys, const Clock& clock,
          const audit::Service& audit, const refdata::Service& refdata, Options options)
      : db_(db), keys_(keys), clock_(clock), audit_(audit), refdata_(refdata), options_(options) {}

  const Options& options() const { return options_; }

  // Organisations: system administrators create; every signed-in user may list (referrals need
  // names).
  Result<Organization> CreateOrganization(const Principal& who, const NewOrganization& in);
  Result<std::vector<Organization>> ListOrganizations(const Principal& who);
  Result<Organization> GetOrganization(const Principal& who, const std::string& id);

  // Users: system administrators manage everyone; organisation administrators their own
  // organisation, without granting system_admin. Users outside the caller's reach answer kNotFound.
  Result<User> CreateUser(const Principal& who, const NewUser& in);
  Result<std::vector<User>> ListUsers(const Principal& who, const std::string& organization_id);
  Result<User> GetUser(const Principal& who, const std::string& id);
  Result<User> UpdateUser(const Principal& who, const std::string& id, int64_t expected_version,
                          const UserPatch& patch);
  // Sets a new password, clears any lockout and ends the user's sessions.
  Result<void> ResetPassword(const Principal& who, const std::string& id,
                             const std::string& password);
  // An active user of organisation org_id (for other capabilities checking an assignee), read in
  // the caller's transaction c; kNotFound otherwise. Reveals only the public user fields.
  Result<User> MemberOf(db::Connection& c, const std::string& org_id, const std::string& user_id);
  // Command-line lookup by username (the operator has no ids at hand).
  Result<User> FindUserByUsername(const Principal& who, const std::string& username);

  // Password (and, when enrolled, TOTP) login. Five failures in a row lock the account for
  // lockout_minutes: kLocked, even with the right password.
  Result<LoginResult> Login(const std::string& username, const std::string& password,
                            const std::string& totp, const std::string& ip,
                            const std::string& user_agent, const std::string& request_id);
  Result<Principal> AuthenticateSession(const std::string& session_token);
  Result<Principal> AuthenticateApiToken(const std::string& token);
  // The CSRF token bound to a session (derived, so it survives page reloads without being stored).
  std::string CsrfTokenFor(const std::string& session_token) const;
  Result<void> Logout(const Principal& who);

  Result<void> ChangePassword(const Principal& who, const std::string& current,
                              const std::string& next);
  Result<TotpSetup> BeginTotp(const Principal& who);
  Result<User> EnableTotp(const Principal& who, const std::string& code);
  Result<User> DisableTotp(const Principal& who, const std::string& password);

  Result<ApiToken> CreateApiToken(const Principal& who, const std::string& name);
  Result<std::vector<ApiToken>> ListApiTokens(const Principal& who);
  Result<void> RevokeApiToken(const Principal& who, const std::string& id);

  // Key rotation, to the ring's current key: re-encrypts two-factor secrets made with an older key,
  // ends every session and revokes every API token (their hashes were keyed by the old key), in
  // one transaction with its audit record.
  struct Rekeyed {
    int64_t secrets = 0, sessions = 0, tokens = 0;
  };
  Rekeyed Rekey(const Principal& who);

  // Deletes sessions that ended or expired more than a day ago (a scheduled job). Returns the
  // count.
  int64_t PurgeSessions();

 private:
  Result<Principal> PrincipalFor(db::Connection& c, const std::string& user_id);
  // The principal of an active user (kUnauthenticated for a disabled one).
  Result<Principal> PrincipalOf(User user, Organization organization) const;
  bool CanManageOrg(const Principal& who, const std::string& org_id) const;
  Result<void> CheckRoles(const Principal& who, const std::vector<std::string>& roles) const;
  bool VerifyTotp(const std::string& encrypted_secret, const std::string& user_id,
                  const std::string& code, int64_t last_step, int64_t* matched_step) const;
  std::string Now() const { return FormatInstant(clock_.Now()); }

  db::Database& db_;
  const crypto::KeyRing& keys_;
  const Clock& clock_;
  const audit::Service& audit_;
  const refdata::Service& refdata_;
  Options options_;
};

// Rules shared with the API layer's input checks.
Result<void> ValidatePassword(const std::string& password);
std::string NormaliseUsername(const std::string& username);

}  // namespace samman::identity
