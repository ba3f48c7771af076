// Router: maps (method, path pattern) to a handler. Patterns are literal segments and {name}
// captures, e.g. "/api/v1/users/{id}". Routes are added at start-up, then Dispatch is called from
// any thread.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "http/message.h"

namespace samman::http {

using Handler = std::function<Response(Request&)>;

struct RouteInfo {
  std::string method;
  std::string pattern;
};

class Router {
 public:
  void Add(std::string method, std::string pattern, Handler handler);
  void Get(std::string pattern, Handler h) { Add("GET", std::move(pattern), std::move(h)); }
  void Post(std::string pattern, Handler h) { Add("POST", std::move(pattern), std::move(h)); }
  void Patch(std::string pattern, Handler h) { Add("PATCH", std::move(pattern), std::move(h)); }
  void Delete(std::string pattern, Handler h) { Add("DELETE", std::move(pattern), std::move(h)); }

  // Finds the handler for req (filling req.path_params) and runs it. Unknown path: nullopt so the
  // caller can fall back (static files); known path, other method: 405 problem with an Allow
  // header.
  std::optional<Response> Dispatch(Request& req) const;

  std::vector<RouteInfo> Routes() const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace samman::http
