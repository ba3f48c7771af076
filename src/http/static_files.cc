#include "http/static_files.h"

#include <fstream>
#include <sstream>

namespace samman::http {
namespace {

std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string ContentType(const std::string& path) {
  auto ends = [&](const char* ext) {
    std::string e(ext);
    return path.size() >= e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".json")) return "application/json";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".woff2")) return "font/woff2";
  if (ends(".txt")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

}  // namespace

std::optional<Response> StaticFiles::ServeFile(const Request& req, const std::string& rel) const {
  const std::string path = root_ + "/" + rel;
  std::string accept = req.Header("accept-encoding").value_or("");
  struct Variant {
    const char* suffix;
    const char* encoding;
  };
  for (Variant v : {Variant{".br", "br"}, Variant{".gz", "gzip"}, Variant{"", ""}}) {
    if (*v.encoding && accept.find(v.encoding) == std::string::npos) continue;
    auto body = ReadFile(path + v.suffix);
    if (!body) continue;
    Response r = Response::Text(200, std::move(*body), ContentType(path));
    if (*v.encoding) r.SetHeader("Content-Encoding", v.encoding);
    r.SetHeader("Vary", "Accept-Encoding");
    bool hashed = rel.rfind("assets/", 0) == 0;
    r.SetHeader("Cache-Control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
    return r;
  }
  return std::nullopt;
}

std::optional<Response> StaticFiles::Serve(const Request& req) const {
  if (req.method != "GET" && req.method != "HEAD") return std::nullopt;
  if (req.path.find("..") != std::string::npos || req.path.find('\0') != std::string::npos) {
    return std::nullopt;
  }
  std::string rel = req.path.substr(1);
  if (!rel.empty() && rel.back() != '/') {
    if (auto r = ServeFile(req, rel)) return r;
    // A missing asset is a 404, not the app shell: a stale cached page must not get HTML as script.
    if (rel.rfind("assets/", 0) == 0 || rel.find('.') != std::string::npos) return std::nullopt;
  }
  return ServeFile(req, "index.html");
}

}  // namespace samman::http
