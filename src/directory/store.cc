#include "directory/store.h"

#include <map>
#include <nlohmann/json.hpp>

#include "common/ids.h"
#include "common/strings.h"

namespace samman::directory::store {
namespace {

using db::EmptyAsNull;
using db::Nullable;
using nlohmann::json;

constexpr const char* kOrgColumns =
    "id, name, name_ne, description, sector, email, website, phone, district, samman_org_id, "
    "last_verified, created_at, updated_at, version";

Organization OrgFrom(const db::Row& r) {
  Organization o;
  o.id = r.Str(0);
  o.name = r.Str(1);
  o.name_ne = r.Str(2);
  o.description = r.Str(3);
  o.sector = r.Str(4);
  o.email = r.Str(5);
  o.website = r.Str(6);
  o.phone = r.Str(7);
  o.district = r.Str(8);
  o.samman_org_id = r.Str(9);
  o.last_verified = r.Str(10);
  o.created_at = r.Str(11);
  o.updated_at = r.Str(12);
  o.version = r.Int(13);
  return o;
}

constexpr const char* kLocationColumns =
    "id, organization_id, name, description, location_type, confidential, district, local_level, "
    "ward, address, latitude, longitude, contact_route, phone, created_at, updated_at, version";

Location LocationFrom(const db::Row& r) {
  Location l;
  l.id = r.Str(0);
  l.organization_id = r.Str(1);
  l.name = r.Str(2);
  l.description = r.Str(3);
  l.location_type = r.Str(4);
  l.confidential = r.Bool(5);
  l.district = r.Str(6);
  l.local_level = r.Str(7);
  l.ward = r.OptInt(8);
  l.address = r.Str(9);
  l.latitude = r.OptDouble(10);
  l.longitude = r.OptDouble(11);
  l.contact_route = r.Str(12);
  l.phone = r.Str(13);
  l.created_at = r.Str(14);
  l.updated_at = r.Str(15);
  l.version = r.Int(16);
  return l;
}

constexpr const char* kServiceColumns =
    "s.id, s.organization_id, s.name, s.name_ne, s.description, s.description_ne, s.status, "
    "s.email, s.url, s.phone, s.free, s.fees_description, s.application_process, "
    "s.eligibility_description, s.minimum_age, s.maximum_age, s.sexes, s.target_groups, "
    "s.languages, s.required_documents, s.service_areas, s.last_verified, s.created_at, "
    "s.updated_at, s.version, o.name, o.sector, o.samman_org_id";

ServiceRecord ServiceFrom(const db::Row& r) {
  ServiceRecord s;
  s.id = r.Str(0);
  s.organization_id = r.Str(1);
  s.name = r.Str(2);
  s.name_ne = r.Str(3);
  s.description = r.Str(4);
  s.description_ne = r.Str(5);
  s.status = r.Str(6);
  s.email = r.Str(7);
  s.url = r.Str(8);
  s.phone = r.Str(9);
  s.free = r.Bool(10);
  s.fees_description = r.Str(11);
  s.application_process = r.Str(12);
  s.eligibility_description = r.Str(13);
  s.minimum_age = r.OptInt(14);
  s.maximum_age = r.OptInt(15);
  s.sexes = SplitComma(r.Str(16));
  s.target_groups = SplitComma(r.Str(17));
  s.languages = SplitComma(r.Str(18));
  json docs = json::parse(r.Str(19), nullptr, false);
  if (docs.is_array()) {
    for (const auto& d : docs) {
      if (d.is_string()) s.required_documents.push_back(d);
    }
  }
  s.service_areas = SplitComma(r.Str(20));
  s.last_verified = r.Str(21);
  s.created_at = r.Str(22);
  s.updated_at = r.Str(23);
  s.version = r.Int(24);
  s.organization_name = r.Str(25);
  s.organization_sector = r.Str(26);
  s.organization_samman_org_id = r.Str(27);
  return s;
}

json SchedulesJson(const std::vector<Schedule>& schedules) {
  json a = json::array();
  for (const auto& s : schedules) {
    a.push_back({{"days", s.days}, {"opens_at", s.opens_at}, {"closes_at", s.closes_at}});
  }
  return a;
}

std::vector<Schedule> SchedulesFrom(const std::string& text) {
  std::vector<Schedule> out;
  json a = json::parse(text, nullptr, false);
  if (!a.is_array()) return out;
  for (const auto& s : a) {
    out.push_back({s.value("days", std::vector<std::string>{}), s.value("opens_at", ""),
                   s.value("closes_at", "")});
  }
  return out;
}

db::Params ServiceParams(const ServiceRecord& s) {
  return {s.id,
          s.organization_id,
          s.name,
          EmptyAsNull(s.name_ne),
          s.description,
          EmptyAsNull(s.description_ne),
          s.status,
          EmptyAsNull(s.email),
          EmptyAsNull(s.url),
          EmptyAsNull(s.phone),
          int64_t{s.free ? 1 : 0},
          EmptyAsNull(s.fees_description),
          EmptyAsNull(s.application_process),
          EmptyAsNull(s.eligibility_description),
          Nullable(s.minimum_age),
          Nullable(s.maximum_age),
          JoinComma(s.sexes),
          JoinComma(s.target_groups),
          JoinComma(s.languages),
          json(s.required_documents).dump(),
          JoinComma(s.service_areas),
          EmptyAsNull(s.last_verified)};
}

void WriteChildren(db::Connection& c, const ServiceRecord& s) {
  c.Query("DELETE FROM dir_service_terms WHERE service_id = $1", {s.id});
  for (size_t i = 0; i < s.taxonomy.size(); ++i) {
    c.Query("INSERT INTO dir_service_terms (service_id, term_code, position) VALUES ($1, $2, $3)",
            {s.id, s.taxonomy[i], static_cast<int64_t>(i)});
  }
  c.Query("DELETE FROM dir_service_capacity WHERE service_id = $1", {s.id});
  for (const auto& cap : s.capacity) {
    c.Query(
        "INSERT INTO dir_service_capacity (service_id, unit, available, maximum, updated_at) "
        "VALUES ($1, $2, $3, $4, $5)",
        {s.id, cap.unit, int64_t{cap.available}, int64_t{cap.maximum}, cap.updated_at});
  }
  std::map<std::string, std::string> kept;  // location_id -> service-at-location id
  auto existing =
      c.Query("SELECT location_id, id FROM dir_service_at_locations WHERE service_id = $1", {s.id});
  for (size_t i = 0; i < existing.size(); ++i) kept[existing[i].Str(0)] = existing[i].Str(1);
  for (const auto& [location_id, id] : kept) {
    bool stays = false;
    for (const auto& sal : s.locations) stays = stays || sal.location_id == location_id;
    if (!stays) c.Query("DELETE FROM dir_service_at_locations WHERE id = $1", {id});
  }
  for (size_t i = 0; i < s.locations.size(); ++i) {
    const auto& sal = s.locations[i];
    auto found = kept.find(sal.location_id);
    if (found != kept.end()) {
      c.Query("UPDATE dir_service_at_locations SET schedules = $2, position = $3 WHERE id = $1",
              {found->second, SchedulesJson(sal.schedules).dump(), static_cast<int64_t>(i)});
    } else {
      c.Query(
          "INSERT INTO dir_service_at_locations (id, service_id, location_id, schedules, position) "
          "VALUES ($1, $2, $3, $4, $5)",
          {sal.id.empty() ? NewId() : sal.id, s.id, sal.location_id,
           SchedulesJson(sal.schedules).dump(), static_cast<int64_t>(i)});
    }
  }
}

constexpr const char* kSalColumns =
    "sl.id, sl.service_id, sl.location_id, sl.schedules, l.name, l.district, l.local_level, "
    "l.confidential";

ServiceAtLocation SalFrom(const db::Row& r) {
  ServiceAtLocation sal;
  sal.id = r.Str(0);
  sal.service_id = r.Str(1);
  sal.location_id = r.Str(2);
  sal.schedules = SchedulesFrom(r.Str(3));
  sal.location_name = r.Str(4);
  sal.district = r.Str(5);
  sal.local_level = r.Str(6);
  sal.confidential = r.Bool(7);
  return sal;
}

// Attaches terms, capacity and locations to the services (one query each): those of service_id, or
// of every service when it is empty.
void LoadChildren(db::Connection& c, std::vector<ServiceRecord>& services,
                  const std::string& service_id) {
  std::map<std::string, ServiceRecord*> by_id;
  for (auto& s : services) by_id[s.id] = &s;
  // Constant SQL per scope; the scope is an id, never text from a user's query.
  std::string scope;
  db::Params params;
  if (!service_id.empty()) {
    scope = " WHERE x.service_id = $1";
    params = {service_id};
  }
  auto terms = c.Query("SELECT x.service_id, x.term_code FROM dir_service_terms x" + scope +
                           " ORDER BY x.service_id, x.position",
                       params);
  for (size_t i = 0; i < terms.size(); ++i) {
    if (auto it = by_id.find(terms[i].Str(0)); it != by_id.end()) {
      it->second->taxonomy.push_back(terms[i].Str(1));
    }
  }
  auto caps = c.Query(
      "SELECT x.service_id, x.unit, x.available, x.maximum, x.updated_at FROM dir_service_capacity "
      "x" +
          scope + " ORDER BY x.service_id, x.unit",
      params);
  for (size_t i = 0; i < caps.size(); ++i) {
    if (auto it = by_id.find(caps[i].Str(0)); it != by_id.end()) {
      it->second->capacity.push_back({caps[i].Str(1), static_cast<int>(caps[i].Int(2)),
                                      static_cast<int>(caps[i].Int(3)), caps[i].Str(4)});
    }
  }
  const std::string sal_scope = service_id.empty() ? "" : " WHERE sl.service_id = $1";
  auto sals = c.Query(std::string("SELECT ") + kSalColumns +
                          " FROM dir_service_at_locations sl JOIN dir_locations l ON l.id = "
                          "sl.location_id" +
                          sal_scope + " ORDER BY sl.service_id, sl.position",
                      params);
  for (size_t i = 0; i < sals.size(); ++i) {
    if (auto it = by_id.find(sals[i].Str(1)); it != by_id.end()) {
      it->second->locations.push_back(SalFrom(sals[i]));
    }
  }
}

}  // namespace

void InsertOrganization(db::Connection& c, const Organization& o, const std::string& now) {
  c.Query(
      "INSERT INTO dir_organizations (id, name, name_ne, description, sector, email, website, "
      "phone, district, samman_org_id, last_verified, created_at, updated_at, version) VALUES "
      "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, 1)",
      {o.id, o.name, EmptyAsNull(o.name_ne), o.description, o.sector, EmptyAsNull(o.email),
       EmptyAsNull(o.website), EmptyAsNull(o.phone), EmptyAsNull(o.district),
       EmptyAsNull(o.samman_org_id), EmptyAsNull(o.last_verified), now});
}

int64_t UpdateOrganization(db::Connection& c, const Organization& o, int64_t expected_version,
                           const std::string& now) {
  return c
      .Query(
          "UPDATE dir_organizations SET name = $2, name_ne = $3, description = $4, sector = $5, "
          "email = $6, website = $7, phone = $8, district = $9, samman_org_id = $10, "
          "last_verified = $11, updated_at = $12, version = version + 1 WHERE id = $1 AND "
          "version = $13",
          {o.id, o.name, EmptyAsNull(o.name_ne), o.description, o.sector, EmptyAsNull(o.email),
           EmptyAsNull(o.website), EmptyAsNull(o.phone), EmptyAsNull(o.district),
           EmptyAsNull(o.samman_org_id), EmptyAsNull(o.last_verified), now, expected_version})
      .affected;
}

std::optional<Organization> GetOrganization(db::Connection& c, const std::string& id) {
  auto rs =
      c.Query(std::string("SELECT ") + kOrgColumns + " FROM dir_organizations WHERE id = $1", {id});
  if (rs.empty()) return std::nullopt;
  return OrgFrom(rs[0]);
}

std::vector<Organization> ListOrganizations(db::Connection& c) {
  auto rs = c.Query(std::string("SELECT ") + kOrgColumns + " FROM dir_organizations ORDER BY name");
  std::vector<Organization> out;
  for (size_t i = 0; i < rs.size(); ++i) out.push_back(OrgFrom(rs[i]));
  return out;
}

std::vector<Organization> OrganizationsOf(db::Connection& c, const std::string& samman_org_id) {
  auto rs = c.Query(std::string("SELECT ") + kOrgColumns +
                        " FROM dir_organizations WHERE samman_org_id = $1 ORDER BY name",
                    {samman_org_id});
  std::vector<Organization> out;
  for (size_t i = 0; i < rs.size(); ++i) out.push_back(OrgFrom(rs[i]));
  return out;
}

void DeleteOrganization(db::Connection& c, const std::string& id) {
  c.Query("DELETE FROM dir_organizations WHERE id = $1", {id});
}

int64_t CountDependents(db::Connection& c, const std::string& organization_id) {
  auto rs = c.Query(
      "SELECT (SELECT COUNT(*) FROM dir_services WHERE organization_id = $1) + "
      "(SELECT COUNT(*) FROM dir_locations WHERE organization_id = $1)",
      {organization_id});
  return rs[0].Int(0);
}

void InsertLocation(db::Connection& c, const Location& l, const std::string& now) {
  c.Query(
      "INSERT INTO dir_locations (id, organization_id, name, description, location_type, "
      "confidential, district, local_level, ward, address, latitude, longitude, contact_route, "
      "phone, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
      "$11, $12, $13, $14, $15, $15, 1)",
      {l.id, l.organization_id, l.name, l.description, l.location_type,
       int64_t{l.confidential ? 1 : 0}, EmptyAsNull(l.district), EmptyAsNull(l.local_level),
       Nullable(l.ward), EmptyAsNull(l.address), Nullable(l.latitude), Nullable(l.longitude),
       EmptyAsNull(l.contact_route), EmptyAsNull(l.phone), now});
}

int64_t UpdateLocation(db::Connection& c, const Location& l, int64_t expected_version,
                       const std::string& now) {
  return c
      .Query(
          "UPDATE dir_locations SET name = $2, description = $3, location_type = $4, "
          "confidential = $5, district = $6, local_level = $7, ward = $8, address = $9, "
          "latitude = $10, longitude = $11, contact_route = $12, phone = $13, updated_at = $14, "
          "version = version + 1 WHERE id = $1 AND version = $15",
          {l.id, l.name, l.description, l.location_type, int64_t{l.confidential ? 1 : 0},
           EmptyAsNull(l.district), EmptyAsNull(l.local_level), Nullable(l.ward),
           EmptyAsNull(l.address), Nullable(l.latitude), Nullable(l.longitude),
           EmptyAsNull(l.contact_route), EmptyAsNull(l.phone), now, expected_version})
      .affected;
}

std::optional<Location> GetLocation(db::Connection& c, const std::string& id) {
  auto rs = c.Query(std::string("SELECT ") + kLocationColumns + " FROM dir_locations WHERE id = $1",
                    {id});
  if (rs.empty()) return std::nullopt;
  return LocationFrom(rs[0]);
}

std::vector<Location> ListLocations(db::Connection& c, const std::string& organization_id) {
  auto rs = organization_id.empty()
                ? c.Query(std::string("SELECT ") + kLocationColumns +
                          " FROM dir_locations ORDER BY name, id")
                : c.Query(std::string("SELECT ") + kLocationColumns +
                              " FROM dir_locations WHERE organization_id = $1 ORDER BY name, id",
                          {organization_id});
  std::vector<Location> out;
  for (size_t i = 0; i < rs.size(); ++i) out.push_back(LocationFrom(rs[i]));
  return out;
}

void DeleteLocation(db::Connection& c, const std::string& id) {
  c.Query("DELETE FROM dir_locations WHERE id = $1", {id});
}

int64_t CountServicesAt(db::Connection& c, const std::string& location_id) {
  return c
      .Query("SELECT COUNT(*) FROM dir_service_at_locations WHERE location_id = $1",
             {location_id})[0]
      .Int(0);
}

void InsertService(db::Connection& c, const ServiceRecord& s, const std::string& now) {
  db::Params p = ServiceParams(s);
  p.push_back(now);
  c.Query(
      "INSERT INTO dir_services (id, organization_id, name, name_ne, description, description_ne, "
      "status, email, url, phone, free, fees_description, application_process, "
      "eligibility_description, minimum_age, maximum_age, sexes, target_groups, languages, "
      "required_documents, service_areas, last_verified, created_at, updated_at, version) VALUES "
      "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, "
      "$20, $21, $22, $23, $23, 1)",
      p);
  WriteChildren(c, s);
}

int64_t UpdateService(db::Connection& c, const ServiceRecord& s, int64_t expected_version,
                      const std::string& now) {
  db::Params p = ServiceParams(s);
  p.push_back(now);
  p.push_back(expected_version);
  int64_t changed =
      c.Query(
           "UPDATE dir_services SET name = $3, name_ne = $4, description = $5, "
           "description_ne = $6, status = $7, email = $8, url = $9, phone = $10, free = $11, "
           "fees_description = $12, application_process = $13, eligibility_description = $14, "
           "minimum_age = $15, maximum_age = $16, sexes = $17, target_groups = $18, "
           "languages = $19, required_documents = $20, service_areas = $21, last_verified = $22, "
           "updated_at = $23, version = version + 1 WHERE id = $1 AND organization_id = $2 AND "
           "version = $24",
           p)
          .affected;
  if (changed == 1) WriteChildren(c, s);
  return changed;
}

std::optional<ServiceRecord> GetService(db::Connection& c, const std::string& id) {
  auto rs = c.Query(std::string("SELECT ") + kServiceColumns +
                        " FROM dir_services s JOIN dir_organizations o ON o.id = "
                        "s.organization_id WHERE s.id = $1",
                    {id});
  if (rs.empty()) return std::nullopt;
  std::vector<ServiceRecord> one = {ServiceFrom(rs[0])};
  LoadChildren(c, one, id);
  return one[0];
}

std::vector<ServiceRecord> ListServices(db::Connection& c) {
  auto rs = c.Query(std::string("SELECT ") + kServiceColumns +
                    " FROM dir_services s JOIN dir_organizations o ON o.id = s.organization_id"
                    " ORDER BY s.name, s.id");
  std::vector<ServiceRecord> out;
  for (size_t i = 0; i < rs.size(); ++i) out.push_back(ServiceFrom(rs[i]));
  LoadChildren(c, out, "");
  return out;
}

int64_t Generation(db::Connection& c) {
  return c.Query("SELECT generation FROM dir_generation WHERE id = 1")[0].Int(0);
}

void DeleteService(db::Connection& c, const std::string& id) {
  c.Query("DELETE FROM dir_service_terms WHERE service_id = $1", {id});
  c.Query("DELETE FROM dir_service_capacity WHERE service_id = $1", {id});
  c.Query("DELETE FROM dir_service_at_locations WHERE service_id = $1", {id});
  c.Query("DELETE FROM dir_services WHERE id = $1", {id});
}

std::optional<ServiceAtLocation> GetServiceAtLocation(db::Connection& c, const std::string& id) {
  auto rs = c.Query(std::string("SELECT ") + kSalColumns +
                        " FROM dir_service_at_locations sl JOIN dir_locations l ON l.id = "
                        "sl.location_id WHERE sl.id = $1",
                    {id});
  if (rs.empty()) return std::nullopt;
  return SalFrom(rs[0]);
}

}  // namespace samman::directory::store
