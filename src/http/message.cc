#include "http/message.h"

#include <nlohmann/json.hpp>

namespace samman::http {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::optional<std::string> Request::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) return v;
  }
  return std::nullopt;
}

std::optional<std::string> Request::Query(std::string_view name) const {
  for (const auto& [k, v] : query) {
    if (k == name) return v;
  }
  return std::nullopt;
}

std::optional<std::string> Request::Cookie(std::string_view name) const {
  auto header = Header("cookie");
  if (!header) return std::nullopt;
  std::string_view rest = *header;
  while (!rest.empty()) {
    auto semi = rest.find(';');
    std::string_view part = rest.substr(0, semi);
    rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    auto eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) {
      return std::string(part.substr(eq + 1));
    }
  }
  return std::nullopt;
}

const std::string& Request::Param(const std::string& name) const {
  static const std::string kEmpty;
  auto it = path_params.find(name);
  return it == path_params.end() ? kEmpty : it->second;
}

void Response::SetHeader(std::string name, std::string value) {
  std::string key = Lower(name);
  for (auto& [k, v] : headers) {
    if (Lower(k) == key) {
      v = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

std::optional<std::string> Response::Header(std::string_view name) const {
  std::string key = Lower(name);
  for (const auto& [k, v] : headers) {
    if (Lower(k) == key) return v;
  }
  return std::nullopt;
}

Response Response::Json(int status, const nlohmann::json& body) {
  return Text(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
              "application/json");
}

Response Response::Text(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.headers.emplace_back("Content-Type", std::move(content_type));
  return r;
}

Response Response::NoContent() {
  Response r;
  r.status = 204;
  return r;
}

Response Response::Problem(const Error& error, const std::string& request_id) {
  nlohmann::json body = {{"type", ProblemType(error.code)},
                         {"title", ProblemTitle(error.code)},
                         {"status", HttpStatus(error.code)},
                         {"detail", error.detail},
                         {"request_id", request_id}};
  if (!error.fields.empty()) {
    auto& errors = body["errors"] = nlohmann::json::array();
    for (const auto& f : error.fields)
      errors.push_back({{"field", f.field}, {"message", f.message}});
  }
  if (!error.extra_json.empty()) {
    auto extra = nlohmann::json::parse(error.extra_json, nullptr, false);
    if (extra.is_object()) {
      for (auto& [k, v] : extra.items()) body[k] = v;
    }
  }
  Response r = Text(HttpStatus(error.code), body.dump(), "application/problem+json");
  if (error.code == ErrorCode::kUnauthenticated || error.code == ErrorCode::kTotpRequired) {
    r.SetHeader("WWW-Authenticate", "Bearer realm=\"samman\"");
  }
  return r;
}

std::string PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> ParseQuery(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (part.empty()) continue;
    auto eq = part.find('=');
    if (eq == std::string_view::npos) {
      out.emplace_back(PercentDecode(part, true), "");
    } else {
      out.emplace_back(PercentDecode(part.substr(0, eq), true),
                       PercentDecode(part.substr(eq + 1), true));
    }
  }
  return out;
}

}  // namespace samman::http
