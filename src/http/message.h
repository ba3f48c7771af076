// Request and Response: the plain HTTP messages handlers see (no Beast types). Header names are
// stored lower-case. A Request belongs to the thread handling it.
#pragma once

#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/error.h"

namespace samman::http {

struct Request {
  std::string method;  // upper case: GET, POST, ...
  std::string target;  // as received: path and query
  std::string path;    // percent-decoded path, no query
  std::vector<std::pair<std::string, std::string>> query;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string remote_ip;
  std::string request_id;
  std::map<std::string, std::string> path_params;  // filled by the router from {name} segments

  std::optional<std::string> Header(std::string_view name) const;  // name in lower case
  std::optional<std::string> Query(std::string_view name) const;
  std::optional<std::string> Cookie(std::string_view name) const;
  const std::string& Param(const std::string& name) const;  // "" when absent
  bool IsSafeMethod() const { return method == "GET" || method == "HEAD" || method == "OPTIONS"; }
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  void SetHeader(std::string name, std::string value);
  std::optional<std::string> Header(std::string_view name) const;

  static Response Json(int status, const nlohmann::json& body);
  static Response Text(int status, std::string body, std::string content_type);
  static Response NoContent();
  // RFC 9457 problem (application/problem+json) with the request id as an extension member.
  static Response Problem(const Error& error, const std::string& request_id);
};

// Parses "a=1&b=x%20y" into decoded pairs.
std::vector<std::pair<std::string, std::string>> ParseQuery(std::string_view query);
std::string PercentDecode(std::string_view text, bool plus_is_space);

}  // namespace samman::http
