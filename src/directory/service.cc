#include "directory/service.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "common/csv.h"
#include "common/embedded.h"
#include "common/ids.h"
#include "directory/store.h"

namespace samman::directory {
namespace {

using nlohmann::json;

bool Contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

std::string Lower(std::string s) {
  for (auto& ch : s) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return s;
}

std::vector<std::string> Words(const std::string& q) {
  std::vector<std::string> words;
  std::string w;
  for (char ch : Lower(q) + " ") {
    if (ch == ' ' || ch == ',' || ch == '\t') {
      if (!w.empty()) words.push_back(w);
      w.clear();
    } else {
      w += ch;
    }
  }
  return words;
}

bool IsHhMm(const std::string& t, bool allow_24) {
  if (t.size() != 5 || t[2] != ':') return false;
  for (size_t i : {0u, 1u, 3u, 4u}) {
    if (t[i] < '0' || t[i] > '9') return false;
  }
  int h = std::stoi(t.substr(0, 2)), m = std::stoi(t.substr(3, 2));
  if (allow_24 && h == 24 && m == 0) return true;
  return h < 24 && m < 60;
}

int Minutes(const std::string& hhmm) {
  return std::stoi(hhmm.substr(0, 2)) * 60 + std::stoi(hhmm.substr(3, 2));
}

Error StaleVersion(const char* what, int64_t version) {
  Error e = Error::Conflict(std::string("someone else changed this ") + what + " (now version " +
                            std::to_string(version) + "); reload to see it");
  e.extra_json = "{\"current_version\":" + std::to_string(version) + "}";
  return e;
}

}  // namespace

Service::Service(db::Database& db, const Clock& clock, const audit::Service& audit,
                 const refdata::Service& refdata)
    : db_(db), clock_(clock), audit_(audit), refdata_(refdata) {
  auto text = embedded::Find("data/ctip-taxonomy.csv");
  if (!text) throw std::runtime_error("data/ctip-taxonomy.csv is not built in");
  auto table = csv::Parse(*text);
  if (!table) throw std::runtime_error("data/ctip-taxonomy.csv: " + table.error().detail);
  auto col = [&](const char* name) {
    int i = table->Column(name);
    if (i < 0) throw std::runtime_error(std::string("data/ctip-taxonomy.csv lacks ") + name);
    return static_cast<size_t>(i);
  };
  size_t code = col("code"), id = col("id"), parent = col("parent"), en = col("label_en"),
         ne = col("label_ne"), support = col("support_type"), oe = col("open_eligibility"),
         desc = col("description_en");
  for (const auto& row : table->rows) {
    term_index_[row[code]] = taxonomy_.size();
    taxonomy_.push_back(
        {row[code], row[id], row[parent], row[en], row[ne], row[support], row[oe], row[desc]});
  }
}

const TaxonomyTerm* Service::Term(const std::string& code) const {
  auto it = term_index_.find(code);
  return it == term_index_.end() ? nullptr : &taxonomy_[it->second];
}

bool Service::CanEdit(const identity::Principal& who, const Organization& o) const {
  if (who.HasRole("system_admin") || who.HasRole("directory_editor")) return true;
  return who.HasRole("org_admin") && !o.samman_org_id.empty() &&
         o.samman_org_id == who.organization.id;
}

bool Service::SeesConfidential(const identity::Principal* who,
                               const std::string& samman_org_id) const {
  if (!who) return false;
  if (!samman_org_id.empty() && who->organization.id == samman_org_id) return true;
  return who->HasRole("system_admin") || who->HasRole("directory_editor");
}

bool Service::Stale(const std::string& last_verified) const {
  if (last_verified.size() != 10) return true;
  std::string today = NepalDate(clock_.Now());
  auto days = [](const std::string& d) {
    return DaysFromCivil(std::stoi(d.substr(0, 4)), std::stoul(d.substr(5, 2)),
                         std::stoul(d.substr(8, 2)));
  };
  return days(today) - days(last_verified) > kStaleAfterDays;
}

std::string Service::SammanOrgOf(const std::string& directory_org_id) const {
  return db_.Read([&](db::Connection& c) {
    auto o = store::GetOrganization(c, directory_org_id);
    return o ? o->samman_org_id : std::string();
  });
}

void Service::Redact(const identity::Principal* who, Location& l,
                     const std::string& samman_org_id) const {
  if (!l.confidential) return;
  if (SeesConfidential(who, samman_org_id)) {
    bool own = who && !samman_org_id.empty() && who->organization.id == samman_org_id;
    if (!own) {
      audit_.RecordCommitted(who->Actor(),
                             {"directory.location.read_confidential", "location", l.id, "{}"});
    }
    return;
  }
  l.local_level.clear();
  l.ward.reset();
  l.address.clear();
  l.latitude.reset();
  l.longitude.reset();
  l.phone.clear();
  l.address_hidden = true;
}

void Service::Redact(const identity::Principal* who, ServiceRecord& s) const {
  if (SeesConfidential(who, s.organization_samman_org_id)) return;
  for (auto& sal : s.locations) {
    if (sal.confidential) sal.local_level.clear();
  }
}

// ---- validation ----

Result<void> Service::Validate(const Organization& o) const {
  std::vector<FieldError> errors;
  if (o.name.empty()) errors.push_back({"name", "is required"});
  if (!Contains(Sectors(), o.sector)) {
    errors.push_back({"sector", "must be one of public, private, ngo, international"});
  }
  if (!o.district.empty() &&
      (!refdata_.Unit(o.district) || refdata_.Unit(o.district)->level != "district")) {
    errors.push_back({"district", "'" + o.district + "' is not a district code"});
  }
  if (!o.last_verified.empty() && o.last_verified > NepalDate(clock_.Now())) {
    errors.push_back({"last_verified", "cannot be in the future"});
  }
  if (errors.empty()) return {};
  Error e = Error::Invalid(errors[0].field + " " + errors[0].message);
  e.fields = errors;
  return Fail(e);
}

Result<void> Service::Validate(db::Connection& c, const Location& l) const {
  std::vector<FieldError> errors;
  if (l.name.empty()) errors.push_back({"name", "is required"});
  if (l.location_type != "physical" && l.location_type != "virtual") {
    errors.push_back({"location_type", "must be physical or virtual"});
  }
  if (!l.district.empty() &&
      (!refdata_.Unit(l.district) || refdata_.Unit(l.district)->level != "district")) {
    errors.push_back({"district", "'" + l.district + "' is not a district code"});
  }
  if (l.location_type == "physical" && l.district.empty()) {
    errors.push_back({"district", "is required for a physical location"});
  }
  if (!l.local_level.empty()) {
    const refdata::GeoUnit* u = refdata_.Unit(l.local_level);
    if (!u || u->level != "local_level") {
      errors.push_back({"local_level", "'" + l.local_level + "' is not a local level code"});
    } else if (u->parent_code != l.district) {
      errors.push_back({"local_level", "is not in the location's district"});
    } else if (l.ward && (*l.ward < 1 || *l.ward > u->wards)) {
      errors.push_back(
          {"ward", "must be from 1 to " + std::to_string(u->wards) + " in " + u->name_en});
    }
  }
  if (l.confidential && l.contact_route.empty()) {
    errors.push_back({"contact_route",
                      "is required for a confidential location: say how people reach it without "
                      "its address"});
  }
  if (!store::GetOrganization(c, l.organization_id)) {
    errors.push_back({"organization_id", "is not a directory organisation"});
  }
  if (errors.empty()) return {};
  Error e = Error::Invalid(errors[0].field + " " + errors[0].message);
  e.fields = errors;
  return Fail(e);
}

Result<void> Service::Validate(db::Connection& c, const ServiceRecord& s) const {
  std::vector<FieldError> errors;
  if (s.name.empty()) errors.push_back({"name", "is required"});
  if (!Contains(ServiceStatuses(), s.status)) {
    errors.push_back({"status", "must be active, inactive, defunct or temporarily closed"});
  }
  if (s.taxonomy.empty()) errors.push_back({"taxonomy", "give at least one taxonomy term"});
  for (const auto& t : s.taxonomy) {
    if (!Term(t)) errors.push_back({"taxonomy", "'" + t + "' is not a taxonomy term"});
  }
  for (const auto& l : s.languages) {
    if (!refdata_.IsCode("language", l)) {
      errors.push_back({"languages", "'" + l + "' is not in the language list"});
    }
  }
  for (const auto& d : s.service_areas) {
    if (!refdata_.Unit(d) || refdata_.Unit(d)->level != "district") {
      errors.push_back({"service_areas", "'" + d + "' is not a district code"});
    }
  }
  if (s.minimum_age && s.maximum_age && *s.minimum_age > *s.maximum_age) {
    errors.push_back({"maximum_age", "is below the minimum age"});
  }
  std::set<std::string> units;
  for (const auto& cap : s.capacity) {
    if (!units.insert(cap.unit).second) {
      errors.push_back({"capacity", "lists the unit '" + cap.unit + "' twice"});
    }
    if (cap.available > cap.maximum) {
      errors.push_back({"capacity", "available " + cap.unit + "s exceed the maximum"});
    }
  }
  auto org = store::GetOrganization(c, s.organization_id);
  if (!org) errors.push_back({"organization_id", "is not a directory organisation"});
  std::set<std::string> seen;
  for (const auto& sal : s.locations) {
    if (!seen.insert(sal.location_id).second) {
      errors.push_back({"locations", "lists a location twice"});
      continue;
    }
    auto l = store::GetLocation(c, sal.location_id);
    if (!l || l->organization_id != s.organization_id) {
      errors.push_back({"locations", "'" + sal.location_id +
                                         "' is not a location of this "
                                         "organisation"});
    }
    for (const auto& sch : sal.schedules) {
      if (sch.days.empty()) errors.push_back({"locations.schedules.days", "give the days"});
      for (const auto& d : sch.days) {
        if (!Contains(Weekdays(), d)) {
          errors.push_back({"locations.schedules.days", "'" + d + "' is not one of MO..SU"});
        }
      }
      if (!IsHhMm(sch.opens_at, false) || !IsHhMm(sch.closes_at, true)) {
        errors.push_back({"locations.schedules", "opens_at and closes_at are times like 09:30"});
      } else if (sch.opens_at == sch.closes_at) {
        errors.push_back({"locations.schedules", "opens and closes at the same time"});
      }
    }
  }
  if (errors.empty()) return {};
  Error e = Error::Invalid(errors[0].field + " " + errors[0].message);
  e.fields = errors;
  return Fail(e);
}

// ---- organisations ----

Result<Organization> Service::CreateOrganization(const identity::Principal& who, Organization o) {
  if (!CanEdit(who, o)) {
    return Fail(Error::Forbidden(
        "only directory editors, or an organisation administrator for their own organisation, "
        "may add listings"));
  }
  if (auto ok = Validate(o); !ok) return Fail(ok.error());
  o.id = NewId();
  return db_.Write([&](db::Connection& c) -> Result<Organization> {
    if (!o.samman_org_id.empty() &&
        c.Query("SELECT 1 FROM organizations WHERE id = $1", {o.samman_org_id}).empty()) {
      return Fail(Error::InvalidField("samman_organization_id", "is not a Samman organisation"));
    }
    if (!c.Query("SELECT 1 FROM dir_organizations WHERE name = $1", {o.name}).empty()) {
      return Fail(Error::Conflict("a directory organisation named '" + o.name + "' exists"));
    }
    std::string now = Now();
    store::InsertOrganization(c, o, now);
    audit_.Record(
        c, who.Actor(),
        {"directory.organization.create", "dir_organization", o.id, json{{"name", o.name}}.dump()});
    return *store::GetOrganization(c, o.id);
  });
}

Result<Organization> Service::GetOrganization(const std::string& id) const {
  auto o = db_.Read([&](db::Connection& c) { return store::GetOrganization(c, id); });
  if (!o) return Fail(Error::NotFound("no directory organisation " + id));
  return *o;
}

std::vector<Organization> Service::ListOrganizations(const std::string& q,
                                                     const std::string& district,
                                                     const std::string& sector) const {
  auto all = db_.Read([&](db::Connection& c) { return store::ListOrganizations(c); });
  std::vector<std::string> words = Words(q);
  std::vector<Organization> out;
  for (auto& o : all) {
    if (!district.empty() && o.district != district) continue;
    if (!sector.empty() && o.sector != sector) continue;
    std::string text = Lower(o.name + " " + o.name_ne + " " + o.description);
    bool match = true;
    for (const auto& w : words) match = match && text.find(w) != std::string::npos;
    if (match) out.push_back(std::move(o));
  }
  return out;
}

Result<Organization> Service::UpdateOrganization(const identity::Principal& who,
                                                 int64_t expected_version, Organization o) {
  if (auto ok = Validate(o); !ok) return Fail(ok.error());
  return db_.Write([&](db::Connection& c) -> Result<Organization> {
    auto stored = store::GetOrganization(c, o.id);
    if (!stored) return Fail(Error::NotFound("no directory organisation " + o.id));
    if (!CanEdit(who, *stored)) {
      return Fail(Error::Forbidden("you may not edit this organisation's listing"));
    }
    // An org_admin may not hand the listing to another organisation or take another's.
    if (o.samman_org_id != stored->samman_org_id && !who.HasRole("system_admin") &&
        !who.HasRole("directory_editor")) {
      return Fail(Error::Forbidden("only directory editors link listings to organisations"));
    }
    if (!o.samman_org_id.empty() &&
        c.Query("SELECT 1 FROM organizations WHERE id = $1", {o.samman_org_id}).empty()) {
      return Fail(Error::InvalidField("samman_organization_id", "is not a Samman organisation"));
    }
    if (!c.Query("SELECT 1 FROM dir_organizations WHERE name = $1 AND id <> $2", {o.name, o.id})
             .empty()) {
      return Fail(Error::Conflict("a directory organisation named '" + o.name + "' exists"));
    }
    if (store::UpdateOrganization(c, o, expected_version, Now()) != 1) {
      return Fail(StaleVersion("organisation", stored->version));
    }
    audit_.Record(c, who.Actor(),
                  {"directory.organization.update", "dir_organization", o.id, "{}"});
    return *store::GetOrganization(c, o.id);
  });
}

Result<void> Service::DeleteOrganization(const identity::Principal& who, const std::string& id) {
  return db_.Write([&](db::Connection& c) -> Result<void> {
    auto stored = store::GetOrganization(c, id);
    if (!stored) return Fail(Error::NotFound("no directory organisation " + id));
    if (!CanEdit(who, *stored)) {
      return Fail(Error::Forbidden("you may not delete this organisation's listing"));
    }
    if (store::CountDependents(c, id) > 0) {
      return Fail(Error::Conflict("delete the organisation's services and locations first"));
    }
    if (!c.Query("SELECT 1 FROM referrals WHERE dir_organization_id = $1", {id}).empty()) {
      return Fail(Error::Conflict(
          "referrals name this organisation; mark its services defunct instead of deleting it"));
    }
    store::DeleteOrganization(c, id);
    audit_.Record(c, who.Actor(),
                  {"directory.organization.delete", "dir_organization", id,
                   json{{"name", stored->name}}.dump()});
    return {};
  });
}

// ---- locations ----

Result<Location> Service::CreateLocation(const identity::Principal& who, Location l) {
  l.id = NewId();
  return db_.Write([&](db::Connection& c) -> Result<Location> {
    if (auto ok = Validate(c, l); !ok) return Fail(ok.error());
    auto org = store::GetOrganization(c, l.organization_id);
    if (!CanEdit(who, *org)) {
      return Fail(Error::Forbidden("you may not add locations to this organisation"));
    }
    store::InsertLocation(c, l, Now());
    audit_.Record(c, who.Actor(),
                  {"directory.location.create", "location", l.id,
                   json{{"organization_id", l.organization_id}}.dump()});
    return *store::GetLocation(c, l.id);
  });
}

Result<Location> Service::GetLocation(const identity::Principal* who, const std::string& id) const {
  std::string samman;
  auto l = db_.Read([&](db::Connection& c) -> std::optional<Location> {
    auto l = store::GetLocation(c, id);
    if (l) samman = store::GetOrganization(c, l->organization_id)->samman_org_id;
    return l;
  });
  if (!l) return Fail(Error::NotFound("no location " + id));
  Redact(who, *l, samman);
  return *l;
}

std::vector<Location> Service::ListLocations(const identity::Principal* who,
                                             const std::string& organization_id) const {
  std::map<std::string, std::string> samman_of;
  auto all = db_.Read([&](db::Connection& c) {
    for (const auto& o : store::ListOrganizations(c)) samman_of[o.id] = o.samman_org_id;
    return store::ListLocations(c, organization_id);
  });
  for (auto& l : all) Redact(who, l, samman_of[l.organization_id]);
  return all;
}

Result<Location> Service::UpdateLocation(const identity::Principal& who, int64_t expected_version,
                                         Location l) {
  return db_.Write([&](db::Connection& c) -> Result<Location> {
    auto stored = store::GetLocation(c, l.id);
    if (!stored) return Fail(Error::NotFound("no location " + l.id));
    l.organization_id = stored->organization_id;  // a location does not move between owners
    if (auto ok = Validate(c, l); !ok) return Fail(ok.error());
    if (!CanEdit(who, *store::GetOrganization(c, l.organization_id))) {
      return Fail(Error::Forbidden("you may not edit this location"));
    }
    if (store::UpdateLocation(c, l, expected_version, Now()) != 1) {
      return Fail(StaleVersion("location", stored->version));
    }
    audit_.Record(c, who.Actor(), {"directory.location.update", "location", l.id, "{}"});
    return *store::GetLocation(c, l.id);
  });
}

Result<void> Service::DeleteLocation(const identity::Principal& who, const std::string& id) {
  return db_.Write([&](db::Connection& c) -> Result<void> {
    auto stored = store::GetLocation(c, id);
    if (!stored) return Fail(Error::NotFound("no location " + id));
    if (!CanEdit(who, *store::GetOrganization(c, stored->organization_id))) {
      return Fail(Error::Forbidden("you may not delete this location"));
    }
    if (store::CountServicesAt(c, id) > 0) {
      return Fail(Error::Conflict("services are offered here; remove them from it first"));
    }
    store::DeleteLocation(c, id);
    audit_.Record(c, who.Actor(), {"directory.location.delete", "location", id, "{}"});
    return {};
  });
}

// ---- services ----

Result<ServiceRecord> Service::CreateService(const identity::Principal& who, ServiceRecord s) {
  s.id = NewId();
  std::string now = Now();
  for (auto& cap : s.capacity) cap.updated_at = now;
  for (auto& sal : s.locations) sal.id.clear();
  auto created = db_.Write([&](db::Connection& c) -> Result<ServiceRecord> {
    if (auto ok = Validate(c, s); !ok) return Fail(ok.error());
    if (!CanEdit(who, *store::GetOrganization(c, s.organization_id))) {
      return Fail(Error::Forbidden("you may not add services to this organisation"));
    }
    store::InsertService(c, s, now);
    audit_.Record(c, who.Actor(),
                  {"directory.service.create", "service", s.id,
                   json{{"organization_id", s.organization_id}}.dump()});
    return *store::GetService(c, s.id);
  });
  if (created) Redact(&who, *created);
  return created;
}

Result<ServiceRecord> Service::GetService(const identity::Principal* who,
                                          const std::string& id) const {
  auto s = db_.Read([&](db::Connection& c) { return store::GetService(c, id); });
  if (!s) return Fail(Error::NotFound("no service " + id));
  Redact(who, *s);
  return *s;
}

std::vector<ServiceRecord> Service::ListServices(const identity::Principal* who,
                                                 const std::string& organization_id) const {
  auto catalogue = Current();
  std::vector<ServiceRecord> out;
  for (const auto& s : catalogue->services) {
    if (!organization_id.empty() && s.organization_id != organization_id) continue;
    out.push_back(s);
    Redact(who, out.back());
  }
  return out;
}

std::shared_ptr<const Service::Catalogue> Service::Current() const {
  return db_.Read([&](db::Connection& c) -> std::shared_ptr<const Catalogue> {
    const int64_t generation = store::Generation(c);
    {
      std::lock_guard lock(catalogue_mu_);
      if (catalogue_ && catalogue_->generation == generation) return catalogue_;
    }
    // Read in the same snapshot as the generation, so the copy is never older than its number.
    auto fresh = std::make_shared<Catalogue>();
    fresh->generation = generation;
    fresh->services = store::ListServices(c);
    for (const auto& s : fresh->services) {
      std::string text = s.name + " " + s.name_ne + " " + s.description + " " + s.description_ne +
                         " " + s.organization_name;
      for (const auto& t : s.taxonomy) {
        if (const TaxonomyTerm* term = Term(t)) text += " " + term->label_en + " " + term->label_ne;
      }
      fresh->text.push_back(Lower(text));
      std::set<std::string> districts(s.service_areas.begin(), s.service_areas.end());
      for (const auto& sal : s.locations) {
        if (!sal.district.empty()) districts.insert(sal.district);
      }
      fresh->districts.emplace_back(districts.begin(), districts.end());
    }
    std::lock_guard lock(catalogue_mu_);
    if (!catalogue_ || catalogue_->generation < generation) catalogue_ = fresh;
    return fresh;
  });
}

Result<ServiceRecord> Service::UpdateService(const identity::Principal& who,
                                             int64_t expected_version, ServiceRecord s) {
  std::string now = Now();
  auto updated = db_.Write([&](db::Connection& c) -> Result<ServiceRecord> {
    auto stored = store::GetService(c, s.id);
    if (!stored) return Fail(Error::NotFound("no service " + s.id));
    s.organization_id = stored->organization_id;  // a service does not move between providers
    // Capacity figures keep their time unless they changed.
    for (auto& cap : s.capacity) {
      cap.updated_at = now;
      for (const auto& old : stored->capacity) {
        if (old.unit == cap.unit && old.available == cap.available && old.maximum == cap.maximum) {
          cap.updated_at = old.updated_at;
        }
      }
    }
    // Service-at-location ids stay with their pair.
    for (auto& sal : s.locations) {
      sal.id.clear();
      for (const auto& old : stored->locations) {
        if (old.location_id == sal.location_id) sal.id = old.id;
      }
    }
    if (auto ok = Validate(c, s); !ok) return Fail(ok.error());
    if (!CanEdit(who, *store::GetOrganization(c, s.organization_id))) {
      return Fail(Error::Forbidden("you may not edit this service"));
    }
    if (store::UpdateService(c, s, expected_version, now) != 1) {
      return Fail(StaleVersion("service", stored->version));
    }
    audit_.Record(c, who.Actor(), {"directory.service.update", "service", s.id, "{}"});
    return *store::GetService(c, s.id);
  });
  if (updated) Redact(&who, *updated);
  return updated;
}

Result<void> Service::DeleteService(const identity::Principal& who, const std::string& id) {
  return db_.Write([&](db::Connection& c) -> Result<void> {
    auto stored = store::GetService(c, id);
    if (!stored) return Fail(Error::NotFound("no service " + id));
    if (!CanEdit(who, *store::GetOrganization(c, stored->organization_id))) {
      return Fail(Error::Forbidden("you may not delete this service"));
    }
    if (!c.Query("SELECT 1 FROM referrals WHERE service_id = $1", {id}).empty()) {
      return Fail(Error::Conflict(
          "referrals were made to this service; mark it defunct instead of deleting it"));
    }
    store::DeleteService(c, id);
    audit_.Record(c, who.Actor(),
                  {"directory.service.delete", "service", id, json{{"name", stored->name}}.dump()});
    return {};
  });
}

Result<ServiceAtLocation> Service::GetServiceAtLocation(const identity::Principal* who,
                                                        const std::string& id) const {
  auto sal = db_.Read([&](db::Connection& c) -> std::optional<ServiceAtLocation> {
    auto sal = store::GetServiceAtLocation(c, id);
    if (sal && sal->confidential) {
      auto l = store::GetLocation(c, sal->location_id);
      auto o = store::GetOrganization(c, l->organization_id);
      if (!SeesConfidential(who, o->samman_org_id)) sal->local_level.clear();
    }
    return sal;
  });
  if (!sal) return Fail(Error::NotFound("no service at location " + id));
  return *sal;
}

// ---- import and export ----

Result<ImportReport> Service::Import(const identity::Principal& who, DirectoryData data) {
  if (!who.HasRole("system_admin") && !who.HasRole("directory_editor")) {
    return Fail(Error::Forbidden("only directory editors import listings"));
  }
  const std::string now = Now();
  auto where = [](const char* kind, const std::string& id, Error e) {
    e.detail = std::string(kind) + " " + id + ": " + e.detail;
    return e;
  };
  return db_.Write([&](db::Connection& c) -> Result<ImportReport> {
    ImportReport report;
    for (auto& o : data.organizations) {
      if (!LooksLikeId(o.id))
        return Fail(Error::Invalid("organisation id '" + o.id + "' is not a UUID"));
      if (auto ok = Validate(o); !ok) return Fail(where("organisation", o.id, ok.error()));
      if (!o.samman_org_id.empty() &&
          c.Query("SELECT 1 FROM organizations WHERE id = $1", {o.samman_org_id}).empty()) {
        o.samman_org_id.clear();  // a link to an organisation this installation does not have
      }
      if (!c.Query("SELECT 1 FROM dir_organizations WHERE name = $1 AND id <> $2", {o.name, o.id})
               .empty()) {
        return Fail(
            Error::Conflict("another directory organisation is already named '" + o.name + "'"));
      }
      if (auto stored = store::GetOrganization(c, o.id)) {
        store::UpdateOrganization(c, o, stored->version, now);
        ++report.updated;
      } else {
        store::InsertOrganization(c, o, now);
        ++report.created;
      }
    }
    for (const auto& l : data.locations) {
      if (!LooksLikeId(l.id))
        return Fail(Error::Invalid("location id '" + l.id + "' is not a UUID"));
      if (auto ok = Validate(c, l); !ok) return Fail(where("location", l.id, ok.error()));
      if (auto stored = store::GetLocation(c, l.id)) {
        if (stored->organization_id != l.organization_id) {
          return Fail(Error::Conflict("location " + l.id + " belongs to another organisation"));
        }
        store::UpdateLocation(c, l, stored->version, now);
        ++report.updated;
      } else {
        store::InsertLocation(c, l, now);
        ++report.created;
      }
    }
    for (auto& s : data.services) {
      if (!LooksLikeId(s.id))
        return Fail(Error::Invalid("service id '" + s.id + "' is not a UUID"));
      for (auto& cap : s.capacity) {
        if (cap.updated_at.empty()) cap.updated_at = now;
      }
      for (auto& sal : s.locations) {
        if (sal.id.empty()) continue;
        auto taken = store::GetServiceAtLocation(c, sal.id);
        if (!LooksLikeId(sal.id) ||
            (taken && (taken->service_id != s.id || taken->location_id != sal.location_id))) {
          sal.id.clear();  // a fresh id rather than someone else's
        }
      }
      if (auto ok = Validate(c, s); !ok) return Fail(where("service", s.id, ok.error()));
      if (auto stored = store::GetService(c, s.id)) {
        if (stored->organization_id != s.organization_id) {
          return Fail(Error::Conflict("service " + s.id + " belongs to another organisation"));
        }
        store::UpdateService(c, s, stored->version, now);
        ++report.updated;
      } else {
        store::InsertService(c, s, now);
        ++report.created;
      }
    }
    audit_.Record(c, who.Actor(),
                  {"directory.import", "dir_organization", "",
                   json{{"created", report.created}, {"updated", report.updated}}.dump()});
    return report;
  });
}

DirectoryData Service::Export(const identity::Principal* who) const {
  DirectoryData data;
  data.organizations = ListOrganizations("", "", "");
  data.locations = ListLocations(who, "");
  data.services = ListServices(who, "");
  return data;
}

// ---- search ----

bool Service::OpenAt(const std::vector<Schedule>& schedules, Instant t) {
  // Nepal Standard Time is UTC+05:45 all year.
  auto local = std::chrono::floor<std::chrono::minutes>(t) + std::chrono::minutes(345);
  auto day = std::chrono::floor<std::chrono::days>(local);
  int minute = static_cast<int>((local - day).count());
  std::chrono::weekday wd{std::chrono::sys_days(day)};
  const std::string today = Weekdays()[(wd.c_encoding() + 6) % 7];  // c_encoding: Sunday = 0
  const std::string yesterday = Weekdays()[(wd.c_encoding() + 5) % 7];
  for (const auto& s : schedules) {
    int opens = Minutes(s.opens_at), closes = Minutes(s.closes_at);
    if (opens < closes) {
      if (Contains(s.days, today) && minute >= opens && minute < closes) return true;
    } else {  // past midnight: opens on one day, closes on the next
      if (Contains(s.days, today) && minute >= opens) return true;
      if (Contains(s.days, yesterday) && minute < closes) return true;
    }
  }
  return false;
}

bool Service::OpenNow(const ServiceRecord& s) const {
  for (const auto& sal : s.locations) {
    if (OpenAt(sal.schedules, clock_.Now())) return true;
  }
  return false;
}

Result<SearchResult> Service::Search(const identity::Principal* who, const SearchQuery& q) const {
  if (!q.taxonomy.empty() && !Term(q.taxonomy)) {
    return Fail(Error::InvalidField("taxonomy", "'" + q.taxonomy + "' is not a taxonomy term"));
  }
  auto unit_check = [&](const char* field, const std::string& code,
                        const char* level) -> Result<void> {
    if (code.empty()) return {};
    const refdata::GeoUnit* u = refdata_.Unit(code);
    if (!u || u->level != level) {
      return Fail(Error::InvalidField(
          field, "'" + code + "' is not a " +
                     (std::string(level) == "district" ? "district code" : "local level code")));
    }
    return {};
  };
  if (auto ok = unit_check("district", q.district, "district"); !ok) return Fail(ok.error());
  if (auto ok = unit_check("local_level", q.local_level, "local_level"); !ok)
    return Fail(ok.error());
  if (auto ok = unit_check("near", q.near, "local_level"); !ok) return Fail(ok.error());
  if (!q.serves.empty() && q.serves != "minors" && q.serves != "women" && q.serves != "men") {
    return Fail(Error::InvalidField("serves", "must be minors, women or men"));
  }
  if (!q.language.empty() && !refdata_.IsCode("language", q.language)) {
    return Fail(
        Error::InvalidField("language", "'" + q.language + "' is not in the language list"));
  }

  const auto catalogue = Current();
  const Instant now = clock_.Now();
  const std::vector<std::string> words = Words(q.q);
  std::set<std::string> terms;
  if (!q.taxonomy.empty()) {
    terms.insert(q.taxonomy);
    for (const auto& t : taxonomy_) {
      if (t.parent == q.taxonomy) terms.insert(t.code);
    }
  }
  std::string near_district, near_province;
  if (!q.near.empty()) {
    near_district = refdata_.Unit(q.near)->parent_code;
    near_province = refdata_.Unit(near_district)->parent_code;
  }

  struct Ranked {
    int rank = 0;
    size_t index = 0;  // into the catalogue
    bool open = false;
    std::string proximity;
  };
  std::map<std::string, int64_t> per_district;
  std::vector<Ranked> ranked;
  for (size_t i = 0; i < catalogue->services.size(); ++i) {
    const ServiceRecord& s = catalogue->services[i];
    if (!q.organization_id.empty() && s.organization_id != q.organization_id) continue;
    if (!q.include_inactive && (s.status == "inactive" || s.status == "defunct")) continue;
    if (!terms.empty()) {
      bool any = false;
      for (const auto& t : s.taxonomy) any = any || terms.count(t);
      if (!any) continue;
    }
    if (!words.empty()) {
      bool all_words = true;
      for (const auto& w : words) {
        all_words = all_words && catalogue->text[i].find(w) != std::string::npos;
      }
      if (!all_words) continue;
    }
    // A confidential location's local level is withheld (Redact): it neither matches nor ranks.
    const bool sees = SeesConfidential(who, s.organization_samman_org_id);
    auto local_level = [&](const ServiceAtLocation& sal) -> const std::string& {
      static const std::string kWithheld;
      return sal.confidential && !sees ? kWithheld : sal.local_level;
    };
    if (!q.local_level.empty()) {
      bool any = false;
      for (const auto& sal : s.locations) any = any || local_level(sal) == q.local_level;
      if (!any) continue;
    }
    bool open = false;
    for (const auto& sal : s.locations) open = open || OpenAt(sal.schedules, now);
    if (q.open_now && !open) continue;
    if (q.has_capacity) {
      bool any = false;
      for (const auto& cap : s.capacity) any = any || cap.available > 0;
      if (!any) continue;
    }
    if (q.serves == "minors" && s.minimum_age && *s.minimum_age >= 18) continue;
    if (q.serves == "women" && !s.sexes.empty() && !Contains(s.sexes, "female")) continue;
    if (q.serves == "men" && !s.sexes.empty() && !Contains(s.sexes, "male")) continue;
    if (!q.language.empty() && !Contains(s.languages, q.language)) continue;
    if (!q.modified_after.empty() && s.updated_at <= q.modified_after) continue;

    const std::vector<std::string>& districts = catalogue->districts[i];
    for (const auto& d : districts) ++per_district[d];
    if (!q.district.empty() && !Contains(districts, q.district)) continue;

    Ranked hit{0, i, open, ""};
    if (!q.near.empty()) {
      const bool serves_near = Contains(districts, near_district);
      int rank = 3;
      for (const auto& sal : s.locations) {
        if (!local_level(sal).empty() && local_level(sal) == q.near) {
          rank = 0;
        } else if (sal.district == near_district || serves_near) {
          rank = std::min(rank, 1);
        } else if (!sal.district.empty() && refdata_.Unit(sal.district) &&
                   refdata_.Unit(sal.district)->parent_code == near_province) {
          rank = std::min(rank, 2);
        }
      }
      if (rank > 1 && serves_near) rank = 1;
      hit.rank = rank;
      hit.proximity =
          std::vector<std::string>{"local_level", "district", "province", "elsewhere"}[rank];
    }
    ranked.push_back(std::move(hit));
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.rank < b.rank; });
  SearchResult result;
  result.total = static_cast<int64_t>(ranked.size());
  size_t from = static_cast<size_t>(std::max(0, q.page - 1)) * static_cast<size_t>(q.per_page);
  for (size_t i = from; i < ranked.size() && i < from + static_cast<size_t>(q.per_page); ++i) {
    SearchHit hit{catalogue->services[ranked[i].index], ranked[i].open,
                  std::move(ranked[i].proximity)};
    Redact(who, hit.service);
    result.items.push_back(std::move(hit));
  }
  for (const auto& [d, n] : per_district) result.by_district.emplace_back(d, n);
  std::sort(result.by_district.begin(), result.by_district.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  return result;
}

}  // namespace samman::directory
