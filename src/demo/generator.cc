#include "demo/generator.h"

#include <array>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <thread>

#include "demo/directory.h"
#include "refdata/calendar.h"

namespace samman::demo {
namespace {

using nlohmann::json;

// SplitMix64: the same numbers for the same seed on every machine (std distributions are not
// portable).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  int Int(int lo, int hi) {
    return lo + static_cast<int>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }
  bool Chance(int percent) { return Int(1, 100) <= percent; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Next() % v.size()];
  }

 private:
  uint64_t state_;
};

struct Name {
  const char* latin;
  const char* devanagari;
};

const std::vector<Name> kFemale = {
    {"Sita", "सीता"},      {"Gita", "गीता"},       {"Maya", "माया"},     {"Sarita", "सरिता"},
    {"Sunita", "सुनिता"},   {"Laxmi", "लक्ष्मी"},     {"Kamala", "कमला"},   {"Bishnu", "विष्णु"},
    {"Parbati", "पार्वती"}, {"Radhika", "राधिका"},  {"Dolma", "डोल्मा"},   {"Sabina", "सबिना"},
    {"Anita", "अनिता"},    {"Rita", "रिता"},       {"Sangita", "संगीता"}, {"Puja", "पूजा"},
    {"Asmita", "अस्मिता"},  {"Manisha", "मनिषा"},   {"Kabita", "कविता"},  {"Pabitra", "पवित्रा"},
    {"Sushila", "सुशिला"},  {"Dhanmaya", "धनमाया"}, {"Chandra", "चन्द्रा"}, {"Nirmala", "निर्मला"}};
const std::vector<Name> kMale = {{"Ram", "राम"},
                                 {"Hari", "हरि"},
                                 {"Krishna", "कृष्ण"},
                                 {"Bikash", "विकास"},
                                 {"Suman", "सुमन"},
                                 {"Dipak", "दीपक"},
                                 {"Raju", "राजु"},
                                 {"Nabin", "नवीन"},
                                 {"Prakash", "प्रकाश"},
                                 {"Bishal", "विशाल"},
                                 {"Ramesh", "रमेश"},
                                 {"Santosh", "सन्तोष"},
                                 {"Dil Bahadur", "दिल बहादुर"},
                                 {"Man Bahadur", "मान बहादुर"},
                                 {"Pemba", "पेम्बा"},
                                 {"Arjun", "अर्जुन"}};
const std::vector<Name> kFamily = {
    {"Tamang", "तामाङ"},   {"Gurung", "गुरुङ"},       {"Magar", "मगर"},       {"Rai", "राई"},
    {"Limbu", "लिम्बु"},     {"Sherpa", "शेर्पा"},      {"Tharu", "थारु"},       {"Chhetri", "क्षेत्री"},
    {"Sharma", "शर्मा"},    {"Adhikari", "अधिकारी"}, {"Poudel", "पौडेल"},     {"Shrestha", "श्रेष्ठ"},
    {"Maharjan", "महर्जन"}, {"B.K.", "वि.क."},       {"Nepali", "नेपाली"},    {"Pariyar", "परियार"},
    {"Yadav", "यादव"},     {"Mandal", "मण्डल"},      {"Thapa", "थापा"},      {"Karki", "कार्की"},
    {"Lama", "लामा"},      {"Chaudhary", "चौधरी"},  {"Bhandari", "भण्डारी"}, {"Khadka", "खड्का"}};

// Spelling noise a second organisation's clerk might introduce.
std::string Noisy(const std::string& name, Rng& rng) {
  static const std::vector<std::pair<std::string, std::string>> kSwaps = {
      {"Shrestha", "Srestha"}, {"Chhetri", "Chettri"}, {"Laxmi", "Lakshmi"},
      {"Sita", "Seeta"},       {"Gita", "Geeta"},      {"Bishnu", "Vishnu"},
      {"Parbati", "Parvati"},  {"Poudel", "Paudel"},   {"Bikash", "Vikash"},
      {"Tamang", "Tamaang"},   {"Kabita", "Kavita"},   {"Dipak", "Deepak"},
      {"Nabin", "Naveen"},     {"Sherpa", "Serpa"},    {"Puja", "Pooja"},
      {"Gurung", "Gurang"}};
  for (const auto& [from, to] : kSwaps) {
    if (name == from) return to;
  }
  if (name.size() > 4 && rng.Chance(50)) {
    std::string out = name;
    out.erase(out.size() - 2, 1);  // a dropped letter
    return out;
  }
  return name;
}

