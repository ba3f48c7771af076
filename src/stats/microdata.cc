#include "stats/microdata.h"

#include <algorithm>
#include <map>
#include <set>

#include "common/csv.h"

namespace samman::stats {
namespace {

const std::vector<std::string>& Columns() {
  static const std::vector<std::string> kColumns = {"yearOfRegistration",
                                                    "gender",
                                                    "ageBroad",
                                                    "citizenship",
                                                    "CountryOfExploitation",
                                                    "traffickMonths",
                                                    "meansDebtBondageEarnings",
                                                    "meansThreats",
                                                    "meansAbusePsyPhySex",
                                                    "meansFalsePromises",
                                                    "meansDrugsAlcohol",
                                                    "meansDenyBasicNeeds",
                                                    "meansExcessiveWorkHours",
                                                    "meansWithholdDocs",
                                                    "isForcedLabour",
                                                    "isSexualExploit",
                                                    "isOtherExploit",
                                                    "typeOfLabourAgriculture",
                                                    "typeOfLabourConstruction",
                                                    "typeOfLabourDomesticWork",
                                                    "typeOfLabourHospitality",
                                                    "typeOfSexProstitution",
                                                    "typeOfSexPornography",
                                                    "recruiterRelationIntimatePartner",
                                                    "recruiterRelationFriend",
                                                    "recruiterRelationFamily",
                                                    "recruiterRelationOther"};
  return kColumns;
}

bool Any(const std::vector<std::string>& have, std::initializer_list<const char*> codes) {
  for (const char* c : codes) {
    if (std::find(have.begin(), have.end(), c) != have.end()) return true;
  }
  return false;
}

std::string Flag(bool on) { return on ? "1" : ""; }

std::string Alpha3(const refdata::Service& refdata, const std::string& alpha2) {
  const refdata::Country* c = alpha2.empty() ? nullptr : refdata.FindCountry(alpha2);
  return c ? c->alpha3 : "";
}

std::vector<std::string> RowOf(const cases::CaseFact& f, const refdata::Service& refdata) {
  const auto& m = f.means_of_control;
  const auto& x = f.exploitation_types;
  std::string gender = f.sex == "female"  ? "Woman"
                       : f.sex == "male"  ? "Man"
                       : f.sex == "other" ? "Trans/Transgender/NonConforming"
                                          : "";
  std::string months;
  if (f.duration_days) {
    months = *f.duration_days <= 365 ? "0-12" : *f.duration_days <= 730 ? "13-24" : "25+";
  }
  std::string exploited = Alpha3(refdata, f.exploitation_country);
  if (exploited.empty() && !f.exploitation_local_level.empty()) exploited = "NPL";
  const std::string& r = f.recruiter_relationship;
  return {std::to_string(f.ad_year),
          gender,
          f.age_band == "unknown" ? "" : f.age_band,
          Alpha3(refdata, f.citizenship),
          exploited,
          months,
          Flag(Any(m, {"debt_bondage", "takes_earnings"})),
          Flag(Any(m, {"physical_threats", "threats_law_enforcement", "threatens_family"})),
          Flag(Any(m, {"physical_abuse", "sexual_abuse", "psychological_abuse"})),
          Flag(Any(m, {"false_promises"})),
          Flag(Any(m, {"psychoactive_substance"})),
          Flag(Any(m, {"withholds_necessities", "restricts_medical_care"})),
          Flag(Any(m, {"excessive_working_hours"})),
          Flag(Any(m, {"withholds_documents"})),
          Flag(Any(x, {"forced_labour", "child_labour", "domestic_servitude", "forced_begging"})),
          Flag(Any(x, {"sexual_exploitation"})),
          Flag(Any(x, {"forced_marriage", "organ_removal", "other"})),
          Flag(f.labour_industry == "agriculture_forestry_fishing"),
          Flag(f.labour_industry == "construction"),
          Flag(f.labour_industry == "domestic_work" || Any(x, {"domestic_servitude"})),
          Flag(f.labour_industry == "accommodation_food_service"),
          Flag(Any(f.sex_exploitation_types, {"prostitution"})),
          Flag(Any(f.sex_exploitation_types, {"pornography"})),
          Flag(r == "intimate_partner"),
          Flag(r == "acquaintance" || r == "friend"),
          Flag(r == "family"),
          Flag(!r.empty() && r != "intimate_partner" && r != "acquaintance" && r != "friend" &&
               r != "family")};
}

// Column groups given up, in this order, by rows in groups smaller than k.
const std::vector<std::vector<size_t>>& RecodingSteps() {
  static const std::vector<std::vector<size_t>> kSteps = {
      {6, 7, 8, 9, 10, 11, 12, 13},  // means of control
      {17, 18, 19, 20, 21, 22},      // types of labour and of sexual exploitation
      {23, 24, 25, 26},              // recruiter relation
      {5},                           // months trafficked
      {4},                           // country of exploitation
      {3},                           // citizenship
  };
  return kSteps;
}

std::string BroadAge(const std::string& band) {
  if (band.empty()) return "";
  return band == "0-8" || band == "9-17" ? "0-17" : "18+";
}

}  // namespace

std::string Microdata::Csv() const {
  std::string out;
  for (size_t i = 0; i < columns.size(); ++i) out += (i ? "," : "") + csv::Escape(columns[i]);
  out += "\r\n";
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + csv::Escape(row[i]);
    out += "\r\n";
  }
  return out;
}

Microdata CtdcMicrodata(const std::vector<cases::CaseFact>& facts, const refdata::Service& refdata,
                        int k) {
  Microdata m;
  m.columns = Columns();
  std::vector<std::vector<std::string>> rows;
  rows.reserve(facts.size());
  for (const auto& f : facts) {
    if (f.trafficking_status == "not_a_victim") continue;
    rows.push_back(RowOf(f, refdata));
  }
  std::vector<bool> recoded(rows.size(), false);
  auto small_groups = [&]() {
    std::map<std::vector<std::string>, int> sizes;
    for (const auto& r : rows) ++sizes[r];
    std::vector<size_t> small;
    for (size_t i = 0; i < rows.size(); ++i) {
      if (sizes[rows[i]] < k) small.push_back(i);
    }
    return small;
  };
  std::vector<std::vector<size_t>> steps = RecodingSteps();
  steps.push_back({2});  // last: the age broadened
  for (const auto& step : steps) {
    auto small = small_groups();
    if (small.empty()) break;
    for (size_t i : small) {
      for (size_t col : step) {
        std::string next = col == 2 ? BroadAge(rows[i][col]) : "";
        if (rows[i][col] != next) {
          rows[i][col] = next;
          recoded[i] = true;
        }
      }
    }
  }
  std::set<size_t> withheld;
  for (size_t i : small_groups()) withheld.insert(i);
  for (size_t i = 0; i < rows.size(); ++i) {
    if (withheld.count(i)) continue;
    if (recoded[i]) ++m.recoded;
    m.rows.push_back(std::move(rows[i]));
  }
  m.withheld = static_cast<int>(withheld.size());
  std::sort(m.rows.begin(), m.rows.end());  // no order that could follow the case register
  return m;
}

}  // namespace samman::stats
