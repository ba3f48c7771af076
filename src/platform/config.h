// Configuration: defaults, then a TOML file, then SAMMAN_* environment variables, then command-line
// flags (applied by main). Plain data once loaded.
#pragma once

#include <optional>
#include <string>

#include "common/error.h"
#include "identity/service.h"
#include "stats/model.h"

namespace samman::platform {

struct Config {
  std::string data_dir = "./var";  // holds samman.db (SQLite) and samman.key
  std::string database;            // "" = sqlite:<data_dir>/samman.db
  std::string listen = "127.0.0.1:8080";
  std::string static_dir;  // "" = web/dist beside the binary's source tree, if present
  int db_pool = 8;
  // Many more than cores: a read of personal data waits for its audit record's group commit, and
  // the more readers wait together, the fewer disk flushes each costs (docs/benchmarks.md).
  int worker_threads = 32;
  int io_threads = 1;
  size_t max_body_bytes = 1 << 20;
  bool secure_cookies = false;
  bool run_jobs = true;
  std::string log_level = "info";
  identity::Options identity;
  stats::Options stats;

  std::string DatabaseUrl() const;
  std::string KeyFile() const { return data_dir + "/samman.key"; }
};

// Reads file (when given) over the defaults, then the environment. Unknown keys and bad values are
// errors that name the key.
Result<Config> LoadConfig(const std::optional<std::string>& file);

// "HOST:PORT" -> parts; kInvalid when malformed.
Result<std::pair<std::string, uint16_t>> ParseListen(const std::string& listen);

}  // namespace samman::platform
