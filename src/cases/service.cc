#include "cases/service.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "cases/store.h"
#include "common/ids.h"
#include "common/nepali_names.h"
#include "common/strings.h"

namespace samman::cases {
namespace {

using nlohmann::json;

constexpr size_t kMostNameWords = 24;
// Upkeep tasks (upkeep_done): the facts of cases from before statistics, and the keys of name
// pairs for persons from before those.
constexpr const char* kFactsRebuildTask = "cases.rebuild_missing_facts";
constexpr const char* kNamePairKeysTask = "cases.name_pair_keys";

// Identifiers compare as upper-case letters and digits; phones as their last ten digits.
std::string NormaliseDocument(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) out += c;
  }
  return out;
}
std::string NormalisePhone(const std::string& s) {
  std::string digits;
  for (char c : s) {
    if (c >= '0' && c <= '9') digits += c;
  }
  return digits.size() > 10 ? digits.substr(digits.size() - 10) : digits;
}

bool IsDate(const std::string& s) { return IsIsoDate(s); }

bool SeesOrgCases(const identity::Principal& who) {
  return who.HasRole("case_worker") || who.HasRole("case_supervisor");
}

int StageIndex(const std::string& stage) {
  const auto& s = Stages();
  return static_cast<int>(std::find(s.begin(), s.end(), stage) - s.begin());
}

// "306-2083-000123": the district, the BS year the case opened and its number in that year.
std::string CaseNumber(const std::string& district, int bs_year, int64_t seq) {
  char number[40];
  std::snprintf(number, sizeof number, "%s-%04d-%06lld", district.c_str(), bs_year,
                static_cast<long long>(seq));
  return number;
}

}  // namespace

std::string Person::DisplayName() const {
  if (erased) return "(erased)";
  std::string name = given_name;
  if (!family_name.empty()) name += (name.empty() ? "" : " ") + family_name;
  if (name.empty()) name = name_ne;
  return name.empty() ? "(no name)" : name;
}

namespace {

// Encryption of one person's fields, bound to their row and column.
class Vault {
 public:
  Vault(const crypto::KeyRing& keys, std::string person_id)
      : keys_(keys), id_(std::move(person_id)) {}
  std::string Seal(const char* column, const std::string& value) const {
    return value.empty()
               ? ""
               : crypto::Encrypt(keys_, value, std::string("persons|") + column + "|" + id_);
  }
  std::string Open(const char* column, const std::string& sealed) const {
    if (sealed.empty()) return "";
    auto plain = crypto::Decrypt(keys_, sealed, std::string("persons|") + column + "|" + id_);
    if (!plain) throw std::runtime_error("person " + id_ + ": " + column + " does not decrypt");
    return *plain;
  }
  std::string Index(const std::string& normalised) const {
    return normalised.empty()
               ? ""
               : crypto::KeyedHash(keys_.Key(crypto::KeyPurpose::kBlindIndex), "id:" + normalised);
  }

 private:
  const crypto::KeyRing& keys_;
  std::string id_;
};

std::string NameKeyHash(const crypto::KeyRing& keys, const std::string& key) {
  return crypto::KeyedHash(keys.Key(crypto::KeyPurpose::kBlindIndex), "name:" + key);
}

// The key of two name words together, the same whichever comes first: a search for two or more
// words looks up the few people who have both of each pair, not everyone with either word.
std::string NamePairKeyHash(const crypto::KeyRing& keys, const std::string& a,
                            const std::string& b) {
  return crypto::KeyedHash(keys.Key(crypto::KeyPurpose::kBlindIndex),
                           "pair:" + std::min(a, b) + " " + std::max(a, b));
}

std::vector<std::string> PersonNameKeys(const Person& p) {
  std::string all = p.given_name + " " + p.family_name + " " + p.name_ne;
  for (const auto& a : p.aliases) all += " " + a;
  return names::Keys(all);
}

// Every word's key and every pair's, across the names and aliases, so that any words of them
// find the person, in any order and spelling.
std::vector<std::string> NameKeyHashes(const crypto::KeyRing& keys, const Person& p) {
  const auto words = PersonNameKeys(p);
  std::set<std::string> out;
  for (size_t i = 0; i < words.size(); ++i) {
    out.insert(NameKeyHash(keys, words[i]));
    for (size_t j = i + 1; j < words.size(); ++j) {
      out.insert(NamePairKeyHash(keys, words[i], words[j]));
    }
  }
  return {out.begin(), out.end()};
}

store::PersonRow Seal(const crypto::KeyRing& keys, const Person& p, const std::string& owner) {
  Vault v(keys, p.id);
  store::PersonRow r;
  r.id = p.id;
  r.owner_org_id = owner;
  r.given_name_enc = v.Seal("given_name", p.given_name);
  r.family_name_enc = v.Seal("family_name", p.family_name);
  r.name_ne_enc = v.Seal("name_ne", p.name_ne);
  r.aliases_enc = p.aliases.empty() ? "" : v.Seal("aliases", json(p.aliases).dump());
  r.birth_date_enc = v.Seal("birth_date", p.birth_date);
  r.phone_enc = v.Seal("phone", p.phone);
  r.citizenship_no_enc = v.Seal("citizenship_no", p.citizenship_no);
  r.national_id_enc = v.Seal("national_id", p.national_id);
  r.passport_no_enc = v.Seal("passport_no", p.passport_no);
  if (p.ward || !p.tole.empty()) {
    json a = {{"tole", p.tole}};
    if (p.ward) a["ward"] = *p.ward;
    r.address_enc = v.Seal("address", a.dump());
  }
  if (!p.guardian.name.empty() || !p.guardian.phone.empty()) {
    r.guardian_enc = v.Seal("guardian", json{{"name", p.guardian.name},
                                             {"relationship", p.guardian.relationship},
                                             {"phone", p.guardian.phone}}
                                            .dump());
  }
  r.phone_bidx = v.Index(NormalisePhone(p.phone));
  r.citizenship_no_bidx = v.Index(NormaliseDocument(p.citizenship_no));
  r.national_id_bidx = v.Index(NormaliseDocument(p.national_id));
  r.passport_no_bidx = v.Index(NormaliseDocument(p.passport_no));
  r.sex = p.sex;
  r.birth_precision = p.birth_precision;
  // The birth year alone (not the date) stays in clear for age statistics.
  if (p.birth_date.size() >= 4) r.birth_year = std::stoi(p.birth_date.substr(0, 4));
  r.age_at_registration = p.age_at_registration;
  r.citizenship = p.citizenship;
  r.district = p.district;
  r.local_level = p.local_level;
  r.languages = JoinComma(p.languages);
  r.education = p.education;
  r.marital_status = p.marital_status;
  r.version = p.version;
  return r;
}

Person Unseal(const crypto::KeyRing& keys, const store::PersonRow& r) {
  Vault v(keys, r.id);
  Person p;
  p.id = r.id;
  p.given_name = v.Open("given_name", r.given_name_enc);
  p.family_name = v.Open("family_name", r.family_name_enc);
  p.name_ne = v.Open("name_ne", r.name_ne_enc);
  if (!r.aliases_enc.empty()) p.aliases = json::parse(v.Open("aliases", r.aliases_enc));
  p.birth_date = v.Open("birth_date", r.birth_date_enc);
  p.phone = v.Open("phone", r.phone_enc);
  p.citizenship_no = v.Open("citizenship_no", r.citizenship_no_enc);
  p.national_id = v.Open("national_id", r.national_id_enc);
  p.passport_no = v.Open("passport_no", r.passport_no_enc);
  if (!r.address_enc.empty()) {
    json a = json::parse(v.Open("address", r.address_enc));
    p.tole = a.value("tole", "");
    if (a.contains("ward")) p.ward = a["ward"].get<int>();
  }
  if (!r.guardian_enc.empty()) {
    json g = json::parse(v.Open("guardian", r.guardian_enc));
    p.guardian = {g.value("name", ""), g.value("relationship", ""), g.value("phone", "")};
  }
  p.sex = r.sex;
  p.birth_precision = r.birth_precision;
  p.age_at_registration = r.age_at_registration;
  p.citizenship = r.citizenship;
  p.district = r.district;
  p.local_level = r.local_level;
  p.languages = SplitComma(r.languages);
  p.education = r.education;
  p.marital_status = r.marital_status;
  p.erased = !r.erased_at.empty();
  p.version = r.version;
  return p;
}

}  // namespace

