// Demo data: organisations of every type in the 12 focus districts, a user for each role, and
// survivors' cases with realistic Nepali patterns, written through the identity and case services.
// Deterministic for a seed (the content; ids are fresh UUIDv7s). Call from one thread on an empty
// database.
#pragma once

#include <string>
#include <vector>

#include "common/error.h"
#include "platform/app.h"

namespace samman::demo {

struct Options {
  int cases = 2000;
  uint64_t seed = 2083;
  // Where to write the linkage ground truth (pairs of case numbers recording one person); "" =
  // none.
  std::string truth_file;
};

struct Report {
  int organizations = 0;
  int users = 0;
  int cases = 0;
  int duplicate_pairs = 0;
  int directory_services = 0;
  int referrals = 0;
  double load_seconds = 0;   // cases sealed and written, from the first to the last
  double index_seconds = 0;  // the indexes the bulk load dropped, built and made durable
  std::vector<std::pair<std::string, std::string>> logins;  // username, role
};

inline constexpr const char* kDemoPassword = "samman-demo-2083";

Result<Report> Generate(platform::App& app, const Options& options);

}  // namespace samman::demo
