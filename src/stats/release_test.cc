// The release engine under attack: an auditor who knows every published figure of several queries
// tries to work out a suppressed one by linear algebra (subtracting cells from totals, differencing
// overlapping tables). None may be recovered.
#include "stats/release.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <set>

namespace samman::stats {
namespace {

// Three provinces "1".."3", each with three districts "1a".."3c".
Dimension Geo() {
  return {"district", [](const std::string& v) {
            if (v == kTotal) return std::string(kTotal);
            return v.size() == 2 ? v.substr(0, 1) : std::string(kTotal);
          }};
}
Dimension Flat(const std::string& name) {
  return {name, [](const std::string&) { return std::string(kTotal); }};
}

const std::vector<std::string> kDistricts = {"1a", "1b", "1c", "2a", "2b", "2c", "3a", "3b", "3c"};
const std::vector<std::string> kSexes = {"female", "male", "other"};
const std::vector<std::string> kTypes = {"labour", "sexual", "marriage"};

struct Person {
  std::string district, sex, type;
};

std::vector<Person> Population(uint64_t seed, int n) {
  std::mt19937_64 rng(seed);
  std::vector<Person> people;
  for (int i = 0; i < n; ++i) {
    // Skewed, so that some cells are small and some large, as in real data.
    size_t d = std::min<size_t>(rng() % 12, kDistricts.size() - 1);
    size_t s = rng() % 10 < 7 ? 0 : (rng() % 10 < 9 ? 1 : 2);
    size_t t = rng() % 3;
    people.push_back({kDistricts[d], kSexes[s], kTypes[t]});
  }
  return people;
}

std::vector<Record> Records(const std::vector<Person>& people,
                            const std::vector<std::string>& fields) {
  std::vector<Record> out;
  for (const auto& p : people) {
    Record r;
    for (const auto& f : fields) {
      r.values.push_back({f == "district" ? p.district : f == "sex" ? p.sex : p.type});
    }
    out.push_back(r);
  }
  return out;
}

Dimension DimFor(const std::string& field) { return field == "district" ? Geo() : Flat(field); }

Table Query(const std::vector<Person>& people, const std::vector<std::string>& fields, int k = 11) {
  std::vector<Dimension> dims;
  for (const auto& f : fields) dims.push_back(DimFor(f));
  ReleaseOptions o;
  o.k = k;
  return Release(dims, Records(people, fields), o);
}

// Does the cell's value follow from the published ones? Unknowns: the people per (district, sex,
// type); a published cell is the sum of the unknowns under it.
class Auditor {
 public:
  Auditor() {
    for (const auto& d : kDistricts)
      for (const auto& s : kSexes)
        for (const auto& t : kTypes) leaves_.push_back({d, s, t});
  }
  std::vector<double> RowOf(const std::vector<std::string>& fields,
                            const std::vector<std::string>& key) {
    std::vector<double> row(leaves_.size(), 0);
    for (size_t i = 0; i < leaves_.size(); ++i) {
      bool under = true;
      for (size_t f = 0; f < fields.size(); ++f) {
        const std::string& leaf = fields[f] == "district" ? leaves_[i][0]
                                  : fields[f] == "sex"    ? leaves_[i][1]
                                                          : leaves_[i][2];
        const std::string& v = key[f];
        if (v == kTotal) continue;
        if (fields[f] == "district" && v.size() == 1) {
          under = under && leaf.substr(0, 1) == v;
        } else {
          under = under && leaf == v;
        }
      }
      row[i] = under ? 1 : 0;
    }
    return row;
  }
  void Publish(const std::vector<std::string>& fields, const Table& t) {
    for (const auto& c : t.cells) {
      if (c.suppressed) {
        hidden_.push_back({RowOf(fields, c.key), Describe(fields, c.key)});
      } else {
        Add(RowOf(fields, c.key));
      }
    }
  }
  // The suppressed cells an attacker could compute exactly.
  std::vector<std::string> Recoverable() {
    std::vector<std::string> out;
    for (const auto& [row, name] : hidden_) {
      if (InSpan(row)) out.push_back(name);
    }
    return out;
  }