std::string Service::ItemAad(const std::string& id) { return "case_items|body|" + id; }

namespace {

bool Shares(const CaseView& v, const char* section) {
  return std::find(v.shared_sections.begin(), v.shared_sections.end(), section) !=
         v.shared_sections.end();
}

// Keeps of the person and the victim profile only what the referral's sections share.
void ShareOnly(CaseView& v, Person p) {
  // Free text and the sender's staff are not part of any section.
  v.c.closure_reason.clear();
  v.c.closure_outcome.clear();
  v.c.assigned_user_ids.clear();
  if (!Shares(v, "trafficking")) v.profile = VictimProfile{};
  const bool identity = Shares(v, "identity"), contact = Shares(v, "contact"),
             documents = Shares(v, "documents");
  if (!identity && !contact && !documents) return;
  Person shared;
  shared.id = p.id;
  shared.erased = p.erased;
  shared.version = p.version;
  shared.sex = "unknown";
  if (identity) {
    shared.given_name = p.given_name;
    shared.family_name = p.family_name;
    shared.name_ne = p.name_ne;
    shared.aliases = p.aliases;
    shared.sex = p.sex;
    shared.birth_date = p.birth_date;
    shared.birth_precision = p.birth_precision;
    shared.age_at_registration = p.age_at_registration;
    shared.citizenship = p.citizenship;
    shared.languages = p.languages;
    shared.education = p.education;
    shared.marital_status = p.marital_status;
  }
  if (contact) {
    shared.phone = p.phone;
    shared.district = p.district;
    shared.local_level = p.local_level;
    shared.ward = p.ward;
    shared.tole = p.tole;
    shared.guardian = p.guardian;
  }
  if (documents) {
    shared.citizenship_no = p.citizenship_no;
    shared.national_id = p.national_id;
    shared.passport_no = p.passport_no;
  }
  v.person = shared;
}

}  // namespace

Service::Access Service::AccessTo(db::Connection& c, const identity::Principal& who,
                                  const Case& k) const {
  if (who.organization.id == k.owner_org_id && SeesOrgCases(who)) return Access::kFull;
  if (!who.user.id.empty() && store::IsAssigned(c, k.id, who.user.id)) return Access::kFull;
  if (who.HasRole("police_investigator")) {
    for (const auto& item : store::ListItems(c, k.id, "justice")) {
      if (item.organization_id == who.organization.id) return Access::kJustice;
    }
  }
  if (SeesOrgCases(who) && !store::GrantedSections(c, k.id, who.organization.id).empty()) {
    return Access::kReferral;
  }
  return Access::kNone;
}

