#include "demo/generator.h"

#include <map>
#include <set>

#include "test_env.h"

namespace samman::demo {
namespace {

class Demo : public testing::ServiceTest {
 protected:
  // Cases per district, exploitation type, country and stage: what the data says, without ids.
  std::string Shape() {
    auto rs = app().db().Read([](db::Connection& c) {
      return c.Query(
          "SELECT c.district, v.exploitation_types, COALESCE(v.exploitation_country, ''), c.stage, "
          "COUNT(*) FROM cases c JOIN victim_profiles v ON v.case_id = c.id "
          "GROUP BY c.district, v.exploitation_types, v.exploitation_country, c.stage "
          "ORDER BY 1, 2, 3, 4");
    });
    std::string out;
    for (size_t i = 0; i < rs.size(); ++i) {
      for (size_t col = 0; col < 5; ++col) out += rs[i].Str(col) + "|";
      out += "\n";
    }
    return out;
  }
};

TEST_F(Demo, MakesEveryKindOfOrganisationAUserPerRoleAndRealisticCases) {
  Options options;
  options.cases = 300;
  options.truth_file = scratch_->dir() + "/truth.csv";
  auto report = Generate(app(), options);
  ASSERT_TRUE(report) << report.error().detail;
  EXPECT_GE(report->cases, 300);
  EXPECT_GT(report->duplicate_pairs, 0);

  auto cli = identity::Principal::CommandLine();
  auto orgs = app().identity().ListOrganizations(cli);
  std::set<std::string> types;
  for (const auto& o : *orgs) types.insert(o.type);
  EXPECT_EQ(types.size(), identity::OrganizationTypes().size());

  std::set<std::string> roles;
  for (const auto& [username, role] : report->logins) roles.insert(role);
  EXPECT_EQ(roles.size(), identity::AllRoles().size());
  auto login = app().identity().Login("caseworker", kDemoPassword, "", "127.0.0.1", "test", "t");
  ASSERT_TRUE(login) << login.error().detail;

  // The Kathmandu case worker finds their organisation's cases, and names in both scripts.
  cases::SearchQuery all;
  all.limit = 200;
  auto page = app().cases().Search(login->principal, all);
  ASSERT_TRUE(page);
  EXPECT_GT(page->items.size(), 10u);
  // Newest opened first, and the next page carries on where this one stopped.
  all.limit = 10;
  auto first = app().cases().Search(login->principal, all);
  ASSERT_TRUE(first && !first->next_cursor.empty());
  all.cursor = first->next_cursor;
  auto second = app().cases().Search(login->principal, all);
  ASSERT_TRUE(second && !second->items.empty());
  std::vector<cases::CaseSummary> rows = first->items;
  rows.insert(rows.end(), second->items.begin(), second->items.end());
  for (size_t i = 1; i < rows.size(); ++i) {
    EXPECT_GE(rows[i - 1].opened_at, rows[i].opened_at) << i;
    EXPECT_NE(rows[i - 1].id, rows[i].id);
  }

  std::string shape = Shape();
  EXPECT_NE(shape.find("sexual_exploitation|IN|"), std::string::npos);
  EXPECT_TRUE(shape.find("forced_labour|QA|") != std::string::npos ||
              shape.find("forced_labour|MY|") != std::string::npos);
  EXPECT_NE(shape.find("|closure|"), std::string::npos);
  EXPECT_TRUE(app().audit().Verify().ok);
  // The indexes the load built at its end are all there.
  auto left = app().db().Read(
      [](db::Connection& c) { return c.Query("SELECT COUNT(*) FROM deferred_indexes")[0].Int(0); });
  EXPECT_EQ(left, 0);
  // Partial indexes come back partial: the due list and the blind indexes keep their WHERE.
  auto rebuilt = app().db().Read([](db::Connection& c) {
    auto rs = c.Query(
        c.engine() == db::Engine::kSqlite
            ? "SELECT name, CASE WHEN sql LIKE '% WHERE %' THEN 'partial' ELSE 'whole' END"
              " FROM sqlite_master WHERE type = 'index' AND name IN ('cases_opened',"
              " 'case_items_case', 'case_items_due', 'persons_phone') ORDER BY name"
            : "SELECT indexname, CASE WHEN indexdef LIKE '% WHERE %' THEN 'partial' ELSE 'whole'"
              " END FROM pg_indexes WHERE schemaname = current_schema() AND indexname IN"
              " ('cases_opened', 'case_items_case', 'case_items_due', 'persons_phone')"
              " ORDER BY indexname");
    std::string out;
    for (size_t i = 0; i < rs.size(); ++i) out += rs[i].Str(0) + " " + rs[i].Str(1) + "; ";
    return out;
  });
  EXPECT_EQ(rebuilt,
            "case_items_case whole; case_items_due partial; cases_opened whole; "
            "persons_phone partial; ");
  // Foreign keys go unchecked while a load fills the file: every parent was written before its
  // rows, and afterwards they are enforced again.
  if (app().db().engine() == db::Engine::kSqlite) {
    auto orphans = app().db().Read(
        [](db::Connection& c) { return c.Query("PRAGMA foreign_key_check").size(); });
    EXPECT_EQ(orphans, 0u);
  }
  EXPECT_THROW(app().db().Write([](db::Connection& c) {
    c.Query(
        "INSERT INTO case_exploitation_types (case_id, exploitation_type) VALUES ('none', 'x')");
  }),
               db::DbError);
  EXPECT_FALSE(Generate(app(), options)) << "a second run must not mix into existing data";
}

TEST_F(Demo, TheSameSeedGivesTheSameData) {
  Options options;
  options.cases = 120;
  ASSERT_TRUE(Generate(app(), options));
  std::string first = Shape();
  testing::ScratchDatabase other;
  auto second_app = platform::App::Open(testing::TestConfig(other), clock_);
  ASSERT_TRUE(second_app);
  ASSERT_TRUE(Generate(**second_app, options));
  auto rs = (*second_app)->db().Read([](db::Connection& c) {
    return c.Query("SELECT COUNT(*) FROM cases")[0].Int(0);
  });
  EXPECT_GT(rs, 120);
  std::swap(app_, *second_app);
  EXPECT_EQ(Shape(), first);
  std::swap(app_, *second_app);
}

TEST_F(Demo, OnDemoDataEveryReleasedFigureIsAtLeastKAndQueriesAgree) {
  Options options;
  options.cases = 1500;
  ASSERT_TRUE(Generate(app(), options));
  auto analyst = MakeUser("demo_analyst", {"analyst"}, "ministry");
  auto& stats = app().stats();
  const int k = 11;
  std::map<std::string, std::pair<std::optional<int64_t>, bool>> seen;  // cell -> value, hidden
  int released = 0, hidden = 0;
  for (const std::string fy : {"2080/81", "2081/82"}) {
    for (const auto& by : std::vector<std::vector<std::string>>{{},
                                                                {"district"},
                                                                {"sex"},
                                                                {"district", "sex"},
                                                                {"exploitation_type"},
                                                                {"province", "age_band"},
                                                                {"district", "sex", "age_band"}}) {
      stats::Query q;
      q.indicator = "survivors_identified";
      q.fiscal_year = fy;
      q.by = by;
      auto a = stats.Run(analyst, q);
      ASSERT_TRUE(a) << a.error().detail;
      for (const auto& c : a->cells) {
        if (c.suppressed) {
          EXPECT_FALSE(c.value.has_value());
          ++hidden;
        } else {
          ASSERT_TRUE(c.value.has_value());
          EXPECT_TRUE(*c.value == 0 || *c.value >= k);
          ++released;
        }
        // The same cell (its non-total members) says the same in every query that shows it.
        std::string key = fy;
        for (const auto& [dim, value] : c.dims) {
          if (value != "*") key += "|" + dim + "=" + value;
        }
        auto [it, fresh] = seen.try_emplace(key, c.value, c.suppressed);
        if (!fresh) {
          EXPECT_EQ(it->second.second, c.suppressed) << key;
          EXPECT_EQ(it->second.first, c.value) << key;
        }
      }
    }
  }
  EXPECT_GT(released, 50);
  EXPECT_GT(hidden, 10);  // demo districts are small enough that some figures must be hidden
}

TEST_F(Demo, JusticeCountsLostOrNeverKeptAreRebuiltFromTheEncryptedRecords) {
  Options options;
  options.cases = 200;
  ASSERT_TRUE(Generate(app(), options));
  auto totals = [&] {
    return app().db().Read([](db::Connection& c) {
      auto rs = c.Query(
          "SELECT COUNT(*), SUM(suspects), SUM(arrested), SUM(prosecuted), SUM(convicted), "
          "SUM(acquitted), SUM(compensation_npr) FROM justice_facts");
      std::string out;
      for (size_t col = 0; col < 7; ++col) out += rs[0].Str(col) + "|";
      return out;
    });
  };
  const std::string kept = totals();
  auto records = app().db().Read([](db::Connection& c) {
    return c.Query("SELECT COUNT(*) FROM case_items WHERE kind = 'justice'")[0].Int(0);
  });
  EXPECT_GT(records, 20);
  EXPECT_EQ(kept.substr(0, kept.find('|')), std::to_string(records));  // one row per record
  app().db().Write([](db::Connection& c) {
    c.Query("DELETE FROM justice_facts");
    return 0;
  });
  EXPECT_EQ(app().cases().RebuildMissingFacts(), records);
  EXPECT_EQ(totals(), kept);
}

TEST_F(Demo, TheFirstStartAfterAnUpgradeRebuildsMissingFactsAndLaterStartsDoNotLookAgain) {
  Options options;
  options.cases = 150;
  ASSERT_TRUE(Generate(app(), options));
  auto count = [&](const char* sql) {
    return app().db().Read([&](db::Connection& c) { return c.Query(sql)[0].Int(0); });
  };
  const int64_t cases = count("SELECT COUNT(*) FROM cases");
  EXPECT_EQ(count("SELECT COUNT(*) FROM case_facts"), cases);
  EXPECT_EQ(count("SELECT COUNT(*) FROM upkeep_done"), 2) << "the first start found nothing to do";
  // A database from before statistics, as the upgrade that brings them finds it.
  app().db().Write([](db::Connection& c) {
    c.Query("DELETE FROM case_facts");
    c.Query("DELETE FROM upkeep_done WHERE task = 'cases.rebuild_missing_facts'");
  });
  auto upgraded = platform::App::Open(testing::TestConfig(*scratch_), clock_);
  ASSERT_TRUE(upgraded) << upgraded.error().detail;
  EXPECT_EQ(count("SELECT COUNT(*) FROM case_facts"), cases);
  EXPECT_EQ(count("SELECT COUNT(*) FROM upkeep_done"), 2);
}

TEST_F(Demo, TheFirstStartAfterTheUpgradeToPairKeysWritesEveryonesNameKeysAgain) {
  Options options;
  options.cases = 150;
  ASSERT_TRUE(Generate(app(), options));
  auto login = app().identity().Login("caseworker", kDemoPassword, "", "127.0.0.1", "test", "t");
  ASSERT_TRUE(login) << login.error().detail;
  // Every name the case worker's first cases have, searched as it is shown, family name first.
  cases::SearchQuery all;
  all.limit = 20;
  auto shown = app().cases().Search(login->principal, all);
  ASSERT_TRUE(shown);
  auto found = [&](const std::string& name) {
    cases::SearchQuery q;
    q.q = name;
    q.limit = 200;
    std::set<std::string> ids;
    auto page = app().cases().Search(login->principal, q);
    for (const auto& s : page->items) ids.insert(s.id);
    return ids;
  };
  std::map<std::string, std::set<std::string>> before;
  for (const auto& s : shown->items) {
    auto space = s.display_name.find(' ');
    if (space == std::string::npos) continue;  // a one-word name
    const std::string reversed =
        s.display_name.substr(space + 1) + " " + s.display_name.substr(0, space);
    before[reversed] = found(reversed);
    EXPECT_TRUE(before[reversed].count(s.id)) << reversed;
  }
  ASSERT_GT(before.size(), 3u);
  // A database from before pair keys, with no keys at all here, as the upgrade might find it.
  app().db().Write([](db::Connection& c) {
    c.Query("DELETE FROM person_name_keys");
    c.Query("DELETE FROM upkeep_done WHERE task = 'cases.name_pair_keys'");
  });
  EXPECT_TRUE(found(before.begin()->first).empty());
  auto upgraded = platform::App::Open(testing::TestConfig(*scratch_), clock_);
  ASSERT_TRUE(upgraded) << upgraded.error().detail;
  for (const auto& [name, ids] : before) EXPECT_EQ(found(name), ids) << name;
  auto count = [&](const char* sql) {
    return app().db().Read([&](db::Connection& c) { return c.Query(sql)[0].Int(0); });
  };
  EXPECT_EQ(count("SELECT COUNT(*) FROM upkeep_done WHERE task = 'cases.name_pair_keys'"), 1);
}

}  // namespace
}  // namespace samman::demo
