#include "directory/api.h"

#include <nlohmann/json.hpp>

#include "common/json_input.h"
#include "directory/codec.h"
#include "http/handler_util.h"
#include "identity/api.h"

namespace samman::directory {
namespace {

using http::Request;
using http::Response;
using identity::Principal;
using nlohmann::json;

Result<json> ParseObject(const std::string& body) {
  json j = json::parse(body.empty() ? "{}" : body, nullptr, false);
  if (j.is_discarded()) return Fail(Error::BadRequest("the request body is not valid JSON"));
  if (!j.is_object()) return Fail(Error::BadRequest("the request body must be a JSON object"));
  return j;
}

Response Versioned(int status, json body, int64_t version) {
  Response r = Response::Json(status, body);
  r.SetHeader("ETag", "\"" + std::to_string(version) + "\"");
  return r;
}

bool Flag(const Request& req, const char* name) {
  auto v = req.Query(name);
  return v && (*v == "true" || *v == "1" || *v == "yes");
}

}  // namespace

void RegisterRoutes(http::Router& r, Service& dir, identity::Service& identity) {
  using identity::OptionalPrincipal;
  using identity::WithPrincipal;

  r.Get("/api/v1/directory/taxonomy", http::Public([&dir](Request&) -> Result<Response> {
          json items = json::array();
          for (const auto& t : dir.Taxonomy()) {
            items.push_back({{"code", t.code},
                             {"id", t.id},
                             {"label_en", t.label_en},
                             {"label_ne", t.label_ne},
                             {"parent", t.parent},
                             {"support_type", t.support_type},
                             {"open_eligibility", t.open_eligibility},
                             {"description", t.description_en}});
          }
          return Response::Json(200, {{"items", std::move(items)}});
        }));

  // ---- organisations ----
  r.Get("/api/v1/directory/organizations", http::Public([&dir](Request& req) -> Result<Response> {
          json items = json::array();
          for (const auto& o : dir.ListOrganizations(req.Query("q").value_or(""),
                                                     req.Query("district").value_or(""),
                                                     req.Query("sector").value_or(""))) {
            items.push_back(OrganizationJson(o, dir.Stale(o.last_verified)));
          }
          return Response::Json(200, {{"items", std::move(items)}});
        }));
  r.Post("/api/v1/directory/organizations",
         WithPrincipal(identity, [&dir](Request& req, const Principal& who) -> Result<Response> {
           auto body = ParseObject(req.body);
           if (!body) return Fail(body.error());
           auto o = ReadOrganization(*body);
           if (!o) return Fail(o.error());
           auto created = dir.CreateOrganization(who, *o);
           if (!created) return Fail(created.error());
           Response res =
               Versioned(201, OrganizationJson(*created, dir.Stale(created->last_verified)),
                         created->version);
           res.SetHeader("Location", "/api/v1/directory/organizations/" + created->id);
           return res;
         }));
  r.Get("/api/v1/directory/organizations/{id}",
        http::Public([&dir](Request& req) -> Result<Response> {
          auto o = dir.GetOrganization(req.Param("id"));
          if (!o) return Fail(o.error());
          return Versioned(200, OrganizationJson(*o, dir.Stale(o->last_verified)), o->version);
        }));
  r.Patch("/api/v1/directory/organizations/{id}",
          WithPrincipal(identity, [&dir](Request& req, const Principal& who) -> Result<Response> {
            auto version = http::IfMatchVersion(req);
            if (!version) return Fail(version.error());
            auto patch = ParseObject(req.body);
            if (!patch) return Fail(patch.error());
            auto current = dir.GetOrganization(req.Param("id"));
            if (!current) return Fail(current.error());
            json merged = Writable(OrganizationJson(*current, false));
            merged.merge_patch(Writable(*patch));
            auto o = ReadOrganization(merged);
            if (!o) return Fail(o.error());
            o->id = current->id;
            auto updated = dir.UpdateOrganization(who, *version, *o);
            if (!updated) return Fail(updated.error());
            return Versioned(200, OrganizationJson(*updated, dir.Stale(updated->last_verified)),
                             updated->version);
          }));
  r.Delete("/api/v1/directory/organizations/{id}",
           WithPrincipal(identity, [&dir](Request& req, const Principal& who) -> Result<Response> {
             if (auto ok = dir.DeleteOrganization(who, req.Param("id")); !ok) {
               return Fail(ok.error());
             }
             return Response::NoContent();
           }));

  // ---- locations ----
  r.Get("/api/v1/directory/locations",
        http::Public([&dir, &identity](Request& req) -> Result<Response> {
          auto who = OptionalPrincipal(identity, req);
          json items = json::array();
          for (const auto& l : dir.ListLocations(who ? &*who : nullptr,
                                                 req.Query("organization_id").value_or(""))) {
            items.push_back(LocationJson(l));
          }
          return Response::Json(200, {{"items", std::move(items)}});
        }));
  r.Post("/api/v1/directory/locations",
         WithPrincipal(identity, [&dir](Request& req, const Principal& who) -> Result<Response> {
           auto body = ParseObject(req.body);
           if (!body) return Fail(body.error());
           auto l = ReadLocation(*body);
           if (!l) return Fail(l.error());
           if (l->organization_id.empty()) {
             return Fail(Error::InvalidField("organization_id", "is required"));
           }
           auto created = dir.CreateLocation(who, *l);
           if (!created) return Fail(created.error());
           Response res = Versioned(201, LocationJson(*created), created->version);
           res.SetHeader("Location", "/api/v1/directory/locations/" + created->id);
           return res;
         }));
  r.Get("/api/v1/directory/locations/{id}",
        http::Public([&dir, &identity](Request& req) -> Result<Response> {
          auto who = OptionalPrincipal(identity, req);
          auto l = dir.GetLocation(who ? &*who : nullptr, req.Param("id"));
          if (!l) return Fail(l.error());
          return Versioned(200, LocationJson(*l), l->version);
        }));
  r.Patch("/api/v1/directory/locations/{id}",
          WithPrincipal(identity, [&dir](Request& req, const Principal& who) -> Result<Response> {
            auto version = http::IfMatchVersion(req);
            if (!version) return Fail(version.error());
            auto patch = ParseObject(req.body);
            if (!patch) return Fail(patch.error());
            auto current = dir.GetLocation(&who, req.Param("id"));
            if (!current) return Fail(current.error());
            if (current->address_hidden) {
              return Fail(Error::Forbidden("you may not edit this location"));
            }
            json merged = Writable(LocationJson(*current));
            merged.merge_patch(Writable(*patch));
            auto l = ReadLocation(merged);
            if (!l) return Fail(l.error());
            l->id = current->id;
            auto updated = dir.UpdateLocation(who, *version, *l);
            if (!updated) return Fail(updated.error());
            return Versioned(200, LocationJson(*updated), updated->version);
          }));
  r.Delete("/api/v1/directory/locations/{id}",
           WithPrincipal(identity, [&dir](Request& req, const Principal& who) -> Result<Response> {
             if (auto ok = dir.DeleteLocation(who, req.Param("id")); !ok) return Fail(ok.error());
             return Response::NoContent();
           }));

  // ---- services ----
  auto service_json = [&dir](const ServiceRecord& s) {
    return ServiceJson(s, dir.OpenNow(s), dir.Stale(s.last_verified));
  };
  r.Get("/api/v1/directory/services",
        http::Public([&dir, &identity, service_json](Request& req) -> Result<Response> {
          auto who = OptionalPrincipal(identity, req);
          json items = json::array();
          for (const auto& s :
               dir.ListServices(who ? &*who : nullptr, req.Query("organization_id").value_or(""))) {
            items.push_back(service_json(s));
          }
          return Response::Json(200, {{"items", std::move(items)}});
        }));
  r.Post(
      "/api/v1/directory/services",
      WithPrincipal(identity,
                    [&dir, service_json](Request& req, const Principal& who) -> Result<Response> {
                      auto body = ParseObject(req.body);
                      if (!body) return Fail(body.error());
                      auto s = ReadService(*body);
                      if (!s) return Fail(s.error());
                      if (s->organization_id.empty()) {
                        return Fail(Error::InvalidField("organization_id", "is required"));
                      }
                      auto created = dir.CreateService(who, *s);
                      if (!created) return Fail(created.error());
                      Response res = Versioned(201, service_json(*created), created->version);
                      res.SetHeader("Location", "/api/v1/directory/services/" + created->id);
                      return res;
                    }));
  r.Get("/api/v1/directory/services/{id}",
        http::Public([&dir, &identity, service_json](Request& req) -> Result<Response> {
          auto who = OptionalPrincipal(identity, req);
          auto s = dir.GetService(who ? &*who : nullptr, req.Param("id"));
          if (!s) return Fail(s.error());
          return Versioned(200, service_json(*s), s->version);
        }));
  r.Patch(
      "/api/v1/directory/services/{id}",
      WithPrincipal(identity,
                    [&dir, service_json](Request& req, const Principal& who) -> Result<Response> {
                      auto version = http::IfMatchVersion(req);
                      if (!version) return Fail(version.error());
                      auto patch = ParseObject(req.body);
                      if (!patch) return Fail(patch.error());
                      auto current = dir.GetService(&who, req.Param("id"));
                      if (!current) return Fail(current.error());
                      json merged = Writable(ServiceJson(*current, false, false));
                      merged.merge_patch(Writable(*patch));
                      auto s = ReadService(merged);
                      if (!s) return Fail(s.error());
                      s->id = current->id;
                      auto updated = dir.UpdateService(who, *version, *s);
                      if (!updated) return Fail(updated.error());
                      return Versioned(200, service_json(*updated), updated->version);
                    }));
  r.Delete("/api/v1/directory/services/{id}",
           WithPrincipal(identity, [&dir](Request& req, const Principal& who) -> Result<Response> {
             if (auto ok = dir.DeleteService(who, req.Param("id")); !ok) return Fail(ok.error());
             return Response::NoContent();
           }));

  r.Get("/api/v1/directory/search",
        http::Public([&dir, &identity](Request& req) -> Result<Response> {
          auto who = OptionalPrincipal(identity, req);
          SearchQuery q;
          q.q = req.Query("q").value_or("");
          q.taxonomy = req.Query("taxonomy").value_or("");
          q.district = req.Query("district").value_or("");
          q.local_level = req.Query("local_level").value_or("");
          q.near = req.Query("near").value_or("");
          q.open_now = Flag(req, "open_now");
          q.has_capacity = Flag(req, "has_capacity");
          q.serves = req.Query("serves").value_or("");
          q.language = req.Query("language").value_or("");
          q.organization_id = req.Query("organization_id").value_or("");
          auto page = http::QueryInt(req, "page", 1, 100000);
          if (!page) return Fail(page.error());
          auto per_page = http::QueryInt(req, "per_page", 20, 100);
          if (!per_page) return Fail(per_page.error());
          q.page = *page;
          q.per_page = *per_page;
          auto result = dir.Search(who ? &*who : nullptr, q);
          if (!result) return Fail(result.error());
          json items = json::array();
          for (const auto& hit : result->items) {
            json j = ServiceJson(hit.service, hit.open_now, dir.Stale(hit.service.last_verified));
            if (!hit.proximity.empty()) j["proximity"] = hit.proximity;
            items.push_back(std::move(j));
          }
          json by_district = json::array();
          for (const auto& [d, n] : result->by_district) {
            by_district.push_back({{"district", d}, {"count", n}});
          }
          return Response::Json(200, {{"items", std::move(items)},
                                      {"total", result->total},
                                      {"page", q.page},
                                      {"per_page", q.per_page},
                                      {"by_district", std::move(by_district)}});
        }));

  r.Get("/api/v1/directory/export",
        http::Public([&dir, &identity, service_json](Request& req) -> Result<Response> {
          auto who = OptionalPrincipal(identity, req);
          const Principal* caller = who ? &*who : nullptr;
          json orgs = json::array(), locations = json::array(), services = json::array();
          for (const auto& o : dir.ListOrganizations("", "", "")) {
            orgs.push_back(OrganizationJson(o, dir.Stale(o.last_verified)));
          }
          for (const auto& l : dir.ListLocations(caller, "")) locations.push_back(LocationJson(l));
          for (const auto& s : dir.ListServices(caller, "")) services.push_back(service_json(s));
          Response res = Response::Json(
              200, {{"organizations", orgs}, {"locations", locations}, {"services", services}});
          res.SetHeader("Content-Disposition", "attachment; filename=\"samman-directory.json\"");
          return res;
        }));
}

}  // namespace samman::directory
