// Metrics: counters and a latency histogram for HTTP, plus gauges that other parts register
// (database pool, jobs), rendered in the Prometheus text format. Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace samman::http {

class Metrics {
 public:
  using Sample = std::pair<std::string, double>;  // label set text (e.g. state="idle") and value
  using GaugeFn = std::function<std::vector<Sample>()>;

  void ObserveRequest(const std::string& method, int status, double seconds);
  // Requests being handled now (samman_http_requests_in_flight): load tools wait for 0 before the
  // next run, operators see a backlog.
  void RequestStarted() { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  void RequestFinished() { in_flight_.fetch_sub(1, std::memory_order_relaxed); }
  void AddGauge(std::string name, std::string help, std::string type, GaugeFn fn);
  std::string Render() const;

 private:
  static constexpr std::array<double, 10> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,  0.1,    0.25,  1.0,  5.0};
  struct Gauge {
    std::string name, help, type;
    GaugeFn fn;
  };
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, int64_t> requests_;  // GUARDED_BY(mu_)
  std::array<int64_t, kBuckets.size()> bucket_counts_{};     // GUARDED_BY(mu_)
  int64_t latency_count_ = 0;                                // GUARDED_BY(mu_)
  double latency_sum_ = 0;                                   // GUARDED_BY(mu_)
  std::vector<Gauge> gauges_;                                // GUARDED_BY(mu_)
  std::atomic<int64_t> in_flight_ = 0;
};

}  // namespace samman::http
