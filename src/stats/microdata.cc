#include "stats/microdata.h"

#include <algorithm>
#include <map>
#include <set>

#include "common/csv.h"
#include "common/xlsx.h"

namespace samman::stats {
namespace {

const std::vector<std::string>& CtdcColumns() {
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

// CTDC's gender: woman, man, or one category for transgender and gender non-conforming people.
std::string CtdcGender(const std::string& sex) {
  if (sex == "female") return "Woman";
  if (sex == "male") return "Man";
  if (sex == "transgender_female" || sex == "transgender_male" || sex == "non_conforming") {
    return "Trans/Transgender/NonConforming";
  }
  return "";
}

std::vector<std::string> CtdcRow(const cases::CaseFact& f, const refdata::Service& refdata) {
  const auto& m = f.means_of_control;
  const auto& x = f.exploitation_types;
  std::string gender = CtdcGender(f.sex);
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

std::string BroadAge(const std::string& band) {
  if (band.empty()) return "";
  return band == "0-8" || band == "9-17" ? "0-17" : "18+";
}

// A layout's rows made k-anonymous: rows in groups smaller than k give up the column groups of
// `steps` in order, then their age is broadened; rows still in small groups are withheld.
Microdata Anonymise(std::vector<std::string> columns, std::vector<std::vector<std::string>> rows,
                    const std::vector<std::vector<size_t>>& steps, size_t age_column, int k) {
  Microdata m;
  m.columns = std::move(columns);
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
  std::vector<std::vector<size_t>> all_steps = steps;
  all_steps.push_back({age_column});  // last: the age broadened
  for (const auto& step : all_steps) {
    auto small = small_groups();
    if (small.empty()) break;
    for (size_t i : small) {
      for (size_t col : step) {
        std::string next = col == age_column ? BroadAge(rows[i][col]) : "";
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

// HTCDS 2.0 field names where HTCDS has the field; npl_ columns are Samman's (HTCDS has no period
// or age band, and a birth date would identify).
const std::vector<std::string>& HtcdsColumns() {
  static const std::vector<std::string> kColumns = {
      "npl_FiscalYear",           "npl_Province",          "npl_AgeBand",
      "prs_Gender",               "prs_Citizenship",       "vic_TraffickingStatus",
      "vic_TypeOfExploitation",   "vic_LocationOfExploitation", "vic_MethodOfRecruitment",
      "vic_MethodsOfControl",     "vic_ForcedLabourIndustry",   "vic_TypeOfSexExploitation",
      "vic_RelationshipToTrafficker", "cas_Status"};
  return kColumns;
}

// A code's HTCDS picklist value (our code when the list has none); multi-valued fields joined
// with ';' in sorted order.
std::string Htcds(const refdata::Service& refdata, const std::string& list,
                  const std::vector<std::string>& codes) {
  std::set<std::string> values;
  const refdata::CodeList* l = refdata.List(list);
  for (const auto& code : codes) {
    if (code.empty()) continue;
    std::string value = code;
    if (l) {
      for (const auto& item : l->items) {
        if (item.code == code && !item.htcds_value.empty()) value = item.htcds_value;
      }
    }
    values.insert(value);
  }
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ";") + v;
  return out;
}

std::vector<std::string> HtcdsRow(const cases::CaseFact& f, const refdata::Service& refdata) {
  std::string exploited = f.exploitation_country;
  if (exploited.empty() && !f.exploitation_local_level.empty()) exploited = "NP";
  return {f.fiscal_year,
          f.province,
          f.age_band == "unknown" ? "" : f.age_band,
          f.sex == "unknown" ? "" : Htcds(refdata, "sex", {f.sex}),
          f.citizenship,
          Htcds(refdata, "trafficking_status", {f.trafficking_status}),
          Htcds(refdata, "exploitation_type", f.exploitation_types),
          exploited,
          Htcds(refdata, "recruitment_method", f.recruitment_methods),
          Htcds(refdata, "means_of_control", f.means_of_control),
          Htcds(refdata, "labour_industry", {f.labour_industry}),
          Htcds(refdata, "sex_exploitation_type", f.sex_exploitation_types),
          Htcds(refdata, "trafficker_relationship", {f.recruiter_relationship}),
          Htcds(refdata, "case_status", {f.status})};
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

Result<std::string> Microdata::Xlsx(const std::string& sheet) const {
  return xlsx::Table(sheet, columns, rows);
}

Microdata CtdcMicrodata(const std::vector<cases::CaseFact>& facts, const refdata::Service& refdata,
                        int k) {
  std::vector<std::vector<std::string>> rows;
  rows.reserve(facts.size());
  for (const auto& f : facts) {
    if (f.trafficking_status != "not_a_victim") rows.push_back(CtdcRow(f, refdata));
  }
  static const std::vector<std::vector<size_t>> kSteps = {
      {6, 7, 8, 9, 10, 11, 12, 13},  // means of control
      {17, 18, 19, 20, 21, 22},      // types of labour and of sexual exploitation
      {23, 24, 25, 26},              // recruiter relation
      {5},                           // months trafficked
      {4},                           // country of exploitation
      {3},                           // citizenship
  };
  return Anonymise(CtdcColumns(), std::move(rows), kSteps, 2, k);
}

Microdata HtcdsMicrodata(const std::vector<cases::CaseFact>& facts,
                         const refdata::Service& refdata, int k) {
  std::vector<std::vector<std::string>> rows;
  rows.reserve(facts.size());
  for (const auto& f : facts) {
    if (f.trafficking_status != "not_a_victim") rows.push_back(HtcdsRow(f, refdata));
  }
  static const std::vector<std::vector<size_t>> kSteps = {
      {8, 9},    // recruitment methods and means of control
      {10, 11},  // labour industry and type of sexual exploitation
      {12},      // relationship to the trafficker
      {13},      // case status
      {7},       // where the exploitation took place
      {4},       // citizenship
      {1},       // province
  };
  return Anonymise(HtcdsColumns(), std::move(rows), kSteps, 2, k);
}

}  // namespace samman::stats