Result<void> Service::Validate(const Person& p, const Case& k, const VictimProfile& v) const {
  auto code = [&](const char* field, const std::string& list,
                  const std::string& value) -> Result<void> {
    if (value.empty() || refdata_.IsCode(list, value)) return {};
    return Fail(Error::InvalidField(field, "'" + value + "' is not in the " + list + " list"));
  };
  auto codes = [&](const char* field, const std::string& list,
                   const std::vector<std::string>& values) -> Result<void> {
    for (const auto& value : values) {
      if (auto ok = code(field, list, value); !ok) return ok;
    }
    return {};
  };
  auto unit = [&](const char* field, const std::string& value, const char* level) -> Result<void> {
    if (value.empty()) return {};
    const refdata::GeoUnit* u = refdata_.Unit(value);
    if (!u || u->level != level) {
      return Fail(Error::InvalidField(
          field, "'" + value + "' is not a " +
                     (std::string(level) == "district" ? "district code" : "local level code")));
    }
    return {};
  };
  auto date = [&](const char* field, const std::string& value) -> Result<void> {
    if (value.empty() || IsDate(value)) {
      if (!value.empty() && value > Today()) {
        return Fail(Error::InvalidField(field, "cannot be in the future"));
      }
      return {};
    }
    return Fail(Error::InvalidField(field, "must be a date written YYYY-MM-DD"));
  };
  std::vector<Result<void>> checks;
  if (p.given_name.empty() && p.name_ne.empty() && !p.erased) {
    checks.push_back(Fail(
        Error::InvalidField("person.given_name", "give a name (in Latin or Devanagari letters)")));
  }
  for (const auto* s : {&p.given_name, &p.family_name, &p.name_ne, &p.tole}) {
    if (s->size() > 200)
      checks.push_back(Fail(Error::InvalidField("person", "names are at most 200 characters")));
  }
  // Each pair of words is a search key: 24 words make 276, and no one's names need more.
  if (PersonNameKeys(p).size() > kMostNameWords) {
    checks.push_back(Fail(Error::InvalidField(
        "person.aliases", "a person's names and aliases hold at most " +
                              std::to_string(kMostNameWords) + " different words")));
  }
  checks.push_back(code("person.sex", "sex", p.sex.empty() ? "x" : p.sex));
  checks.push_back(date("person.birth_date", p.birth_date));
  static const std::set<std::string> kPrecisions = {"day", "month", "year", "unknown"};
  if (!kPrecisions.count(p.birth_precision)) {
    checks.push_back(
        Fail(Error::InvalidField("person.birth_precision", "must be day, month, year or unknown")));
  }
  if (p.age_at_registration && (*p.age_at_registration < 0 || *p.age_at_registration > 120)) {
    checks.push_back(Fail(Error::InvalidField("person.age_at_registration", "must be 0 to 120")));
  }
  if (!p.citizenship.empty() && !refdata_.FindCountry(p.citizenship)) {
    checks.push_back(
        Fail(Error::InvalidField("person.citizenship", "must be an ISO 3166 code such as NP")));
  }
  if (!p.phone.empty() && NormalisePhone(p.phone).size() < 6) {
    checks.push_back(Fail(Error::InvalidField("person.phone", "is not a phone number")));
  }
  checks.push_back(unit("person.district", p.district, "district"));
  checks.push_back(unit("person.local_level", p.local_level, "local_level"));
  if (!p.local_level.empty() && !p.district.empty() && p.local_level.substr(0, 3) != p.district) {
    checks.push_back(
        Fail(Error::InvalidField("person.local_level", "is not in the district given")));
  }
  if (p.ward) {
    const refdata::GeoUnit* ll = refdata_.Unit(p.local_level);
    if (!ll) {
      checks.push_back(Fail(Error::InvalidField("person.ward", "give the local level first")));
    } else if (*p.ward < 1 || *p.ward > ll->wards) {
      checks.push_back(Fail(Error::InvalidField(
          "person.ward", ll->name_en + " has wards 1 to " + std::to_string(ll->wards))));
    }
  }
  checks.push_back(codes("person.languages", "language", p.languages));
  checks.push_back(code("person.education", "education_level", p.education));
  checks.push_back(code("person.marital_status", "marital_status", p.marital_status));

  checks.push_back(code("case.identification_source", "identification_source",
                        k.identification_source.empty() ? "x" : k.identification_source));
  checks.push_back(code("case.closure_outcome", "closure_outcome", k.closure_outcome));
  checks.push_back(date("case.identified_on", k.identified_on));
  checks.push_back(code("case.trafficking_status", "trafficking_status", k.trafficking_status));
  checks.push_back(code("case.trafficking_status_by", "trafficking_status_decision_org",
                        k.trafficking_status_by));
  checks.push_back(unit("case.district", k.district, "district"));

  if (v.age_when_trafficked && (*v.age_when_trafficked < 0 || *v.age_when_trafficked > 120)) {
    checks.push_back(
        Fail(Error::InvalidField("victim_profile.age_when_trafficked", "must be 0 to 120")));
  }
  checks.push_back(
      codes("victim_profile.recruitment_methods", "recruitment_method", v.recruitment_methods));
  checks.push_back(code("victim_profile.recruiter_relationship", "trafficker_relationship",
                        v.recruiter_relationship));
  checks.push_back(
      codes("victim_profile.means_of_control", "means_of_control", v.means_of_control));
  checks.push_back(
      codes("victim_profile.exploitation_types", "exploitation_type", v.exploitation_types));
  checks.push_back(code("victim_profile.labour_industry", "labour_industry", v.labour_industry));
  checks.push_back(codes("victim_profile.sex_exploitation_types", "sex_exploitation_type",
                         v.sex_exploitation_types));
  if (v.duration_days && *v.duration_days < 0) {
    checks.push_back(
        Fail(Error::InvalidField("victim_profile.duration_days", "cannot be negative")));
  }
  if (!v.exploitation_country.empty() && !refdata_.FindCountry(v.exploitation_country)) {
    checks.push_back(Fail(Error::InvalidField("victim_profile.exploitation_country",
                                              "must be an ISO 3166 code such as IN")));
  }
  checks.push_back(
      unit("victim_profile.exploitation_local_level", v.exploitation_local_level, "local_level"));
  Error all = Error::Invalid("");
  for (auto& c : checks) {
    if (c) continue;
    if (!all.detail.empty()) all.detail += "; ";
    all.detail += c.error().detail;
    for (auto& f : c.error().fields) all.fields.push_back(f);
  }
  if (all.detail.empty()) return {};
  return Fail(all);
}

Result<void> Service::CheckAssignees(db::Connection& c, const std::string& org_id,
                                     const std::vector<std::string>& users) {
  std::set<std::string> seen;
  for (const auto& uid : users) {
    if (!LooksLikeId(uid) || !identity_.MemberOf(c, org_id, uid) || !seen.insert(uid).second) {
      return Fail(
          Error::InvalidField("case.assigned_user_ids",
                              "'" + uid + "' is not an active user of the case's organisation"));
    }
  }
  return {};
}

