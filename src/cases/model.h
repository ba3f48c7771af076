// Case management model: the person vault (identifying data, decrypted only for those with a need
// to know), the case, the victim profile and the case items (timeline, consent, plan, follow-ups,
// notes, shelter stays, justice).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace samman::cases {

inline const std::vector<std::string>& Stages() {
  static const std::vector<std::string> kStages = {"identification", "intake",   "assessment",
                                                   "care_plan",      "services", "reintegration",
                                                   "follow_up",      "closure"};
  return kStages;
}

inline const std::vector<std::string>& ItemKinds() {
  static const std::vector<std::string> kKinds = {
      "event", "consent", "assessment", "service", "follow_up", "note", "shelter_stay", "justice"};
  return kKinds;
}

struct Guardian {
  std::string name;
  std::string relationship;
  std::string phone;
};

// Identifying data. Every string here is encrypted at rest except sex, precision, the codes of
// citizenship, district and local level, languages, education and marital status.
struct Person {
  std::string id;
  std::string given_name;
  std::string family_name;
  std::string name_ne;
  std::vector<std::string> aliases;
  std::string sex = "unknown";
  std::string birth_date;                   // YYYY-MM-DD, "" when unknown
  std::string birth_precision = "unknown";  // day | month | year | unknown
  std::optional<int> age_at_registration;
  std::string citizenship;  // ISO 3166 alpha-2
  std::string phone;
  std::string citizenship_no;
  std::string national_id;
  std::string passport_no;
  std::string district;
  std::string local_level;
  std::optional<int> ward;
  std::string tole;
  std::vector<std::string> languages;
  std::string education;
  std::string marital_status;
  Guardian guardian;
  bool erased = false;
  int64_t version = 1;

  std::string DisplayName() const;  // "Sita Tamang", or the Nepali name, or "(no name)"
};

struct VictimProfile {
  std::optional<int> age_when_trafficked;
  std::vector<std::string> recruitment_methods;
  std::string recruiter_relationship;
  std::vector<std::string> means_of_control;
  std::vector<std::string> exploitation_types;
  std::string labour_industry;
  std::vector<std::string> sex_exploitation_types;
  std::optional<int> duration_days;
  std::string exploitation_country;
  std::string exploitation_local_level;
  std::string route;
  std::vector<std::string> border_points;
  std::string fe_agency_licence;
  std::string fe_labour_permit;
  std::string fe_dofe_complaint;
  std::string fe_tribunal_case;
};

struct Case {
  std::string id;
  std::string case_number;  // 306-2083-000123
  std::string person_id;
  std::string owner_org_id;
  std::string status = "active";  // active | follow_up | closed | closed_referred
  std::string stage = "identification";
  std::string identification_source;
  std::string identified_on;
  std::string trafficking_status = "possible";  // possible | actual | not_a_victim
  std::string trafficking_status_by;  // who decided (code list trafficking_status_decision_org)
  std::string district;
  std::string closure_reason;
  std::string closure_outcome;  // code list closure_outcome, when closed
  std::string opened_at;
  std::string closed_at;
  std::vector<std::string> assigned_user_ids;
  int64_t version = 1;
};

// What a referral may share with the receiving organisation.
inline const std::vector<std::string>& ShareableSections() {
  static const std::vector<std::string> kSections = {"identity",    "contact",       "documents",
                                                     "trafficking", "events",        "assessments",
                                                     "services",    "shelter_stays", "justice"};
  return kSections;
}

// A case with what the caller may see of it.
struct CaseView {
  Case c;
  std::optional<Person> person;  // absent for callers without a need to know
  VictimProfile profile;
  std::string access = "full";               // full | justice | referral
  std::vector<std::string> shared_sections;  // what a referral shares (access "referral")
};

struct CaseSummary {
  std::string id;
  std::string case_number;
  std::string status;
  std::string stage;
  std::string district;
  std::string identification_source;
  std::string opened_at;
  std::string display_name;
  std::string sex;
  std::vector<std::string> exploitation_types;
};

