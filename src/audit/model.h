// Audit model: who did what to which record, and the chained row that proves it.
#pragma once

#include <cstdint>
#include <string>

namespace samman::audit {

// The caller a change or a read is attributed to.
struct Actor {
  std::string user_id;  // "" for the command line
  std::string org_id;
  std::string username;
  std::string request_id;
  std::string ip;
};

struct Entry {
  std::string action;       // e.g. "user.create", "session.login", "case.read"
  std::string entity_type;  // e.g. "user"
  std::string entity_id;
  std::string detail;  // JSON object text; never personal data in clear
};

struct Record {
  int64_t seq = 0;
  std::string at;
  std::string actor_user_id;
  std::string actor_org_id;
  std::string actor_username;
  std::string action;
  std::string entity_type;
  std::string entity_id;
  std::string detail;
  std::string request_id;
  std::string ip;
  std::string prev_hash;
  std::string hash;
};

struct Filter {
  std::string actor_user_id;
  std::string entity_type;
  std::string entity_id;
  std::string action;
  std::string from;        // instant text, inclusive
  std::string to;          // instant text, exclusive
  int64_t before_seq = 0;  // cursor: rows with seq < before_seq (0: from the newest)
  int limit = 50;
};

struct VerifyReport {
  bool ok = true;
  int64_t rows = 0;
  int64_t first_bad_seq = 0;
  std::string problem;
};

}  // namespace samman::audit
