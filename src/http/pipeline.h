// Pipeline: what happens to every request around its handler — a request id, routing, the static UI
// as fallback, RFC 9457 problems for unknown paths and for exceptions (logged with the request id,
// answered 500), security headers, the access log and metrics. Beast-free; any thread.
#pragma once

#include <memory>
#include <string>

#include "http/message.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/static_files.h"

namespace samman::http {

class Pipeline {
 public:
  Pipeline(const Router& router, std::unique_ptr<StaticFiles> static_files, Metrics& metrics)
      : router_(router), static_files_(std::move(static_files)), metrics_(metrics) {}

  Response Handle(Request& req) const;

 private:
  const Router& router_;
  std::unique_ptr<StaticFiles> static_files_;
  Metrics& metrics_;
};

// The headers every response carries (CSP, nosniff, frame-ancestors, referrer policy).
void AddSecurityHeaders(Response& r);

}  // namespace samman::http