 private:
  static std::string Describe(const std::vector<std::string>& fields,
                              const std::vector<std::string>& key) {
    std::string s;
    for (size_t i = 0; i < fields.size(); ++i) s += fields[i] + "=" + key[i] + " ";
    return s;
  }
  // Keeps the published rows in reduced row-echelon form.
  void Add(std::vector<double> row) {
    Reduce(row);
    size_t pivot = 0;
    while (pivot < row.size() && std::fabs(row[pivot]) < 1e-9) ++pivot;
    if (pivot == row.size()) return;
    double p = row[pivot];
    for (auto& x : row) x /= p;
    for (auto& [b, piv] : basis_) {
      double f = b[pivot];
      if (std::fabs(f) > 1e-12) {
        for (size_t i = 0; i < b.size(); ++i) b[i] -= f * row[i];
      }
    }
    basis_.push_back({row, pivot});
  }
  void Reduce(std::vector<double>& row) const {
    for (const auto& [b, pivot] : basis_) {
      double f = row[pivot];
      if (std::fabs(f) > 1e-12) {
        for (size_t i = 0; i < row.size(); ++i) row[i] -= f * b[i];
      }
    }
  }
  bool InSpan(std::vector<double> row) const {
    Reduce(row);
    for (double x : row) {
      if (std::fabs(x) > 1e-6) return false;
    }
    return true;
  }

