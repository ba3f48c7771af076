// Identity HTTP API: /api/v1/auth/*, /api/v1/me/*, /api/v1/organizations, /api/v1/users, and
// Authenticate, which every other capability's handlers use to turn a request into a Principal.
// Handlers run on worker threads.
#pragma once

#include <optional>

#include "http/router.h"
#include "identity/service.h"

namespace samman::identity {

struct ApiOptions {
  bool secure_cookies = false;  // add Secure to the session cookie (behind TLS)
};

// Resolves the caller from "Authorization: Bearer" or the session cookie. For cookie sessions every
// state-changing request must carry the session's X-CSRF-Token (403 otherwise). A user who must
// enrol two-factor first may reach only /api/v1/me and the enrolment and logout routes.
Result<Principal> Authenticate(Service& identity, const http::Request& req);

// The caller when the request carries valid credentials; nullopt for anonymous visitors and for
// stale or wrong credentials (public pages treat both as anonymous).
std::optional<Principal> OptionalPrincipal(Service& identity, const http::Request& req);

// A handler that needs a signed-in caller: authentication failures and error values become
// problems.
using AuthedHandler = std::function<Result<http::Response>(http::Request&, const Principal&)>;
http::Handler WithPrincipal(Service& identity, AuthedHandler handler);

void RegisterRoutes(http::Router& router, Service& identity, ApiOptions options);

}  // namespace samman::identity
