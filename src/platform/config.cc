#include "platform/config.h"

#include <toml++/toml.h>

#include <cstdlib>
#include <set>

namespace samman::platform {
namespace {

Result<void> SetFromText(Config& c, const std::string& key, const std::string& value) {
  auto as_int = [&](int lo, int hi) -> Result<int> {
    try {
      size_t used = 0;
      int v = std::stoi(value, &used);
      if (used == value.size() && v >= lo && v <= hi) return v;
    } catch (...) {
    }
    return Fail(Error::Invalid(key + " must be a whole number from " + std::to_string(lo) + " to " +
                               std::to_string(hi)));
  };
  auto as_bool = [&]() -> Result<bool> {
    if (value == "true" || value == "1") return true;
    if (value == "false" || value == "0") return false;
    return Fail(Error::Invalid(key + " must be true or false"));
  };
#define SAMMAN_INT(field, lo, hi)   \
  {                                 \
    auto v = as_int(lo, hi);        \
    if (!v) return Fail(v.error()); \
    field = *v;                     \
    return {};                      \
  }
#define SAMMAN_BOOL(field)          \
  {                                 \
    auto v = as_bool();             \
    if (!v) return Fail(v.error()); \
    field = *v;                     \
    return {};                      \
  }
  if (key == "data_dir") {
    c.data_dir = value;
    return {};
  }
  if (key == "database") {
    c.database = value;
    return {};
  }
  if (key == "listen") {
    c.listen = value;
    return {};
  }
  if (key == "static_dir") {
    c.static_dir = value;
    return {};
  }
  if (key == "log_level") {
    c.log_level = value;
    return {};
  }
  if (key == "db_pool") SAMMAN_INT(c.db_pool, 1, 256)
  if (key == "worker_threads") SAMMAN_INT(c.worker_threads, 1, 256)
  if (key == "io_threads") SAMMAN_INT(c.io_threads, 1, 64)
  if (key == "max_body_bytes") SAMMAN_INT(c.max_body_bytes, 1024, 256 << 20)
  if (key == "secure_cookies") SAMMAN_BOOL(c.secure_cookies)
  if (key == "run_jobs") SAMMAN_BOOL(c.run_jobs)
  if (key == "require_totp") SAMMAN_BOOL(c.identity.require_totp)
  if (key == "session_idle_minutes") SAMMAN_INT(c.identity.session_idle_minutes, 1, 24 * 60)
  if (key == "session_absolute_hours") SAMMAN_INT(c.identity.session_absolute_hours, 1, 24 * 30)
  if (key == "lockout_threshold") SAMMAN_INT(c.identity.lockout_threshold, 1, 100)
  if (key == "lockout_minutes") SAMMAN_INT(c.identity.lockout_minutes, 1, 24 * 60)
  // Published cells under k are suppressed; below 5 would single people out.
  if (key == "stats_k") SAMMAN_INT(c.stats.k, 5, 1000)
  if (key == "stats_cache_seconds") SAMMAN_INT(c.stats.cache_seconds, 0, 3600)
  if (key == "stats_epsilon_budget") {
    try {
      size_t used = 0;
      double v = std::stod(value, &used);
      if (used == value.size() && v > 0 && v <= 100) {
        c.stats.epsilon_budget = v;
        return {};
      }
    } catch (...) {
    }
    return Fail(Error::Invalid(key + " must be a number above 0 and at most 100"));
  }
#undef SAMMAN_INT
#undef SAMMAN_BOOL
  return Fail(Error::Invalid("unknown setting '" + key + "'"));
}

const char* const kKeys[] = {"data_dir",
                             "database",
                             "listen",
                             "static_dir",
                             "log_level",
                             "db_pool",
                             "worker_threads",
                             "io_threads",
                             "max_body_bytes",
                             "secure_cookies",
                             "run_jobs",
                             "require_totp",
                             "session_idle_minutes",
                             "session_absolute_hours",
                             "lockout_threshold",
                             "lockout_minutes",
                             "stats_k",
                             "stats_cache_seconds",
                             "stats_epsilon_budget"};

}  // namespace

std::string Config::DatabaseUrl() const {
  return database.empty() ? "sqlite:" + data_dir + "/samman.db" : database;
}

Result<Config> LoadConfig(const std::optional<std::string>& file) {
  Config c;
  if (file) {
    toml::table table;
    try {
      table = toml::parse_file(*file);
    } catch (const toml::parse_error& e) {
      return Fail(Error::Invalid("config file " + *file + ": " + std::string(e.description())));
    }
    for (const auto& [k, node] : table) {
      std::string key(k.str());
      std::string text;
      if (auto s = node.value<std::string>()) {
        text = *s;
      } else if (auto i = node.value<int64_t>()) {
        text = std::to_string(*i);
      } else if (auto d = node.value<double>()) {
        text = std::to_string(*d);
      } else if (auto b = node.value<bool>()) {
        text = *b ? "true" : "false";
      } else {
        return Fail(Error::Invalid("config file " + *file + ": " + key +
                                   " must be a string, number or boolean"));
      }
      if (auto ok = SetFromText(c, key, text); !ok) {
        return Fail(Error::Invalid("config file " + *file + ": " + ok.error().detail));
      }
    }
  }
  for (const char* key : kKeys) {
    std::string env = "SAMMAN_";
    for (const char* p = key; *p; ++p) env += static_cast<char>(std::toupper(*p));
    if (const char* v = std::getenv(env.c_str())) {
      if (auto ok = SetFromText(c, key, v); !ok) {
        return Fail(Error::Invalid(env + ": " + ok.error().detail));
      }
    }
  }
  return c;
}

Result<std::pair<std::string, uint16_t>> ParseListen(const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return Fail(Error::Invalid("listen must look like 127.0.0.1:8080"));
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  try {
    size_t used = 0;
    int port = std::stoi(listen.substr(colon + 1), &used);
    if (used == listen.size() - colon - 1 && port >= 0 && port <= 65535) {
      return std::make_pair(host, static_cast<uint16_t>(port));
    }
  } catch (...) {
  }
  return Fail(Error::Invalid("listen port must be a number from 0 to 65535"));
}

}  // namespace samman::platform
