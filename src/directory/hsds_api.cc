// The directory as the Open Referral HSDS 3.0 API (read-only), with the Samman profile's
// extensions: confidential locations, Nepal's administrative codes and service capacity.
#include <cmath>
#include <nlohmann/json.hpp>

#include "common/embedded.h"
#include "common/ids.h"
#include "directory/api.h"
#include "http/handler_util.h"
#include "identity/api.h"

namespace samman::directory {
namespace {

using http::Request;
using http::Response;
using identity::Principal;
using nlohmann::json;

constexpr const char* kTaxonomyName = "Samman CTIP service taxonomy";
constexpr const char* kHsdsOpenApi =
    "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json";

std::string TaxonomyId() { return NameBasedId("urn:samman:taxonomy:ctip"); }

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

class Mapper {
 public:
  Mapper(const Service& dir, const refdata::Service& refdata, const Principal* who)
      : dir_(dir), refdata_(refdata), who_(who) {}

  json Term(const TaxonomyTerm& t) const {
    json j = {{"id", t.id},
              {"code", t.code},
              {"name", t.label_en},
              {"name_ne", t.label_ne},
              {"description", t.description_en.empty() ? t.label_en : t.description_en},
              {"taxonomy", kTaxonomyName},
              {"taxonomy_id", TaxonomyId()},
              {"language", "en"}};
    if (!t.parent.empty()) {
      if (const TaxonomyTerm* p = dir_.Term(t.parent)) j["parent_id"] = p->id;
    }
    if (!t.open_eligibility.empty()) j["open_eligibility_id"] = t.open_eligibility;
    return j;
  }