Result<CaseView> Service::Create(const identity::Principal& who, const Person& person_in,
                                 const Case& case_in, const VictimProfile& profile) {
  if (!SeesOrgCases(who)) {
    return Fail(Error::Forbidden("only case workers and supervisors open cases"));
  }
  Person person = person_in;
  person.id = NewId();
  person.version = 1;
  if (person.sex.empty()) person.sex = "unknown";
  if (person.birth_precision.empty()) {
    person.birth_precision = person.birth_date.empty() ? "unknown" : "day";
  }
  Case k = case_in;
  k.id = NewId();
  k.person_id = person.id;
  k.owner_org_id = who.organization.id;
  k.status = "active";
  k.stage = "identification";
  if (k.trafficking_status.empty()) k.trafficking_status = "possible";
  if (k.district.empty()) k.district = person.district;
  if (auto ok = Validate(person, k, profile); !ok) return Fail(ok.error());
  // The case number names the district (or the organisation's, or 000) and the Nepali year it
  // opened.
  std::string district = k.district;
  if (district.empty() && who.organization.jurisdiction.size() >= 3) {
    district = who.organization.jurisdiction.substr(0, 3);
  }
  if (district.empty()) district = "000";
  auto today = refdata_.calendar().ToBs(*refdata::ParseIsoDate(Today()));
  int bs_year = today ? today->year : 0;
  store::PersonRow row = Seal(keys_, person, who.organization.id);
  auto key_hashes = NameKeyHashes(keys_, person);
  return Change([&](db::Connection& c) -> Result<CaseView> {
    std::string now = Now();
    if (auto ok = CheckAssignees(c, k.owner_org_id, k.assigned_user_ids); !ok)
      return Fail(ok.error());
    k.opened_at = now;
    // Only inserts: nothing of a new case exists to be replaced.
    store::NewCases person_rows;
    person_rows.AddPerson(row, now);
    person_rows.AddNameKeys(person.id, who.organization.id, key_hashes);
    store::Insert(c, person_rows);
    // The number as late as the case row allows: on PostgreSQL its counter is locked from here to
    // the commit, and every create of the district and year waits for it.
    k.case_number =
        CaseNumber(district, bs_year, store::ReserveCaseSequences(c, district, bs_year, 1));
    store::NewCases case_rows;
    case_rows.AddCase(k, who.user.id, now);
    case_rows.AddProfile(k.id, profile);
    case_rows.AddFacts(FactsOf(k, person, profile));
    store::Insert(c, case_rows);
    if (!k.assigned_user_ids.empty()) {
      store::ReplaceAssignments(c, k.id, k.assigned_user_ids, now);
    }
    audit_.Record(c, who.Actor(),
                  {"case.create", "case", k.id,
                   json{{"case_number", k.case_number}, {"person_id", person.id}}.dump()});
    return CaseView{k, person, profile};
  });
}

// A batch's rows are made while another batch is written; only the case numbers, which need the
// database, wait for the writer, which works one batch at a time.
struct Service::PreparedImport::Rows {
  struct Record {
    std::string case_id, person_id, district;
    int bs_year = 0;
    std::vector<std::string> assigned_user_ids;
  };
  std::vector<Record> records;
  store::NewCases rows;  // in record order, one case row per record, its case number still blank
  std::string org_id;
};

Service::PreparedImport::PreparedImport() : rows_(std::make_unique<Rows>()) {}
Service::PreparedImport::PreparedImport(PreparedImport&&) noexcept = default;
Service::PreparedImport& Service::PreparedImport::operator=(PreparedImport&&) noexcept = default;
Service::PreparedImport::~PreparedImport() = default;
size_t Service::PreparedImport::size() const { return rows_ ? rows_->records.size() : 0; }

Result<Service::PreparedImport> Service::PrepareImport(const identity::Principal& who,
                                                       std::vector<ImportRecord> records) const {
  if (!SeesOrgCases(who)) {
    return Fail(Error::Forbidden("only case workers and supervisors bring in cases"));
  }
  PreparedImport batch;
  batch.rows_->org_id = who.organization.id;
  auto& out = batch.rows_->records;
  auto& rows = batch.rows_->rows;
  out.reserve(records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    auto& p = out.emplace_back();
    ImportRecord& r = records[i];
    auto where = [&](Error e) {
      e.detail = "record " + std::to_string(i + 1) + ": " + e.detail;
      return e;
    };
    r.person.id = NewId();
    if (r.person.sex.empty()) r.person.sex = "unknown";
    if (r.person.birth_precision.empty()) {
      r.person.birth_precision = r.person.birth_date.empty() ? "unknown" : "day";
    }
    r.c.id = NewId();
    r.c.person_id = r.person.id;
    r.c.owner_org_id = who.organization.id;
    if (r.c.trafficking_status.empty()) r.c.trafficking_status = "possible";
    if (r.c.district.empty()) r.c.district = r.person.district;
    if (r.c.opened_at.empty()) r.c.opened_at = Now();
    if (!refdata_.IsCode("workflow_stage", r.c.stage) ||
        !refdata_.IsCode("case_status", r.c.status)) {
      return Fail(
          where(Error::InvalidField("case.stage", "give a workflow stage and a case status")));
    }
    if (auto ok = Validate(r.person, r.c, r.profile); !ok) return Fail(where(ok.error()));
    p.district = r.c.district.empty() ? "000" : r.c.district;
    auto bs = refdata_.calendar().ToBs(*refdata::ParseIsoDate(r.c.opened_at.substr(0, 10)));
    if (!bs) return Fail(where(Error::InvalidField("case.opened_at", bs.error())));
    p.bs_year = bs->year;
    p.case_id = r.c.id;
    p.person_id = r.person.id;
    p.assigned_user_ids = r.c.assigned_user_ids;
    rows.AddPerson(Seal(keys_, r.person, who.organization.id), r.c.opened_at);
    rows.AddNameKeys(r.person.id, who.organization.id, NameKeyHashes(keys_, r.person));
    rows.AddCase(r.c, who.user.id, r.c.opened_at);
    rows.AddProfile(r.c.id, r.profile);
    rows.AddFacts(FactsOf(r.c, r.person, r.profile));
    for (const auto& [kind, body] : r.items) {
      auto item = ValidateItem(kind, body);
      if (!item) return Fail(where(item.error()));
      item->id = NewId();
      item->case_id = r.c.id;
      item->created_by = who.user.id;
      if (kind == "justice") rows.AddJusticeFacts(item->id, r.c.id, CountJustice(item->body));
      item->body = crypto::Encrypt(keys_, item->body, ItemAad(item->id));
      rows.AddItem(std::move(*item), r.c.opened_at);
    }
  }
  return batch;
}

