#include "stats/service.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "common/strings.h"
#include "refdata/calendar.h"
#include "stats/release.h"
#include "stats/store.h"

namespace samman::stats {
namespace {

using nlohmann::json;

// Every breakdown by place uses one dimension, "geo", whose values are districts (under their
// province) or provinces, so that a province's figure is decided the same way whether or not its
// districts are shown.
constexpr const char* kGeo = "geo";
constexpr size_t kMaxBreakdowns = 3;

bool Contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// Budgets in messages and answers: four decimals are plenty, and 0.2 reads better than
// 0.19999999999999996.
double Rounded(double v) { return std::round(v * 10000) / 10000; }
std::string Decimal(double v) {
  std::string s = std::to_string(Rounded(v));
  while (s.size() > 1 && s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

bool IsMedian(const std::string& indicator) {
  return indicator == "referral_response_hours" || indicator == "days_to_closure";
}

// Figures that are not counts: medians, a rate of released counts, a sum of money.
bool TakesNoNoise(const std::string& indicator) {
  return IsMedian(indicator) || indicator == "conviction_rate" ||
         indicator == "compensation_ordered";
}

// Compensation is released to the nearest thousand rupees.
constexpr int64_t kMoneyBase = 1000;

// One counted unit before it becomes a release Record: dimension name -> values.
using Unit = std::map<std::string, std::vector<std::string>>;

std::vector<std::string> One(const std::string& v) {
  return {v.empty() ? std::string("unknown") : v};
}

}  // namespace

const std::vector<Indicator>& Service::Catalogue() {
  static const std::vector<Indicator> kCatalogue = {
      {"survivors_identified",
       "Survivors identified",
       "पहिचान भएका पीडित/प्रभावित",
       "People whose case was opened as a possible or actual victim of trafficking, counted once, "
       "by the date they were identified (or the case opened).",
       "case identified_on / opened_at; person sex, age at registration (CTDC bands), "
       "citizenship, district; victim profile exploitation types, country and (inside Nepal) "
       "district; case identification source and trafficking status",
       "survivors",
       {"district", "province", "sex", "age_band", "exploitation_type", "citizenship",
        "origin_district", "identification_source", "exploitation_country", "exploitation_district",
        "trafficking_status"}},
      {"interceptions",
       "Interceptions",
       "रोकथाम (अवरोध)",
       "Survivors intercepted in transit (timeline events of type interception), by event date.",
       "case items kind=event, type=interception",
       "survivors",
       {"district", "province", "sex", "age_band"}},
      {"rescues",
       "Rescues",
       "उद्धार",
       "Survivors rescued (events of type rescue), by event date.",
       "case items kind=event, type=rescue",
       "survivors",
       {"district", "province", "sex", "age_band"}},
      {"repatriations",
       "Repatriations",
       "स्वदेश फिर्ता",
       "Survivors repatriated (events of type repatriation), by event date.",
       "case items kind=event, type=repatriation",
       "survivors",
       {"district", "province", "sex", "age_band"}},
      {"missing_reports",
       "Missing persons reported",
       "बेपत्ता उजुरी",
       "Cases with a missing-person report (events of type missing_report), by report date.",
       "case items kind=event, type=missing_report",
       "survivors",
       {"district", "province", "sex", "age_band"}},
      {"justice_cases_registered",
       "Cases registered with police",
       "प्रहरीमा दर्ता मुद्दा",
       "Justice records (FIRs) in survivors' cases, by law (HTTCA 2007 or the Foreign Employment "
       "Act) and verdict, by the date they were recorded.",
       "case items kind=justice: law, verdict",
       "cases",
       {"district", "province", "law", "verdict"}},
      {"convictions",
       "Convictions",
       "सजाय भएका मुद्दा",
       "Justice records whose verdict is convicted, by law.",
       "case items kind=justice, verdict=convicted",
       "cases",
       {"district", "province", "law"}},
      {"justice_persons",
       "Persons suspected, arrested, prosecuted and convicted",
       "शङ्कित, पक्राउ परेका, अभियोजन भएका र दोषी ठहरिएका व्यक्ति",
       "People named as suspects in justice records, by how far each went: arrested, prosecuted "
       "(a charge sheet filed), convicted or acquitted. The total counts each person once; by the "
       "date the record was made.",
       "case items kind=justice: suspects[].arrested, suspects[].prosecuted, suspects[].outcome",
       "persons",
       {"district", "province", "law", "stage"}},
      {"conviction_rate",
       "Conviction rate",
       "दोषी ठहर दर",
       "Of the justice records with a verdict, the percentage convicted: convicted / (convicted + "
       "acquitted) x 100, from the released counts of cases registered by verdict; shown only "
       "where both counts are released.",
       "case items kind=justice: verdict",
       "percent",
       {"district", "province", "law"}},
      {"compensation_ordered",
       "Compensation ordered",
       "आदेश भएको क्षतिपूर्ति",
       "Compensation in rupees ordered for survivors in justice records with a conviction, "
       "summed; shown only where at least k records lie behind the sum and no one record is more "
       "than half of it; rounded to the nearest 1,000.",
       "case items kind=justice, verdict=convicted: compensation_npr",
       "NPR",
       {"district", "province", "law"}},
      {"services_received",
       "Survivors receiving services",
       "सेवा पाएका पीडित/प्रभावित",
       "Survivors with a service delivered in the period, by its type; a survivor counts once in "
       "each type received and once in the total. By delivery date.",
       "case items kind=service, status=delivered: type",
       "survivors",
       {"district", "province", "service_type", "sex"}},
      {"shelter_admissions",
       "Shelter admissions",
       "आश्रय भर्ना",
       "Admissions to shelters, by admission date.",
       "case items kind=shelter_stay: admitted_on",
       "admissions",
       {"district", "province", "sex", "age_band"}},
      {"referrals_made",
       "Referrals",
       "प्रेषण (रेफरल)",
       "Referrals sent to services, by service type and where the service is, by status now.",
       "referrals: service type, district of the service, status, sent_at",
       "referrals",
       {"district", "province", "service_type", "status"}},
      {"referral_response_hours",
       "Median hours to answer a referral",
       "रेफरलको जवाफ दिन लागेको समय (घण्टा)",
       "Median hours from sending a referral to its acceptance or refusal, among those answered; "
       "released only where at least k referrals were answered.",
       "referrals: sent_at, responded_at",
       "hours",
       {"district", "province", "service_type"}},
      {"open_caseload",
       "Open caseload",
       "खुला मुद्दा (केसलोड)",
       "Cases open at the end of the period (identified before it ended, not closed by then).",
       "case identified_on, closed_at, stage; person sex",
       "cases",
       {"district", "province", "sex", "stage"}},
      {"cases_closed",
       "Cases closed, and reintegration outcomes",
       "बन्द भएका केस र पुनर्स्थापनाको नतिजा",
       "Cases closed in the period: by status (closed, or closed and referred) and by outcome "
       "(reintegrated with family or in the community, referred elsewhere, returned abroad, "
       "declined services, contact lost, died, other; unknown where the closure did not say).",
       "case closed_at, status, closure_outcome",
       "cases",
       {"district", "province", "sex", "status", "outcome"}},
      {"overdue_follow_ups",
       "Overdue follow-ups",
       "म्याद नाघेका अनुगमन",
       "Follow-ups due in the period that were not done by their due date: done late, or still "
       "not done and due before today.",
       "case items kind=follow_up: due_date, done_on",
       "follow-ups",
       {"district", "province"}},
      {"days_to_closure",
       "Median days to closure",
       "केस बन्द हुन लागेको समय (दिन)",
       "Median days from identification to closure of the cases closed in the period; released "
       "only where at least k cases closed.",
       "case identified_on, closed_at",
       "days",
       {"district", "province"}},
  };
  return kCatalogue;
}

std::string Service::CurrentFiscalYear() const {
  auto c = refdata_.ConvertAd(NepalDate(clock_.Now()));
  return c ? c->fiscal_year : "";
}

std::string Service::LastCompleteFiscalYear() const {
  std::string current = CurrentFiscalYear();
  if (current.size() != 7) return current;
  int start = std::stoi(current.substr(0, 4)) - 1;
  char fy[16];
  std::snprintf(fy, sizeof fy, "%04d/%02d", start, (start + 1) % 100);
  return fy;
}

Result<void> Service::Period(Query& q, Answer& a) const {
  if (q.fiscal_year.empty() && q.year == 0) q.fiscal_year = CurrentFiscalYear();
  if (!q.fiscal_year.empty()) {
    const std::string& fy = q.fiscal_year;
    bool shaped = fy.size() == 7 && fy[4] == '/' &&
                  std::all_of(fy.begin(), fy.begin() + 4, ::isdigit) && ::isdigit(fy[5]) &&
                  ::isdigit(fy[6]);
    if (shaped) {
      int start = std::stoi(fy.substr(0, 4));
      shaped = (start + 1) % 100 == std::stoi(fy.substr(5, 2));
      if (shaped) {
        auto range = refdata_.calendar().FiscalYearRange(start);
        if (!range) return Fail(Error::InvalidField("fy", range.error()));
        a.from = refdata::FormatIsoDate(range->first);
        using namespace std::chrono;
        year_month_day after{
            sys_days{year{range->second.year} / range->second.month / range->second.day} + days{1}};
        a.to = refdata::FormatIsoDate({static_cast<int>(after.year()),
                                       static_cast<int>(static_cast<unsigned>(after.month())),
                                       static_cast<int>(static_cast<unsigned>(after.day()))});
      }
    }
    if (!shaped) return Fail(Error::InvalidField("fy", "write a Nepali fiscal year as 2081/82"));
    a.fiscal_year = fy;
  } else {
    if (q.year < 1990 || q.year > 2100) {
      return Fail(Error::InvalidField("year", "give an AD year such as 2025"));
    }
    a.year = q.year;
    a.from = std::to_string(q.year) + "-01-01";
    a.to = std::to_string(q.year + 1) + "-01-01";
  }
  return {};
}

Result<void> Service::Bound(const identity::Principal& who, Query& q) const {
  auto unit = [&](const std::string& code, const char* level) {
    const refdata::GeoUnit* u = refdata_.Unit(code);
    return u && u->level == level ? u : nullptr;
  };
  if (!q.province.empty() && !unit(q.province, "province")) {
    return Fail(Error::InvalidField("province", "'" + q.province + "' is not a province code"));
  }
  if (!q.district.empty() && !unit(q.district, "district")) {
    return Fail(Error::InvalidField("district", "'" + q.district + "' is not a district code"));
  }
  if (!q.local_level.empty() && !unit(q.local_level, "local_level")) {
    return Fail(
        Error::InvalidField("local_level", "'" + q.local_level + "' is not a local level code"));
  }
  if (who.HasRole("analyst") || who.HasRole("system_admin")) return {};
  if (!who.HasRole("committee_member")) {
    return Fail(Error::Forbidden("statistics are for analysts, committees and administrators"));
  }
  const std::string& level = who.organization.level;
  const std::string& area = who.organization.jurisdiction;
  if (level == "national" || (level.empty() && area.empty())) return {};
  // Everything asked must lie inside the committee's area; nothing asked means all of it.
  auto inside = [&](const std::string& code) {
    if (code.empty()) return true;
    return code.rfind(area, 0) == 0;  // codes nest: province P, district PDD, local level PDDLL
  };
  const std::string widest = !q.local_level.empty() ? q.local_level
                             : !q.district.empty()  ? q.district
                                                    : q.province;
  if (widest.empty()) {
    if (level == "province") q.province = area;
    if (level == "district") q.district = area;
    if (level == "local") q.local_level = area;
    return {};
  }
  if (!inside(q.province) || !inside(q.district) || !inside(q.local_level) ||
      widest.size() < area.size()) {
    return Fail(Error::Forbidden("your committee's figures cover " +
                                 (refdata_.Unit(area) ? refdata_.Unit(area)->name_en : area) +
                                 " only"));
  }
  return {};
}

Result<Answer> Service::Run(const identity::Principal& who, const Query& query) {
  auto a = Ask(who, query);
  if (!a) return Fail(a.error());
  return **a;
}

Result<std::shared_ptr<const Answer>> Service::Ask(const identity::Principal& who,
                                                   const Query& query) {
  Query q = query;
  const Indicator* ind = nullptr;
  for (const auto& i : Catalogue()) {
    if (i.id == q.indicator) ind = &i;
  }
  if (!ind) {
    return Fail(Error::InvalidField("indicator", "'" + q.indicator +
                                                     "' is not an indicator; see "
                                                     "/api/v1/stats/indicators"));
  }
  if (q.by.size() > kMaxBreakdowns) {
    return Fail(Error::InvalidField(
        "by", "at most three breakdowns at once: finer tables would be mostly suppressed"));
  }
  for (const auto& d : q.by) {
    if (d == "local_level") {
      return Fail(Error::InvalidField(
          "by",
          "figures are not broken down by local level; ask by district, or for one local "
          "level with local_level="));
    }
    if (!Contains(ind->dimensions, d)) {
      std::string allowed;
      for (const auto& x : ind->dimensions) allowed += (allowed.empty() ? "" : ", ") + x;
      return Fail(Error::InvalidField(
          "by", "'" + d + "' is not a breakdown of " + ind->id + " (use " + allowed + ")"));
    }
  }
  if (q.rounding != 0 && q.rounding != 5 && q.rounding != 10) {
    return Fail(Error::InvalidField("rounding", "must be 5 or 10"));
  }
  if (q.epsilon < 0 || q.epsilon > options_.epsilon_budget) {
    return Fail(Error::InvalidField("epsilon", "must be above 0 and within the budget"));
  }
  if (TakesNoNoise(ind->id) && q.epsilon > 0) {
    return Fail(Error::InvalidField("epsilon",
                                    "medians, rates and sums of money are released without noise"));
  }
  if (auto ok = Bound(who, q); !ok) return Fail(ok.error());
  Answer a;
  a.indicator = *ind;
  if (auto ok = Period(q, a); !ok) return Fail(ok.error());
  a.k = options_.k;
  a.rounding = q.rounding;
  a.epsilon = q.epsilon;
  a.province = q.province;
  a.district = q.district;
  a.local_level = q.local_level;

  auto released = Released(who, q, std::move(a));
  if (!released) return Fail(released.error());
  const Answer& r = **released;
  audit_.RecordCommitted(who.Actor(), {"stats.query", "indicator", r.indicator.id,
                                       json{{"fiscal_year", r.fiscal_year},
                                            {"year", r.year},
                                            {"by", q.by},
                                            {"province", r.province},
                                            {"district", r.district},
                                            {"local_level", r.local_level},
                                            {"epsilon", r.epsilon}}
                                           .dump()});
  return released;
}

Result<std::shared_ptr<const Answer>> Service::Released(const identity::Principal& who,
                                                        const Query& q, Answer a) {
  auto tabulated = [&]() -> Result<std::shared_ptr<const Answer>> {
    if (auto ok = Tabulate(who, q, a); !ok) return Fail(ok.error());
    return std::make_shared<const Answer>(std::move(a));
  };
  if (q.epsilon > 0 || options_.cache_seconds <= 0) return tabulated();
  // Everything the answer depends on besides the data: a is already filled from these.
  std::set<std::string> by(q.by.begin(), q.by.end());
  std::string key = a.indicator.id + "|" + a.fiscal_year + "|" + std::to_string(a.year) + "|" +
                    a.province + "|" + a.district + "|" + a.local_level + "|" +
                    std::to_string(a.rounding) + "|";
  for (const auto& d : by) key += d + ",";
  const Instant now = clock_.Now();
  const auto ttl = std::chrono::seconds(options_.cache_seconds);
  const uint64_t cases_revision = cases_.Revision();
  const uint64_t referrals_revision = referrals_.Revision();
  std::promise<std::shared_ptr<const Answer>> mine;
  std::shared_future<std::shared_ptr<const Answer>> theirs;
  {
    std::lock_guard lock(remembered_mu_);
    auto fresh = [&](const Remembered& r) {
      return r.made <= now && now - r.made < ttl && r.cases_revision == cases_revision &&
             r.referrals_revision == referrals_revision;
    };
    auto it = remembered_.find(key);
    if (it != remembered_.end() && fresh(it->second)) {
      theirs = it->second.answer;
    } else {
      if (remembered_.size() >= 4096) {
        std::erase_if(remembered_, [&](const auto& e) { return !fresh(e.second); });
      }
      remembered_[key] = {now, cases_revision, referrals_revision, mine.get_future().share()};
    }
  }
  if (theirs.valid()) {
    if (const std::shared_ptr<const Answer>& got = theirs.get()) return got;
    return tabulated();  // the one who asked first failed: find out why ourselves
  }
  auto forget = [&] {
    std::lock_guard lock(remembered_mu_);
    auto it = remembered_.find(key);
    if (it != remembered_.end() && it->second.made == now &&
        it->second.cases_revision == cases_revision) {
      remembered_.erase(it);
    }
  };
  Result<std::shared_ptr<const Answer>> done;
  try {
    done = tabulated();
  } catch (...) {
    mine.set_value(nullptr);
    forget();
    throw;
  }
  mine.set_value(done ? *done : nullptr);
  if (!done) forget();
  return done;
}

Result<void> Service::Tabulate(const identity::Principal& who, const Query& q, Answer& a) {
  const std::string& id = a.indicator.id;
  if (id == "conviction_rate") return ConvictionRate(who, q, a);
  // The canonical table: the breakdowns asked in catalogue order, place first; an area asked about
  // is a slice of the national table broken down by place, never a table of its own.
  bool by_district = Contains(q.by, "district");
  bool by_province = !by_district && (Contains(q.by, "province") || !q.province.empty());
  if (!q.district.empty()) by_district = true;
  std::vector<std::string> dims;
  if (by_district || by_province) dims.push_back(kGeo);
  for (const auto& d : a.indicator.dimensions) {
    if (d != "district" && d != "province" && Contains(q.by, d)) dims.push_back(d);
  }
  a.dims = dims;

  cases::FactScope scope;
  scope.fiscal_year = a.fiscal_year;
  scope.ad_year = a.year;
  scope.from = a.from;
  scope.to = a.to;
  scope.local_level = q.local_level;  // a local committee's own table

  auto geo_of = [&](const std::string& district) -> std::vector<std::string> {
    if (district.empty()) return {"unknown"};
    if (by_district) return {district};
    const refdata::GeoUnit* d = refdata_.Unit(district);
    return {d ? d->parent_code : "unknown"};
  };

  // Dimensions for the release engine.
  std::vector<Dimension> release_dims;
  for (const auto& d : dims) {
    if (d == kGeo) {
      release_dims.push_back({kGeo, [this](const std::string& v) -> std::string {
                                if (v.size() == 3) {
                                  const refdata::GeoUnit* u = refdata_.Unit(v);
                                  return u ? u->parent_code : kTotal;
                                }
                                return kTotal;
                              }});
    } else {
      release_dims.push_back({d, [](const std::string&) { return std::string(kTotal); }});
    }
  }
  auto to_record = [&](const Unit& u) {
    Record r;
    for (const auto& d : dims) r.values.push_back(u.at(d));
    return r;
  };

  std::vector<Unit> units;
  std::vector<Record> weighted;                   // alike cases counted once, with their number
  std::vector<std::pair<Unit, double>> measured;  // for medians
  if (id == "survivors_identified") {
    // Counted by the database, grouped by what the table needs: a national year of a million
    // cases is a few thousand groups.
    static const std::map<std::string, std::string> kColumnOf = {
        {"sex", "sex"},
        {"age_band", "age_band"},
        {"exploitation_type", "exploitation_types"},
        {"citizenship", "citizenship"},
        {"origin_district", "origin_district"},
        {"identification_source", "identification_source"},
        {"exploitation_country", "exploitation_country"},
        {"exploitation_district", "exploitation_district"},
        {"trafficking_status", "trafficking_status"}};
    std::vector<std::string> columns = {"trafficking_status", "district"};
    for (const auto& d : dims) {
      if (d != kGeo && !Contains(columns, kColumnOf.at(d))) columns.push_back(kColumnOf.at(d));
    }
    auto groups = cases_.FactGroups(who, scope, columns);
    if (!groups) return Fail(groups.error());
    for (const auto& g : *groups) {
      if (g.values[0] == "not_a_victim") continue;
      Record r;
      r.weight = g.count;
      for (const auto& d : dims) {
        if (d == kGeo) {
          r.values.push_back(geo_of(g.values[1]));
          continue;
        }
        size_t at = std::find(columns.begin(), columns.end(), kColumnOf.at(d)) - columns.begin();
        const std::string& v = g.values[at];
        r.values.push_back(d == "exploitation_type" && !v.empty() ? SplitComma(v) : One(v));
      }
      weighted.push_back(std::move(r));
    }
  } else if (id == "open_caseload" || id == "cases_closed" || id == "days_to_closure") {
    cases::FactScope facts_scope = scope;  // these look across years
    facts_scope.fiscal_year.clear();
    facts_scope.ad_year = 0;
    auto facts = cases_.Facts(who, facts_scope);
    if (!facts) return Fail(facts.error());
    for (const auto& f : *facts) {
      if (id == "open_caseload" &&
          (f.identified_on >= a.to || (!f.closed_on.empty() && f.closed_on < a.to)))
        continue;
      if ((id == "cases_closed" || id == "days_to_closure") &&
          (f.closed_on.empty() || f.closed_on < a.from || f.closed_on >= a.to))
        continue;
      Unit u = {
          {kGeo, geo_of(f.district)},
          {"sex", One(f.sex)},
          {"age_band", One(f.age_band)},
          {"exploitation_type", f.exploitation_types.empty() ? One("") : f.exploitation_types},
          {"citizenship", One(f.citizenship)},
          {"origin_district", One(f.origin_district)},
          {"identification_source", One(f.identification_source)},
          {"exploitation_country", One(f.exploitation_country)},
          {"exploitation_district", One(f.exploitation_district)},
          {"trafficking_status", One(f.trafficking_status)},
          {"stage", One(f.stage)},
          {"status", One(f.status)},
          {"outcome", One(f.closure_outcome)}};
      if (id == "days_to_closure") {
        double days = static_cast<double>(DaysFromCivil(std::stoi(f.closed_on.substr(0, 4)),
                                                        std::stoul(f.closed_on.substr(5, 2)),
                                                        std::stoul(f.closed_on.substr(8, 2))) -
                                          DaysFromCivil(std::stoi(f.identified_on.substr(0, 4)),
                                                        std::stoul(f.identified_on.substr(5, 2)),
                                                        std::stoul(f.identified_on.substr(8, 2))));
        measured.emplace_back(std::move(u), days);
      } else {
        units.push_back(std::move(u));
      }
    }
  } else if (id == "referrals_made" || id == "referral_response_hours") {
    for (const auto& f : referrals_.Facts(a.from, a.to)) {
      if (!q.local_level.empty()) continue;  // referrals are placed by district only
      Unit u = {{kGeo, geo_of(f.district)},
                {"service_type", One(f.service_type)},
                {"status", One(f.status)}};
      if (id == "referral_response_hours") {
        auto sent = ParseInstant(f.sent_at), answered = ParseInstant(f.responded_at);
        if (!sent || !answered) continue;
        measured.emplace_back(
            std::move(u),
            std::chrono::duration<double, std::ratio<3600>>(*answered - *sent).count());
      } else {
        units.push_back(std::move(u));
      }
    }
  } else {
    static const std::map<std::string, std::pair<std::string, std::string>> kItems = {
        {"interceptions", {"event", "interception"}},
        {"rescues", {"event", "rescue"}},
        {"repatriations", {"event", "repatriation"}},
        {"missing_reports", {"event", "missing_report"}},
        {"justice_cases_registered", {"justice", ""}},
        {"convictions", {"justice", ""}},
        {"justice_persons", {"justice", ""}},
        {"compensation_ordered", {"justice", ""}},
        {"services_received", {"service", ""}},
        {"shelter_admissions", {"shelter_stay", ""}},
        {"overdue_follow_ups", {"follow_up", ""}}};
    const auto& [kind, subtype] = kItems.at(id);
    auto items = cases_.ItemFacts(who, kind, scope);
    if (!items) return Fail(items.error());
    const std::string today = NepalDate(clock_.Now());
    std::set<std::string> counted;       // survivors count once per event type
    std::map<std::string, Unit> served;  // a survivor once, with every type of service received
    for (const auto& i : *items) {
      if (!subtype.empty() && i.subtype != subtype) continue;
      if ((id == "convictions" || id == "compensation_ordered") && i.status != "convicted") {
        continue;
      }
      if (id == "services_received" && i.status != "delivered") continue;
      if (id == "overdue_follow_ups" &&
          !(i.done_on.empty() ? i.date < today : i.done_on > i.date)) {
        continue;
      }
      if (kind == "event" && !counted.insert(i.case_id + "|" + i.subtype).second) continue;
      Unit u = {{kGeo, geo_of(i.district)},
                {"sex", One(i.sex)},
                {"age_band", One(i.age_band)},
                {"law", One(i.subtype)},
                {"verdict", One(i.status.empty() ? "pending" : i.status)},
                {"service_type", One(i.subtype)}};
      if (id == "justice_persons") {
        // Each person once, with every stage reached. Only counts are kept, so people are laid out
        // in order (the first `arrested` were arrested, ...): every released cell counts one stage,
        // which the counts give exactly.
        const cases::JusticeCounts& j = i.justice;
        for (int64_t n = 0; n < j.suspects; ++n) {
          std::vector<std::string> stages = {"suspected"};
          if (n < j.arrested) stages.push_back("arrested");
          if (n < j.prosecuted) stages.push_back("prosecuted");
          if (n < j.convicted) {
            stages.push_back("convicted");
          } else if (n < j.convicted + j.acquitted) {
            stages.push_back("acquitted");
          }
          u["stage"] = std::move(stages);
          units.push_back(u);
        }
      } else if (id == "services_received") {
        auto [it, fresh] = served.try_emplace(i.case_id, u);
        auto& types = it->second["service_type"];
        if (!fresh && std::find(types.begin(), types.end(), i.subtype) == types.end()) {
          types.push_back(i.subtype);
        }
      } else if (id == "compensation_ordered") {
        if (i.justice.compensation_npr.value_or(0) > 0) {
          Record r = to_record(u);
          r.amount = *i.justice.compensation_npr;
          weighted.push_back(std::move(r));
        }
      } else {
        units.push_back(std::move(u));
      }
    }
    for (auto& [case_id, u] : served) units.push_back(std::move(u));
  }

  std::vector<std::pair<std::vector<std::string>, std::pair<std::optional<int64_t>, bool>>> raw;
  if (IsMedian(id)) {
    // A median per cell, released only where at least k values lie behind it.
    std::map<std::vector<std::string>, std::vector<double>> values;
    for (const auto& [u, v] : measured) {
      Record r = to_record(u);
      std::vector<std::vector<std::string>> options(dims.size());
      std::function<void(size_t, std::vector<std::string>&)> expand =
          [&](size_t d, std::vector<std::string>& key) {
            if (d == dims.size()) {
              values[key].push_back(v);
              return;
            }
            std::set<std::string> levels;
            for (const auto& value : r.values[d]) {
              for (std::string x = value; x != kTotal; x = release_dims[d].parent(x)) {
                levels.insert(x);
              }
            }
            levels.insert(kTotal);
            for (const auto& level : levels) {
              key.push_back(level);
              expand(d + 1, key);
              key.pop_back();
            }
          };
      std::vector<std::string> key;
      expand(0, key);
    }
    if (values.empty()) values[std::vector<std::string>(dims.size(), kTotal)] = {};
    for (auto& [key, v] : values) {
      if (static_cast<int>(v.size()) < a.k) {
        raw.push_back({key, {std::nullopt, true}});
        continue;
      }
      std::sort(v.begin(), v.end());
      double median = v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
      raw.push_back({key, {std::llround(median), false}});
    }
    a.notes.push_back("Medians are shown only where at least " + std::to_string(a.k) +
                      " values lie behind them.");
  } else {
    std::vector<Record> records = std::move(weighted);
    records.reserve(records.size() + units.size());
    for (const auto& u : units) records.push_back(to_record(u));
    ReleaseOptions release;
    release.k = a.k;
    release.rounding = a.rounding;
    release.epsilon = a.epsilon;
    release.sum = id == "compensation_ordered";
    if (a.epsilon > 0) {
      // Differential privacy: each query spends from the dataset's budget, refused once spent.
      const std::string dataset =
          id + "|" + (a.fiscal_year.empty() ? std::to_string(a.year) : a.fiscal_year);
      auto paid = db_.Write([&](db::Connection& c) -> Result<double> {
        double spent = store::EpsilonSpent(c, dataset);
        if (spent + a.epsilon > options_.epsilon_budget + 1e-9) {
          Error e = Error::Conflict("the privacy budget for " + dataset + " is spent (" +
                                    Decimal(spent) + " of " + Decimal(options_.epsilon_budget) +
                                    "); ask without epsilon for the suppressed figures");
          e.extra_json =
              json{{"epsilon_remaining", Rounded(std::max(0.0, options_.epsilon_budget - spent))}}
                  .dump();
          return Fail(e);
        }
        store::RecordSpend(c, dataset, a.epsilon, who.user.id, FormatInstant(clock_.Now()));
        return Rounded(options_.epsilon_budget - spent - a.epsilon);
      });
      if (!paid) return Fail(paid.error());
      a.epsilon_remaining = *paid;
      a.notes.push_back("Values carry Laplace noise (epsilon " + Decimal(a.epsilon) + ").");
    }
    Table table = Release(release_dims, records, release);
    for (const auto& c : table.cells) {
      std::optional<int64_t> value = c.released;
      if (release.sum && value) value = (*value + kMoneyBase / 2) / kMoneyBase * kMoneyBase;
      raw.push_back({c.key, {value, c.suppressed}});
    }
    if (release.sum) {
      a.notes.push_back("Sums are shown only where at least " + std::to_string(a.k) +
                        " records lie behind them and none is more than half of the sum; "
                        "rounded to the nearest 1,000.");
    }
  }

  // The area asked about is a slice of the table.
  for (const auto& [key, value] : raw) {
    ReleasedCell cell;
    for (size_t d = 0; d < dims.size(); ++d) {
      if (dims[d] != kGeo) {
        cell.dims.emplace_back(dims[d], key[d]);
        continue;
      }
      const std::string& g = key[d];
      std::string province = g.size() == 3 && refdata_.Unit(g) ? refdata_.Unit(g)->parent_code : g;
      if (g == "unknown") province = "unknown";
      if (!a.district.empty() && g != a.district) goto skip;
      if (!a.province.empty() && province != a.province) goto skip;
      if (by_district)
        cell.dims.emplace_back("district", g.size() == 3 || g == "unknown" ? g : kTotal);
      cell.dims.emplace_back("province", province);
    }
    cell.value = value.first;
    cell.suppressed = value.second;
    a.cells.push_back(std::move(cell));
  skip:;
  }
  if (!a.district.empty() || !a.province.empty()) {
    a.notes.push_back("Figures for an area are a slice of the national table, suppressed there.");
  }
  if (a.indicator.unit == "survivors" && a.local_level.empty()) AddRates(a);
  return {};
}

void Service::AddRates(Answer& a) const {
  // Tables by place (or none): a rate on a table by sex or type would divide one sex or type by
  // everyone.
  for (const auto& d : a.dims) {
    if (d != kGeo) return;
  }
  bool any = false;
  for (auto& cell : a.cells) {
    if (!cell.value) continue;
    std::string place;  // "" = Nepal
    for (const auto& [dim, value] : cell.dims) {
      if (value != kTotal && place.size() < value.size()) place = value;
    }
    auto people = refdata_.Population(place);
    if (!people || *people == 0) continue;
    cell.rate_per_100k =
        std::round(static_cast<double>(*cell.value) * 1e6 / static_cast<double>(*people)) / 10;
    any = true;
  }
  if (any) {
    a.notes.push_back(
        "Rates are per 100,000 people counted at the 2021 census, from the "
        "released figures.");
  }
}

Result<void> Service::ConvictionRate(const identity::Principal& who, const Query& q, Answer& a) {
  // A rate of released counts reveals nothing the counts do not: it is computed from the table of
  // cases registered by verdict, released as that table is.
  Query counts = q;
  counts.indicator = "justice_cases_registered";
  counts.by.push_back("verdict");
  Answer by_verdict = a;
  for (const auto& i : Catalogue()) {
    if (i.id == counts.indicator) by_verdict.indicator = i;
  }
  if (auto ok = Tabulate(who, counts, by_verdict); !ok) return Fail(ok.error());
  struct Decided {
    std::optional<int64_t> convicted = 0, acquitted = 0;
  };
  std::map<std::vector<std::pair<std::string, std::string>>, Decided> rows;
  for (const auto& cell : by_verdict.cells) {
    std::vector<std::pair<std::string, std::string>> key;
    std::string verdict;
    for (const auto& [dim, value] : cell.dims) {
      if (dim == "verdict") {
        verdict = value;
      } else {
        key.emplace_back(dim, value);
      }
    }
    Decided& d = rows[key];
    if (verdict == "convicted") d.convicted = cell.suppressed ? std::nullopt : cell.value;
    if (verdict == "acquitted") d.acquitted = cell.suppressed ? std::nullopt : cell.value;
  }
  a.dims = by_verdict.dims;
  a.dims.pop_back();
  for (const auto& [key, d] : rows) {
    ReleasedCell cell;
    cell.dims = key;
    if (!d.convicted || !d.acquitted) {
      cell.suppressed = true;
    } else if (*d.convicted + *d.acquitted == 0) {
      continue;  // nothing decided here
    } else {
      cell.value = std::llround(100.0 * static_cast<double>(*d.convicted) /
                                static_cast<double>(*d.convicted + *d.acquitted));
    }
    a.cells.push_back(std::move(cell));
  }
  a.notes = by_verdict.notes;
  a.notes.push_back(
      "Rates are shown only where the counts of convictions and acquittals behind "
      "them are released.");
  return {};
}

Result<Report> Service::AnnualReport(const identity::Principal& who, const Query& area) {
  Query scope = area;
  if (auto ok = Bound(who, scope); !ok) return Fail(ok.error());
  Report r;
  r.fiscal_year = scope.fiscal_year.empty() ? LastCompleteFiscalYear() : scope.fiscal_year;
  r.k = options_.k;
  r.generated_on = NepalDate(clock_.Now());
  r.area_en = "Nepal";
  r.area_ne = "नेपाल";
  for (const std::string& code : {scope.province, scope.district, scope.local_level}) {
    if (const refdata::GeoUnit* u = code.empty() ? nullptr : refdata_.Unit(code)) {
      r.area_en = u->name_en + (u->level == "district" ? " district" : "");
      r.area_ne = u->name_ne + (u->level == "district" ? " जिल्ला" : "");
    }
  }
  const bool national =
      scope.province.empty() && scope.district.empty() && scope.local_level.empty();
  struct Spec {
    const char* indicator;
    std::vector<std::string> by;
  };
  const std::vector<std::tuple<std::string, std::string, std::vector<Spec>>> sections = {
      {"Survivors identified",
       "पहिचान भएका पीडित/प्रभावित",
       {{"survivors_identified", {}},
        {"survivors_identified", {"sex"}},
        {"survivors_identified", {"age_band"}},
        {"survivors_identified", {"exploitation_type"}},
        {"survivors_identified", {"identification_source"}},
        {"survivors_identified", {national ? "province" : "district"}}}},
      {"Rescue and return",
       "उद्धार तथा फिर्ता",
       {{"interceptions", {}}, {"rescues", {}}, {"repatriations", {}}, {"missing_reports", {}}}},
      {"Justice",
       "न्याय",
       {{"justice_cases_registered", {"law"}},
        {"justice_persons", {"stage"}},
        {"convictions", {"law"}},
        {"conviction_rate", {"law"}},
        {"compensation_ordered", {}}}},
      {"Services and referrals",
       "सेवा तथा प्रेषण",
       {{"services_received", {"service_type"}},
        {"shelter_admissions", {}},
        {"referrals_made", {"status"}},
        {"referral_response_hours", {}}}},
      {"Case management",
       "केस व्यवस्थापन",
       {{"open_caseload", {"stage"}},
        {"overdue_follow_ups", {}},
        {"cases_closed", {"outcome"}},
        {"days_to_closure", {}}}},
  };
  for (const auto& [title_en, title_ne, specs] : sections) {
    ReportSection section{title_en, title_ne, {}};
    for (const auto& spec : specs) {
      Query q = scope;
      q.indicator = spec.indicator;
      q.fiscal_year = r.fiscal_year;
      q.by = spec.by;
      auto a = Run(who, q);
      if (!a) return Fail(a.error());
      section.tables.push_back(std::move(*a));
    }
    r.sections.push_back(std::move(section));
  }
  if (scope.district.empty() && scope.local_level.empty()) {
    Query q = scope;
    q.indicator = "survivors_identified";
    q.fiscal_year = r.fiscal_year;
    q.by = {"district"};
    auto a = Run(who, q);
    if (!a) return Fail(a.error());
    r.by_district = std::move(*a);
  }
  return r;
}

Result<Microdata> Service::Export(const identity::Principal& who, const Query& period,
                                  const std::string& layout) {
  if (layout != "ctdc" && layout != "htcds") {
    return Fail(Error::NotFound("no microdata layout " + layout + " (ctdc or htcds)"));
  }
  if (!who.HasRole("analyst") && !who.HasRole("system_admin")) {
    return Fail(Error::Forbidden("microdata are for analysts and administrators"));
  }
  Query q = period;
  Answer a;
  if (auto ok = Period(q, a); !ok) return Fail(ok.error());
  cases::FactScope scope;
  scope.fiscal_year = a.fiscal_year;
  scope.ad_year = a.year;
  auto facts = cases_.Facts(who, scope);
  if (!facts) return Fail(facts.error());
  Microdata m = layout == "ctdc" ? CtdcMicrodata(*facts, refdata_, options_.k)
                                 : HtcdsMicrodata(*facts, refdata_, options_.k);
  audit_.RecordCommitted(who.Actor(),
                         {"stats.export." + layout, "indicator", "survivors_identified",
                          json{{"fiscal_year", a.fiscal_year},
                               {"year", a.year},
                               {"rows", m.rows.size()},
                               {"withheld", m.withheld}}
                              .dump()});
  return m;
}

Result<std::vector<Answer>> Service::Public(const std::string& fiscal_year) {
  identity::Principal release;
  release.user.username = "public";
  release.user.roles = {"analyst"};
  release.request_id = "public";
  std::vector<Answer> out;
  for (const auto& [indicator, by] : std::vector<std::pair<std::string, std::vector<std::string>>>{
           {"survivors_identified", {}},
           {"survivors_identified", {"sex"}},
           {"survivors_identified", {"province"}},
           {"survivors_identified", {"exploitation_type"}},
           {"survivors_identified", {"age_band"}},
           {"services_received", {"service_type"}},
           {"referrals_made", {"status"}}}) {
    Query q;
    q.indicator = indicator;
    q.fiscal_year = fiscal_year;
    q.by = by;
    q.rounding = 5;
    auto a = Run(release, q);
    if (!a) return Fail(a.error());
    out.push_back(std::move(*a));
  }
  return out;
}

}  // namespace samman::stats
