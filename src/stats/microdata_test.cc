// CTDC-layout microdata: every combination of released values is shared by at least k rows.
#include "stats/microdata.h"

#include <map>
#include <random>

#include "common/csv.h"
#include "test_env.h"

namespace samman::testing {
namespace {

std::vector<cases::CaseFact> Facts(int n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto pick = [&](std::vector<std::string> v) { return v[rng() % v.size()]; };
  std::vector<cases::CaseFact> out;
  for (int i = 0; i < n; ++i) {
    cases::CaseFact f;
    f.ad_year = 2024 + static_cast<int>(rng() % 2);
    f.sex = rng() % 10 < 7 ? "female" : pick({"male", "transgender_female", "unknown"});
    f.fiscal_year = f.ad_year == 2024 ? "2080/81" : "2081/82";
    f.province = pick({"3", "3", "5", "7"});
    f.status = pick({"active", "closed"});
    f.recruitment_methods = {pick({"local_agent", "recruitment_agency"})};
    f.age_band = pick({"9-17", "18-20", "21-23", "24-26", "30-38", "48+"});
    f.citizenship = rng() % 10 < 9 ? "NP" : pick({"IN", "BD"});
    f.exploitation_country = pick({"IN", "IN", "MY", "AE", ""});
    f.exploitation_types = {pick({"sexual_exploitation", "forced_labour", "forced_marriage"})};
    f.means_of_control = {pick({"debt_bondage", "false_promises", "withholds_documents"})};
    f.labour_industry = pick({"construction", "domestic_work", ""});
    f.recruiter_relationship = pick({"family", "acquaintance", "stranger", ""});
    if (rng() % 2) f.duration_days = static_cast<int>(rng() % 1000);
    f.trafficking_status = "actual";
    out.push_back(f);
  }
  return out;
}

class CtdcMicrodata : public ServiceTest {};

TEST_F(CtdcMicrodata, EveryReleasedRowIsOneOfAtLeastK) {
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    auto facts = Facts(600, seed);
    stats::Microdata m = stats::CtdcMicrodata(facts, app().refdata(), 11);
    ASSERT_EQ(m.columns.size(), 27u);
    std::map<std::vector<std::string>, int> groups;
    for (const auto& r : m.rows) ++groups[r];
    for (const auto& [row, n] : groups) EXPECT_GE(n, 11);
    // Nothing is lost silently: every person is a row or counted as withheld.
    EXPECT_EQ(static_cast<int>(m.rows.size()) + m.withheld, 600);
    EXPECT_GT(m.rows.size(), 300u) << "recoding should keep most people";
    EXPECT_GT(m.recoded, 0);
  }
}

TEST_F(CtdcMicrodata, VariablesFollowTheCodebook) {
  cases::CaseFact f;
  f.ad_year = 2025;
  f.sex = "female";
  f.age_band = "9-17";
  f.citizenship = "NP";
  f.exploitation_country = "IN";
  f.exploitation_types = {"sexual_exploitation"};
  f.means_of_control = {"debt_bondage", "withholds_documents"};
  f.sex_exploitation_types = {"prostitution"};
  f.recruiter_relationship = "family";
  f.duration_days = 400;
  f.trafficking_status = "actual";
  stats::Microdata m =
      stats::CtdcMicrodata(std::vector<cases::CaseFact>(12, f), app().refdata(), 11);
  ASSERT_EQ(m.rows.size(), 12u);
  std::map<std::string, std::string> row;
  for (size_t i = 0; i < m.columns.size(); ++i) row[m.columns[i]] = m.rows[0][i];
  EXPECT_EQ(row["yearOfRegistration"], "2025");
  EXPECT_EQ(row["gender"], "Woman");
  EXPECT_EQ(row["citizenship"], "NPL");
  EXPECT_EQ(row["CountryOfExploitation"], "IND");
  EXPECT_EQ(row["traffickMonths"], "13-24");
  EXPECT_EQ(row["meansDebtBondageEarnings"], "1");
  EXPECT_EQ(row["meansWithholdDocs"], "1");
  EXPECT_EQ(row["meansThreats"], "");
  EXPECT_EQ(row["isSexualExploit"], "1");
  EXPECT_EQ(row["typeOfSexProstitution"], "1");
  EXPECT_EQ(row["recruiterRelationFamily"], "1");
  // One person alone is withheld rather than released.
  auto alone = stats::CtdcMicrodata({f}, app().refdata(), 11);
  EXPECT_TRUE(alone.rows.empty());
  EXPECT_EQ(alone.withheld, 1);
  auto parsed = csv::Parse(m.Csv());
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->rows.size(), 12u);
}

