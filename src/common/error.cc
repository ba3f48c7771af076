#include "common/error.h"

namespace samman {

int HttpStatus(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadRequest:
      return 400;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kTotpRequired:
      return 401;
    case ErrorCode::kForbidden:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kMethodNotAllowed:
      return 405;
    case ErrorCode::kConflict:
    case ErrorCode::kConsentRequired:
      return 409;
    case ErrorCode::kPayloadTooLarge:
      return 413;
    case ErrorCode::kUnsupportedMediaType:
      return 415;
    case ErrorCode::kInvalid:
      return 422;
    case ErrorCode::kLocked:
      return 423;
    case ErrorCode::kPreconditionRequired:
      return 428;
    case ErrorCode::kTooManyRequests:
      return 429;
    case ErrorCode::kUnavailable:
      return 503;
  }
  return 500;
}

const char* ProblemType(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadRequest:
      return "urn:samman:problem:bad-request";
    case ErrorCode::kUnauthenticated:
      return "urn:samman:problem:unauthenticated";
    case ErrorCode::kTotpRequired:
      return "urn:samman:problem:totp-required";
    case ErrorCode::kForbidden:
      return "urn:samman:problem:forbidden";
    case ErrorCode::kNotFound:
      return "urn:samman:problem:not-found";
    case ErrorCode::kMethodNotAllowed:
      return "urn:samman:problem:method-not-allowed";
    case ErrorCode::kConflict:
      return "urn:samman:problem:conflict";
    case ErrorCode::kConsentRequired:
      return "urn:samman:problem:consent-required";
    case ErrorCode::kPayloadTooLarge:
      return "urn:samman:problem:payload-too-large";
    case ErrorCode::kUnsupportedMediaType:
      return "urn:samman:problem:unsupported-media-type";
    case ErrorCode::kInvalid:
      return "urn:samman:problem:validation";
    case ErrorCode::kLocked:
      return "urn:samman:problem:locked";
    case ErrorCode::kPreconditionRequired:
      return "urn:samman:problem:precondition-required";
    case ErrorCode::kTooManyRequests:
      return "urn:samman:problem:too-many-requests";
    case ErrorCode::kUnavailable:
      return "urn:samman:problem:unavailable";
  }
  return "urn:samman:problem:internal";
}

const char* ProblemTitle(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadRequest:
      return "Bad request";
    case ErrorCode::kUnauthenticated:
      return "Not signed in";
    case ErrorCode::kTotpRequired:
      return "Two-factor code required";
    case ErrorCode::kForbidden:
      return "Forbidden";
    case ErrorCode::kNotFound:
      return "Not found";
    case ErrorCode::kMethodNotAllowed:
      return "Method not allowed";
    case ErrorCode::kConflict:
      return "Conflict";
    case ErrorCode::kConsentRequired:
      return "Consent required";
    case ErrorCode::kPayloadTooLarge:
      return "Request too large";
    case ErrorCode::kUnsupportedMediaType:
      return "Unsupported media type";
    case ErrorCode::kInvalid:
      return "Invalid input";
    case ErrorCode::kLocked:
      return "Account locked";
    case ErrorCode::kPreconditionRequired:
      return "Precondition required";
    case ErrorCode::kTooManyRequests:
      return "Too many requests";
    case ErrorCode::kUnavailable:
      return "Service unavailable";
  }
  return "Internal error";
}

}  // namespace samman