  std::vector<std::vector<std::string>> leaves_;
  std::vector<std::pair<std::vector<double>, size_t>> basis_;
  std::vector<std::pair<std::vector<double>, std::string>> hidden_;
};

std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += x + "; ";
  return s;
}

TEST(Release, SmallCellsAreSuppressedAndTotalsAreCounts) {
  std::vector<Person> people = Population(1, 400);
  Table t = Query(people, {"district", "sex"});
  int64_t grand = -1;
  for (const auto& c : t.cells) {
    if (c.key == std::vector<std::string>{kTotal, kTotal}) grand = *c.released;
    if (c.count > 0 && c.count < 11) {
      EXPECT_TRUE(c.suppressed) << Join(c.key);
    }
    if (!c.suppressed) {
      EXPECT_EQ(*c.released, c.count);
      EXPECT_TRUE(c.count == 0 || c.count >= 11) << Join(c.key);
    } else {
      EXPECT_FALSE(c.released.has_value());
    }
  }
  EXPECT_EQ(grand, 400);
}

TEST(Release, NoSuppressedCellFollowsFromItsTotals) {
  for (uint64_t seed = 1; seed <= 25; ++seed) {
    std::vector<Person> people = Population(seed, 150 + static_cast<int>(seed) * 20);
    Auditor a;
    a.Publish({"district", "sex"}, Query(people, {"district", "sex"}));
    EXPECT_EQ(Join(a.Recoverable()), "") << "seed " << seed;
  }
}

TEST(Release, TheAuditorFindsACellLeftAloneUnderPublishedTotals) {
  std::vector<Person> people = Population(2, 300);
  Table t = Query(people, {"district", "sex"});
  bool kept_one = false;
  for (auto& c : t.cells) {
    if (c.suppressed && !kept_one && c.count < 11) {
      kept_one = true;  // the primary suppression alone, without its complements
    } else {
      c.suppressed = false;
    }
  }
  ASSERT_TRUE(kept_one);
  Auditor a;
  a.Publish({"district", "sex"}, t);
  EXPECT_EQ(a.Recoverable().size(), 1u);
}

TEST(Release, DifferencingOverlappingQueriesRevealsNothing) {
  for (uint64_t seed = 1; seed <= 25; ++seed) {
    std::vector<Person> people = Population(seed, 200 + static_cast<int>(seed) * 15);
    Auditor a;
    // Everything an analyst could ask about these people, published together.
    for (const auto& fields : std::vector<std::vector<std::string>>{{"district"},
                                                                    {"sex"},
                                                                    {"type"},
                                                                    {"district", "sex"},
                                                                    {"district", "type"},
                                                                    {"sex", "type"},
                                                                    {"district", "sex", "type"}}) {
      a.Publish(fields, Query(people, fields));
    }
    EXPECT_EQ(Join(a.Recoverable()), "") << "seed " << seed;
  }
}

TEST(Release, ACellIsDecidedTheSameWayInEveryQueryThatShowsIt) {
  std::vector<Person> people = Population(7, 300);
  Table by_district = Query(people, {"district"});
  Table by_district_sex = Query(people, {"district", "sex"});
  for (const auto& c : by_district.cells) {
    std::vector<std::string> key = {c.key[0], kTotal};
    auto it = std::find_if(by_district_sex.cells.begin(), by_district_sex.cells.end(),
                           [&](const Cell& x) { return x.key == key; });
    ASSERT_NE(it, by_district_sex.cells.end());
    EXPECT_EQ(it->suppressed, c.suppressed) << c.key[0];
  }
}

TEST(Release, RoundingAndNoise) {
  std::vector<Person> people = Population(3, 500);
  std::vector<Dimension> dims = {Flat("sex")};
  ReleaseOptions o;
  o.rounding = 5;
  for (const auto& c : Release(dims, Records(people, {"sex"}), o).cells) {
    if (c.released) {
      EXPECT_EQ(*c.released % 5, 0);
    }
  }
  o.rounding = 0;
  o.epsilon = 0.5;
  o.seed = 42;
  Table noisy = Release(dims, Records(people, {"sex"}), o);
  EXPECT_DOUBLE_EQ(noisy.noise_scale, 2 / 0.5);  // each person is in 2 cells: a sex and the total
  int differ = 0;
  for (const auto& c : noisy.cells) {
    if (c.released && *c.released != c.count) ++differ;
    if (c.released) {
      EXPECT_GE(*c.released, 0);
    }
  }
  EXPECT_GT(differ, 0);
}

TEST(Release, AMultiValuedDimensionCountsAPersonOnceInTheTotal) {
  std::vector<Record> records(20, Record{{{"labour", "sexual"}}});
  Table t = Release({Flat("type")}, records, {});
  for (const auto& c : t.cells) EXPECT_EQ(c.count, 20) << c.key[0];
  EXPECT_EQ(t.cells.size(), 3u);
}

TEST(Release, ASumIsHiddenWhenOneUnitDominatesItAndProtectedByItsComplements) {
  // Province 1: 11 records of 10,000 and one of 1,000,000 (one record is most of the sum).
  // Province 2: 15 records of 100,000. Province 3: 20 records of 50,000.
  std::vector<Record> records;
  auto add = [&](const std::string& district, int n, int64_t amount) {
    for (int i = 0; i < n; ++i) records.push_back(Record{{{district}}, 1, amount});
  };
  add("1a", 11, 10000);
  add("1b", 1, 1000000);
  add("2a", 15, 100000);
  add("3a", 20, 50000);
  ReleaseOptions o;
  o.sum = true;
  o.epsilon = 1;  // sums take no noise
  Table t = Release({Geo()}, records, o);
  std::map<std::string, const Cell*> by;
  for (const auto& c : t.cells) by[c.key[0]] = &c;
  EXPECT_EQ(by["*"]->released, 1000000 + 110000 + 1500000 + 1000000);
  EXPECT_TRUE(by["1"]->suppressed);  // 12 records, but one is 1,000,000 of 1,110,000
  EXPECT_TRUE(by["1b"]->suppressed);  // one record
  // Another province is hidden too, or the nation minus the rest would give province 1.
  EXPECT_TRUE(by["2"]->suppressed || by["3"]->suppressed);
  EXPECT_EQ(by["2a"]->released.has_value(), !by["2"]->suppressed);
  EXPECT_EQ(t.noise_scale, 0);
}

}  // namespace
}  // namespace samman::stats
