#include "directory/hsds.h"

#include "common/ids.h"
#include "common/strings.h"

namespace samman::directory {
namespace {

using nlohmann::json;

void Put(json& j, const char* name, const std::string& value) {
  if (!value.empty()) j[name] = value;
}
bool IsWebUrl(const std::string& s) {
  return (s.rfind("https://", 0) == 0 || s.rfind("http://", 0) == 0) &&
         s.find(' ') == std::string::npos;
}
bool IsEmail(const std::string& s) {
  auto at = s.find('@');
  return at != std::string::npos && at > 0 && s.find('.', at) != std::string::npos &&
         s.find(' ') == std::string::npos;
}

}  // namespace

std::string HsdsTaxonomyId() { return NameBasedId("urn:samman:taxonomy:ctip"); }

json HsdsMapper::Term(const TaxonomyTerm& t) const {
  json j = {{"id", t.id},
            {"code", t.code},
            {"name", t.label_en},
            {"name_ne", t.label_ne},
            {"description", t.description_en.empty() ? t.label_en : t.description_en},
            {"taxonomy", kHsdsTaxonomyName},
            {"taxonomy_id", HsdsTaxonomyId()},
            {"language", "en"}};
  if (!t.parent.empty()) {
    if (const TaxonomyTerm* p = dir_.Term(t.parent)) j["parent_id"] = p->id;
  }
  if (!t.open_eligibility.empty()) j["open_eligibility_id"] = t.open_eligibility;
  return j;
}

json HsdsMapper::Org(const directory::Organization& o) const {
  json j = {{"id", o.id},
            {"name", o.name},
            {"description", o.description.empty() ? o.name : o.description},
            {"sector", o.sector}};
  Put(j, "alternate_name", o.name_ne);
  if (IsEmail(o.email)) j["email"] = o.email;
  if (IsWebUrl(o.website)) j["website"] = o.website;
  Put(j, "nepal_district_code", o.district);
  Put(j, "assured_date", o.last_verified);
  if (!o.phone.empty()) {
    j["phones"] = json::array({{{"id", NameBasedId("phone:organization:" + o.id)},
                                {"organization_id", o.id},
                                {"number", o.phone}}});
  }
  return j;
}

json HsdsMapper::Address(const directory::Location& l) const {
  const refdata::GeoUnit* local = refdata_.Unit(l.local_level);
  const refdata::GeoUnit* district = refdata_.Unit(l.district);
  const refdata::GeoUnit* province = district ? refdata_.Unit(district->parent_code) : nullptr;
  std::string line = l.address;
  if (l.ward) line += (line.empty() ? "" : ", ") + std::string("Ward ") + std::to_string(*l.ward);
  return {{"id", NameBasedId("address:" + l.id)},
          {"location_id", l.id},
          {"address_1", line},
          {"city", local ? local->name_en : ""},
          {"region", district ? district->name_en : ""},
          {"state_province", province ? province->name_en : ""},
          {"postal_code", ""},
          {"country", "NP"},
          {"address_type", "physical"}};
}

json HsdsMapper::Place(const directory::Location& l) const {
  json j = {{"id", l.id},
            {"location_type", l.location_type},
            {"organization_id", l.organization_id},
            {"name", l.name},
            {"confidential", l.confidential}};
  Put(j, "description", l.description);
  Put(j, "nepal_district_code", l.district);
  Put(j, "contact_route", l.contact_route);
  if (!l.address_hidden) {
    Put(j, "nepal_local_level_code", l.local_level);
    if (l.ward) j["nepal_ward"] = *l.ward;
    if (l.latitude) j["latitude"] = *l.latitude;
    if (l.longitude) j["longitude"] = *l.longitude;
    if (l.location_type == "physical") j["addresses"] = json::array({Address(l)});
    if (!l.phone.empty()) {
      j["phones"] = json::array({{{"id", NameBasedId("phone:location:" + l.id)},
                                  {"location_id", l.id},
                                  {"number", l.phone}}});
    }
  }
  return j;
}

json HsdsMapper::Schedules(const directory::ServiceAtLocation& sal) const {
  json a = json::array();
  for (size_t i = 0; i < sal.schedules.size(); ++i) {
    const auto& s = sal.schedules[i];
    std::string byday;
    for (const auto& d : s.days) byday += (byday.empty() ? "" : ",") + d;
    a.push_back({{"id", NameBasedId("schedule:" + sal.id + ":" + std::to_string(i))},
                 {"service_at_location_id", sal.id},
                 {"freq", "WEEKLY"},
                 {"byday", byday},
                 {"opens_at", s.opens_at},
                 {"closes_at", s.closes_at},
                 {"timezone", 5.75},
                 {"description", "Nepal time (UTC+05:45)"}});
  }
  return a;
}

json HsdsMapper::Sal(const directory::ServiceAtLocation& sal, bool nested) const {
  json j = {{"id", sal.id},
            {"service_id", sal.service_id},
            {"location_id", sal.location_id},
            {"schedules", Schedules(sal)}};
  if (nested) {
    auto l = dir_.GetLocation(who_, sal.location_id);
    if (l) j["location"] = Place(*l);
  }
  return j;
}

// The one-to-one fields and the organisation (service_list.json).

json HsdsMapper::ServiceBrief(const ServiceRecord& s) const {
  json j = {{"id", s.id},
            {"organization_id", s.organization_id},
            {"name", s.name},
            {"status", s.status},
            {"last_modified", s.updated_at}};
  Put(j, "alternate_name", s.name_ne);
  Put(j, "description", s.description);
  if (IsWebUrl(s.url)) j["url"] = s.url;
  if (IsEmail(s.email)) j["email"] = s.email;
  Put(j, "application_process", s.application_process);
  Put(j, "eligibility_description", s.eligibility_description);
  std::string fees = s.free ? "Free of charge" : "";
  if (!s.fees_description.empty()) fees += (fees.empty() ? "" : ". ") + s.fees_description;
  Put(j, "fees_description", fees);
  if (s.minimum_age) j["minimum_age"] = *s.minimum_age;
  if (s.maximum_age) j["maximum_age"] = *s.maximum_age;
  Put(j, "assured_date", s.last_verified);
  // Profile extensions: what HSDS 3.0 has no field for.
  j["free"] = s.free;
  Put(j, "description_ne", s.description_ne);
  Put(j, "nepal_sexes", JoinComma(s.sexes));
  Put(j, "nepal_target_groups", JoinComma(s.target_groups));
  auto org = dir_.GetOrganization(s.organization_id);
  if (org) j["organization"] = Org(*org);
  return j;
}

json HsdsMapper::ServiceFull(const ServiceRecord& s) const {
  json j = ServiceBrief(s);
  if (!s.phone.empty()) {
    j["phones"] = json::array({{{"id", NameBasedId("phone:service:" + s.id)},
                                {"service_id", s.id},
                                {"number", s.phone}}});
  }
  json sals = json::array();
  for (const auto& sal : s.locations) sals.push_back(Sal(sal, true));
  j["service_at_locations"] = sals;
  json languages = json::array();
  for (const auto& code : s.languages) {
    std::string name = code;
    if (const refdata::CodeList* list = refdata_.List("language")) {
      for (const auto& item : list->items) {
        if (item.code == code) name = item.label_en;
      }
    }
    languages.push_back({{"id", NameBasedId("language:" + s.id + ":" + code)},
                         {"service_id", s.id},
                         {"name", name},
                         {"code", code}});
  }
  j["languages"] = languages;
  json areas = json::array();
  for (const auto& d : s.service_areas) {
    const refdata::GeoUnit* u = refdata_.Unit(d);
    areas.push_back({{"id", NameBasedId("service_area:" + s.id + ":" + d)},
                     {"service_id", s.id},
                     {"name", u ? u->name_en + " district" : d},
                     {"extent", d},
                     {"extent_type", "nepal_district_code"}});
  }
  j["service_areas"] = areas;
  json documents = json::array();
  for (size_t i = 0; i < s.required_documents.size(); ++i) {
    documents.push_back({{"id", NameBasedId("required_document:" + s.id + ":" + std::to_string(i))},
                         {"service_id", s.id},
                         {"document", s.required_documents[i]}});
  }
  j["required_documents"] = documents;
  json attributes = json::array();
  for (const auto& code : s.taxonomy) {
    const TaxonomyTerm* t = dir_.Term(code);
    if (!t) continue;
    attributes.push_back({{"id", NameBasedId("attribute:" + s.id + ":" + code)},
                          {"link_id", s.id},
                          {"link_type", "service_type"},
                          {"link_entity", "service"},
                          {"taxonomy_term_id", t->id},
                          {"taxonomy_term", Term(*t)}});
  }
  j["attributes"] = attributes;
  json capacity = json::array();
  for (const auto& c : s.capacity) {
    capacity.push_back({{"id", NameBasedId("capacity:" + s.id + ":" + c.unit)},
                        {"service_id", s.id},
                        {"unit", {{"id", NameBasedId("unit:" + c.unit)}, {"name", c.unit}}},
                        {"available", c.available},
                        {"maximum", c.maximum},
                        {"updated", c.updated_at}});
  }
  j["capacities"] = capacity;
  return j;
}

}  // namespace samman::directory