const std::vector<std::string> kFocusDistricts = {"302", "303", "304", "305", "306", "309",
                                                  "312", "509", "510", "511", "512", "708"};

struct Pattern {
  const char* exploitation;
  std::vector<std::string> countries;  // "" = inside Nepal
  const char* sex;                     // female | male | any
  int min_age, max_age;
  std::vector<std::string> sources;
  std::vector<std::string> recruitment;
  const char* industry;
  int weight;
};

const std::vector<Pattern>& Patterns() {
  static const std::vector<Pattern> kPatterns = {
      {"sexual_exploitation",
       {"IN"},
       "female",
       13,
       26,
       {"border_interception", "repatriation", "police"},
       {"local_agent", "romantic_relationship_or_marriage", "friends_or_social_event"},
       "",
       30},
      {"forced_labour",
       {"QA", "SA", "AE", "KW", "MY"},
       "any",
       19,
       45,
       {"foreign_employment_complaint", "repatriation", "self_referral"},
       {"recruitment_agency", "local_agent"},
       "construction",
       30},
      {"domestic_servitude",
       {"KW", "SA", "LB", "OM"},
       "female",
       21,
       45,
       {"foreign_employment_complaint", "repatriation"},
       {"recruitment_agency", "local_agent"},
       "domestic_work",
       12},
      {"sexual_exploitation",
       {""},
       "female",
       14,
       24,
       {"police", "shelter", "hotline"},
       {"friends_or_social_event", "at_work"},
       "adult_entertainment",
       14},
      {"forced_marriage",
       {"CN", "IN"},
       "female",
       15,
       28,
       {"border_interception", "hotline"},
       {"romantic_relationship_or_marriage", "online_social_network"},
       "",
       8},
      {"child_labour",
       {""},
       "any",
       9,
       16,
       {"hotline", "police", "shelter"},
       {"family", "local_agent"},
       "domestic_work",
       6},
  };
  return kPatterns;
}

// Seals and writes batches of records on two threads of its own, so that both cores share the
// work whatever its mix, and what a thread allocates it also frees. Batches are written in the
// order they were pushed (case numbers and the duplicate pairs' positions depend on it), at most
// four waiting; the new case ids are kept per organisation. Push and Finish from one thread.
class BatchWriter {
 public:
  explicit BatchWriter(cases::Service& cases) : cases_(cases) {
    for (auto& t : threads_) t = std::thread([this] { Run(); });
  }
  ~BatchWriter() {
    {
      std::lock_guard lock(mu_);
      closed_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) {
      if (t.joinable()) t.join();
    }
  }