  json Organization(const directory::Organization& o) const {
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

  json Address(const Location& l) const {
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

  json Location(const directory::Location& l) const {
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

  json Schedules(const ServiceAtLocation& sal) const {
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

  json ServiceAtLocation(const directory::ServiceAtLocation& sal, bool nested) const {
    json j = {{"id", sal.id},
              {"service_id", sal.service_id},
              {"location_id", sal.location_id},
              {"schedules", Schedules(sal)}};
    if (nested) {
      auto l = dir_.GetLocation(who_, sal.location_id);
      if (l) j["location"] = Location(*l);
    }
    return j;
  }

  // The one-to-one fields and the organisation (service_list.json).
  json ServiceBrief(const ServiceRecord& s) const {
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
    auto org = dir_.GetOrganization(s.organization_id);
    if (org) j["organization"] = Organization(*org);
    return j;
  }

  json ServiceFull(const ServiceRecord& s) const {
    json j = ServiceBrief(s);
    if (!s.phone.empty()) {
      j["phones"] = json::array({{{"id", NameBasedId("phone:service:" + s.id)},
                                  {"service_id", s.id},
                                  {"number", s.phone}}});
    }
    json sals = json::array();
    for (const auto& sal : s.locations) sals.push_back(ServiceAtLocation(sal, true));
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
      documents.push_back(
          {{"id", NameBasedId("required_document:" + s.id + ":" + std::to_string(i))},
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

 private:
  const Service& dir_;
  const refdata::Service& refdata_;
  const Principal* who_;
};

struct Paging {
  int page = 1;
  int per_page = 50;
};

Result<Paging> ReadPaging(const Request& req) {
  Paging p;
  for (auto [name, target, max] :
       {std::tuple{"page", &p.page, 1000000}, std::tuple{"per_page", &p.per_page, 500}}) {
    auto v = req.Query(name);
    if (!v || v->empty()) continue;
    try {
      size_t used = 0;
      int n = std::stoi(*v, &used);
      if (used == v->size() && n >= 1 && n <= max) {
        *target = n;
        continue;
      }
    } catch (const std::exception&) {
    }
    return Fail(Error::BadRequest(std::string(name) + " must be a whole number from 1 to " +
                                  std::to_string(max)));
  }
  return p;
}

// An HSDS page of the items [from, from + per_page) of all.
json PageOf(json all, const Paging& p) {
  const int64_t total = static_cast<int64_t>(all.size());
  const int64_t pages = std::max<int64_t>(1, (total + p.per_page - 1) / p.per_page);
  json contents = json::array();
  const int64_t from = static_cast<int64_t>(p.page - 1) * p.per_page;
  for (int64_t i = from; i < total && i < from + p.per_page; ++i) contents.push_back(all[i]);
  return {{"total_items", total},      {"total_pages", pages},      {"page_number", p.page},
          {"size", contents.size()},   {"first_page", p.page == 1}, {"last_page", p.page >= pages},
          {"empty", contents.empty()}, {"contents", contents}};
}

}  // namespace

void RegisterHsdsRoutes(http::Router& r, Service& dir, identity::Service& identity,
                        const refdata::Service& refdata) {
  using identity::OptionalPrincipal;

  auto root = http::Public([](Request& req) -> Result<Response> {
    std::string host = req.Header("host").value_or("localhost");
    return Response::Json(200, {{"version", "3.0"},
                                {"profile", "http://" + host + "/hsds/profile.json"},
                                {"openapi_url", kHsdsOpenApi}});
  });
  r.Get("/hsds", root);
  r.Get("/hsds/", root);
  r.Get("/hsds/profile.json", http::Public([](Request&) -> Result<Response> {
          auto doc = embedded::Find("docs/api/hsds-profile.json");
          if (!doc) return Fail(Error::NotFound("the HSDS profile is not built in"));
          return Response::Text(200, std::string(*doc), "application/json");
        }));

  r.Get(
      "/hsds/services", http::Public([&dir, &identity, &refdata](Request& req) -> Result<Response> {
        auto paging = ReadPaging(req);
        if (!paging) return Fail(paging.error());
        auto who = OptionalPrincipal(identity, req);
        SearchQuery q;
        q.q = req.Query("search").value_or("");
        q.organization_id = req.Query("organization_id").value_or("");
        q.include_inactive = true;
        if (auto m = req.Query("modified_after"); m && !m->empty()) {
          if (!ParseInstant(*m) && !IsIsoDate(*m)) {
            return Fail(Error::BadRequest("modified_after must be a date or an ISO 8601 instant"));
          }
          q.modified_after = *m;
        }
        if (auto id = req.Query("taxonomy_term_id"); id && !id->empty()) {
          for (const auto& t : dir.Taxonomy()) {
            if (t.id == *id) q.taxonomy = t.code;
          }
          if (q.taxonomy.empty()) {
            return Fail(Error::InvalidField("taxonomy_term_id", "is not a taxonomy term"));
          }
        }
        q.page = 1;
        q.per_page = 1000000;
        auto result = dir.Search(who ? &*who : nullptr, q);
        if (!result) return Fail(result.error());
        Mapper m(dir, refdata, who ? &*who : nullptr);
        json all = json::array();
        for (const auto& hit : result->items) all.push_back(m.ServiceBrief(hit.service));
        return Response::Json(200, PageOf(std::move(all), *paging));
      }));
  r.Get("/hsds/services/{id}",
        http::Public([&dir, &identity, &refdata](Request& req) -> Result<Response> {
          auto who = OptionalPrincipal(identity, req);
          auto s = dir.GetService(who ? &*who : nullptr, req.Param("id"));
          if (!s) return Fail(s.error());
          return Response::Json(200, Mapper(dir, refdata, who ? &*who : nullptr).ServiceFull(*s));
        }));

  r.Get("/hsds/organizations", http::Public([&dir, &refdata](Request& req) -> Result<Response> {
          auto paging = ReadPaging(req);
          if (!paging) return Fail(paging.error());
          Mapper m(dir, refdata, nullptr);
          json all = json::array();
          for (const auto& o : dir.ListOrganizations(req.Query("search").value_or(""), "", "")) {
            all.push_back(m.Organization(o));
          }
          return Response::Json(200, PageOf(std::move(all), *paging));
        }));
  r.Get("/hsds/organizations/{id}",
        http::Public([&dir, &identity, &refdata](Request& req) -> Result<Response> {
          auto who = OptionalPrincipal(identity, req);
          const Principal* caller = who ? &*who : nullptr;
          auto o = dir.GetOrganization(req.Param("id"));
          if (!o) return Fail(o.error());
          Mapper m(dir, refdata, caller);
          json j = m.Organization(*o);
          json services = json::array(), locations = json::array();
          for (const auto& s : dir.ListServices(caller, o->id)) {
            services.push_back({{"id", s.id}, {"name", s.name}, {"status", s.status}});
          }
          for (const auto& l : dir.ListLocations(caller, o->id)) locations.push_back(m.Location(l));
          j["services"] = services;
          j["locations"] = locations;
          return Response::Json(200, j);
        }));

  r.Get("/hsds/service_at_locations",
        http::Public([&dir, &identity, &refdata](Request& req) -> Result<Response> {
          auto paging = ReadPaging(req);
          if (!paging) return Fail(paging.error());
          auto who = OptionalPrincipal(identity, req);
          const Principal* caller = who ? &*who : nullptr;
          std::string org = req.Query("organization_id").value_or("");
          Mapper m(dir, refdata, caller);
          json all = json::array();
          for (const auto& s : dir.ListServices(caller, org)) {
            for (const auto& sal : s.locations) {
              json j = m.ServiceAtLocation(sal, true);
              j["service"] = {{"id", s.id}, {"name", s.name}, {"status", s.status}};
              all.push_back(j);
            }
          }
          return Response::Json(200, PageOf(std::move(all), *paging));
        }));
  r.Get("/hsds/service_at_locations/{id}",
        http::Public([&dir, &identity, &refdata](Request& req) -> Result<Response> {
          auto who = OptionalPrincipal(identity, req);
          const Principal* caller = who ? &*who : nullptr;
          auto sal = dir.GetServiceAtLocation(caller, req.Param("id"));
          if (!sal) return Fail(sal.error());
          return Response::Json(200, Mapper(dir, refdata, caller).ServiceAtLocation(*sal, true));
        }));

  r.Get("/hsds/taxonomies", http::Public([](Request& req) -> Result<Response> {
          auto paging = ReadPaging(req);
          if (!paging) return Fail(paging.error());
          json all = json::array(
              {{{"id", TaxonomyId()},
                {"name", kTaxonomyName},
                {"description",
                 "Services for survivors of human trafficking in Nepal, with English and Nepali "
                 "labels and Open Eligibility cross-walk codes."},
                {"version", "2083.1"}}});
          return Response::Json(200, PageOf(std::move(all), *paging));
        }));
  r.Get("/hsds/taxonomy_terms", http::Public([&dir, &refdata](Request& req) -> Result<Response> {
          auto paging = ReadPaging(req);
          if (!paging) return Fail(paging.error());
          std::string taxonomy_id = req.Query("taxonomy_id").value_or("");
          std::string parent_id = req.Query("parent_id").value_or("");
          auto top_only = req.Query("top_only");
          bool top = top_only && (*top_only == "true" || *top_only == "1");
          Mapper m(dir, refdata, nullptr);
          json all = json::array();
          if (taxonomy_id.empty() || taxonomy_id == TaxonomyId()) {
            for (const auto& t : dir.Taxonomy()) {
              json j = m.Term(t);
              if (top && !t.parent.empty()) continue;
              if (!parent_id.empty() && j.value("parent_id", "") != parent_id) continue;
              all.push_back(j);
            }
          }
          return Response::Json(200, PageOf(std::move(all), *paging));
        }));
}

}  // namespace samman::directory
