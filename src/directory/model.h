// Service directory model: an HSDS 3.0 profile — organisations, locations (some confidential),
// services with eligibility, capacity and opening hours at each location — and our CTIP taxonomy.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace samman::directory {

inline const std::vector<std::string>& Sectors() {
  static const std::vector<std::string> kSectors = {"public", "private", "ngo", "international"};
  return kSectors;
}
inline const std::vector<std::string>& ServiceStatuses() {
  static const std::vector<std::string> kStatuses = {"active", "inactive", "defunct",
                                                     "temporarily closed"};
  return kStatuses;
}
inline const std::vector<std::string>& TargetGroups() {
  static const std::vector<std::string> kGroups = {
      "trafficking_survivors",  "migrant_workers", "children", "women", "men", "lgbtiq",
      "persons_with_disability"};
  return kGroups;
}
inline const std::vector<std::string>& Weekdays() {
  static const std::vector<std::string> kDays = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
  return kDays;
}
// A listing not verified for this many days is flagged stale.
constexpr int kStaleAfterDays = 180;

struct TaxonomyTerm {
  std::string code;
  std::string id;  // stable UUID (HSDS taxonomy_term.id)
  std::string parent;
  std::string label_en;
  std::string label_ne;
  std::string support_type;      // cross-walk to the support_type code list
  std::string open_eligibility;  // nearest Open Eligibility term id
  std::string description_en;
};

struct Organization {
  std::string id;
  std::string name;
  std::string name_ne;
  std::string description;
  std::string sector;
  std::string email;
  std::string website;
  std::string phone;
  std::string district;
  std::string samman_org_id;  // "" when the provider does not use Samman
  std::string last_verified;  // YYYY-MM-DD
  std::string created_at;
  std::string updated_at;
  int64_t version = 1;
};

struct Location {
  std::string id;
  std::string organization_id;
  std::string name;
  std::string description;
  std::string location_type = "physical";  // physical | virtual
  bool confidential = false;
  std::string district;
  // Withheld from callers without a need to know when confidential:
  std::string local_level;
  std::optional<int> ward;
  std::string address;
  std::optional<double> latitude;
  std::optional<double> longitude;
  std::string phone;
  std::string contact_route;  // how the public reaches a confidential place
  bool address_hidden = false;
  std::string created_at;
  std::string updated_at;
  int64_t version = 1;
};

struct Schedule {
  std::vector<std::string> days;  // MO..SU
  std::string opens_at;           // HH:MM, Nepal time
  std::string closes_at;          // HH:MM, "24:00" for midnight
};

struct Capacity {
  std::string unit;  // bed, place, session ...
  int available = 0;
  int maximum = 0;
  std::string updated_at;
};

struct ServiceAtLocation {
  std::string id;
  std::string service_id;
  std::string location_id;
  std::vector<Schedule> schedules;
  // Filled on reads from the location:
  std::string location_name;
  std::string district;
  std::string local_level;  // "" when withheld
  bool confidential = false;
};

struct ServiceRecord {
  std::string id;
  std::string organization_id;
  std::string name;
  std::string name_ne;
  std::string description;
  std::string description_ne;
  std::string status = "active";
  std::vector<std::string> taxonomy;  // term codes
  std::string email;
  std::string url;
  std::string phone;
  bool free = true;
  std::string fees_description;
  std::string application_process;
  std::string eligibility_description;
  std::optional<int> minimum_age;
  std::optional<int> maximum_age;
  std::vector<std::string> sexes;  // empty = everyone
  std::vector<std::string> target_groups;
  std::vector<std::string> languages;  // language code list
  std::vector<std::string> required_documents;
  std::vector<std::string> service_areas;  // district codes
  std::vector<Capacity> capacity;
  std::vector<ServiceAtLocation> locations;
  std::string last_verified;
  std::string created_at;
  std::string updated_at;
  int64_t version = 1;
  // Filled on reads:
  std::string organization_name;
  std::string organization_sector;
  std::string organization_samman_org_id;
};

// A whole directory, or part of one, as imported and exported (ids kept).
struct DirectoryData {
  std::vector<Organization> organizations;
  std::vector<Location> locations;
  std::vector<ServiceRecord> services;
};

struct ImportReport {
  int created = 0;
  int updated = 0;
};

struct SearchQuery {
  std::string q;
  std::string taxonomy;  // a term code; its children match too
  std::string district;
  std::string local_level;
  std::string near;  // a local level code: rank by administrative proximity
  bool open_now = false;
  bool has_capacity = false;
  std::string serves;  // minors | women | men
  std::string language;
  std::string organization_id;
  std::string modified_after;     // an instant
  bool include_inactive = false;  // inactive and defunct services too (HSDS feeds)
  int page = 1;
  int per_page = 20;
};

struct SearchHit {
  ServiceRecord service;
  bool open_now = false;
  std::string proximity;  // local_level | district | province | elsewhere, when near was given
};

struct SearchResult {
  std::vector<SearchHit> items;
  int64_t total = 0;
  std::vector<std::pair<std::string, int64_t>> by_district;
};

}  // namespace samman::directory
