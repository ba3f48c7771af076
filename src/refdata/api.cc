#include "refdata/api.h"

#include <nlohmann/json.hpp>

#include "http/handler_util.h"

namespace samman::refdata {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

json UnitJson(const GeoUnit& u, const Service& refdata) {
  json j = {{"code", u.code},
            {"level", u.level},
            {"name_en", u.name_en},
            {"name_ne", u.name_ne},
            {"aliases", u.aliases}};
  j["parent_code"] = u.parent_code.empty() ? json(nullptr) : json(u.parent_code);
  if (u.level == "local_level") j["wards"] = u.wards;
  if (auto people = refdata.Population(u.code)) j["population_2021"] = *people;
  return j;
}

Response Items(const std::vector<GeoUnit>& units, const Service& refdata) {
  json items = json::array();
  for (const auto& u : units) items.push_back(UnitJson(u, refdata));
  Response r = Response::Json(200, {{"items", std::move(items)}});
  r.SetHeader("Cache-Control", "public, max-age=3600");
  return r;
}

}  // namespace

void RegisterRoutes(http::Router& r, const Service& refdata) {
  r.Get("/api/v1/geo/provinces", http::Public([&refdata](Request&) -> Result<Response> {
          return Items(refdata.Provinces(), refdata);
        }));

  r.Get("/api/v1/geo/districts", http::Public([&refdata](Request& req) -> Result<Response> {
          std::string province = req.Query("province").value_or("");
          if (!province.empty()) {
            const GeoUnit* p = refdata.Unit(province);
            if (!p || p->level != "province") {
              return Fail(Error::InvalidField("province",
                                              "'" + province + "' is not a province code (1-7)"));
            }
          }
          return Items(refdata.Districts(province), refdata);
        }));

  r.Get("/api/v1/geo/districts.geojson", http::Public([](Request&) -> Result<Response> {
          Response res =
              Response::Text(200, std::string(Service::DistrictShapes()), "application/geo+json");
          res.SetHeader("Cache-Control", "public, max-age=86400");
          return res;
        }));

  r.Get(
      "/api/v1/geo/local-levels", http::Public([&refdata](Request& req) -> Result<Response> {
        auto district = req.Query("district");
        if (!district) {
          return Fail(Error::InvalidField("district", "give a district code, e.g. ?district=306"));
        }
        const GeoUnit* d = refdata.Unit(*district);
        if (!d || d->level != "district") {
          return Fail(
              Error::InvalidField("district", "'" + *district + "' is not a district code"));
        }
        return Items(refdata.LocalLevels(*district), refdata);
      }));

  r.Get(
      "/api/v1/geo/units/{code}", http::Public([&refdata](Request& req) -> Result<Response> {
        const GeoUnit* u = refdata.Unit(req.Param("code"));
        if (!u)
          return Fail(Error::NotFound("no province, district or local level " + req.Param("code")));
        return Response::Json(200, UnitJson(*u, refdata));
      }));

  r.Get(
      "/api/v1/calendar/convert", http::Public([&refdata](Request& req) -> Result<Response> {
        auto ad = req.Query("ad");
        auto bs = req.Query("bs");
        if (ad.has_value() == bs.has_value()) {
          return Fail(Error::Invalid("give exactly one of ?ad=YYYY-MM-DD or ?bs=YYYY-MM-DD"));
        }
        auto c = ad ? refdata.ConvertAd(*ad) : refdata.ConvertBs(*bs);
        if (!c) return Fail(c.error());
        return Response::Json(200, {{"ad", c->ad}, {"bs", c->bs}, {"fiscal_year", c->fiscal_year}});
      }));

  r.Get("/api/v1/countries", http::Public([&refdata](Request&) -> Result<Response> {
          json items = json::array();
          for (const auto& k : refdata.Countries()) {
            items.push_back({{"alpha2", k.alpha2},
                             {"alpha3", k.alpha3},
                             {"numeric", k.numeric},
                             {"name_en", k.name_en},
                             {"name_ne", k.name_ne}});
          }
          return Response::Json(200, {{"items", std::move(items)}});
        }));

  r.Get("/api/v1/codelists", http::Public([&refdata](Request&) -> Result<Response> {
          json items = json::array();
          for (const auto& name : refdata.CodeListNames()) {
            const CodeList* l = refdata.List(name);
            items.push_back({{"list", name}, {"version", l->version}, {"size", l->items.size()}});
          }
          return Response::Json(200, {{"items", std::move(items)}});
        }));

  r.Get("/api/v1/codelists/{list}", http::Public([&refdata](Request& req) -> Result<Response> {
          const CodeList* l = refdata.List(req.Param("list"));
          if (!l) return Fail(Error::NotFound("no code list " + req.Param("list")));
          json items = json::array();
          for (const auto& i : l->items) {
            json item = {{"code", i.code}, {"label_en", i.label_en}, {"label_ne", i.label_ne}};
            if (!i.htcds_value.empty()) item["htcds_value"] = i.htcds_value;
            items.push_back(std::move(item));
          }
          return Response::Json(
              200, {{"list", l->name}, {"version", l->version}, {"items", std::move(items)}});
        }));
}

}  // namespace samman::refdata
