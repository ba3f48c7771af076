#include "http/server.h"

#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/experimental/as_tuple.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <thread>
#include <vector>

namespace samman::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using asio::ip::tcp;
constexpr auto kTuple = asio::experimental::as_tuple(asio::use_awaitable);

struct Server::Impl {
  ServerOptions options;
  App app;
  asio::io_context ioc;
  asio::thread_pool workers;
  tcp::acceptor acceptor{ioc};
  std::vector<std::thread> io_threads;
  std::atomic<int> in_flight{0};
  std::atomic<bool> stopping{false};
  bool started = false;

  Impl(ServerOptions o, App a)
      : options(std::move(o)), app(std::move(a)), workers(std::max(1, options.worker_threads)) {}

  static Request Convert(bhttp::request<bhttp::string_body>&& in, const std::string& ip) {
    Request r;
    r.method = std::string(in.method_string());
    r.target = std::string(in.target());
    auto q = r.target.find('?');
    r.path = PercentDecode(std::string_view(r.target).substr(0, q), false);
    if (q != std::string::npos) r.query = ParseQuery(std::string_view(r.target).substr(q + 1));
    for (const auto& field : in) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      r.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    r.body = std::move(in.body());
    r.remote_ip = ip;
    return r;
  }

  static bhttp::response<bhttp::string_body> ToBeast(Response&& res, unsigned version, bool keep) {
    bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), version};
    for (auto& [k, v] : res.headers) out.set(k, v);
    out.set(bhttp::field::server, "samman");
    out.body() = std::move(res.body);
    out.keep_alive(keep);
    out.prepare_payload();
    return out;
  }

  Response LimitProblem(int status, const std::string& detail) {
    Error e{status == 413 ? ErrorCode::kPayloadTooLarge : ErrorCode::kBadRequest, detail, {}, {}};
    Response r = Response::Problem(e, "-");
    r.status = status;
    return r;
  }

  // After refusing a request whose body is still arriving, read and discard the rest for a moment
  // before closing: closing with unread data sends a reset that can destroy the answer before the
  // client reads it.
  static asio::awaitable<void> DrainBeforeClose(beast::tcp_stream& stream) {
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    std::array<char, 16384> sink;
    size_t drained = 0;
    stream.expires_after(std::chrono::seconds(2));
    while (drained < (64u << 20)) {
      auto [rec, n] = co_await stream.async_read_some(asio::buffer(sink), kTuple);
      if (rec) break;
      drained += n;
    }
  }

  asio::awaitable<void> Session(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    std::string ip;
    beast::error_code ep_ec;
    auto ep = stream.socket().remote_endpoint(ep_ec);
    if (!ep_ec) ip = ep.address().to_string();
    stream.socket().set_option(tcp::no_delay(true), ep_ec);
    for (;;) {
      stream.expires_after(std::chrono::seconds(options.idle_timeout_seconds));
      bhttp::request_parser<bhttp::string_body> parser;
      parser.body_limit(options.max_body_bytes);
      parser.header_limit(static_cast<uint32_t>(options.max_header_bytes));
      auto [ec, n] = co_await bhttp::async_read(stream, buffer, parser, kTuple);
      if (ec) {
        int status = 0;
        std::string detail;
        if (ec == bhttp::error::body_limit) {
          status = 413;
          detail = "the request body is larger than " + std::to_string(options.max_body_bytes) +
                   " bytes";
        } else if (ec == bhttp::error::header_limit) {
          status = 431;
          detail = "the request headers are too large";
        } else if (ec != bhttp::error::end_of_stream && ec != asio::error::eof &&
                   ec != beast::error::timeout && ec != asio::error::connection_reset &&
                   ec != asio::error::operation_aborted) {
          status = 400;
          detail = "malformed HTTP request: " + ec.message();
        }
        if (status) {
          Response r = LimitProblem(status, detail);
          auto out = ToBeast(std::move(r), 11, false);
          co_await bhttp::async_write(stream, out, kTuple);
          co_await DrainBeforeClose(stream);
          co_return;
        }
        break;
      }
      auto beast_req = parser.release();
      unsigned version = beast_req.version();
      bool keep = beast_req.keep_alive() && !stopping.load();
      Request req = Convert(std::move(beast_req), ip);
      ++in_flight;
      Response res = co_await asio::co_spawn(
          workers, [this, &req]() -> asio::awaitable<Response> { co_return app(req); },
          asio::use_awaitable);
      --in_flight;
      auto out = ToBeast(std::move(res), version, keep);
      auto [wec, wn] = co_await bhttp::async_write(stream, out, kTuple);
      if (wec || !keep) break;
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  asio::awaitable<void> Accept() {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(kTuple);
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
        continue;
      }
      asio::co_spawn(ioc, Session(std::move(socket)), asio::detached);
    }
  }
};

Server::Server(ServerOptions options, App app)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(app))) {}

Server::~Server() { Stop(0); }

uint16_t Server::Start() {
  auto& im = *impl_;
  tcp::endpoint ep(asio::ip::make_address(im.options.host), im.options.port);
  im.acceptor.open(ep.protocol());
  im.acceptor.set_option(asio::socket_base::reuse_address(true));
  im.acceptor.bind(ep);
  im.acceptor.listen(asio::socket_base::max_listen_connections);
  uint16_t port = im.acceptor.local_endpoint().port();
  asio::co_spawn(im.ioc, im.Accept(), asio::detached);
  for (int i = 0; i < std::max(1, im.options.io_threads); ++i) {
    im.io_threads.emplace_back([&im] { im.ioc.run(); });
  }
  im.started = true;
  return port;
}

void Server::Stop(int grace_seconds) {
  auto& im = *impl_;
  if (!im.started) return;
  im.started = false;
  im.stopping = true;
  asio::post(im.ioc, [&im] {
    beast::error_code ec;
    im.acceptor.close(ec);
  });
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(grace_seconds);
  while (im.in_flight.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  im.ioc.stop();
  for (auto& t : im.io_threads) t.join();
  im.io_threads.clear();
  im.workers.join();
}

void Server::WaitForSignal() {
  asio::io_context sig_ioc;
  asio::signal_set signals(sig_ioc, SIGINT, SIGTERM);
  signals.async_wait([](const beast::error_code&, int sig) {
    spdlog::info("signal {} received: finishing in-flight requests", sig);
  });
  sig_ioc.run();
  Stop();
}

}  // namespace samman::http
