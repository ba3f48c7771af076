// StaticFiles: serves the built UI (web/dist) with precompressed .br/.gz variants when the client
// accepts them, long caching for hashed assets, and index.html for any other non-API path (the UI
// routes itself). Files are read on each request (the OS caches them); any thread.
#pragma once

#include <optional>
#include <string>

#include "http/message.h"

namespace samman::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::string root) : root_(std::move(root)) {}
  // nullopt when the UI is not built or the path escapes the root.
  std::optional<Response> Serve(const Request& req) const;

 private:
  std::optional<Response> ServeFile(const Request& req, const std::string& rel) const;
  std::string root_;
};

}  // namespace samman::http
