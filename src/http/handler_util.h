// Small helpers every api.cc uses: error values to problems, If-Match, paging parameters.
// Beast-free.
#pragma once

#include <functional>

#include "common/error.h"
#include "http/message.h"
#include "http/router.h"

namespace samman::http {

// A handler whose errors are values: an Error becomes a problem response with the request id.
using ResultHandler = std::function<Result<Response>(Request&)>;
Handler Public(ResultHandler handler);
Response ToResponse(Result<Response> r, const Request& req);

// The version in "If-Match: 3" or "If-Match: \"3\"": kPreconditionRequired when absent, kBadRequest
// when not a number.
Result<int64_t> IfMatchVersion(const Request& req);

// ?name=N (1..max; def when absent or empty). kBadRequest when not a whole number in range.
Result<int> QueryInt(const Request& req, const char* name, int def, int max);
// ?limit=N (1..max, default def).
Result<int> Limit(const Request& req, int def = 50, int max = 200);

}  // namespace samman::http
