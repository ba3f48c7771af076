// Identity model: organisations, users, roles and the authenticated principal.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "audit/model.h"

namespace samman::identity {

inline const std::vector<std::string>& AllRoles() {
  static const std::vector<std::string> kRoles = {
      "system_admin",     "org_admin", "case_worker",      "case_supervisor", "police_investigator",
      "committee_member", "analyst",   "directory_editor", "inspector"};
  return kRoles;
}

inline const std::vector<std::string>& OrganizationTypes() {
  static const std::vector<std::string> kTypes = {"ngo",       "shelter",  "police",
                                                  "committee", "ministry", "attorney",
                                                  "court",     "private",  "international"};
  return kTypes;
}

inline const std::vector<std::string>& CommitteeLevels() {
  static const std::vector<std::string> kLevels = {"national", "province", "district", "local"};
  return kLevels;
}

struct Organization {
  std::string id;
  std::string name;
  std::string type;
  std::string level;         // committees only: national | province | district | local
  std::string jurisdiction;  // geography code ("" = national)
  std::string created_at;
  int64_t version = 1;
};

struct NewOrganization {
  std::string name;
  std::string type;
  std::string level;
  std::string jurisdiction;
};

struct User {
  std::string id;
  std::string organization_id;
  std::string username;
  std::string display_name;
  std::vector<std::string> roles;
  bool disabled = false;
  int failed_logins = 0;
  std::string locked_until;  // "" when not locked
  bool totp_enabled = false;
  std::string created_at;
  int64_t version = 1;

  bool HasRole(std::string_view role) const {
    return std::find(roles.begin(), roles.end(), role) != roles.end();
  }
};

struct NewUser {
  std::string username;
  std::string display_name;
  std::string password;
  std::string organization_id;
  std::vector<std::string> roles;
};

struct UserPatch {
  std::optional<std::string> display_name;
  std::optional<std::vector<std::string>> roles;
  std::optional<bool> disabled;
};

// Who is calling, resolved from a session cookie, an API token or the command line.
struct Principal {
  User user;
  Organization organization;
  std::string session_id;  // "" for API tokens and the command line
  bool via_api_token = false;
  bool must_enrol_totp = false;  // the deployment requires two-factor and this user has none yet
  std::string request_id;
  std::string ip;

  bool HasRole(std::string_view role) const { return user.HasRole(role); }
  audit::Actor Actor() const { return {user.id, organization.id, user.username, request_id, ip}; }
  // The operator at the command line: trusted like a system administrator, audited as "cli".
  static Principal CommandLine();
};

struct LoginResult {
  Principal principal;
  std::string session_token;  // the cookie value; only its keyed hash is stored
  std::string csrf_token;
};

struct TotpSetup {
  std::string secret;  // base32
  std::string otpauth_uri;
};

struct ApiToken {
  std::string id;
  std::string name;
  std::string created_at;
  std::string last_used_at;
  std::string token;  // only when just created
};

}  // namespace samman::identity
