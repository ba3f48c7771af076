// Server: the HTTP/1.1 listener (Boost.Beast, C++20 coroutines). io threads only parse and write;
// every request runs on a worker pool, so database work never blocks an io thread. Start, then Stop
// or Wait, from one controlling thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http/message.h"

namespace samman::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 picks a free port
  int io_threads = 1;
  int worker_threads = 8;
  size_t max_body_bytes = 1 << 20;
  size_t max_header_bytes = 16 << 10;
  int idle_timeout_seconds = 60;
};

class Server {
 public:
  using App = std::function<Response(Request&)>;
  Server(ServerOptions options, App app);
  ~Server();

  // Binds and starts serving on background threads; returns the bound port. Throws on bind failure.
  uint16_t Start();
  // Stops accepting, lets in-flight requests finish (up to grace_seconds), then stops all threads.
  void Stop(int grace_seconds = 10);
  // Blocks until SIGTERM or SIGINT, then stops gracefully.
  void WaitForSignal();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace samman::http
