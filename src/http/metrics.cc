#include "http/metrics.h"

#include <fmt/format.h>

namespace samman::http {

void Metrics::ObserveRequest(const std::string& method, int status, double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{method, status}];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++bucket_counts_[i];
  }
  ++latency_count_;
  latency_sum_ += seconds;
}

void Metrics::AddGauge(std::string name, std::string help, std::string type, GaugeFn fn) {
  std::lock_guard lock(mu_);
  gauges_.push_back({std::move(name), std::move(help), std::move(type), std::move(fn)});
}

std::string Metrics::Render() const {
  std::vector<Gauge> gauges;
  std::string out;
  {
    std::lock_guard lock(mu_);
    out += "# HELP samman_http_requests_in_flight HTTP requests being handled now.\n";
    out += "# TYPE samman_http_requests_in_flight gauge\n";
    out += fmt::format("samman_http_requests_in_flight {}\n",
                       in_flight_.load(std::memory_order_relaxed));
    out += "# HELP samman_http_requests_total HTTP requests answered, by method and status.\n";
    out += "# TYPE samman_http_requests_total counter\n";
    for (const auto& [key, n] : requests_) {
      out += fmt::format("samman_http_requests_total{{method=\"{}\",status=\"{}\"}} {}\n",
                         key.first, key.second, n);
    }
    out +=
        "# HELP samman_http_request_duration_seconds Time from request read to response ready.\n";
    out += "# TYPE samman_http_request_duration_seconds histogram\n";
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      out += fmt::format("samman_http_request_duration_seconds_bucket{{le=\"{}\"}} {}\n",
                         kBuckets[i], bucket_counts_[i]);
    }
    out += fmt::format("samman_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {}\n",
                       latency_count_);
    out += fmt::format("samman_http_request_duration_seconds_sum {}\n", latency_sum_);
    out += fmt::format("samman_http_request_duration_seconds_count {}\n", latency_count_);
    gauges = gauges_;
  }
  for (const auto& g : gauges) {
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", g.name, g.help, g.name, g.type);
    for (const auto& [labels, value] : g.fn()) {
      if (labels.empty()) {
        out += fmt::format("{} {}\n", g.name, value);
      } else {
        out += fmt::format("{}{{{}}} {}\n", g.name, labels, value);
      }
    }
  }
  return out;
}

}  // namespace samman::http