TEST_F(CtdcMicrodata, TransgenderPeopleAreOneGenderCategory) {
  cases::CaseFact f;
  f.ad_year = 2025;
  f.sex = "transgender_female";
  f.trafficking_status = "actual";
  stats::Microdata m =
      stats::CtdcMicrodata(std::vector<cases::CaseFact>(11, f), app().refdata(), 11);
  ASSERT_EQ(m.rows.size(), 11u);
  EXPECT_EQ(m.rows[0][1], "Trans/Transgender/NonConforming");
}

class HtcdsMicrodata : public ServiceTest {};

TEST_F(HtcdsMicrodata, EveryReleasedRowIsOneOfAtLeastKAndNoColumnIdentifies) {
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    auto facts = Facts(600, seed);
    stats::Microdata m = stats::HtcdsMicrodata(facts, app().refdata(), 11);
    for (const auto& c : m.columns) {
      EXPECT_TRUE(c.rfind("prs_Gender", 0) == 0 || c.rfind("prs_Citizenship", 0) == 0 ||
                  c.rfind("vic_", 0) == 0 || c.rfind("cas_", 0) == 0 || c.rfind("npl_", 0) == 0)
          << c;
    }
    std::map<std::vector<std::string>, int> groups;
    for (const auto& r : m.rows) ++groups[r];
    for (const auto& [row, n] : groups) EXPECT_GE(n, 11);
    EXPECT_EQ(static_cast<int>(m.rows.size()) + m.withheld, 600);
    EXPECT_GT(m.rows.size(), 300u) << "recoding should keep most people";
  }
}

TEST_F(HtcdsMicrodata, ValuesAreHtcdsPicklistValues) {
  cases::CaseFact f;
  f.fiscal_year = "2081/82";
  f.province = "3";
  f.sex = "female";
  f.age_band = "18-20";
  f.citizenship = "NP";
  f.trafficking_status = "actual";
  f.exploitation_types = {"forced_labour", "domestic_servitude"};
  f.exploitation_country = "KW";
  f.means_of_control = {"withholds_documents", "debt_bondage"};
  f.labour_industry = "domestic_work";
  f.recruiter_relationship = "acquaintance";
  f.status = "closed_referred";
  stats::Microdata m =
      stats::HtcdsMicrodata(std::vector<cases::CaseFact>(11, f), app().refdata(), 11);
  ASSERT_EQ(m.rows.size(), 11u);
  std::map<std::string, std::string> row;
  for (size_t i = 0; i < m.columns.size(); ++i) row[m.columns[i]] = m.rows[0][i];
  EXPECT_EQ(row["npl_FiscalYear"], "2081/82");
  EXPECT_EQ(row["npl_Province"], "3");
  EXPECT_EQ(row["npl_AgeBand"], "18-20");
  EXPECT_EQ(row["prs_Gender"], "Feminine");
  EXPECT_EQ(row["prs_Citizenship"], "NP");
  EXPECT_EQ(row["vic_TraffickingStatus"], "ActualVictimOfTrafficking");
  EXPECT_EQ(row["vic_TypeOfExploitation"], "ForcedLabour;Servitude");
  EXPECT_EQ(row["vic_LocationOfExploitation"], "KW");
  EXPECT_EQ(row["vic_MethodsOfControl"], "DebtBondage;WithholdsDocuments");
  EXPECT_EQ(row["vic_ForcedLabourIndustry"], "T_ActivitiesOfHouseholdsAsEmployers");
  EXPECT_EQ(row["vic_RelationshipToTrafficker"], "Acquainted");
  EXPECT_EQ(row["cas_Status"], "ClosedReferred");
  // Ten people alike are too few: first their detail goes, and alone they are withheld.
  auto few = stats::HtcdsMicrodata(std::vector<cases::CaseFact>(10, f), app().refdata(), 11);
  EXPECT_TRUE(few.rows.empty());
  EXPECT_EQ(few.withheld, 10);
}

}  // namespace
}  // namespace samman::testing
