#include "http/handler_util.h"

#include <charconv>

namespace samman::http {

Response ToResponse(Result<Response> r, const Request& req) {
  if (r) return std::move(*r);
  return Response::Problem(r.error(), req.request_id);
}

Handler Public(ResultHandler handler) {
  return [handler = std::move(handler)](Request& req) { return ToResponse(handler(req), req); };
}

Result<int64_t> IfMatchVersion(const Request& req) {
  auto h = req.Header("if-match");
  if (!h || h->empty()) {
    return Fail({ErrorCode::kPreconditionRequired,
                 "send If-Match with the version you last read, so nobody's change is overwritten",
                 {},
                 {}});
  }
  std::string_view v = *h;
  if (v.rfind("W/", 0) == 0) v.remove_prefix(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  int64_t version = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), version);
  if (ec != std::errc() || p != v.data() + v.size() || version < 1) {
    return Fail(Error::BadRequest("If-Match must be a record version such as \"3\""));
  }
  return version;
}

Result<int> QueryInt(const Request& req, const char* name, int def, int max) {
  auto q = req.Query(name);
  if (!q || q->empty()) return def;
  int v = 0;
  auto [p, ec] = std::from_chars(q->data(), q->data() + q->size(), v);
  if (ec != std::errc() || p != q->data() + q->size() || v < 1 || v > max) {
    return Fail(Error::BadRequest(std::string(name) + " must be a whole number from 1 to " +
                                  std::to_string(max)));
  }
  return v;
}

Result<int> Limit(const Request& req, int def, int max) { return QueryInt(req, "limit", def, max); }

}  // namespace samman::http
