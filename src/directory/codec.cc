#include "directory/codec.h"

#include <set>

#include "common/body_reader.h"

namespace samman::directory {
namespace {

using nlohmann::json;

json Nullable(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }
template <typename T>
json Nullable(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

std::set<std::string> SetOf(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

}  // namespace

json OrganizationJson(const Organization& o, bool stale) {
  return {{"id", o.id},
          {"name", o.name},
          {"name_ne", Nullable(o.name_ne)},
          {"description", o.description},
          {"sector", o.sector},
          {"email", Nullable(o.email)},
          {"website", Nullable(o.website)},
          {"phone", Nullable(o.phone)},
          {"district", Nullable(o.district)},
          {"samman_organization_id", Nullable(o.samman_org_id)},
          {"last_verified", Nullable(o.last_verified)},
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
            {"district", Nullable(l.district)},
            {"contact_route", Nullable(l.contact_route)},
            {"version", l.version},
            {"updated_at", l.updated_at}};
  if (l.address_hidden) {
    j["address_hidden"] = true;
  } else {
    j["local_level"] = Nullable(l.local_level);
    j["ward"] = Nullable(l.ward);
    j["address"] = Nullable(l.address);
    j["latitude"] = Nullable(l.latitude);
    j["longitude"] = Nullable(l.longitude);
    j["phone"] = Nullable(l.phone);
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
              {"district", Nullable(sal.district)},
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
          {"name_ne", Nullable(s.name_ne)},
          {"description", s.description},
          {"description_ne", Nullable(s.description_ne)},
          {"status", s.status},
          {"taxonomy", s.taxonomy},
          {"email", Nullable(s.email)},
          {"url", Nullable(s.url)},
          {"phone", Nullable(s.phone)},
          {"free", s.free},
          {"fees_description", Nullable(s.fees_description)},
          {"application_process", Nullable(s.application_process)},
          {"eligibility_description", Nullable(s.eligibility_description)},
          {"minimum_age", Nullable(s.minimum_age)},
          {"maximum_age", Nullable(s.maximum_age)},
          {"sexes", s.sexes},
          {"target_groups", s.target_groups},
          {"languages", s.languages},
          {"required_documents", s.required_documents},
          {"service_areas", s.service_areas},
          {"capacity", capacity},
          {"locations", locations},
          {"open_now", open_now},
          {"last_verified", Nullable(s.last_verified)},
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
      cr.Keep("updated_at");
      if (auto ok = cr.Finish(); !ok) {
        for (const auto& f : ok.error().fields) r.Problem(f.field, f.message);
      }
      s.capacity.push_back(cap);
    }
  }
  if (const json* sals = r.Array("locations", 50)) {
    for (const auto& l : *sals) {
      BodyReader lr(l, "locations");
      ServiceAtLocation sal;
      sal.location_id = lr.Str("location_id", true, 36);
      for (const char* computed :
           {"id", "location_name", "district", "local_level", "confidential"})
        lr.Keep(computed);
      if (const json* schedules = lr.Array("schedules", 14)) {
        for (const auto& sch : *schedules) {
          BodyReader sr(sch, "locations.schedules");
          Schedule out;
          static const std::set<std::string> kDays = SetOf(Weekdays());
          out.days = sr.Strings("days", 7, 2, &kDays);
          out.opens_at = sr.Str("opens_at", true, 5);
          out.closes_at = sr.Str("closes_at", true, 5);
          if (auto ok = sr.Finish(); !ok) {
            for (const auto& f : ok.error().fields) r.Problem(f.field, f.message);
          }
          sal.schedules.push_back(out);
        }
      }
      if (auto ok = lr.Finish(); !ok) {
        for (const auto& f : ok.error().fields) r.Problem(f.field, f.message);
      }
      s.locations.push_back(sal);
    }
  }
  if (auto ok = r.Finish(); !ok) return Fail(ok.error());
  return s;
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