struct SearchQuery {
  std::string q;  // case number, phone, document number or name (romanisation-tolerant)
  std::string district;
  std::string status;
  std::string stage;
  std::string exploitation;
  std::string opened_from;  // YYYY-MM-DD inclusive
  std::string opened_to;    // YYYY-MM-DD inclusive
  std::string cursor;       // next_cursor of the previous page
  int limit = 50;
};

struct Page {
  std::vector<CaseSummary> items;
  std::string next_cursor;  // "" on the last page
};

// A timeline entry, consent, assessment, service, follow-up, note, shelter stay or justice record.
// The searchable facts are fields; the rest is a JSON body, encrypted at rest.
struct Item {
  std::string id;
  std::string case_id;
  std::string kind;
  std::string subtype;  // event type, consent purpose, assessment type, service type, law ...
  std::string date;     // YYYY-MM-DD
  std::string date_precision;
  std::string due_date;
  std::string status;
  std::string organization_id;
  std::string country;
  std::string local_level;
  bool sensitive = false;
  std::string body;  // JSON object text
  std::string created_by;
  std::string created_at;
  int64_t version = 1;
};

// CTDC age bands (age at registration).
inline const std::vector<std::string>& AgeBands() {
  static const std::vector<std::string> kBands = {"0-8",   "9-17",  "18-20", "21-23", "24-26",
                                                  "27-29", "30-38", "39-47", "48+",   "unknown"};
  return kBands;
}
std::string AgeBand(std::optional<int> age);

// The non-identifying facts of a case that statistics count (case_facts).
struct CaseFact {
  std::string case_id;
  std::string owner_org_id;
  std::string identified_on;  // Nepal date (YYYY-MM-DD, AD)
  std::string fiscal_year;    // "2081/82"
  int ad_year = 0;
  std::string district, province, origin_district, origin_local_level;
  std::string sex, age_band, citizenship, identification_source, trafficking_status;
  std::vector<std::string> exploitation_types;
  std::string exploitation_country;
  std::string status, stage, closed_on;
  // The victim profile's other countable facts (for CTDC-layout microdata).
  std::string exploitation_local_level;
  std::vector<std::string> means_of_control;
  std::string labour_industry;
  std::vector<std::string> sex_exploitation_types;
  std::string recruiter_relationship;
  std::optional<int> duration_days;
  std::vector<std::string> recruitment_methods;
  std::string closure_outcome;        // code list closure_outcome
  std::string exploitation_district;  // of exploitation_local_level
};

// Cases alike in the asked columns of their facts, and how many.
struct FactGroup {
  std::vector<std::string> values;
  int64_t count = 0;
};

// The countable part of a justice record (justice_facts): how many people it names as suspects
// and how far each went. The names stay in the record's encrypted body.
struct JusticeCounts {
  int64_t suspects = 0, arrested = 0, prosecuted = 0, convicted = 0, acquitted = 0;
  std::optional<int64_t> compensation_npr;  // ordered by the court
};

// The counts of a justice record's plain JSON body (suspects with arrested, prosecuted and outcome;
// compensation_npr).
JusticeCounts CountJustice(const std::string& body);

// A case item's countable facts with its case's.
struct ItemFact {
  std::string case_id;
  std::string kind, subtype;
  std::string date;  // the item's date; a follow-up's due date
  std::string status;
  std::string district, province, sex, age_band;
  JusticeCounts justice;  // kind justice only
  std::string done_on;    // kind follow_up only
};

// Which cases statistics may draw on: a period ([from, to) AD dates) and an optional area.
struct FactScope {
  std::string fiscal_year;  // or
  int ad_year = 0;
  std::string from, to;
  std::string province, district, local_level;
};

struct OverdueTask {
  std::string case_id;
  std::string case_number;
  std::string item_id;
  std::string kind;
  std::string due_date;
};

struct AccessEntry {
  std::string at;
  std::string actor_user_id;
  std::string actor_username;
  std::string actor_org_id;
  std::string action;
};

}  // namespace samman::cases
