#include "http/router.h"

namespace samman::http {
namespace {

std::vector<std::string> Split(std::string_view path) {
  std::vector<std::string> out;
  size_t start = 1;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    out.emplace_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

bool Match(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
           std::map<std::string, std::string>* params) {
  if (pattern.size() != path.size()) return false;
  std::map<std::string, std::string> captured;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const std::string& seg = pattern[i];
    if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
      if (path[i].empty()) return false;
      captured[seg.substr(1, seg.size() - 2)] = path[i];
    } else if (seg != path[i]) {
      return false;
    }
  }
  if (params) *params = std::move(captured);
  return true;
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler) {
  auto segments = Split(pattern);
  routes_.push_back(
      {std::move(method), std::move(pattern), std::move(segments), std::move(handler)});
}

std::optional<Response> Router::Dispatch(Request& req) const {
  auto segments = Split(req.path);
  std::string allow;
  for (const auto& route : routes_) {
    std::map<std::string, std::string> params;
    if (!Match(route.segments, segments, &params)) continue;
    if (route.method == req.method || (req.method == "HEAD" && route.method == "GET")) {
      req.path_params = std::move(params);
      return route.handler(req);
    }
    if (!allow.empty()) allow += ", ";
    allow += route.method;
  }
  if (allow.empty()) return std::nullopt;
  Response r = Response::Problem({ErrorCode::kMethodNotAllowed,
                                  "method " + req.method + " is not allowed here; use " + allow,
                                  {},
                                  {}},
                                 req.request_id);
  r.SetHeader("Allow", allow);
  return r;
}

std::vector<RouteInfo> Router::Routes() const {
  std::vector<RouteInfo> out;
  for (const auto& r : routes_) out.push_back({r.method, r.pattern});
  return out;
}

}  // namespace samman::http
