// The directory as the Open Referral HSDS 3.0 API (read-only), with the Samman profile's
// extensions: confidential locations, Nepal's administrative codes and service capacity.
#include <cmath>
#include <nlohmann/json.hpp>

#include "common/embedded.h"
#include "common/ids.h"
#include "directory/api.h"
#include "directory/hsds.h"
#include "http/handler_util.h"
#include "identity/api.h"

namespace samman::directory {
namespace {

using http::Request;
using http::Response;
using identity::Principal;
using nlohmann::json;

constexpr const char* kHsdsOpenApi =
    "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json";

struct Paging {
  int page = 1;
  int per_page = 50;
};

Result<Paging> ReadPaging(const Request& req) {
  auto page = http::QueryInt(req, "page", 1, 1000000);
  if (!page) return Fail(page.error());
  auto per_page = http::QueryInt(req, "per_page", 50, 500);
  if (!per_page) return Fail(per_page.error());
  return Paging{*page, *per_page};
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
        HsdsMapper m(dir, refdata, who ? &*who : nullptr);
        json all = json::array();
        for (const auto& hit : result->items) all.push_back(m.ServiceBrief(hit.service));
        return Response::Json(200, PageOf(std::move(all), *paging));
      }));
  r.Get("/hsds/services/{id}",
        http::Public([&dir, &identity, &refdata](Request& req) -> Result<Response> {
          auto who = OptionalPrincipal(identity, req);
          auto s = dir.GetService(who ? &*who : nullptr, req.Param("id"));
          if (!s) return Fail(s.error());
          return Response::Json(200,
                                HsdsMapper(dir, refdata, who ? &*who : nullptr).ServiceFull(*s));
        }));

  r.Get("/hsds/organizations", http::Public([&dir, &refdata](Request& req) -> Result<Response> {
          auto paging = ReadPaging(req);
          if (!paging) return Fail(paging.error());
          HsdsMapper m(dir, refdata, nullptr);
          json all = json::array();
          for (const auto& o : dir.ListOrganizations(req.Query("search").value_or(""), "", "")) {
            all.push_back(m.Org(o));
          }
          return Response::Json(200, PageOf(std::move(all), *paging));
        }));
  r.Get("/hsds/organizations/{id}",
        http::Public([&dir, &identity, &refdata](Request& req) -> Result<Response> {
          auto who = OptionalPrincipal(identity, req);
          const Principal* caller = who ? &*who : nullptr;
          auto o = dir.GetOrganization(req.Param("id"));
          if (!o) return Fail(o.error());
          HsdsMapper m(dir, refdata, caller);
          json j = m.Org(*o);
          json services = json::array(), locations = json::array();
          for (const auto& s : dir.ListServices(caller, o->id)) {
            services.push_back({{"id", s.id}, {"name", s.name}, {"status", s.status}});
          }
          for (const auto& l : dir.ListLocations(caller, o->id)) locations.push_back(m.Place(l));
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
          HsdsMapper m(dir, refdata, caller);
          json all = json::array();
          for (const auto& s : dir.ListServices(caller, org)) {
            for (const auto& sal : s.locations) {
              json j = m.Sal(sal, true);
              j["service"] = {{"id", s.id}, {"name", s.name}, {"status", s.status}};
              all.push_back(std::move(j));
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
          return Response::Json(200, HsdsMapper(dir, refdata, caller).Sal(*sal, true));
        }));

  r.Get("/hsds/taxonomies", http::Public([](Request& req) -> Result<Response> {
          auto paging = ReadPaging(req);
          if (!paging) return Fail(paging.error());
          json all = json::array(
              {{{"id", HsdsTaxonomyId()},
                {"name", kHsdsTaxonomyName},
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
          HsdsMapper m(dir, refdata, nullptr);
          json all = json::array();
          if (taxonomy_id.empty() || taxonomy_id == HsdsTaxonomyId()) {
            for (const auto& t : dir.Taxonomy()) {
              json j = m.Term(t);
              if (top && !t.parent.empty()) continue;
              if (!parent_id.empty() && j.value("parent_id", "") != parent_id) continue;
              all.push_back(std::move(j));
            }
          }
          return Response::Json(200, PageOf(std::move(all), *paging));
        }));
}

}  // namespace samman::directory