Result<std::vector<std::string>> Service::CommitImport(const identity::Principal& who,
                                                       PreparedImport batch) {
  if (!batch.rows_ || batch.rows_->org_id != who.organization.id) {
    return Fail(
        Error::Forbidden("a prepared import is written by the organisation it was made for"));
  }
  auto& records = batch.rows_->records;
  auto& rows = batch.rows_->rows;
  // The batch, its rows emptied by the write, is freed after the writer is let go.
  return Change([&](db::Connection& c) -> Result<std::vector<std::string>> {
    const std::string now = Now();
    for (size_t i = 0; i < records.size(); ++i) {
      if (records[i].assigned_user_ids.empty()) continue;
      if (auto ok = CheckAssignees(c, batch.rows_->org_id, records[i].assigned_user_ids); !ok) {
        Error e = ok.error();
        e.detail = "record " + std::to_string(i + 1) + ": " + e.detail;
        return Fail(e);
      }
    }
    // Case numbers: each district and year's block taken at once, handed out in record order.
    std::map<std::pair<std::string, int>, std::vector<size_t>> counters;
    for (size_t i = 0; i < records.size(); ++i) {
      counters[{records[i].district, records[i].bs_year}].push_back(i);
    }
    std::vector<audit::Entry> entries(records.size());
    for (const auto& [counter, members] : counters) {
      int64_t seq = store::ReserveCaseSequences(c, counter.first, counter.second,
                                                static_cast<int64_t>(members.size()));
      for (size_t i : members) {
        std::string number = CaseNumber(counter.first, counter.second, seq++);
        entries[i] = {"case.import", "case", records[i].case_id,
                      json{{"case_number", number}, {"person_id", records[i].person_id}}.dump()};
        rows.SetCaseNumber(i, std::move(number));
      }
    }
    store::Insert(c, rows);
    std::vector<std::string> ids;
    ids.reserve(records.size());
    for (const auto& r : records) {
      if (!r.assigned_user_ids.empty()) {
        store::ReplaceAssignments(c, r.case_id, r.assigned_user_ids, now);
      }
      ids.push_back(r.case_id);
    }
    const audit::Actor actor = who.Actor();
    std::vector<std::pair<const audit::Actor*, const audit::Entry*>> audit_records;
    audit_records.reserve(entries.size());
    for (const auto& e : entries) audit_records.emplace_back(&actor, &e);
    audit_.RecordAll(c, audit_records);
    return ids;
  });
}

Result<CaseView> Service::Get(const identity::Principal& who, const std::string& id) {
  const Error missing = Error::NotFound("no case " + id);
  // Reads run in parallel on the reader connections; only the audit record takes the writer, and it
  // is written before anything is returned, so no unrecorded read leaves the server.
  bool full = false;
  auto view = db_.Read([&](db::Connection& c) -> Result<CaseView> {
    auto k = store::GetCase(c, id);
    if (!k) return Fail(missing);
    Access access = AccessTo(c, who, *k);
    if (access == Access::kNone) return Fail(missing);
    CaseView v{*k, std::nullopt, store::GetProfile(c, id)};
    full = access == Access::kFull;
    if (full) v.person = Unseal(keys_, *store::GetPerson(c, k->person_id));
    if (access == Access::kJustice) v.access = "justice";
    if (access == Access::kReferral) {
      v.access = "referral";
      v.shared_sections = SplitComma(store::GrantedSections(c, id, who.organization.id));
      ShareOnly(v, Unseal(keys_, *store::GetPerson(c, k->person_id)));
    }
    return v;
  });
  if (!view) return view;
  if (full) {
    RecordRead(who, {"case.read", "case", id, json{{"person_id", view->c.person_id}}.dump()});
  } else if (view->access == "referral") {
    RecordRead(
        who, {"case.read_referral", "case", id, json{{"sections", view->shared_sections}}.dump()});
  } else {
    RecordRead(who, {"case.read_justice", "case", id, "{}"});
  }
  return view;
}

void Service::RecordRead(const identity::Principal& who, const audit::Entry& entry) const {
  audit_.RecordCommitted(who.Actor(), entry);
}