  // Fails with the first error a thread met, so generation stops early.
  Result<void> Push(const identity::Principal& who, const std::string& org_key,
                    std::vector<cases::ImportRecord> records) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return queue_.size() < 4 || error_; });
    if (error_) return Fail(*error_);
    queue_.push_back({pushed_++, who, org_key, std::move(records)});
    cv_.notify_all();
    return {};
  }

  Result<std::map<std::string, std::vector<std::string>>> Finish() {
    {
      std::unique_lock lock(mu_);
      closed_ = true;
      cv_.notify_all();
    }
    for (auto& t : threads_) t.join();
    if (error_) return Fail(*error_);
    return std::move(ids_);
  }

 private:
  struct Job {
    uint64_t seq;
    identity::Principal who;
    std::string org_key;
    std::vector<cases::ImportRecord> records;
  };

  void Run() {
    for (;;) {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return !queue_.empty() || closed_ || error_; });
      if (queue_.empty() || error_) return;
      Job job = std::move(queue_.front());
      queue_.pop_front();
      cv_.notify_all();
      lock.unlock();
      auto sealed = cases_.PrepareImport(job.who, std::move(job.records));
      lock.lock();
      cv_.wait(lock, [&] { return written_ == job.seq || error_; });
      if (error_) return;
      if (!sealed) return Stop(sealed.error());
      lock.unlock();
      auto written = cases_.CommitImport(job.who, std::move(*sealed));
      lock.lock();
      if (!written) return Stop(written.error());
      auto& out = ids_[job.org_key];
      out.insert(out.end(), written->begin(), written->end());
      ++written_;
      cv_.notify_all();
    }
  }
  void Stop(Error e) {  // with mu_ held
    error_ = std::move(e);
    cv_.notify_all();
  }

  cases::Service& cases_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> queue_;                                // GUARDED_BY(mu_)
  uint64_t pushed_ = 0;                                  // GUARDED_BY(mu_)
  uint64_t written_ = 0;                                 // GUARDED_BY(mu_): batches written
  bool closed_ = false;                                  // GUARDED_BY(mu_)
  std::optional<Error> error_;                           // GUARDED_BY(mu_)
  std::map<std::string, std::vector<std::string>> ids_;  // GUARDED_BY(mu_)
  std::array<std::thread, 2> threads_;
};

}  // namespace

