#include "directory/codec.h"

#include <set>

#include "common/body_reader.h"
#include "common/json_output.h"

namespace samman::directory {
namespace {

using nlohmann::json;

std::set<std::string> SetOf(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

}  // namespace

json OrganizationJson(const Organization& o, bool stale) {
  return {{"id", o.id},
          {"name", o.name},
          {"name_ne", OrNull(o.name_ne)},
          {"description", o.description},
          {"sector", o.sector},
          {"email", OrNull(o.email)},
          {"website", OrNull(o.website)},
          {"phone", OrNull(o.phone)},
          {"district", OrNull(o.district)},
          {"samman_organization_id", OrNull(o.samman_org_id)},
          {"last_verified", OrNull(o.last_verified)},
          {"stale", stale},
          {"version", o.version},
          {"updated_at", o.updated_at}};
}

json LocationJson(const Location& l) {
  json j = {{"id", l.id},
            {"organization_id", l.organization_id},
            {"name", l.name},
            {"description", l.description},
            {"location_type", l.location_type},
            {"confidential", l.confidential},
            {"district", OrNull(l.district)},
            {"contact_route", OrNull(l.contact_route)},
            {"version", l.version},
            {"updated_at", l.updated_at}};
  if (l.address_hidden) {
    j["address_hidden"] = true;
  } else {
    j["local_level"] = OrNull(l.local_level);
    j["ward"] = OrNull(l.ward);
    j["address"] = OrNull(l.address);
    j["latitude"] = OrNull(l.latitude);
    j["longitude"] = OrNull(l.longitude);
    j["phone"] = OrNull(l.phone);
  }
  return j;
}

json ServiceJson(const ServiceRecord& s, bool open_now, bool stale) {
  json capacity = json::array();
  for (const auto& c : s.capacity) {
    capacity.push_back({{"unit", c.unit},
                        {"available", c.available},
                        {"maximum", c.maximum},
                        {"updated_at", c.updated_at}});
  }
  json locations = json::array();
  for (const auto& sal : s.locations) {
    json schedules = json::array();
    for (const auto& sch : sal.schedules) {
      schedules.push_back(
          {{"days", sch.days}, {"opens_at", sch.opens_at}, {"closes_at", sch.closes_at}});
    }
    json l = {{"id", sal.id},
              {"location_id", sal.location_id},
              {"location_name", sal.location_name},
              {"district", OrNull(sal.district)},
              {"confidential", sal.confidential},
              {"schedules", schedules}};
    if (!sal.local_level.empty()) l["local_level"] = sal.local_level;
    locations.push_back(l);
  }
  return {{"id", s.id},
          {"organization_id", s.organization_id},
          {"organization_name", s.organization_name},
          {"organization_sector", s.organization_sector},
          {"name", s.name},
          {"name_ne", OrNull(s.name_ne)},
          {"description", s.description},
          {"description_ne", OrNull(s.description_ne)},
          {"status", s.status},
          {"taxonomy", s.taxonomy},
          {"email", OrNull(s.email)},
          {"url", OrNull(s.url)},
          {"phone", OrNull(s.phone)},
          {"free", s.free},
          {"fees_description", OrNull(s.fees_description)},
          {"application_process", OrNull(s.application_process)},
          {"eligibility_description", OrNull(s.eligibility_description)},
          {"minimum_age", OrNull(s.minimum_age)},
          {"maximum_age", OrNull(s.maximum_age)},
          {"sexes", s.sexes},
          {"target_groups", s.target_groups},
          {"languages", s.languages},
          {"required_documents", s.required_documents},
          {"service_areas", s.service_areas},
          {"capacity", capacity},
          {"locations", locations},
          {"open_now", open_now},
          {"last_verified", OrNull(s.last_verified)},
          {"stale", stale},
          {"version", s.version},
          {"updated_at", s.updated_at}};
}

Result<Organization> ReadOrganization(const json& body) {
  BodyReader r(body, "");
  Organization o;
  o.name = r.Str("name", true, 200);
  o.name_ne = r.Str("name_ne", false, 200);
  o.description = r.Str("description", false, 4000);
  o.sector = r.OneOf("sector", SetOf(Sectors()), true);
  o.email = r.Str("email", false, 200);
  o.website = r.Str("website", false, 300);
  o.phone = r.Str("phone", false, 60);
  o.district = r.Str("district", false, 3);
  o.samman_org_id = r.Str("samman_organization_id", false, 36);
  o.last_verified = r.Date("last_verified");
  if (!o.email.empty() && o.email.find('@') == std::string::npos) {
    r.Problem("email", "is not an email address");
  }
  if (auto ok = r.Finish(); !ok) return Fail(ok.error());
  return o;
}

Result<Location> ReadLocation(const json& body) {
  BodyReader r(body, "");
  Location l;
  l.organization_id = r.Str("organization_id", false, 36);
  l.name = r.Str("name", true, 200);
  l.description = r.Str("description", false, 2000);
  l.location_type = r.OneOf("location_type", {"physical", "virtual"}, false);
  if (l.location_type.empty()) l.location_type = "physical";
  l.confidential = r.Bool("confidential");
  l.district = r.Str("district", false, 3);
  l.local_level = r.Str("local_level", false, 5);
  if (auto w = r.Int("ward", 1, 40)) l.ward = static_cast<int>(*w);
  l.address = r.Str("address", false, 300);
  l.latitude = r.Double("latitude", 26.0, 31.0);  // Nepal lies within 26.3..30.5 N
  l.longitude = r.Double("longitude", 80.0, 88.5);
  if (l.latitude.has_value() != l.longitude.has_value()) {
    r.Problem("longitude", "give latitude and longitude together");
  }
  l.contact_route = r.Str("contact_route", false, 500);
  l.phone = r.Str("phone", false, 60);
  if (auto ok = r.Finish(); !ok) return Fail(ok.error());
  return l;
}

Result<ServiceRecord> ReadService(const json& body) {
  BodyReader r(body, "");
  ServiceRecord s;
  s.organization_id = r.Str("organization_id", false, 36);
  s.name = r.Str("name", true, 200);
  s.name_ne = r.Str("name_ne", false, 200);
  s.description = r.Str("description", false, 4000);
  s.description_ne = r.Str("description_ne", false, 4000);
  s.status = r.OneOf("status", SetOf(ServiceStatuses()), false);
  if (s.status.empty()) s.status = "active";
  s.taxonomy = r.Strings("taxonomy", 10, 60);
  s.email = r.Str("email", false, 200);
  s.url = r.Str("url", false, 300);
  s.phone = r.Str("phone", false, 60);
  bool has_free = body.is_object() && body.contains("free") && !body["free"].is_null();
  s.free = r.Bool("free") || !has_free;
  s.fees_description = r.Str("fees_description", false, 1000);
  s.application_process = r.Str("application_process", false, 2000);
  s.eligibility_description = r.Str("eligibility_description", false, 2000);
  if (auto a = r.Int("minimum_age", 0, 120)) s.minimum_age = static_cast<int>(*a);
  if (auto a = r.Int("maximum_age", 0, 120)) s.maximum_age = static_cast<int>(*a);
  static const std::set<std::string> kSexes = {"female", "male", "other"};
  s.sexes = r.Strings("sexes", 3, 10, &kSexes);
  static const std::set<std::string> kGroups = SetOf(TargetGroups());
  s.target_groups = r.Strings("target_groups", 10, 40, &kGroups);
  s.languages = r.Strings("languages", 30, 40);
  s.required_documents = r.Strings("required_documents", 20, 200);
  s.service_areas = r.Strings("service_areas", 77, 3);
  s.last_verified = r.Date("last_verified");
  if (const json* caps = r.Array("capacity", 10)) {
    for (const auto& c : *caps) {
      BodyReader cr(c, "capacity");
      Capacity cap;
      cap.unit = cr.Str("unit", true, 40);
      cap.available = static_cast<int>(cr.Int("available", 0, 100000).value_or(0));
      cap.maximum = static_cast<int>(cr.Int("maximum", 0, 100000).value_or(0));
      cap.updated_at = cr.Str("updated_at", false, 30);
      r.Absorb(cr.Finish());
      s.capacity.push_back(cap);
    }
  }
  if (const json* sals = r.Array("locations", 50)) {
    for (const auto& l : *sals) {
      BodyReader lr(l, "locations");
      ServiceAtLocation sal;
      sal.location_id = lr.Str("location_id", true, 36);
      sal.id = lr.Str("id", false, 36);  // kept by imports; edits keep the stored pair's id
      for (const char* computed : {"location_name", "district", "local_level", "confidential"})
        lr.Keep(computed);
      if (const json* schedules = lr.Array("schedules", 14)) {
        for (const auto& sch : *schedules) {
          BodyReader sr(sch, "locations.schedules");
          Schedule out;
          static const std::set<std::string> kDays = SetOf(Weekdays());
          out.days = sr.Strings("days", 7, 2, &kDays);
          out.opens_at = sr.Str("opens_at", true, 5);
          out.closes_at = sr.Str("closes_at", true, 5);
          r.Absorb(sr.Finish());
          sal.schedules.push_back(out);
        }
      }
      r.Absorb(lr.Finish());
      s.locations.push_back(sal);
    }
  }
  if (auto ok = r.Finish(); !ok) return Fail(ok.error());
  return s;
}

json DirectoryJson(const DirectoryData& d) {
  json orgs = json::array(), locations = json::array(), services = json::array();
  for (const auto& o : d.organizations) {
    json j = OrganizationJson(o, false);
    j.erase("stale");
    orgs.push_back(std::move(j));
  }
  for (const auto& l : d.locations) locations.push_back(LocationJson(l));
  for (const auto& s : d.services) {
    json j = ServiceJson(s, false, false);
    j.erase("stale");
    j.erase("open_now");
    services.push_back(std::move(j));
  }
  return {{"organizations", std::move(orgs)},
          {"locations", std::move(locations)},
          {"services", std::move(services)}};
}

Result<DirectoryData> ReadDirectoryJson(const json& j) {
  if (!j.is_object() || !j.contains("organizations") || !j["organizations"].is_array()) {
    return Fail(Error::Invalid("a directory export has organizations, locations and services"));
  }
  DirectoryData d;
  auto id_of = [](const json& item) {
    return item.is_object() && item.contains("id") && item["id"].is_string()
               ? item["id"].get<std::string>()
               : std::string();
  };
  auto located = [&](const char* what, const json& item, Error e) {
    e.detail = std::string(what) + " " + id_of(item) + ": " + e.detail;
    return e;
  };
  for (const auto& item : j["organizations"]) {
    auto o = ReadOrganization(Writable(item));
    if (!o) return Fail(located("organisation", item, o.error()));
    o->id = id_of(item);
    d.organizations.push_back(*o);
  }
  for (const auto& item : j.value("locations", json::array())) {
    json w = Writable(item);
    w.erase("address_hidden");
    auto l = ReadLocation(w);
    if (!l) return Fail(located("location", item, l.error()));
    l->id = id_of(item);
    d.locations.push_back(*l);
  }
  for (const auto& item : j.value("services", json::array())) {
    auto s = ReadService(Writable(item));
    if (!s) return Fail(located("service", item, s.error()));
    s->id = id_of(item);
    d.services.push_back(*s);
  }
  return d;
}

json Writable(json j) {
  if (!j.is_object()) return j;
  for (const char* computed :
       {"id", "version", "stale", "updated_at", "created_at", "organization_name",
        "organization_sector", "open_now", "address_hidden", "proximity"}) {
    j.erase(computed);
  }
  return j;
}

}  // namespace samman::directory