Result<CaseView> Service::Update(const identity::Principal& who, const std::string& id,
                                 int64_t expected_version,
                                 const std::function<Result<void>(CaseView&)>& edit) {
  const Error missing = Error::NotFound("no case " + id);
  return Change([&](db::Connection& c) -> Result<CaseView> {
    auto k = store::GetCase(c, id);
    if (!k || AccessTo(c, who, *k) != Access::kFull) return Fail(missing);
    if (k->version != expected_version) {
      Error e = Error::Conflict("someone else changed this case (now version " +
                                std::to_string(k->version) + "); reload to see their change");
      e.extra_json = "{\"current_version\":" + std::to_string(k->version) + "}";
      return Fail(e);
    }
    CaseView view{*k, Unseal(keys_, *store::GetPerson(c, k->person_id)), store::GetProfile(c, id)};
    if (view.person->erased) return Fail(Error::Conflict("this person's data was erased"));
    const Case before = view.c;
    if (auto ok = edit(view); !ok) return Fail(ok.error());
    // Identity and workflow fields change only through their own operations.
    view.c.id = before.id;
    view.c.case_number = before.case_number;
    view.c.person_id = before.person_id;
    view.c.owner_org_id = before.owner_org_id;
    view.c.status = before.status;
    view.c.stage = before.stage;
    view.c.closure_reason = before.closure_reason;
    view.c.closure_outcome = before.closure_outcome;
    view.c.closed_at = before.closed_at;
    view.c.opened_at = before.opened_at;
    const bool reassigned = view.c.assigned_user_ids != before.assigned_user_ids;
    if (reassigned) {
      if (!who.HasRole("case_supervisor")) {
        return Fail(Error::Forbidden("only a case supervisor assigns case workers"));
      }
      if (auto ok = CheckAssignees(c, before.owner_org_id, view.c.assigned_user_ids); !ok) {
        return Fail(ok.error());
      }
    }
    view.person->id = before.person_id;
    if (auto ok = Validate(*view.person, view.c, view.profile); !ok) return Fail(ok.error());
    std::string now = Now();
    if (store::UpdateCase(c, view.c, expected_version, now) != 1) {
      return Fail(Error::Conflict("someone else changed this case; reload to see their change"));
    }
    store::UpdatePerson(c, Seal(keys_, *view.person, before.owner_org_id), now);
    store::ReplaceNameKeys(c, view.person->id, before.owner_org_id,
                           NameKeyHashes(keys_, *view.person));
    store::SaveProfile(c, id, view.profile);
    if (reassigned) store::ReplaceAssignments(c, id, view.c.assigned_user_ids, now);
    RefreshFacts(c, view.c, *view.person, view.profile);
    audit_.Record(
        c, who.Actor(),
        {"case.update", "case", id,
         reassigned ? json{{"assigned_user_ids", view.c.assigned_user_ids}}.dump() : "{}"});
    ++view.c.version;
    ++view.person->version;
    return view;
  });
}

Result<CaseView> Service::Transition(const identity::Principal& who, const std::string& id,
                                     const std::string& to, const std::string& reason,
                                     bool referred, const std::string& outcome,
                                     std::optional<int64_t> expected_version) {
  const Error missing = Error::NotFound("no case " + id);
  int target = StageIndex(to);
  if (target >= static_cast<int>(Stages().size())) {
    return Fail(Error::InvalidField("to", "'" + to + "' is not a workflow stage"));
  }
  if (reason.size() > 1000) return Fail(Error::InvalidField("reason", "at most 1000 characters"));
  return Change([&](db::Connection& c) -> Result<CaseView> {
    auto k = store::GetCase(c, id);
    if (!k || AccessTo(c, who, *k) != Access::kFull) return Fail(missing);
    if (expected_version && *expected_version != k->version) {
      Error e = Error::Conflict("someone else changed this case; reload");
      e.extra_json = "{\"current_version\":" + std::to_string(k->version) + "}";
      return Fail(e);
    }
    int from = StageIndex(k->stage);
    const bool closing = to == "closure";
    const bool reopening = k->stage == "closure" && !closing;
    if (to == k->stage) return Fail(Error::InvalidField("to", "the case is already at " + to));
    if (!closing && !reopening && target != from + 1 && target != from - 1) {
      return Fail(
          Error::InvalidField("to", "a case moves one stage at a time (from " + k->stage + " to " +
                                        Stages()[std::min<size_t>(from + 1, Stages().size() - 1)] +
                                        ", or back one stage), or to closure"));
    }
    if (referred && !closing) {
      return Fail(Error::InvalidField("referred", "only a closure can be marked as referred"));
    }
    if (!outcome.empty() && (!closing || !refdata_.IsCode("closure_outcome", outcome))) {
      return Fail(Error::InvalidField(
          "outcome", closing ? "'" + outcome + "' is not in the closure_outcome list"
                             : "only a closure has an outcome"));
    }
    if ((closing || reopening) && reason.empty()) {
      return Fail(Error::InvalidField("reason", closing
                                                    ? "give the reason for closing the case"
                                                    : "give the reason for reopening the case"));
    }
    // Each stage needs what its work depends on.
    auto items = [&](const char* kind) { return store::ListItems(c, id, kind); };
    if (!reopening && target > from) {
      if (to == "intake") {
        auto consents = items("consent");
        bool ok = std::any_of(consents.begin(), consents.end(), [&](const Item& i) {
          return i.subtype == "services" && i.status == "active" &&
                 (i.due_date.empty() || i.due_date >= Today());
        });
        if (!ok)
          return Fail(Error::InvalidField("to", "intake needs the survivor's consent to services"));
      } else if (to == "assessment") {
        auto person = Unseal(keys_, *store::GetPerson(c, k->person_id));
        if (person.district.empty() && k->district.empty()) {
          return Fail(Error::InvalidField("to", "assessment needs the district"));
        }
        if (store::GetProfile(c, id).exploitation_types.empty()) {
          return Fail(Error::InvalidField("to", "assessment needs at least one exploitation type"));
        }
      } else if (to == "care_plan" && items("assessment").empty()) {
        return Fail(Error::InvalidField("to", "a care plan needs an assessment first"));
      } else if (to == "services" && items("service").empty()) {
        return Fail(Error::InvalidField("to", "add at least one service to the care plan first"));
      } else if (to == "reintegration") {
        auto services = items("service");
        if (std::none_of(services.begin(), services.end(),
                         [](const Item& i) { return i.status == "delivered"; })) {
          return Fail(Error::InvalidField("to", "reintegration needs a delivered service"));
        }
      }
    }
    Case next = *k;
    next.stage = to;
    if (closing) {
      next.status = referred ? "closed_referred" : "closed";
      next.closure_reason = reason;
      next.closure_outcome = outcome;
      next.closed_at = Now();
    } else {
      next.status = to == "follow_up" ? "follow_up" : "active";
      next.closure_reason.clear();
      next.closure_outcome.clear();
      next.closed_at.clear();
    }
    if (store::UpdateCase(c, next, k->version, Now()) != 1) {
      return Fail(Error::Conflict("someone else changed this case; reload"));
    }
    audit_.Record(
        c, who.Actor(),
        {"case.transition", "case", id,
         json{{"from", k->stage}, {"to", to}, {"reason", reason}, {"outcome", outcome}}.dump()});
    ++next.version;
    CaseView view{next, Unseal(keys_, *store::GetPerson(c, k->person_id)),
                  store::GetProfile(c, id)};
    RefreshFacts(c, view.c, *view.person, view.profile);
    return view;
  });
}