Result<Report> Generate(platform::App& app, const Options& options) {
  auto cli = identity::Principal::CommandLine();
  auto& ids = app.identity();
  auto& refdata = app.refdata();
  Rng rng(options.seed);
  Report report;

  auto existing = ids.ListUsers(cli, "");
  if (existing && !existing->empty()) {
    return Fail(
        Error::Conflict("this database already has users; demo data goes into an empty one"));
  }

  // Only codes that exist in this build's code lists are used, so the demo follows the lists.
  auto keep_codes = [&](const char* list, std::vector<std::string> codes) {
    std::vector<std::string> out;
    for (auto& c : codes) {
      if (refdata.IsCode(list, c)) out.push_back(std::move(c));
    }
    return out;
  };

  std::map<std::string, identity::Organization> orgs;
  auto add_org = [&](const std::string& key, identity::NewOrganization o) -> Result<void> {
    auto created = ids.CreateOrganization(cli, o);
    if (!created) return Fail(created.error());
    orgs[key] = *created;
    ++report.organizations;
    return {};
  };
  struct OrgSpec {
    const char* key;
    identity::NewOrganization org;
  };
  const std::vector<OrgSpec> national = {
      {"ministry", {"Ministry of Women, Children and Senior Citizens (demo)", "ministry", "", ""}},
      {"nccht",
       {"National Committee for Controlling Human Trafficking (demo)", "committee", "national",
        ""}},
      {"ahtb", {"Anti-Human Trafficking Bureau (demo)", "police", "", ""}},
      {"attorney", {"Office of the Attorney General (demo)", "attorney", "", ""}},
      {"court", {"Kathmandu District Court (demo)", "court", "", "306"}},
      {"international", {"International Migration Partner (demo)", "international", "", ""}},
      {"private", {"Himalayan Skills Employer Network (demo)", "private", "", ""}},
      {"pccht3", {"Bagmati Province Committee (demo)", "committee", "province", "3"}},
  };
  for (const auto& spec : national) {
    if (auto ok = add_org(spec.key, spec.org); !ok) return Fail(ok.error());
  }
  for (const auto& d : kFocusDistricts) {
    const std::string name = refdata.Unit(d)->name_en;
    if (auto ok = add_org("ngo" + d, {"Saathi Sahayog " + name + " (demo NGO)", "ngo", "", d});
        !ok) {
      return Fail(ok.error());
    }
    if (auto ok = add_org("dccht" + d,
                          {"District Committee " + name + " (demo)", "committee", "district", d});
        !ok) {
      return Fail(ok.error());
    }
    if (auto ok =
            add_org("police" + d, {"District Police Office " + name + " (demo)", "police", "", d});
        !ok) {
      return Fail(ok.error());
    }
  }
  for (const char* d : {"306", "312", "511"}) {
    const std::string name = refdata.Unit(d)->name_en;
    if (auto ok = add_org(std::string("shelter") + d,
                          {"Surakshit Aawas " + name + " (demo shelter)", "shelter", "", d});
        !ok) {
      return Fail(ok.error());
    }
  }
  if (auto ok = add_org("local30601", {"Kathmandu Metropolitan Local Committee (demo)", "committee",
                                       "local", "30601"});
      !ok) {
    return Fail(ok.error());
  }

  struct UserSpec {
    const char* username;
    const char* display;
    const char* org;
    std::vector<std::string> roles;
  };
  const std::vector<UserSpec> users = {
      {"admin", "System Administrator", "ministry", {"system_admin"}},
      {"orgadmin", "Org Administrator (NGO Kathmandu)", "ngo306", {"org_admin"}},
      {"caseworker", "Sunita Case Worker", "ngo306", {"case_worker"}},
      {"supervisor", "Kamala Case Supervisor", "ngo306", {"case_supervisor"}},
      {"caseworker2", "Dolma Case Worker (Sindhupalchok)", "ngo302", {"case_worker"}},
      {"police", "Inspector Rai (AHTB)", "ahtb", {"police_investigator"}},
      {"committee", "Committee Member (Kathmandu DCCHT)", "dccht306", {"committee_member"}},
      {"analyst", "Ministry Analyst", "ministry", {"analyst"}},
      {"directory", "Directory Editor", "ministry", {"directory_editor"}},
      {"inspector", "Shelter Inspector", "nccht", {"inspector"}},
  };
  // The other focus-district NGOs get a case worker each, so every district has cases.
  std::vector<std::pair<std::string, identity::NewUser>> accounts;  // organisation key, user
  std::set<std::string> staffed;
  for (const auto& u : users) {
    accounts.push_back({u.org, {u.username, u.display, kDemoPassword, orgs[u.org].id, u.roles}});
    if (u.roles[0] == "case_worker") staffed.insert(u.org);
  }
  for (const auto& d : kFocusDistricts) {
    const std::string key = "ngo" + d;
    if (staffed.count(key)) continue;
    accounts.push_back({key,
                        {"caseworker_" + d, "Case Worker " + refdata.Unit(d)->name_en,
                         kDemoPassword, orgs[key].id, std::vector<std::string>{"case_worker"}}});
  }
  // Password hashing is slow on purpose: two accounts at a time, one per core.
  std::vector<Result<identity::User>> created(accounts.size());
  for (size_t i = 0; i < accounts.size(); i += 2) {
    std::thread second;
    if (i + 1 < accounts.size()) {
      second =
          std::thread([&, i] { created[i + 1] = ids.CreateUser(cli, accounts[i + 1].second); });
    }
    created[i] = ids.CreateUser(cli, accounts[i].second);
    if (second.joinable()) second.join();
  }
  std::map<std::string, identity::Principal> workers;
  for (size_t i = 0; i < accounts.size(); ++i) {
    if (!created[i]) return Fail(created[i].error());
    ++report.users;
    const auto& [org_key, account] = accounts[i];
    if (i < users.size()) report.logins.emplace_back(account.username, account.roles[0]);
    if (account.roles[0] == "case_worker") {
      identity::Principal p;
      p.user = *created[i];
      p.organization = orgs[org_key];
      p.request_id = "demo";
      workers[org_key] = p;
    }
  }

  // Cases: opened between 1 Shrawan 2075 and the end of Ashadh 2083 (fiscal years 2075/76-2082/83).
  const auto& cal = refdata.calendar();
  auto first = cal.ToAd({2075, 4, 1});
  auto last = cal.ToAd({2083, 3, cal.DaysInMonth(2083, 3)});
  if (!first || !last)
    return Fail(Error::Invalid("the calendar table does not cover 2075-2083 BS"));
  const int64_t day0 = DaysFromCivil(first->year, first->month, first->day);
  const int64_t day1 = DaysFromCivil(last->year, last->month, last->day);
  auto ad_of = [](int64_t days) {
    std::string s = FormatInstant(Instant(std::chrono::hours(24 * days)));
    return s.substr(0, 10);
  };

  int total_weight = 0;
  for (const auto& p : Patterns()) total_weight += p.weight;
  // Records wait per organisation and go kBatch at a time to the writer's threads, which seal and
  // write them while more are made here, so memory stays flat however many.
  constexpr size_t kBatch = 1000;
  std::map<std::string, std::vector<cases::ImportRecord>> batches;  // by organisation key
  std::map<std::string, size_t> handed;                             // records sent to the writer
  // An empty database being filled: syncing to disk and building the non-unique indexes can wait
  // until the end.
  struct BulkLoad {
    db::Database& db;
    bool finished = false;
    explicit BulkLoad(db::Database& d) : db(d) { db.SetBulkLoad(true); }
    void Finish() {
      finished = true;
      db.SetBulkLoad(false);
    }
    ~BulkLoad() {
      if (finished) return;
      try {
        db.SetBulkLoad(false);
      } catch (const db::DbError&) {
        // On a path that is already failing: the next start rebuilds the indexes.
      }
    }
  };
  const auto load_start = std::chrono::steady_clock::now();
  BulkLoad bulk(app.db());
  BatchWriter writer(app.cases());
  auto flush = [&](const std::string& org_key, size_t at_least) -> Result<void> {
    auto& pending = batches[org_key];
    if (pending.empty() || pending.size() < at_least) return {};
    handed[org_key] += pending.size();
    auto pushed = writer.Push(workers[org_key], org_key, std::move(pending));
    pending.clear();
    return pushed;
  };
  auto next_index = [&](const std::string& org_key) {
    return handed[org_key] + batches[org_key].size();
  };
  struct Truth {
    std::string org_a;
    size_t index_a;
    std::string org_b;
    size_t index_b;
  };
  std::vector<Truth> truth;
  const std::vector<std::string> suspect_roles = keep_codes(
      "perpetrator_role",
      {"recruiter_intermediary", "broker_travel_agent", "transporter", "sold_person", "exploiter"});
  // Lists looked up once, not for every case.
  std::map<const Pattern*, std::vector<std::string>> methods_of, industry_of;
  for (const auto& p : Patterns()) {
    methods_of[&p] = keep_codes("recruitment_method", p.recruitment);
    if (*p.industry) industry_of[&p] = keep_codes("labour_industry", {p.industry});
  }
  const auto means =
      keep_codes("means_of_control", {"debt_bondage", "withholds_documents", "physical_threats",
                                      "false_promises", "restricts_movement"});
  const auto services =
      keep_codes("support_type", {"psychosocial_counselling", "health", "legal", "livelihood",
                                  "family_reintegration", "education"});
  std::map<std::string, std::vector<refdata::GeoUnit>> local_levels;
  for (const auto& d : kFocusDistricts) local_levels[d] = refdata.LocalLevels(d);
  const std::vector<std::string> borders = {"Kakarbhitta", "Birgunj",
                                            "Bhairahawa",  "Nepalgunj",
                                            "Dhangadhi",   "Tribhuvan International Airport"};
  for (int n = 0; n < options.cases; ++n) {
    int roll = rng.Int(1, total_weight);
    const Pattern* pat = &Patterns()[0];
    for (const auto& p : Patterns()) {
      if ((roll -= p.weight) <= 0) {
        pat = &p;
        break;
      }
    }
    const std::string district = rng.Pick(kFocusDistricts);
    const std::string org_key = "ngo" + district;
    bool female =
        std::string(pat->sex) == "female" || (std::string(pat->sex) == "any" && rng.Chance(55));
    const Name& given = rng.Pick(female ? kFemale : kMale);
    const Name& family = rng.Pick(kFamily);
    int64_t opened_day =
        day0 + static_cast<int64_t>(rng.Next() % static_cast<uint64_t>(day1 - day0 + 1));
    int age = rng.Int(pat->min_age, pat->max_age);

    cases::ImportRecord r;
    r.person.sex = female ? "female" : "male";
    if (rng.Chance(20)) {
      r.person.name_ne = std::string(given.devanagari) + " " + family.devanagari;
    } else {
      r.person.given_name = given.latin;
      r.person.family_name = family.latin;
      if (rng.Chance(30))
        r.person.name_ne = std::string(given.devanagari) + " " + family.devanagari;
    }
    r.person.age_at_registration = age;
    if (rng.Chance(60)) {
      int birth_year = std::stoi(ad_of(opened_day).substr(0, 4)) - age;
      char b[11];
      std::snprintf(b, sizeof b, "%04d-%02d-%02d", birth_year, rng.Int(1, 12), rng.Int(1, 28));
      r.person.birth_date = b;
      r.person.birth_precision = rng.Chance(70) ? "day" : "year";
    }
    r.person.citizenship = "NP";
    r.person.district = district;
    const auto& levels = local_levels[district];
    const auto& ll = levels[rng.Next() % levels.size()];
    r.person.local_level = ll.code;
    r.person.ward = rng.Int(1, std::max(1, ll.wards));
    if (rng.Chance(50)) r.person.phone = "98" + std::to_string(rng.Int(10000000, 69999999));
    if (age >= 16 && rng.Chance(40)) {
      r.person.citizenship_no = district.substr(1) + "-01-" + std::to_string(rng.Int(70, 82)) +
                                "-" + std::to_string(rng.Int(10000, 99999));
    }
    if (age < 18) r.person.guardian = {"(guardian)", "mother", ""};

    r.c.identification_source = rng.Pick(pat->sources);
    r.c.district = district;
    r.c.opened_at = ad_of(opened_day) + "T0" + std::to_string(rng.Int(3, 9)) + ":15:00.000Z";
    r.c.identified_on = ad_of(opened_day - rng.Int(0, 20));
    r.c.trafficking_status = rng.Chance(70) ? "actual" : "possible";
    const auto& stages = cases::Stages();
    bool closed = opened_day < day1 - 365 && rng.Chance(70);
    r.c.stage = closed ? "closure" : stages[rng.Next() % (stages.size() - 1)];
    r.c.status = closed ? (rng.Chance(15) ? "closed_referred" : "closed")
                        : (r.c.stage == "follow_up" ? "follow_up" : "active");
    if (closed) {
      r.c.closure_reason =
          r.c.status == "closed_referred" ? "referred" : "reintegrated with family";
      static const std::vector<std::pair<const char*, int>> kOutcomes = {
          {"reintegrated_family", 55},
          {"reintegrated_community", 20},
          {"declined_services", 8},
          {"lost_contact", 12},
          {"other", 5}};
      int pick = rng.Int(1, 100);
      for (const auto& [outcome, weight] : kOutcomes) {
        if ((pick -= weight) <= 0) {
          r.c.closure_outcome = outcome;
          break;
        }
      }
      if (r.c.status == "closed_referred") r.c.closure_outcome = "referred_elsewhere";
      r.c.closed_at = ad_of(std::min(day1, opened_day + rng.Int(60, 400))) + "T10:00:00.000Z";
    }

    std::string country = rng.Pick(pat->countries);
    r.profile.exploitation_types = {pat->exploitation};
    r.profile.age_when_trafficked = std::max(pat->min_age, age - rng.Int(0, 2));
    const auto& methods = methods_of[pat];
    if (!methods.empty()) r.profile.recruitment_methods = {rng.Pick(methods)};
    r.profile.exploitation_country = country.empty() ? "" : country;
    if (country.empty()) r.profile.exploitation_local_level = "30601";
    if (auto industry = industry_of.find(pat);
        industry != industry_of.end() && !industry->second.empty()) {
      r.profile.labour_industry = industry->second[0];
    }
    r.profile.duration_days = rng.Int(20, 900);
    if (country == "IN" || country == "CN") r.profile.border_points = {rng.Pick(borders)};
    if (std::string(pat->exploitation) == "forced_labour" ||
        std::string(pat->exploitation) == "domestic_servitude") {
      r.profile.fe_agency_licence =
          std::to_string(rng.Int(100, 1500)) + "/" + std::to_string(rng.Int(2060, 2080));
      if (rng.Chance(60))
        r.profile.fe_dofe_complaint = "DoFE-" + std::to_string(rng.Int(1000, 99999));
    }
    if (!means.empty()) r.profile.means_of_control = {means[rng.Next() % means.size()]};

    auto event = [&](const char* type, int64_t day, const std::string& where_country) {
      json e = {{"type", type}, {"date", ad_of(day)}, {"date_precision", "day"}};
      if (!where_country.empty()) e["country"] = where_country;
      r.items.emplace_back("event", std::move(e));
    };
    int64_t recruited = opened_day - r.profile.duration_days.value_or(60) - rng.Int(5, 60);
    event("recruitment", recruited, "");
    event("exploitation", recruited + rng.Int(3, 30), country);
    event(r.c.identification_source == "border_interception" ? "interception" : "rescue",
          opened_day - rng.Int(0, 5), country);
    json consent = {{"purpose", "services"},
                    {"given_at", ad_of(opened_day)},
                    {"checklist",
                     {{"consents_to_interview", true},
                      {"informed_of_purpose", true},
                      {"informed_of_uses", true},
                      {"informed_of_research_use", true},
                      {"informed_of_right_to_access", true},
                      {"informed_of_retention", true},
                      {"informed_of_withdrawal", true}}}};
    r.items.emplace_back("consent", consent);
    if (rng.Chance(70)) {
      consent["purpose"] = "statistics";
      r.items.emplace_back("consent", std::move(consent));
    }
    if (rng.Chance(25)) {
      const std::string verdict =
          rng.Chance(40) ? (rng.Chance(70) ? "convicted" : "acquitted") : "pending";
      json justice = {
          {"law", country.empty() || country == "IN" || country == "CN" ? "httca_2007"
                                                                        : "foreign_employment_act"},
          {"fir_no",
           "FIR-" + std::to_string(rng.Int(2075, 2083)) + "-" + std::to_string(rng.Int(1, 999))},
          {"police_unit_organization_id", orgs[rng.Chance(50) ? "ahtb" : "police" + district].id},
          {"verdict", verdict}};
      // Suspects as a police file names them: many abscond, and some are charged in absentia.
      json suspects = json::array();
      for (int s = rng.Int(1, 3); s > 0; --s) {
        json suspect = {
            {"name", std::string(rng.Pick(kMale).latin) + " " + rng.Pick(kFamily).latin},
            {"role", rng.Pick(suspect_roles)},
            {"arrested", rng.Chance(55)}};
        suspect["prosecuted"] = verdict != "pending" || rng.Chance(40);
        if (verdict == "convicted") suspect["outcome"] = rng.Chance(80) ? "convicted" : "acquitted";
        if (verdict == "acquitted") suspect["outcome"] = "acquitted";
        suspects.push_back(std::move(suspect));
      }
      justice["suspects"] = std::move(suspects);
      if (verdict == "convicted" && rng.Chance(60)) {
        justice["compensation_npr"] = int64_t{rng.Int(10, 100)} * 5000;
      }
      r.items.emplace_back("justice", std::move(justice));
    }
    // Services given, and a stay in one of the demo shelters for some.
    for (int s = rng.Chance(65) ? rng.Int(1, 3) : 0; s > 0 && !services.empty(); --s) {
      int64_t on = std::min(day1, opened_day + rng.Int(1, 120));
      bool given = closed || rng.Chance(70);
      json service = {{"type", rng.Pick(services)},
                      {"planned_date", ad_of(on)},
                      {"status", given ? "delivered" : "planned"}};
      if (given) service["actual_date"] = ad_of(on);
      r.items.emplace_back("service", std::move(service));
    }
    if (rng.Chance(20)) {
      static const std::vector<std::string> kShelters = {"shelter306", "shelter312", "shelter511"};
      int64_t in = std::min(day1, opened_day + rng.Int(0, 10));
      json stay = {{"shelter_organization_id", orgs[rng.Pick(kShelters)].id},
                   {"admitted_on", ad_of(in)}};
      if (in + 60 < day1 && rng.Chance(80)) {
        stay["discharged_on"] = ad_of(std::min(day1, in + rng.Int(14, 180)));
      }
      r.items.emplace_back("shelter_stay", std::move(stay));
    }
    if (!closed && rng.Chance(40)) {
      r.items.emplace_back("follow_up",
                           json{{"due_date", ad_of(std::min(day1, opened_day) + rng.Int(30, 200))},
                                {"purpose", "home visit"}});
    }
    size_t index = next_index(org_key);
    batches[org_key].push_back(std::move(r));

    // Some people are recorded again by the Kathmandu or Sindhupalchok NGO, spelt differently.
    if (rng.Chance(5) && org_key != "ngo306") {
      const cases::ImportRecord& first_record = batches[org_key].back();
      cases::ImportRecord twin;
      twin.person = first_record.person;
      twin.c = first_record.c;
      twin.profile = first_record.profile;
      if (!twin.person.given_name.empty()) {
        twin.person.given_name = Noisy(twin.person.given_name, rng);
        twin.person.family_name = rng.Chance(20) ? "" : Noisy(twin.person.family_name, rng);
      }
      if (rng.Chance(50)) twin.person.phone.clear();
      twin.c.identification_source = "shelter";
      twin.c.stage = "identification";
      twin.c.status = "active";
      twin.c.closure_reason.clear();
      twin.c.closure_outcome.clear();
      twin.c.closed_at.clear();
      twin.c.opened_at = ad_of(std::min(day1, opened_day + rng.Int(5, 90))) + "T11:00:00.000Z";
      truth.push_back({org_key, index, "ngo306", next_index("ngo306")});
      batches["ngo306"].push_back(std::move(twin));
      if (auto ok = flush("ngo306", kBatch); !ok) return Fail(ok.error());
    }
    if (auto ok = flush(org_key, kBatch); !ok) return Fail(ok.error());
  }

  for (const auto& [org_key, pending] : batches) {
    if (auto ok = flush(org_key, 1); !ok) return Fail(ok.error());
  }
  auto written = writer.Finish();
  const auto loaded = std::chrono::steady_clock::now();
  report.load_seconds = std::chrono::duration<double>(loaded - load_start).count();
  bulk.Finish();
  report.index_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - loaded).count();
  if (!written) return Fail(written.error());
  std::map<std::string, std::vector<std::string>>& case_ids =
      *written;  // by organisation, in order
  for (const auto& [org_key, ids] : case_ids) report.cases += static_cast<int>(ids.size());
  report.duplicate_pairs = static_cast<int>(truth.size());
  auto listed = GenerateDirectory(app, orgs, kFocusDistricts);
  if (!listed) return Fail(listed.error());
  report.directory_services = *listed;
  std::vector<std::string> kathmandu_cases(
      case_ids["ngo306"].begin(),
      case_ids["ngo306"].begin() + std::min<size_t>(case_ids["ngo306"].size(), 12));
  auto referred = GenerateReferrals(app, workers, kathmandu_cases);
  if (!referred) return Fail(referred.error());
  report.referrals = *referred;
  if (!options.truth_file.empty()) {
    std::ofstream out(options.truth_file);
    out << "case_id_a,case_id_b\n";
    for (const auto& t : truth) {
      out << case_ids[t.org_a][t.index_a] << "," << case_ids[t.org_b][t.index_b] << "\n";
    }
  }
  return report;
}

}  // namespace samman::demo
