// Counts the write transactions a service runs through it (after each, committed or not), so that
// a reader keeping figures derived from that service's data can tell they may be stale. Counts this
// process only. Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <utility>

#include "db/database.h"

namespace samman::db {

class WriteCounter {
 public:
  // db.Write(fn), then count() moves on.
  template <typename F>
  auto Write(Database& db, F&& fn) const {
    struct Bump {
      std::atomic<uint64_t>& n;
      ~Bump() { n.fetch_add(1, std::memory_order_acq_rel); }
    } bump{n_};
    return db.Write(std::forward<F>(fn));
  }
  uint64_t count() const { return n_.load(std::memory_order_acquire); }

 private:
  mutable std::atomic<uint64_t> n_{0};
};

}  // namespace samman::db
