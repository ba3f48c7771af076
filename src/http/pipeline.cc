#include "http/pipeline.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "common/crypto.h"

namespace samman::http {

void AddSecurityHeaders(Response& r) {
  r.SetHeader("Content-Security-Policy",
              "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
              "form-action 'self'; frame-ancestors 'none'");
  r.SetHeader("X-Content-Type-Options", "nosniff");
  r.SetHeader("X-Frame-Options", "DENY");
  r.SetHeader("Referrer-Policy", "no-referrer");
  r.SetHeader("Cross-Origin-Opener-Policy", "same-origin");
  if (!r.Header("Cache-Control")) r.SetHeader("Cache-Control", "no-store");
}

Response Pipeline::Handle(Request& req) const {
  auto start = std::chrono::steady_clock::now();
  metrics_.RequestStarted();
  struct Finished {
    Metrics& m;
    ~Finished() { m.RequestFinished(); }
  } finished{metrics_};
  if (req.request_id.empty()) req.request_id = crypto::RandomToken(12);
  Response res;
  try {
    if (auto routed = router_.Dispatch(req)) {
      res = std::move(*routed);
    } else if (req.path.rfind("/api/", 0) != 0 && static_files_) {
      if (auto file = static_files_->Serve(req)) {
        res = std::move(*file);
      } else {
        res = Response::Problem(Error::NotFound("no such file: " + req.path), req.request_id);
      }
    } else {
      res = Response::Problem(Error::NotFound("no such resource: " + req.path), req.request_id);
    }
  } catch (const std::exception& e) {
    spdlog::error("request {} {} {} failed: {}", req.request_id, req.method, req.path, e.what());
    res = Response::Text(500, "", "application/problem+json");
    res.body = std::string(
                   "{\"type\":\"urn:samman:problem:internal\",\"title\":\"Internal error\","
                   "\"status\":500,\"detail\":\"Something went wrong on our side; nothing "
                   "was saved. Quote request id ") +
               req.request_id + " when reporting it.\",\"request_id\":\"" + req.request_id + "\"}";
  }
  AddSecurityHeaders(res);
  res.SetHeader("X-Request-Id", req.request_id);
  if (req.method == "HEAD") res.body.clear();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics_.ObserveRequest(req.method, res.status, seconds);
  // The access log names the path, never the query string: queries may hold search terms about
  // people.
  spdlog::info("{} {} {} {} {:.1f}ms {}", req.remote_ip, req.method, req.path, res.status,
               seconds * 1000, req.request_id);
  return res;
}

}  // namespace samman::http
