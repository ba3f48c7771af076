// Case facts for statistics: one row per case of what may be counted (bands, codes, dates), kept
// current with every change to the case; nothing in it names a person.
#include "cases/service.h"
#include "cases/store.h"
#include "refdata/calendar.h"

namespace samman::cases {

std::string AgeBand(std::optional<int> age) {
  if (!age || *age < 0) return "unknown";
  static const std::vector<std::pair<int, const char*>> kUpper = {
      {8, "0-8"},    {17, "9-17"},  {20, "18-20"}, {23, "21-23"},
      {26, "24-26"}, {29, "27-29"}, {38, "30-38"}, {47, "39-47"}};
  for (const auto& [upper, band] : kUpper) {
    if (*age <= upper) return band;
  }
  return "48+";
}

namespace {

bool SeesStatistics(const identity::Principal& who) {
  return who.HasRole("analyst") || who.HasRole("committee_member") || who.HasRole("system_admin");
}

}  // namespace

void Service::RefreshFacts(db::Connection& c, const Case& k, const Person& p,
                           const VictimProfile& v) const {
  store::UpsertFacts(c, FactsOf(k, p, v));
}

CaseFact Service::FactsOf(const Case& k, const Person& p, const VictimProfile& v) const {
  CaseFact f;
  f.case_id = k.id;
  f.owner_org_id = k.owner_org_id;
  f.identified_on = !k.identified_on.empty()   ? k.identified_on
                    : k.opened_at.size() >= 10 ? NepalDate(*ParseInstant(k.opened_at))
                                               : Today();
  auto converted = refdata_.ConvertAd(f.identified_on);
  f.fiscal_year = converted ? converted->fiscal_year : "";
  f.ad_year = std::stoi(f.identified_on.substr(0, 4));
  f.district = k.district.empty() ? p.district : k.district;
  if (const refdata::GeoUnit* d = refdata_.Unit(f.district)) f.province = d->parent_code;
  f.origin_district = p.district;
  f.origin_local_level = p.local_level;
  f.sex = p.sex.empty() ? "unknown" : p.sex;
  std::optional<int> age = p.age_at_registration;
  if (!age && p.birth_date.size() == 10 && p.birth_precision != "unknown") {
    int years = std::stoi(f.identified_on.substr(0, 4)) - std::stoi(p.birth_date.substr(0, 4));
    if (f.identified_on.substr(5) < p.birth_date.substr(5)) --years;
    age = years;
  }
  f.age_band = AgeBand(age);
  f.citizenship = p.citizenship;
  f.identification_source = k.identification_source;
  f.trafficking_status = k.trafficking_status;
  f.exploitation_types = v.exploitation_types;
  f.exploitation_country = v.exploitation_country;
  f.status = k.status;
  f.stage = k.stage;
  f.closed_on = k.closed_at.size() >= 10 ? NepalDate(*ParseInstant(k.closed_at)) : "";
  f.exploitation_local_level = v.exploitation_local_level;
  f.means_of_control = v.means_of_control;
  f.labour_industry = v.labour_industry;
  f.sex_exploitation_types = v.sex_exploitation_types;
  f.recruiter_relationship = v.recruiter_relationship;
  f.duration_days = v.duration_days;
  f.recruitment_methods = v.recruitment_methods;
  f.closure_outcome = k.closure_outcome;
  if (v.exploitation_local_level.size() >= 3) {
    f.exploitation_district = v.exploitation_local_level.substr(0, 3);
  }
  return f;
}

Result<std::vector<CaseFact>> Service::Facts(const identity::Principal& who,
                                             const FactScope& scope) const {
  if (!SeesStatistics(who))
    return Fail(Error::Forbidden("statistics are for analysts and committees"));
  return db_.Read([&](db::Connection& c) { return store::Facts(c, scope); });
}

Result<std::vector<FactGroup>> Service::FactGroups(const identity::Principal& who,
                                                   const FactScope& scope,
                                                   const std::vector<std::string>& columns) const {
  if (!SeesStatistics(who))
    return Fail(Error::Forbidden("statistics are for analysts and committees"));
  return db_.Read([&](db::Connection& c) { return store::FactGroups(c, scope, columns); });
}

Result<std::vector<ItemFact>> Service::ItemFacts(const identity::Principal& who,
                                                 const std::string& kind,
                                                 const FactScope& scope) const {
  if (!SeesStatistics(who))
    return Fail(Error::Forbidden("statistics are for analysts and committees"));
  return db_.Read([&](db::Connection& c) { return store::ItemFacts(c, kind, scope); });
}

}  // namespace samman::cases