int Service::RekeyBatch(int limit) {
  const std::string like = keys_.key_id() + ":%";
  return Change([&](db::Connection& c) {
    int n = 0;
    for (const auto& id : store::PersonsSealedNotLike(c, like, limit)) {
      store::PersonRow row = *store::GetPerson(c, id);
      Person person = Unseal(keys_, row);
      store::SetPersonSeal(c, Seal(keys_, person, row.owner_org_id));
      store::ReplaceNameKeys(c, id, row.owner_org_id, NameKeyHashes(keys_, person));
      ++n;
    }
    for (const auto& [id, body] : store::ItemsSealedNotLike(c, like, limit)) {
      auto plain = crypto::Decrypt(keys_, body, ItemAad(id));
      if (!plain) throw std::runtime_error("case item " + id + " does not decrypt");
      store::SetItemBody(c, id, crypto::Encrypt(keys_, *plain, ItemAad(id)));
      ++n;
    }
    return n;
  });
}

int Service::RebuildMissingFacts() {
  constexpr int kBatch = 2000;
  int rebuilt = 0;
  for (;;) {
    int batch = Change([&](db::Connection& c) {
      auto ids = store::CasesWithoutFacts(c, kBatch);
      for (const auto& id : ids) {
        auto k = store::GetCase(c, id);
        RefreshFacts(c, *k, Unseal(keys_, *store::GetPerson(c, k->person_id)),
                     store::GetProfile(c, id));
      }
      return static_cast<int>(ids.size());
    });
    rebuilt += batch;
    if (batch < kBatch) break;
  }
  for (;;) {
    int batch = Change([&](db::Connection& c) {
      auto items = store::JusticeItemsWithoutFacts(c, kBatch);
      for (auto& item : items) {
        auto plain = crypto::Decrypt(keys_, item.body, ItemAad(item.id));
        if (!plain) throw std::runtime_error("case item " + item.id + " does not decrypt");
        item.body = *plain;
        KeepItemFacts(c, item);
      }
      return static_cast<int>(items.size());
    });
    rebuilt += batch;
    if (batch < kBatch) return rebuilt;
  }
}

int Service::RebuildMissingFactsOnce() {
  return Once(kFactsRebuildTask, [this] { return RebuildMissingFacts(); });
}

int Service::RebuildNameKeys() {
  constexpr int kBatch = 2000;
  int rebuilt = 0;
  std::string after;
  for (;;) {
    int batch = Change([&](db::Connection& c) {
      // Servers upgraded together take turns, batch by batch, and stop once one has finished.
      store::LockUpkeep(c, kNamePairKeysTask);
      if (store::UpkeepDone(c, kNamePairKeysTask)) return 0;
      auto ids = store::PersonIdsAfter(c, after, kBatch);
      for (const auto& id : ids) {
        store::PersonRow row = *store::GetPerson(c, id);
        store::ReplaceNameKeys(c, id, row.owner_org_id, NameKeyHashes(keys_, Unseal(keys_, row)));
      }
      if (!ids.empty()) after = ids.back();
      return static_cast<int>(ids.size());
    });
    rebuilt += batch;
    if (batch < kBatch) return rebuilt;
  }
}

int Service::RebuildNameKeysOnce() {
  return Once(kNamePairKeysTask, [this] { return RebuildNameKeys(); });
}

int Service::Once(const std::string& task, const std::function<int()>& run) {
  if (db_.Read([&](db::Connection& c) { return store::UpkeepDone(c, task); })) return 0;
  int done = run();
  Change([&](db::Connection& c) { store::MarkUpkeepDone(c, task, FormatInstant(clock_.Now())); });
  return done;
}

std::vector<std::string> Service::AllowedTransitions(const std::string& stage) {
  const auto& stages = Stages();
  int at = StageIndex(stage);
  std::vector<std::string> out;
  if (stage == "closure") {
    for (int i = 1; i + 1 < static_cast<int>(stages.size()); ++i) out.push_back(stages[i]);
    return out;
  }
  if (at > 0) out.push_back(stages[at - 1]);
  if (at + 1 < static_cast<int>(stages.size())) out.push_back(stages[at + 1]);
  if (stages[at + 1] != "closure") out.push_back("closure");
  return out;
}

