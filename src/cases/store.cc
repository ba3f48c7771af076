#include "cases/store.h"

#include <algorithm>
#include <cassert>
#include <stdexcept>

#include "common/strings.h"

namespace samman::cases::store {
namespace {

using db::EmptyAsNull;
using db::Nullable;

constexpr const char* kPersonColumns =
    "p.id, p.owner_org_id, p.given_name_enc, p.family_name_enc, p.name_ne_enc, p.aliases_enc, "
    "p.birth_date_enc, p.phone_enc, p.citizenship_no_enc, p.national_id_enc, p.passport_no_enc, "
    "p.address_enc, p.guardian_enc, p.phone_bidx, p.citizenship_no_bidx, p.national_id_bidx, "
    "p.passport_no_bidx, p.sex, p.birth_precision, p.birth_year, p.age_at_registration, "
    "p.citizenship, p.district, p.local_level, p.languages, p.education, p.marital_status, "
    "p.erased_at, p.version";
constexpr size_t kPersonWidth = 29;

PersonRow PersonFrom(const db::Row& r, size_t o) {
  PersonRow p;
  p.id = r.Str(o + 0);
  p.owner_org_id = r.Str(o + 1);
  p.given_name_enc = r.Str(o + 2);
  p.family_name_enc = r.Str(o + 3);
  p.name_ne_enc = r.Str(o + 4);
  p.aliases_enc = r.Str(o + 5);
  p.birth_date_enc = r.Str(o + 6);
  p.phone_enc = r.Str(o + 7);
  p.citizenship_no_enc = r.Str(o + 8);
  p.national_id_enc = r.Str(o + 9);
  p.passport_no_enc = r.Str(o + 10);
  p.address_enc = r.Str(o + 11);
  p.guardian_enc = r.Str(o + 12);
  p.phone_bidx = r.Str(o + 13);
  p.citizenship_no_bidx = r.Str(o + 14);
  p.national_id_bidx = r.Str(o + 15);
  p.passport_no_bidx = r.Str(o + 16);
  p.sex = r.Str(o + 17);
  p.birth_precision = r.Str(o + 18);
  p.birth_year = r.OptInt(o + 19);
  p.age_at_registration = r.OptInt(o + 20);
  p.citizenship = r.Str(o + 21);
  p.district = r.Str(o + 22);
  p.local_level = r.Str(o + 23);
  p.languages = r.Str(o + 24);
  p.education = r.Str(o + 25);
  p.marital_status = r.Str(o + 26);
  p.erased_at = r.Str(o + 27);
  p.version = r.Int(o + 28);
  return p;
}

constexpr size_t kCaseWidth = 16;  // the columns of kCaseColumns
constexpr const char* kCaseColumns =
    "c.id, c.case_number, c.person_id, c.owner_org_id, c.status, c.stage, "
    "c.identification_source, c.identified_on, c.trafficking_status, c.trafficking_status_by, "
    "c.district, c.closure_reason, c.opened_at, c.closed_at, c.version, c.closure_outcome";

Case CaseFrom(const db::Row& r) {
  Case k;
  k.id = r.Str(0);
  k.case_number = r.Str(1);
  k.person_id = r.Str(2);
  k.owner_org_id = r.Str(3);
  k.status = r.Str(4);
  k.stage = r.Str(5);
  k.identification_source = r.Str(6);
  k.identified_on = r.Str(7);
  k.trafficking_status = r.Str(8);
  k.trafficking_status_by = r.Str(9);
  k.district = r.Str(10);
  k.closure_reason = r.Str(11);
  k.opened_at = r.Str(12);
  k.closed_at = r.Str(13);
  k.version = r.Int(14);
  k.closure_outcome = r.Str(15);
  return k;
}

constexpr const char* kItemColumns =
    "id, case_id, kind, subtype, item_date, date_precision, due_date, status, organization_id, "
    "country, local_level, sensitive, body_enc, created_by, created_at, version";

Item ItemFrom(const db::Row& r) {
  Item i;
  i.id = r.Str(0);
  i.case_id = r.Str(1);
  i.kind = r.Str(2);
  i.subtype = r.Str(3);
  i.date = r.Str(4);
  i.date_precision = r.Str(5);
  i.due_date = r.Str(6);
  i.status = r.Str(7);
  i.organization_id = r.Str(8);
  i.country = r.Str(9);
  i.local_level = r.Str(10);
  i.sensitive = r.Bool(11);
  i.body = r.Str(12);
  i.created_by = r.Str(13);
  i.created_at = r.Str(14);
  i.version = r.Int(15);
  return i;
}

// Takes p by value so that a row built for one insert gives up its ciphertexts instead of copying.
db::Params PersonParams(PersonRow p) {
  return db::MakeParams(
      std::move(p.id), std::move(p.owner_org_id), EmptyAsNull(std::move(p.given_name_enc)),
      EmptyAsNull(std::move(p.family_name_enc)), EmptyAsNull(std::move(p.name_ne_enc)),
      EmptyAsNull(std::move(p.aliases_enc)), EmptyAsNull(std::move(p.birth_date_enc)),
      EmptyAsNull(std::move(p.phone_enc)), EmptyAsNull(std::move(p.citizenship_no_enc)),
      EmptyAsNull(std::move(p.national_id_enc)), EmptyAsNull(std::move(p.passport_no_enc)),
      EmptyAsNull(std::move(p.address_enc)), EmptyAsNull(std::move(p.guardian_enc)),
      EmptyAsNull(std::move(p.phone_bidx)), EmptyAsNull(std::move(p.citizenship_no_bidx)),
      EmptyAsNull(std::move(p.national_id_bidx)), EmptyAsNull(std::move(p.passport_no_bidx)),
      std::move(p.sex), std::move(p.birth_precision), Nullable(p.birth_year),
      Nullable(p.age_at_registration), EmptyAsNull(std::move(p.citizenship)),
      EmptyAsNull(std::move(p.district)), EmptyAsNull(std::move(p.local_level)),
      std::move(p.languages), EmptyAsNull(std::move(p.education)),
      EmptyAsNull(std::move(p.marital_status)), EmptyAsNull(std::move(p.erased_at)));
}

// The INSERT heads of the case tables, one per table for single rows and bulk imports alike.
constexpr const char* kInsertPerson =
    "INSERT INTO persons (id, owner_org_id, given_name_enc, family_name_enc, name_ne_enc, "
    "aliases_enc, birth_date_enc, phone_enc, citizenship_no_enc, national_id_enc, "
    "passport_no_enc, address_enc, guardian_enc, phone_bidx, citizenship_no_bidx, "
    "national_id_bidx, passport_no_bidx, sex, birth_precision, birth_year, age_at_registration, "
    "citizenship, district, local_level, languages, education, marital_status, erased_at, "
    "created_at, updated_at) VALUES";
constexpr const char* kInsertNameKey =
    "INSERT INTO person_name_keys (person_id, key_hash, owner_org_id) VALUES";
constexpr const char* kInsertCase =
    "INSERT INTO cases (id, case_number, person_id, owner_org_id, status, stage, "
    "identification_source, identified_on, trafficking_status, trafficking_status_by, district, "
    "closure_reason, opened_at, closed_at, created_by, updated_at, closure_outcome) VALUES";
constexpr const char* kInsertProfile =
    "INSERT INTO victim_profiles (case_id, age_when_trafficked, recruitment_methods, "
    "recruiter_relationship, means_of_control, exploitation_types, labour_industry, "
    "sex_exploitation_types, duration_days, exploitation_country, exploitation_local_level, "
    "route, border_points, fe_agency_licence, fe_labour_permit, fe_dofe_complaint, "
    "fe_tribunal_case) VALUES";
constexpr const char* kInsertExploitationType =
    "INSERT INTO case_exploitation_types (case_id, exploitation_type) VALUES";
constexpr const char* kInsertFacts =
    "INSERT INTO case_facts (case_id, owner_org_id, identified_on, fiscal_year, ad_year, "
    "district, province, origin_district, origin_local_level, sex, age_band, citizenship, "
    "identification_source, trafficking_status, exploitation_types, exploitation_country, "
    "status, stage, closed_on, exploitation_local_level, means_of_control, labour_industry, "
    "sex_exploitation_types, recruiter_relationship, duration_days, recruitment_methods, "
    "closure_outcome, exploitation_district) VALUES";
constexpr const char* kInsertItem =
    "INSERT INTO case_items (id, case_id, kind, subtype, item_date, date_precision, due_date, "
    "status, organization_id, country, local_level, sensitive, body_enc, created_by, created_at, "
    "updated_at) VALUES";
constexpr const char* kInsertJusticeFacts =
    "INSERT INTO justice_facts (item_id, case_id, suspects, arrested, prosecuted, convicted, "
    "acquitted, compensation_npr) VALUES";

}  // namespace

void NewCases::AddPerson(PersonRow p, const std::string& now) {
  db::Params params = PersonParams(std::move(p));
  params.push_back(now);
  params.push_back(now);
  persons.push_back(std::move(params));
}

void NewCases::AddNameKeys(const std::string& person_id, const std::string& owner_org_id,
                           std::vector<std::string> key_hashes) {
  for (auto& h : key_hashes)
    name_keys.push_back(db::MakeParams(person_id, std::move(h), owner_org_id));
}

void NewCases::AddCase(const Case& k, const std::string& created_by, const std::string& now) {
  cases.push_back(db::MakeParams(
      k.id, k.case_number, k.person_id, k.owner_org_id, k.status, k.stage, k.identification_source,
      EmptyAsNull(k.identified_on), k.trafficking_status, EmptyAsNull(k.trafficking_status_by),
      EmptyAsNull(k.district), EmptyAsNull(k.closure_reason), now, EmptyAsNull(k.closed_at),
      created_by, now, EmptyAsNull(k.closure_outcome)));
}

void NewCases::SetCaseNumber(size_t i, std::string case_number) {
  assert(i < cases.size());
  cases[i][1] = std::move(case_number);  // the column after the id, as AddCase puts it
}

int64_t ReserveCaseSequences(db::Connection& c, const std::string& district, int bs_year,
                             int64_t n) {
  auto rs = c.Query(
      "UPDATE case_number_counters SET last_seq = last_seq + $3 WHERE district = $1 AND bs_year = "
      "$2 RETURNING last_seq",
      {district, static_cast<int64_t>(bs_year), n});
  if (!rs.empty()) return rs[0].Int(0) - n + 1;
  c.Query("INSERT INTO case_number_counters (district, bs_year, last_seq) VALUES ($1, $2, $3)",
          {district, static_cast<int64_t>(bs_year), n});
  return 1;
}

void UpdatePerson(db::Connection& c, const PersonRow& p, const std::string& now) {
  db::Params params = PersonParams(p);
  params.push_back(now);
  c.Query(
      "UPDATE persons SET owner_org_id = $2, given_name_enc = $3, family_name_enc = $4, "
      "name_ne_enc = $5, aliases_enc = $6, birth_date_enc = $7, phone_enc = $8, "
      "citizenship_no_enc = $9, national_id_enc = $10, passport_no_enc = $11, address_enc = $12, "
      "guardian_enc = $13, phone_bidx = $14, citizenship_no_bidx = $15, national_id_bidx = $16, "
      "passport_no_bidx = $17, sex = $18, birth_precision = $19, birth_year = $20, "
      "age_at_registration = $21, citizenship = $22, district = $23, local_level = $24, "
      "languages = $25, education = $26, marital_status = $27, erased_at = $28, updated_at = $29, "
      "version = version + 1 WHERE id = $1",
      params);
}

std::optional<PersonRow> GetPerson(db::Connection& c, const std::string& id) {
  auto rs =
      c.Query(std::string("SELECT ") + kPersonColumns + " FROM persons p WHERE p.id = $1", {id});
  if (rs.empty()) return std::nullopt;
  return PersonFrom(rs[0], 0);
}

void ReplaceNameKeys(db::Connection& c, const std::string& person_id,
                     const std::string& owner_org_id, const std::vector<std::string>& key_hashes) {
  c.Query("DELETE FROM person_name_keys WHERE person_id = $1", {person_id});
  NewCases rows;
  rows.AddNameKeys(person_id, owner_org_id, key_hashes);
  db::InsertRows(c, kInsertNameKey, std::move(rows.name_keys));
}

int64_t UpdateCase(db::Connection& c, const Case& k, int64_t expected_version,
                   const std::string& now) {
  return c
      .Query(
          "UPDATE cases SET status = $2, stage = $3, identification_source = $4, "
          "identified_on = $5, trafficking_status = $6, trafficking_status_by = $7, district = $8, "
          "closure_reason = $9, closed_at = $10, updated_at = $11, closure_outcome = $13, "
          "version = version + 1 WHERE id = $1 AND version = $12",
          {k.id, k.status, k.stage, k.identification_source, EmptyAsNull(k.identified_on),
           k.trafficking_status, EmptyAsNull(k.trafficking_status_by), EmptyAsNull(k.district),
           EmptyAsNull(k.closure_reason), EmptyAsNull(k.closed_at), now, expected_version,
           EmptyAsNull(k.closure_outcome)})
      .affected;
}

std::optional<Case> GetCase(db::Connection& c, const std::string& id) {
  auto rs = c.Query(std::string("SELECT ") + kCaseColumns + " FROM cases c WHERE c.id = $1", {id});
  if (rs.empty()) return std::nullopt;
  Case k = CaseFrom(rs[0]);
  auto a =
      c.Query("SELECT user_id FROM case_assignments WHERE case_id = $1 ORDER BY user_id", {id});
  for (size_t i = 0; i < a.size(); ++i) k.assigned_user_ids.push_back(a[i].Str(0));
  return k;
}

void ReplaceAssignments(db::Connection& c, const std::string& case_id,
                        const std::vector<std::string>& user_ids, const std::string& now) {
  c.Query("DELETE FROM case_assignments WHERE case_id = $1", {case_id});
  for (const auto& u : user_ids) {
    c.Query("INSERT INTO case_assignments (case_id, user_id, assigned_at) VALUES ($1, $2, $3)",
            {case_id, u, now});
  }
}

bool IsAssigned(db::Connection& c, const std::string& case_id, const std::string& user_id) {
  return !c.Query("SELECT 1 FROM case_assignments WHERE case_id = $1 AND user_id = $2",
                  {case_id, user_id})
              .empty();
}

void InsertGrant(db::Connection& c, const std::string& referral_id, const std::string& case_id,
                 const std::string& organization_id, const std::string& sections,
                 const std::string& now) {
  c.Query(
      "INSERT INTO case_grants (referral_id, case_id, organization_id, sections, granted_at) "
      "VALUES ($1, $2, $3, $4, $5)",
      {referral_id, case_id, organization_id, sections, now});
}

void DeleteGrant(db::Connection& c, const std::string& referral_id) {
  c.Query("DELETE FROM case_grants WHERE referral_id = $1", {referral_id});
}

std::string GrantedSections(db::Connection& c, const std::string& case_id,
                            const std::string& organization_id) {
  auto rs = c.Query("SELECT sections FROM case_grants WHERE case_id = $1 AND organization_id = $2",
                    {case_id, organization_id});
  std::vector<std::string> all;
  for (size_t i = 0; i < rs.size(); ++i) {
    for (auto& section : SplitComma(rs[i].Str(0))) {
      if (std::find(all.begin(), all.end(), section) == all.end()) all.push_back(section);
    }
  }
  return JoinComma(all);
}

void UpsertFacts(db::Connection& c, const CaseFact& f) {
  c.Query("DELETE FROM case_facts WHERE case_id = $1", {f.case_id});
  NewCases rows;
  rows.AddFacts(f);
  db::InsertRows(c, kInsertFacts, std::move(rows.facts));
}

void NewCases::AddFacts(const CaseFact& f) {
  facts.push_back(db::MakeParams(
      f.case_id, f.owner_org_id, f.identified_on, f.fiscal_year, int64_t{f.ad_year},
      EmptyAsNull(f.district), EmptyAsNull(f.province), EmptyAsNull(f.origin_district),
      EmptyAsNull(f.origin_local_level), f.sex, f.age_band, EmptyAsNull(f.citizenship),
      EmptyAsNull(f.identification_source), f.trafficking_status, JoinComma(f.exploitation_types),
      EmptyAsNull(f.exploitation_country), f.status, f.stage, EmptyAsNull(f.closed_on),
      EmptyAsNull(f.exploitation_local_level), JoinComma(f.means_of_control),
      EmptyAsNull(f.labour_industry), JoinComma(f.sex_exploitation_types),
      EmptyAsNull(f.recruiter_relationship), Nullable(f.duration_days),
      JoinComma(f.recruitment_methods), EmptyAsNull(f.closure_outcome),
      EmptyAsNull(f.exploitation_district)));
}

namespace {

// The scope's conditions on case_facts (alias f) as constant SQL, with their parameters.
std::string FactConditions(const FactScope& scope, db::Params& params, bool by_period) {
  std::string sql;
  auto add = [&](const char* condition, db::Param p) {
    params.push_back(std::move(p));
    sql += std::string(" AND ") + condition + std::to_string(params.size());
  };
  if (by_period) {
    if (!scope.fiscal_year.empty()) {
      add("f.fiscal_year = $", scope.fiscal_year);
    } else if (scope.ad_year) {
      add("f.ad_year = $", int64_t{scope.ad_year});
    }
  }
  if (!scope.province.empty()) add("f.province = $", scope.province);
  if (!scope.district.empty()) add("f.district = $", scope.district);
  if (!scope.local_level.empty()) add("f.origin_local_level = $", scope.local_level);
  return sql;
}

}  // namespace

std::vector<CaseFact> Facts(db::Connection& c, const FactScope& scope) {
  db::Params params;
  std::string sql =
      "SELECT f.case_id, f.owner_org_id, f.identified_on, f.fiscal_year, f.ad_year, f.district, "
      "f.province, f.origin_district, f.origin_local_level, f.sex, f.age_band, f.citizenship, "
      "f.identification_source, f.trafficking_status, f.exploitation_types, "
      "f.exploitation_country, f.status, f.stage, f.closed_on, f.exploitation_local_level, "
      "f.means_of_control, f.labour_industry, f.sex_exploitation_types, f.recruiter_relationship, "
      "f.duration_days, f.recruitment_methods, f.closure_outcome, f.exploitation_district FROM "
      "case_facts f WHERE 1 = 1" +
      FactConditions(scope, params, true);
  auto rs = c.Query(sql, params);
  std::vector<CaseFact> out;
  out.reserve(rs.size());
  for (size_t i = 0; i < rs.size(); ++i) {
    const auto r = rs[i];
    out.push_back({r.Str(0),
                   r.Str(1),
                   r.Str(2),
                   r.Str(3),
                   static_cast<int>(r.Int(4)),
                   r.Str(5),
                   r.Str(6),
                   r.Str(7),
                   r.Str(8),
                   r.Str(9),
                   r.Str(10),
                   r.Str(11),
                   r.Str(12),
                   r.Str(13),
                   SplitComma(r.Str(14)),
                   r.Str(15),
                   r.Str(16),
                   r.Str(17),
                   r.Str(18),
                   r.Str(19),
                   SplitComma(r.Str(20)),
                   r.Str(21),
                   SplitComma(r.Str(22)),
                   r.Str(23),
                   r.OptInt(24),
                   SplitComma(r.Str(25)),
                   r.Str(26),
                   r.Str(27)});
  }
  return out;
}

const std::vector<std::string>& FactColumns() {
  static const std::vector<std::string> kColumns = {"district",
                                                    "province",
                                                    "origin_district",
                                                    "sex",
                                                    "age_band",
                                                    "citizenship",
                                                    "identification_source",
                                                    "trafficking_status",
                                                    "exploitation_types",
                                                    "exploitation_country",
                                                    "exploitation_district",
                                                    "status",
                                                    "stage"};
  return kColumns;
}

std::vector<FactGroup> FactGroups(db::Connection& c, const FactScope& scope,
                                  const std::vector<std::string>& columns) {
  // Column names come from the fixed list above, never from a request.
  std::string list;
  for (const auto& col : columns) {
    const auto& known = FactColumns();
    if (std::find(known.begin(), known.end(), col) == known.end()) {
      throw std::invalid_argument("not a fact column: " + col);
    }
    list += (list.empty() ? "f." : ", f.") + col;
  }
  db::Params params;
  std::string sql = "SELECT " + (list.empty() ? std::string() : list + ", ") +
                    "COUNT(*) FROM case_facts f WHERE 1 = 1" + FactConditions(scope, params, true) +
                    (list.empty() ? std::string() : " GROUP BY " + list);
  auto rs = c.Query(sql, params);
  std::vector<FactGroup> out;
  out.reserve(rs.size());
  for (size_t i = 0; i < rs.size(); ++i) {
    FactGroup g;
    for (size_t col = 0; col < columns.size(); ++col) g.values.push_back(rs[i].Str(col));
    g.count = rs[i].Int(columns.size());
    out.push_back(std::move(g));
  }
  return out;
}

std::vector<ItemFact> ItemFacts(db::Connection& c, const std::string& kind,
                                const FactScope& scope) {
  db::Params params = {kind, scope.from, scope.to};
  const bool justice = kind == "justice", follow_up = kind == "follow_up";
  // An item counts by its date; one without (a justice record) from when it was recorded; a
  // follow-up by when it was due.
  const std::string date =
      follow_up ? "i.due_date" : "COALESCE(i.item_date, SUBSTR(i.created_at, 1, 10))";
  std::string sql =
      "SELECT i.case_id, i.kind, i.subtype, " + date +
      ", i.status, f.district, f.province, f.sex, f.age_band, i.item_date" +
      (justice ? ", j.suspects, j.arrested, j.prosecuted, j.convicted, j.acquitted, "
                 "j.compensation_npr FROM case_items i LEFT JOIN justice_facts j ON j.item_id = "
                 "i.id"
               : " FROM case_items i") +
      " JOIN case_facts f ON f.case_id = i.case_id WHERE i.kind = $1 AND " + date + " >= $2 AND " +
      date + " < $3" + FactConditions(scope, params, false);
  auto rs = c.Query(sql, params);
  std::vector<ItemFact> out;
  out.reserve(rs.size());
  for (size_t i = 0; i < rs.size(); ++i) {
    const auto r = rs[i];
    ItemFact f{r.Str(0), r.Str(1), r.Str(2), r.Str(3), r.Str(4),
               r.Str(5), r.Str(6), r.Str(7), r.Str(8)};
    if (follow_up) f.done_on = r.Str(9);
    if (justice) {
      f.justice = {r.Int(10), r.Int(11),
                   r.Int(12), r.Int(13),
                   r.Int(14), r.IsNull(15) ? std::nullopt : std::optional<int64_t>(r.Int(15))};
    }
    out.push_back(std::move(f));
  }
  return out;
}

void ReplaceJusticeFacts(db::Connection& c, const std::string& item_id, const std::string& case_id,
                         const JusticeCounts& j) {
  c.Query("DELETE FROM justice_facts WHERE item_id = $1", {item_id});
  NewCases rows;
  rows.AddJusticeFacts(item_id, case_id, j);
  db::InsertRows(c, kInsertJusticeFacts, std::move(rows.justice));
}

void NewCases::AddJusticeFacts(const std::string& item_id, const std::string& case_id,
                               const JusticeCounts& j) {
  justice.push_back({item_id, case_id, j.suspects, j.arrested, j.prosecuted, j.convicted,
                     j.acquitted,
                     j.compensation_npr ? db::Param(*j.compensation_npr) : db::Param(nullptr)});
}

std::vector<Item> JusticeItemsWithoutFacts(db::Connection& c, int limit) {
  auto rs = c.Query(std::string("SELECT ") + kItemColumns +
                        " FROM case_items i WHERE i.kind = 'justice' AND NOT EXISTS (SELECT 1 "
                        "FROM justice_facts j WHERE j.item_id = i.id) ORDER BY i.id LIMIT $1",
                    {int64_t{limit}});
  std::vector<Item> out;
  for (size_t i = 0; i < rs.size(); ++i) out.push_back(ItemFrom(rs[i]));
  return out;
}

std::vector<std::string> PersonsSealedNotLike(db::Connection& c, const std::string& like,
                                              int limit) {
  auto rs = c.Query(
      "SELECT id FROM persons WHERE given_name_enc NOT LIKE $1 OR family_name_enc NOT LIKE $1 OR "
      "name_ne_enc NOT LIKE $1 OR aliases_enc NOT LIKE $1 OR birth_date_enc NOT LIKE $1 OR "
      "phone_enc NOT LIKE $1 OR citizenship_no_enc NOT LIKE $1 OR national_id_enc NOT LIKE $1 OR "
      "passport_no_enc NOT LIKE $1 OR address_enc NOT LIKE $1 OR guardian_enc NOT LIKE $1 "
      "ORDER BY id LIMIT $2",
      {like, int64_t{limit}});
  std::vector<std::string> out;
  for (size_t i = 0; i < rs.size(); ++i) out.push_back(rs[i].Str(0));
  return out;
}

void SetPersonSeal(db::Connection& c, const PersonRow& p) {
  c.Query(
      "UPDATE persons SET given_name_enc = $2, family_name_enc = $3, name_ne_enc = $4, "
      "aliases_enc = $5, birth_date_enc = $6, phone_enc = $7, citizenship_no_enc = $8, "
      "national_id_enc = $9, passport_no_enc = $10, address_enc = $11, guardian_enc = $12, "
      "phone_bidx = $13, citizenship_no_bidx = $14, national_id_bidx = $15, passport_no_bidx = $16 "
      "WHERE id = $1",
      {p.id, EmptyAsNull(p.given_name_enc), EmptyAsNull(p.family_name_enc),
       EmptyAsNull(p.name_ne_enc), EmptyAsNull(p.aliases_enc), EmptyAsNull(p.birth_date_enc),
       EmptyAsNull(p.phone_enc), EmptyAsNull(p.citizenship_no_enc), EmptyAsNull(p.national_id_enc),
       EmptyAsNull(p.passport_no_enc), EmptyAsNull(p.address_enc), EmptyAsNull(p.guardian_enc),
       EmptyAsNull(p.phone_bidx), EmptyAsNull(p.citizenship_no_bidx),
       EmptyAsNull(p.national_id_bidx), EmptyAsNull(p.passport_no_bidx)});
}

std::vector<std::pair<std::string, std::string>> ItemsSealedNotLike(db::Connection& c,
                                                                    const std::string& like,
                                                                    int limit) {
  auto rs = c.Query(
      "SELECT id, body_enc FROM case_items WHERE body_enc NOT LIKE $1 ORDER BY id "
      "LIMIT $2",
      {like, int64_t{limit}});
  std::vector<std::pair<std::string, std::string>> out;
  for (size_t i = 0; i < rs.size(); ++i) out.emplace_back(rs[i].Str(0), rs[i].Str(1));
  return out;
}

void SetItemBody(db::Connection& c, const std::string& item_id, const std::string& body) {
  c.Query("UPDATE case_items SET body_enc = $2 WHERE id = $1", {item_id, body});
}

std::vector<std::string> CasesWithoutFacts(db::Connection& c, int limit) {
  auto rs = c.Query(
      "SELECT c.id FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_facts f WHERE f.case_id = "
      "c.id) ORDER BY c.id LIMIT $1",
      {int64_t{limit}});
  std::vector<std::string> out;
  for (size_t i = 0; i < rs.size(); ++i) out.push_back(rs[i].Str(0));
  return out;
}

bool UpkeepDone(db::Connection& c, const std::string& task) {
  return !c.Query("SELECT 1 FROM upkeep_done WHERE task = $1", {task}).empty();
}

void MarkUpkeepDone(db::Connection& c, const std::string& task, const std::string& at) {
  c.Query("DELETE FROM upkeep_done WHERE task = $1", {task});
  c.Query("INSERT INTO upkeep_done (task, done_at) VALUES ($1, $2)", {task, at});
}

void LockUpkeep(db::Connection& c, const std::string& task) {
  if (c.engine() == db::Engine::kPostgres)
    c.Query("SELECT pg_advisory_xact_lock(hashtext($1))", {task});
}

std::vector<std::string> PersonIdsAfter(db::Connection& c, const std::string& after, int limit) {
  auto rs =
      c.Query("SELECT id FROM persons WHERE id > $1 ORDER BY id LIMIT $2", {after, int64_t{limit}});
  std::vector<std::string> out;
  for (size_t i = 0; i < rs.size(); ++i) out.push_back(rs[i].Str(0));
  return out;
}

void SaveProfile(db::Connection& c, const std::string& case_id, const VictimProfile& v) {
  c.Query("DELETE FROM victim_profiles WHERE case_id = $1", {case_id});
  c.Query("DELETE FROM case_exploitation_types WHERE case_id = $1", {case_id});
  NewCases rows;
  rows.AddProfile(case_id, v);
  db::InsertRows(c, kInsertProfile, std::move(rows.profiles));
  db::InsertRows(c, kInsertExploitationType, std::move(rows.exploitation_types));
}

void NewCases::AddProfile(const std::string& case_id, const VictimProfile& v) {
  profiles.push_back(
      db::MakeParams(case_id, Nullable(v.age_when_trafficked), JoinComma(v.recruitment_methods),
                     EmptyAsNull(v.recruiter_relationship), JoinComma(v.means_of_control),
                     JoinComma(v.exploitation_types), EmptyAsNull(v.labour_industry),
                     JoinComma(v.sex_exploitation_types), Nullable(v.duration_days),
                     EmptyAsNull(v.exploitation_country), EmptyAsNull(v.exploitation_local_level),
                     EmptyAsNull(v.route), JoinComma(v.border_points),
                     EmptyAsNull(v.fe_agency_licence), EmptyAsNull(v.fe_labour_permit),
                     EmptyAsNull(v.fe_dofe_complaint), EmptyAsNull(v.fe_tribunal_case)));
  for (const auto& t : v.exploitation_types) exploitation_types.push_back({case_id, t});
}

VictimProfile GetProfile(db::Connection& c, const std::string& case_id) {
  auto rs = c.Query(
      "SELECT age_when_trafficked, recruitment_methods, recruiter_relationship, means_of_control, "
      "exploitation_types, labour_industry, sex_exploitation_types, duration_days, "
      "exploitation_country, exploitation_local_level, route, border_points, fe_agency_licence, "
      "fe_labour_permit, fe_dofe_complaint, fe_tribunal_case FROM victim_profiles "
      "WHERE case_id = $1",
      {case_id});
  VictimProfile v;
  if (rs.empty()) return v;
  auto r = rs[0];
  v.age_when_trafficked = r.OptInt(0);
  v.recruitment_methods = SplitComma(r.Str(1));
  v.recruiter_relationship = r.Str(2);
  v.means_of_control = SplitComma(r.Str(3));
  v.exploitation_types = SplitComma(r.Str(4));
  v.labour_industry = r.Str(5);
  v.sex_exploitation_types = SplitComma(r.Str(6));
  v.duration_days = r.OptInt(7);
  v.exploitation_country = r.Str(8);
  v.exploitation_local_level = r.Str(9);
  v.route = r.Str(10);
  v.border_points = SplitComma(r.Str(11));
  v.fe_agency_licence = r.Str(12);
  v.fe_labour_permit = r.Str(13);
  v.fe_dofe_complaint = r.Str(14);
  v.fe_tribunal_case = r.Str(15);
  return v;
}

std::vector<SearchRow> Search(db::Connection& c, const SearchFilter& f) {
  // The statement is put together from constant fragments, one per filter in use, so each engine
  // can drive the query from the index that filter has; every value stays a parameter.
  db::Params params;
  auto param = [&](db::Param p) {
    params.push_back(std::move(p));
    return "$" + std::to_string(params.size());
  };
  std::string from = " FROM cases c";
  if (!f.name_key_hashes.empty()) {
    // Every name key of the query must belong to the person, found through the key index first:
    // among the caller's organisation's keys, and those of the persons of cases assigned to them.
    std::string in;
    size_t n = std::min(f.name_key_hashes.size(), kMostNameKeys);
    for (size_t i = 0; i < n; ++i) in += (i ? ", " : "") + param(f.name_key_hashes[i]);
    const std::string all_keys = " GROUP BY k.person_id HAVING COUNT(DISTINCT k.key_hash) = " +
                                 param(static_cast<int64_t>(n));
    std::string persons =
        "SELECT k.person_id FROM case_assignments a JOIN cases ca ON ca.id = a.case_id JOIN "
        "person_name_keys k ON k.person_id = ca.person_id WHERE a.user_id = " +
        param(f.caller_user_id) + " AND k.key_hash IN (" + in + ")" + all_keys;
    if (f.sees_org_cases) {
      persons = "SELECT k.person_id FROM person_name_keys k WHERE k.owner_org_id = " +
                param(f.caller_org_id) + " AND k.key_hash IN (" + in + ")" + all_keys + " UNION " +
                persons;
    }
    from = " FROM (" + persons + ") m JOIN cases c ON c.person_id = m.person_id";
  }
  std::string where = " WHERE ";
  const std::string assigned =
      "EXISTS (SELECT 1 FROM case_assignments a WHERE a.case_id = c.id AND "
      "a.user_id = " +
      param(f.caller_user_id) + ")";
  where += f.sees_org_cases
               ? "(c.owner_org_id = " + param(f.caller_org_id) + " OR " + assigned + ")"
               : assigned;
  if (!f.exact.empty()) where += " AND c.case_number = " + param(f.exact);
  if (!f.blind_index.empty()) {
    const std::string doc = param(f.blind_index);
    where += " AND (p.phone_bidx = " + param(f.blind_index_phone) +
             " OR p.citizenship_no_bidx = " + doc + " OR p.national_id_bidx = " + doc +
             " OR p.passport_no_bidx = " + doc + ")";
  }
  if (!f.district.empty()) where += " AND c.district = " + param(f.district);
  if (!f.status.empty()) where += " AND c.status = " + param(f.status);
  if (!f.stage.empty()) where += " AND c.stage = " + param(f.stage);
  if (!f.exploitation.empty()) {
    where +=
        " AND EXISTS (SELECT 1 FROM case_exploitation_types e WHERE e.case_id = c.id AND "
        "e.exploitation_type = " +
        param(f.exploitation) + ")";
  }
  if (!f.opened_from.empty()) where += " AND c.opened_at >= " + param(f.opened_from);
  if (!f.opened_to.empty()) where += " AND c.opened_at < " + param(f.opened_to);
  if (!f.cursor_id.empty()) {
    const std::string at = param(f.cursor_opened_at);
    where += " AND (c.opened_at < " + at + " OR (c.opened_at = " + at + " AND c.id < " +
             param(f.cursor_id) + "))";
  }
  // Pick the page's case ids first, then fetch the wide rows (ciphertext) for those alone: sorting
  // thousands of full rows to keep twenty would cost far more than the search itself.
  if (!f.blind_index.empty()) from += " JOIN persons p ON p.id = c.person_id";
  const std::string page = "SELECT c.id, c.opened_at" + from + where +
                           " ORDER BY c.opened_at DESC, c.id DESC LIMIT " +
                           param(static_cast<int64_t>(f.limit));
  auto rs = c.Query(
      std::string("SELECT ") + kCaseColumns + ", " + kPersonColumns +
          ", COALESCE(v.exploitation_types, '') FROM (" + page +
          ") ids JOIN cases c ON c.id = ids.id JOIN persons p ON p.id = c.person_id"
          " LEFT JOIN victim_profiles v ON v.case_id = c.id ORDER BY c.opened_at DESC, c.id DESC",
      params);
  std::vector<SearchRow> out;
  for (size_t i = 0; i < rs.size(); ++i) {
    auto r = rs[i];
    SearchRow row;
    row.k = CaseFrom(r);
    row.person = PersonFrom(r, kCaseWidth);
    row.exploitation_types = r.Str(kCaseWidth + kPersonWidth);
    out.push_back(std::move(row));
  }
  return out;
}

void InsertItem(db::Connection& c, const Item& i, const std::string& now) {
  NewCases rows;
  rows.AddItem(i, now);
  db::InsertRows(c, kInsertItem, std::move(rows.items));
}

void NewCases::AddItem(Item i, const std::string& now) {
  items.push_back(
      db::MakeParams(std::move(i.id), std::move(i.case_id), std::move(i.kind), std::move(i.subtype),
                     EmptyAsNull(std::move(i.date)), EmptyAsNull(std::move(i.date_precision)),
                     EmptyAsNull(std::move(i.due_date)), std::move(i.status),
                     EmptyAsNull(std::move(i.organization_id)), EmptyAsNull(std::move(i.country)),
                     EmptyAsNull(std::move(i.local_level)), static_cast<int64_t>(i.sensitive),
                     std::move(i.body), std::move(i.created_by), now, now));
}

void Insert(db::Connection& c, NewCases& rows) {
  // Parents before children, for the foreign keys.
  db::InsertRows(c, kInsertPerson, std::move(rows.persons));
  db::InsertRows(c, kInsertNameKey, std::move(rows.name_keys));
  db::InsertRows(c, kInsertCase, std::move(rows.cases));
  db::InsertRows(c, kInsertProfile, std::move(rows.profiles));
  db::InsertRows(c, kInsertExploitationType, std::move(rows.exploitation_types));
  db::InsertRows(c, kInsertFacts, std::move(rows.facts));
  db::InsertRows(c, kInsertItem, std::move(rows.items));
  db::InsertRows(c, kInsertJusticeFacts, std::move(rows.justice));
}

int64_t UpdateItem(db::Connection& c, const Item& i, int64_t expected_version,
                   const std::string& now) {
  return c
      .Query(
          "UPDATE case_items SET subtype = $3, item_date = $4, date_precision = $5, due_date = $6, "
          "status = $7, organization_id = $8, country = $9, local_level = $10, sensitive = $11, "
          "body_enc = $12, updated_at = $13, version = version + 1 "
          "WHERE id = $1 AND case_id = $2 AND version = $14",
          {i.id, i.case_id, i.subtype, EmptyAsNull(i.date), EmptyAsNull(i.date_precision),
           EmptyAsNull(i.due_date), i.status, EmptyAsNull(i.organization_id),
           EmptyAsNull(i.country), EmptyAsNull(i.local_level), static_cast<int64_t>(i.sensitive),
           i.body, now, expected_version})
      .affected;
}

std::optional<Item> GetItem(db::Connection& c, const std::string& case_id,
                            const std::string& item_id) {
  auto rs = c.Query(
      std::string("SELECT ") + kItemColumns + " FROM case_items WHERE id = $1 AND case_id = $2",
      {item_id, case_id});
  if (rs.empty()) return std::nullopt;
  return ItemFrom(rs[0]);
}

std::vector<Item> ListItems(db::Connection& c, const std::string& case_id,
                            const std::string& kind) {
  auto rs = c.Query(std::string("SELECT ") + kItemColumns +
                        " FROM case_items WHERE case_id = $1 AND kind = $2 "
                        "ORDER BY COALESCE(item_date, due_date, created_at), id",
                    {case_id, kind});
  std::vector<Item> out;
  for (size_t i = 0; i < rs.size(); ++i) out.push_back(ItemFrom(rs[i]));
  return out;
}

std::vector<DueRow> Due(db::Connection& c, const std::string& before_date,
                        const std::string& caller_user_id, const std::string& caller_org_id,
                        bool sees_org_cases) {
  auto rs = c.Query(
      "SELECT c.id, c.case_number, c.owner_org_id, i.id, i.kind, i.due_date FROM case_items i "
      "JOIN cases c ON c.id = i.case_id "
      "WHERE ((i.kind = 'follow_up' AND i.status = 'open') "
      "OR (i.kind = 'service' AND i.status = 'planned')) AND i.due_date < $1 "
      "AND c.status NOT IN ('closed', 'closed_referred') "
      "AND ((c.owner_org_id = $2 AND $3 = 1) OR EXISTS (SELECT 1 FROM case_assignments a "
      "WHERE a.case_id = c.id AND a.user_id = $4)) ORDER BY i.due_date, c.case_number LIMIT 500",
      {before_date, caller_org_id, static_cast<int64_t>(sees_org_cases), caller_user_id});
  std::vector<DueRow> out;
  for (size_t i = 0; i < rs.size(); ++i) {
    auto r = rs[i];
    out.push_back({r.Str(0), r.Str(1), r.Str(2), r.Str(3), r.Str(4), r.Str(5)});
  }
  return out;
}

}  // namespace samman::cases::store
