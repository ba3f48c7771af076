// Cases store: persons, person_name_keys, cases, case_assignments, victim_profiles,
// case_exploitation_types, case_items and case_number_counters. Works on ciphertext: encryption and
// decryption happen in the service. Runs inside the caller's transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cases/model.h"
#include "db/database.h"

namespace samman::cases::store {

// The persons row as stored: identifying fields are ciphertext ("" when empty).
struct PersonRow {
  std::string id;
  std::string owner_org_id;
  std::string given_name_enc, family_name_enc, name_ne_enc, aliases_enc, birth_date_enc, phone_enc,
      citizenship_no_enc, national_id_enc, passport_no_enc, address_enc, guardian_enc;
  std::string phone_bidx, citizenship_no_bidx, national_id_bidx, passport_no_bidx;
  std::string sex, birth_precision;
  std::optional<int> birth_year, age_at_registration;
  std::string citizenship, district, local_level, languages, education, marital_status;
  std::string erased_at;
  int64_t version = 1;
};

// Takes the next n case numbers of a district and BS year; returns the first.
int64_t ReserveCaseSequences(db::Connection& c, const std::string& district, int bs_year,
                             int64_t n);

// The rows of new cases (an import's, or one create's), written by Insert with multi-row
// statements. Every id must be new.
struct NewCases {
  std::vector<db::Params> persons, name_keys, cases, profiles, exploitation_types, facts, items,
      justice;
  // The rows are taken by value: a bulk import moves its sealed values in rather than copy them.
  void AddPerson(PersonRow p, const std::string& now);
  void AddNameKeys(const std::string& person_id, const std::string& owner_org_id,
                   std::vector<std::string> key_hashes);
  void AddCase(const Case& k, const std::string& created_by, const std::string& now);
  void AddProfile(const std::string& case_id, const VictimProfile& v);
  void AddFacts(const CaseFact& f);
  void AddItem(Item item, const std::string& now);
  void AddJusticeFacts(const std::string& item_id, const std::string& case_id,
                       const JusticeCounts& counts);
  // The number of the i-th case added, for rows made before the numbers were reserved.
  void SetCaseNumber(size_t i, std::string case_number);
};
// Writes the rows, moving their values out: what is left is freed with them, by the caller.
void Insert(db::Connection& c, NewCases& rows);

void UpdatePerson(db::Connection& c, const PersonRow& p, const std::string& now);
std::optional<PersonRow> GetPerson(db::Connection& c, const std::string& id);
void ReplaceNameKeys(db::Connection& c, const std::string& person_id,
                     const std::string& owner_org_id, const std::vector<std::string>& key_hashes);

// Writes every mutable column when the stored version matches; returns rows changed (0 = stale).
int64_t UpdateCase(db::Connection& c, const Case& k, int64_t expected_version,
                   const std::string& now);
std::optional<Case> GetCase(db::Connection& c, const std::string& id);
void ReplaceAssignments(db::Connection& c, const std::string& case_id,
                        const std::vector<std::string>& user_ids, const std::string& now);
bool IsAssigned(db::Connection& c, const std::string& case_id, const std::string& user_id);

// Referral grants: the sections of a case another organisation sees while a referral lasts.
void InsertGrant(db::Connection& c, const std::string& referral_id, const std::string& case_id,
                 const std::string& organization_id, const std::string& sections,
                 const std::string& now);
void DeleteGrant(db::Connection& c, const std::string& referral_id);
// The union of the organisation's granted sections for the case (comma-separated; "" = none).
std::string GrantedSections(db::Connection& c, const std::string& case_id,
                            const std::string& organization_id);

void UpsertFacts(db::Connection& c, const CaseFact& f);
// Facts of the cases identified in the scope's period and area.
std::vector<CaseFact> Facts(db::Connection& c, const FactScope& scope);
// Cases of the scope counted by the columns' values (columns from FactColumns() only).
std::vector<FactGroup> FactGroups(db::Connection& c, const FactScope& scope,
                                  const std::vector<std::string>& columns);
const std::vector<std::string>& FactColumns();
// Items of one kind dated (follow-ups: due) in [scope.from, scope.to), in cases of the scope's
// area.
std::vector<ItemFact> ItemFacts(db::Connection& c, const std::string& kind, const FactScope& scope);
// A justice record's counts (justice_facts), replacing what was there.
void ReplaceJusticeFacts(db::Connection& c, const std::string& item_id, const std::string& case_id,
                         const JusticeCounts& counts);
// Justice records without counts yet (written before they were kept).
std::vector<Item> JusticeItemsWithoutFacts(db::Connection& c, int limit);
// Key rotation: ids of persons with a sealed column, and (id, body) of items, whose ciphertext
// does not match like ("<key_id>:%"), at most limit; their sealed columns (and blind indexes)
// rewritten without touching anything else.
std::vector<std::string> PersonsSealedNotLike(db::Connection& c, const std::string& like,
                                              int limit);
void SetPersonSeal(db::Connection& c, const PersonRow& p);
std::vector<std::pair<std::string, std::string>> ItemsSealedNotLike(db::Connection& c,
                                                                    const std::string& like,
                                                                    int limit);
void SetItemBody(db::Connection& c, const std::string& item_id, const std::string& body);
// Cases that have no facts row yet (written before statistics existed).
std::vector<std::string> CasesWithoutFacts(db::Connection& c, int limit);
// Whether an upkeep task has run to its end on this database (upkeep_done), and marking it so.
bool UpkeepDone(db::Connection& c, const std::string& task);
void MarkUpkeepDone(db::Connection& c, const std::string& task, const std::string& at);
// Until the transaction ends, other servers' transactions taking the same lock wait (PostgreSQL;
// SQLite has one writer already).
void LockUpkeep(db::Connection& c, const std::string& task);
// Person ids after the given one (all of them from ""), in order, at most limit.
std::vector<std::string> PersonIdsAfter(db::Connection& c, const std::string& after, int limit);

void SaveProfile(db::Connection& c, const std::string& case_id, const VictimProfile& v);
VictimProfile GetProfile(db::Connection& c, const std::string& case_id);

// A name search uses at most this many keys.
constexpr size_t kMostNameKeys = 6;
struct SearchFilter {
  std::string caller_user_id;
  std::string caller_org_id;
  bool sees_org_cases = false;    // case workers and supervisors see their organisation's cases
  std::string exact;              // a case number
  std::string blind_index;        // a document number's blind index
  std::string blind_index_phone;  // the same text's blind index read as a phone number
  std::vector<std::string> name_key_hashes;  // all must match (the first kMostNameKeys)
  std::string district, status, stage, exploitation, opened_from, opened_to;
  std::string cursor_opened_at, cursor_id;  // the last row of the previous page
  int limit = 50;
};
struct SearchRow {
  Case k;
  PersonRow person;
  std::string exploitation_types;
};
std::vector<SearchRow> Search(db::Connection& c, const SearchFilter& f);

void InsertItem(db::Connection& c, const Item& item, const std::string& now);
int64_t UpdateItem(db::Connection& c, const Item& item, int64_t expected_version,
                   const std::string& now);
std::optional<Item> GetItem(db::Connection& c, const std::string& case_id,
                            const std::string& item_id);
std::vector<Item> ListItems(db::Connection& c, const std::string& case_id, const std::string& kind);
struct DueRow {
  std::string case_id, case_number, owner_org_id, item_id, kind, due_date;
};
std::vector<DueRow> Due(db::Connection& c, const std::string& before_date,
                        const std::string& caller_user_id, const std::string& caller_org_id,
                        bool sees_org_cases);

}  // namespace samman::cases::store