Result<Page> Service::Search(const identity::Principal& who, const SearchQuery& q) {
  store::SearchFilter f;
  f.caller_user_id = who.user.id;
  f.caller_org_id = who.organization.id;
  f.sees_org_cases = SeesOrgCases(who);
  if (q.limit < 1 || q.limit > 200) return Fail(Error::InvalidField("limit", "must be 1 to 200"));
  f.limit = q.limit + 1;
  for (auto [field, value, list] :
       {std::tuple{"status", &q.status, "case_status"},
        std::tuple{"stage", &q.stage, "workflow_stage"},
        std::tuple{"exploitation", &q.exploitation, "exploitation_type"}}) {
    if (!value->empty() && !refdata_.IsCode(list, *value)) {
      return Fail(Error::InvalidField(field, "'" + *value + "' is not in the " + list + " list"));
    }
  }
  if (!q.district.empty()) {
    const refdata::GeoUnit* d = refdata_.Unit(q.district);
    if (!d || d->level != "district") {
      return Fail(Error::InvalidField("district", "'" + q.district + "' is not a district code"));
    }
  }
  f.district = q.district;
  f.status = q.status;
  f.stage = q.stage;
  f.exploitation = q.exploitation;
  for (auto [field, value] :
       {std::pair{"opened_from", &q.opened_from}, std::pair{"opened_to", &q.opened_to}}) {
    if (!value->empty() && !IsDate(*value)) {
      return Fail(Error::InvalidField(field, "must be a date written YYYY-MM-DD"));
    }
  }
  f.opened_from = q.opened_from;
  // Inclusive end date: everything opened before the next day begins.
  f.opened_to = q.opened_to.empty() ? "" : q.opened_to + "T99";
  // The cursor is the last row's "<opened_at>_<id>": pages run newest opened first.
  if (!q.cursor.empty()) {
    auto sep = q.cursor.find('_');
    if (sep == std::string::npos || !ParseInstant(q.cursor.substr(0, sep)) ||
        !LooksLikeId(q.cursor.substr(sep + 1))) {
      return Fail(Error::InvalidField("cursor", "use next_cursor from the previous page"));
    }
    f.cursor_opened_at = q.cursor.substr(0, sep);
    f.cursor_id = q.cursor.substr(sep + 1);
  }
  std::string text = q.q;
  while (!text.empty() && text.back() == ' ') text.pop_back();
  while (!text.empty() && text.front() == ' ') text.erase(text.begin());
  if (!text.empty()) {
    bool has_digit =
        std::any_of(text.begin(), text.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    bool is_case_number = text.size() == 15 && text[3] == '-' && text[8] == '-';
    if (is_case_number) {
      f.exact = text;
    } else if (has_digit) {
      Vault v(keys_, "");
      f.blind_index = v.Index(NormaliseDocument(text));
      f.blind_index_phone = v.Index(NormalisePhone(text));
    } else {
      // One word: its key. More: the keys of each word with the next, which only a person with
      // all the words has.
      const auto words = names::Keys(text);
      if (words.empty()) return Page{};
      std::set<std::string> hashes;
      if (words.size() == 1) hashes.insert(NameKeyHash(keys_, words[0]));
      for (size_t i = 0; i + 1 < words.size() && hashes.size() < store::kMostNameKeys; ++i) {
        hashes.insert(NamePairKeyHash(keys_, words[i], words[i + 1]));
      }
      f.name_key_hashes.assign(hashes.begin(), hashes.end());
    }
  }
  auto page = db_.Read([&](db::Connection& c) -> Result<Page> {
    auto rows = store::Search(c, f);
    Page page;
    if (static_cast<int>(rows.size()) > q.limit) {
      rows.pop_back();
      page.next_cursor = rows.back().k.opened_at + "_" + rows.back().k.id;
    }
    for (const auto& r : rows) {
      Person p = Unseal(keys_, r.person);
      CaseSummary s{r.k.id,        r.k.case_number,
                    r.k.status,    r.k.stage,
                    r.k.district,  r.k.identification_source,
                    r.k.opened_at, p.DisplayName(),
                    p.sex,         SplitComma(r.exploitation_types)};
      page.items.push_back(std::move(s));
    }
    return page;
  });
  if (!page) return page;
  // Names were shown: record who searched and how many people they saw (not what they typed).
  RecordRead(who, {"case.search", "case", "", json{{"results", page->items.size()}}.dump()});
  return page;
}

Result<CaseView> Service::Erase(const identity::Principal& who, const std::string& id,
                                const std::string& reason) {
  const Error missing = Error::NotFound("no case " + id);
  if (reason.empty()) return Fail(Error::InvalidField("reason", "give the reason for erasure"));
  return Change([&](db::Connection& c) -> Result<CaseView> {
    auto k = store::GetCase(c, id);
    if (!k || AccessTo(c, who, *k) != Access::kFull) return Fail(missing);
    if (!who.HasRole("case_supervisor")) {
      return Fail(Error::Forbidden("erasure is decided by a case supervisor"));
    }
    auto row = *store::GetPerson(c, k->person_id);
    // Keep what statistics count (sex, birth year, age, citizenship, district); drop the rest.
    store::PersonRow tomb;
    tomb.id = row.id;
    tomb.owner_org_id = row.owner_org_id;
    tomb.sex = row.sex;
    tomb.birth_precision = "unknown";
    tomb.birth_year = row.birth_year;
    tomb.age_at_registration = row.age_at_registration;
    tomb.citizenship = row.citizenship;
    tomb.district = row.district;
    tomb.erased_at = Now();
    store::UpdatePerson(c, tomb, tomb.erased_at);
    store::ReplaceNameKeys(c, row.id, row.owner_org_id, {});
    for (auto note : store::ListItems(c, id, "note")) {
      note.body = crypto::Encrypt(keys_, "{\"text\":\"(erased)\"}", ItemAad(note.id));
      store::UpdateItem(c, note, note.version, tomb.erased_at);
    }
    audit_.Record(
        c, who.Actor(),
        {"case.erase", "case", id, json{{"person_id", row.id}, {"reason", reason}}.dump()});
    return CaseView{*k, Unseal(keys_, *store::GetPerson(c, row.id)), store::GetProfile(c, id)};
  });
}

Result<std::vector<AccessEntry>> Service::AccessLog(const identity::Principal& who,
                                                    const std::string& id) {
  const Error missing = Error::NotFound("no case " + id);
  bool allowed = db_.Read([&](db::Connection& c) {
    auto k = store::GetCase(c, id);
    return k && AccessTo(c, who, *k) == Access::kFull;
  });
  if (!allowed) return Fail(missing);
  std::vector<AccessEntry> out;
  for (const auto& r : audit_.ForEntity("case", id)) {
    out.push_back({r.at, r.actor_user_id, r.actor_username, r.actor_org_id, r.action});
  }
  return out;
}

Result<std::vector<OverdueTask>> Service::Overdue(const identity::Principal& who) {
  auto rows = db_.Read([&](db::Connection& c) {
    return store::Due(c, Today(), who.user.id, who.organization.id, SeesOrgCases(who));
  });
  std::vector<OverdueTask> out;
  for (const auto& r : rows)
    out.push_back({r.case_id, r.case_number, r.item_id, r.kind, r.due_date});
  return out;
}

}  // namespace samman::cases
