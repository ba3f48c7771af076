// The release engine: every figure that leaves Samman is made here. It counts records into a table
// with every margin ("*"), then applies disclosure control:
//  - primary suppression of counts from 1 to k-1;
//  - complementary suppression so that no line of the table (the cells along one dimension and
//  their
//    total) has exactly one suppressed cell, which could be recovered by subtraction;
//  - consistency across queries: a table's cells that also belong to a coarser table (its margins)
//    take that table's decisions, which depend only on the coarser table; so asking for more
//    dimensions, or for one district instead of the nation, never reveals what another query hid;
//  - then optional rounding to a base and optional Laplace noise (differential privacy).
// A magnitude table (options.sum) releases the sum of the units' amounts instead of their count;
// a cell is then also hidden when one unit gives more than options.dominance of its sum, and the
// complementary suppression protects it like any other hidden cell.
// Pure functions; any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace samman::stats {

inline constexpr const char* kTotal = "*";

// One dimension of a table. parent maps a value to the value one level up ("*" at the top): a
// district's parent is its province, a province's is "*"; flat dimensions go straight to "*".
struct Dimension {
  std::string name;
  std::function<std::string(const std::string&)> parent;
};

// One counted unit: for each dimension, the values it has (several for multi-valued dimensions
// such as exploitation type, where the unit still counts once in the total).
struct Record {
  std::vector<std::vector<std::string>> values;
  int64_t weight = 1;  // how many alike units this record stands for
  int64_t amount = 0;  // magnitude tables: each unit's amount
};

struct ReleaseOptions {
  int k = 11;
  int rounding = 0;    // 0, 5 or 10
  double epsilon = 0;  // 0 = no noise
  uint64_t seed = 0;   // noise seed (0 = from the system's randomness)
  bool sum = false;    // release sums of amounts (no noise), not counts
  double dominance = 0.5;
};

struct Cell {
  std::vector<std::string> key;  // one value per dimension, "*" for a total
  int64_t count = 0;             // the true count; never leaves the engine's caller
  int64_t sum = 0;               // magnitude tables: the true sum of amounts
  bool suppressed = false;
  std::optional<int64_t> released;  // what may be published; empty when suppressed
};

struct Table {
  std::vector<std::string> dims;
  std::vector<Cell> cells;  // sorted by key
  double noise_scale = 0;   // Laplace scale used, when epsilon > 0
};

Table Release(const std::vector<Dimension>& dims, const std::vector<Record>& records,
              const ReleaseOptions& options);

}  // namespace samman::stats
