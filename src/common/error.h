// Error: the value every expected failure carries, from the store up to the HTTP boundary, where
// its code becomes a status and an RFC 9457 problem. Plain data; any thread.
#pragma once

#include <string>
#include <tl/expected.hpp>
#include <utility>
#include <vector>

namespace samman {

enum class ErrorCode {
  kBadRequest,       // 400: malformed syntax (JSON that does not parse, a bad query string)
  kUnauthenticated,  // 401: no or bad credentials
  kTotpRequired,     // 401: password right, second factor missing
  kForbidden,  // 403: authenticated but not allowed (CSRF, role); records hidden use kNotFound
  kNotFound,   // 404
  kMethodNotAllowed,      // 405
  kConflict,              // 409: stale version, duplicate key
  kConsentRequired,       // 409: the survivor's consent does not cover this sharing
  kPayloadTooLarge,       // 413
  kUnsupportedMediaType,  // 415
  kInvalid,               // 422: well-formed but breaks a rule
  kLocked,                // 423: account locked
  kPreconditionRequired,  // 428: If-Match missing
  kTooManyRequests,       // 429
  kUnavailable,           // 503
};

struct FieldError {
  std::string field;
  std::string message;
};

struct Error {
  ErrorCode code = ErrorCode::kInvalid;
  std::string detail;
  std::vector<FieldError> fields;
  // Optional extra members for the problem body, as a JSON object text (e.g.
  // {"current_version":3}).
  std::string extra_json;

  static Error BadRequest(std::string d) { return {ErrorCode::kBadRequest, std::move(d), {}, {}}; }
  static Error Unauthenticated(std::string d) {
    return {ErrorCode::kUnauthenticated, std::move(d), {}, {}};
  }
  static Error Forbidden(std::string d) { return {ErrorCode::kForbidden, std::move(d), {}, {}}; }
  static Error NotFound(std::string d) { return {ErrorCode::kNotFound, std::move(d), {}, {}}; }
  static Error Conflict(std::string d) { return {ErrorCode::kConflict, std::move(d), {}, {}}; }
  static Error Invalid(std::string d) { return {ErrorCode::kInvalid, std::move(d), {}, {}}; }
  static Error InvalidField(std::string field, std::string message) {
    std::string detail = field + ": " + message;
    return {ErrorCode::kInvalid, std::move(detail), {{std::move(field), std::move(message)}}, {}};
  }
};

template <typename T>
using Result = tl::expected<T, Error>;

inline tl::unexpected<Error> Fail(Error e) { return tl::unexpected<Error>(std::move(e)); }

// HTTP status and stable problem type URI for an error code.
int HttpStatus(ErrorCode code);
const char* ProblemType(ErrorCode code);
const char* ProblemTitle(ErrorCode code);

}  // namespace samman
