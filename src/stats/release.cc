#include "stats/release.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <set>
#include <unordered_map>

namespace samman::stats {
namespace {

using Key = std::vector<std::string>;

// How far below "*" each value is (a district 2, its province 1): a cell's table.
std::vector<int> LevelOf(const std::vector<Dimension>& dims, const Key& key) {
  std::vector<int> level(key.size(), 0);
  for (size_t d = 0; d < key.size(); ++d) {
    for (std::string v = key[d]; v != kTotal && level[d] < 8; v = dims[d].parent(v)) ++level[d];
  }
  return level;
}

// A value and every level above it, ending with "*".
std::vector<std::string> Chain(const Dimension& dim, const std::string& value) {
  std::vector<std::string> chain;
  std::string v = value;
  while (v != kTotal && chain.size() < 8) {
    chain.push_back(v);
    v = dim.parent(v);
  }
  chain.push_back(kTotal);
  return chain;
}

int64_t RoundTo(int64_t v, int base) {
  if (base <= 1) return v;
  return (v + base / 2) / base * base;
}

}  // namespace

Table Release(const std::vector<Dimension>& dims, const std::vector<Record>& records,
              const ReleaseOptions& options) {
  const size_t n = dims.size();
  Table table;
  for (const auto& d : dims) table.dims.push_back(d.name);

  // Identical records are counted once with a weight: a national year has many alike.
  struct Tally {
    const Record* record = nullptr;
    int64_t count = 0, sum = 0, largest = 0;  // largest: one unit's amount
  };
  std::unordered_map<std::string, Tally> distinct;
  for (const auto& r : records) {
    std::string signature;
    for (const auto& values : r.values) {
      for (const auto& v : values) signature += v + '\x1e';
      signature += '\x1f';
    }
    Tally& t = distinct[signature];
    t.record = &r;
    t.count += r.weight;
    t.sum += r.weight * r.amount;
    t.largest = std::max(t.largest, r.amount);
  }

  std::map<Key, int64_t> counts;
  std::map<Key, std::pair<int64_t, int64_t>> sums;  // magnitude tables: sum, largest unit
  int64_t sensitivity = 1;
  for (const auto& [signature, entry] : distinct) {
    const Record& r = *entry.record;
    std::vector<std::vector<std::string>> options_per_dim(n);
    int64_t cells_touched = 1;
    for (size_t d = 0; d < n; ++d) {
      std::set<std::string> levels;
      const auto& values = d < r.values.size() ? r.values[d] : std::vector<std::string>{};
      if (values.empty()) {
        levels.insert("unknown");
        levels.insert(kTotal);
      }
      for (const auto& v : values) {
        for (auto& level : Chain(dims[d], v)) levels.insert(level);
      }
      options_per_dim[d].assign(levels.begin(), levels.end());
      cells_touched *= static_cast<int64_t>(levels.size());
    }
    sensitivity = std::max(sensitivity, cells_touched);
    Key key(n);
    std::function<void(size_t)> expand = [&](size_t d) {
      if (d == n) {
        counts[key] += entry.count;
        if (options.sum) {
          auto& [sum, largest] = sums[key];
          sum += entry.sum;
          largest = std::max(largest, entry.largest);
        }
        return;
      }
      for (const auto& v : options_per_dim[d]) {
        key[d] = v;
        expand(d + 1);
      }
    };
    expand(0);
  }
  if (counts.empty()) counts[Key(n, kTotal)] = 0;  // the total of nothing is published as 0

  std::map<Key, bool> suppressed;
  for (const auto& [key, count] : counts) suppressed[key] = false;
  auto count_of = [&](const Key& key) {
    auto it = counts.find(key);
    return it == counts.end() ? int64_t{0} : it->second;
  };

  // Coarser tables first (fewer or higher-level breakdowns), each deciding only its own cells, so
  // that a cell gets the same decision in every query that shows it.
  std::map<Key, std::vector<int>> level;
  std::map<std::vector<int>, std::vector<Key>> tables;
  for (const auto& [key, count] : counts) {
    level[key] = LevelOf(dims, key);
    tables[level[key]].push_back(key);
  }
  std::vector<std::vector<int>> order;
  for (const auto& [l, keys] : tables) order.push_back(l);
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    int sa = 0, sb = 0;
    for (int x : a) sa += x;
    for (int x : b) sb += x;
    return sa < sb;
  });
  for (const auto& current : order) {
    const std::vector<Key>& own = tables[current];
    for (const auto& key : own) {
      int64_t c = count_of(key);
      if (c > 0 && c < options.k) suppressed[key] = true;
      if (options.sum && c > 0) {
        const auto& [sum, largest] = sums[key];
        if (static_cast<double>(largest) > options.dominance * static_cast<double>(sum)) {
          suppressed[key] = true;
        }
      }
    }
    // The lines of this table: the cells under one (coarser) total along one dimension.
    std::map<std::pair<Key, size_t>, std::vector<Key>> lines;
    for (const auto& key : own) {
      for (size_t d = 0; d < n; ++d) {
        if (key[d] == kTotal) continue;
        Key total = key;
        total[d] = dims[d].parent(key[d]);
        lines[{total, d}].push_back(key);
      }
    }
    // A cell that is the only non-zero one under a published total would be recovered from it:
    // a poor choice to hide another.
    auto sole = [&](const Key& candidate) {
      for (size_t d = 0; d < n; ++d) {
        if (candidate[d] == kTotal) continue;
        Key total = candidate;
        total[d] = dims[d].parent(candidate[d]);
        if (suppressed[total]) continue;
        int nonzero = 0;
        for (const auto& m : lines[{total, d}]) nonzero += count_of(m) > 0 ? 1 : 0;
        if (nonzero == 1) return true;
      }
      return false;
    };
    for (bool changed = true; changed;) {
      changed = false;
      for (const auto& [line, members] : lines) {
        const Key& total = line.first;
        int hidden = suppressed[total] ? 1 : 0;
        for (const auto& m : members) hidden += suppressed[m] ? 1 : 0;
        if (hidden != 1) continue;
        // Hide one more in this table: the smallest count, cells that others would give away
        // last, ties by key, so the choice is the same for every query.
        const Key* pick = nullptr;
        bool pick_sole = false;
        for (const auto& candidate : members) {
          if (suppressed[candidate] || count_of(candidate) == 0) continue;
          bool candidate_sole = sole(candidate);
          if (!pick || (pick_sole && !candidate_sole) ||
              (pick_sole == candidate_sole &&
               (count_of(candidate) < count_of(*pick) ||
                (count_of(candidate) == count_of(*pick) && candidate < *pick)))) {
            pick = &candidate;
            pick_sole = candidate_sole;
          }
        }
        if (pick) {
          suppressed[*pick] = true;
          changed = true;
        }
      }
    }
  }

  std::mt19937_64 rng(options.seed ? options.seed : std::random_device{}());
  const double scale = options.epsilon > 0 && !options.sum
                           ? static_cast<double>(sensitivity) / options.epsilon
                           : 0;
  table.noise_scale = scale;
  auto laplace = [&]() {
    std::uniform_real_distribution<double> u(-0.5, 0.5);
    double x = u(rng);
    return -scale * (x < 0 ? -1.0 : 1.0) * std::log(1 - 2 * std::fabs(x));
  };
  for (const auto& [key, count] : counts) {
    Cell cell{key, count, options.sum ? sums[key].first : 0, suppressed[key], std::nullopt};
    if (!cell.suppressed) {
      int64_t v = options.sum ? cell.sum : count;
      if (scale > 0) v = std::max<int64_t>(0, std::llround(static_cast<double>(count) + laplace()));
      cell.released = RoundTo(v, options.rounding);
    }
    table.cells.push_back(std::move(cell));
  }
  return table;
}

}  // namespace samman::stats
