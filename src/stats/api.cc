#include "stats/api.h"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>

#include "common/json_output.h"
#include "common/strings.h"
#include "http/handler_util.h"
#include "identity/api.h"

namespace samman::stats {
namespace {

using http::Request;
using http::Response;
using identity::Principal;
using nlohmann::json;

json IndicatorJson(const Indicator& i) {
  return {{"id", i.id},
          {"title_en", i.title_en},
          {"title_ne", i.title_ne},
          {"definition", i.definition},
          {"source", i.source},
          {"unit", i.unit},
          {"dimensions", i.dimensions}};
}

json AnswerJson(const Answer& a) {
  json cells = json::array();
  for (const auto& c : a.cells) {
    json j = json::object();
    for (const auto& [name, value] : c.dims) j[name] = value;
    j["value"] = OrNull(c.value);
    j["suppressed"] = c.suppressed;
    if (c.rate_per_100k) j["rate_per_100k"] = *c.rate_per_100k;
    cells.push_back(std::move(j));
  }
  json out = {{"indicator", a.indicator.id},
              {"title_en", a.indicator.title_en},
              {"title_ne", a.indicator.title_ne},
              {"unit", a.indicator.unit},
              {"fiscal_year", OrNull(a.fiscal_year)},
              {"year", a.year ? json(a.year) : json(nullptr)},
              {"from", a.from},
              {"to", a.to},
              {"k", a.k},
              {"rounding", a.rounding},
              {"province", OrNull(a.province)},
              {"district", OrNull(a.district)},
              {"local_level", OrNull(a.local_level)},
              {"cells", std::move(cells)},
              {"notes", a.notes}};
  if (a.epsilon > 0) {
    out["epsilon"] = a.epsilon;
    out["epsilon_remaining"] = OrNull(a.epsilon_remaining);
  }
  return out;
}

// The body of each remembered answer, made once: an answer asked again and again (a dashboard's)
// is the same object until the service forgets it (Service::Ask), and rendering a national table
// costs more than the rest of the request. Any thread may call Body.
class RenderedAnswers {
 public:
  std::string Body(const std::shared_ptr<const Answer>& a) {
    if (a->epsilon > 0) return Render(*a);  // each noisy answer is its own
    {
      std::lock_guard lock(mu_);
      if (auto it = bodies_.find(a.get()); it != bodies_.end() && it->second.answer.lock() == a) {
        return it->second.body;
      }
    }
    std::string body = Render(*a);
    std::lock_guard lock(mu_);
    if (bodies_.size() >= kMostBodies) {
      std::erase_if(bodies_, [](const auto& e) { return e.second.answer.expired(); });
    }
    // Bounded apart from the answers themselves: a national table's body is some 30 KB.
    if (bodies_.size() < kMostBodies) bodies_[a.get()] = {a, body};
    return body;
  }

 private:
  static constexpr size_t kMostBodies = 256;
  static std::string Render(const Answer& a) { return Response::Json(200, AnswerJson(a)).body; }
  struct Rendered {
    std::weak_ptr<const Answer> answer;  // expired once forgotten: its address may be reused
    std::string body;
  };
  std::mutex mu_;
  std::map<const Answer*, Rendered> bodies_;
};

Result<Query> ReadQuery(const Request& req) {
  Query q;
  q.indicator = req.Query("indicator").value_or("");
  if (q.indicator.empty()) return Fail(Error::InvalidField("indicator", "is required"));
  q.fiscal_year = req.Query("fy").value_or("");
  if (auto y = req.Query("year"); y && !y->empty()) {
    auto year = http::QueryInt(req, "year", 0, 2100);
    if (!year) return Fail(year.error());
    q.year = *year;
  }
  q.by = SplitComma(req.Query("by").value_or(""));
  q.province = req.Query("province").value_or("");
  q.district = req.Query("district").value_or("");
  q.local_level = req.Query("local_level").value_or("");
  if (auto r = req.Query("rounding"); r && !r->empty()) {
    auto rounding = http::QueryInt(req, "rounding", 0, 10);
    if (!rounding) return Fail(rounding.error());
    q.rounding = *rounding;
  }
  if (auto e = req.Query("epsilon"); e && !e->empty()) {
    try {
      size_t used = 0;
      q.epsilon = std::stod(*e, &used);
      if (used != e->size() || q.epsilon <= 0) throw std::invalid_argument("epsilon");
    } catch (const std::exception&) {
      return Fail(Error::BadRequest("epsilon must be a number above 0, such as 0.1"));
    }
  }
  return q;
}

}  // namespace

void RegisterRoutes(http::Router& r, Service& stats, identity::Service& identity) {
  using identity::WithPrincipal;
  r.Get("/api/v1/stats/indicators", http::Public([](Request&) -> Result<Response> {
          json items = json::array();
          for (const auto& i : Service::Catalogue()) items.push_back(IndicatorJson(i));
          return Response::Json(200, {{"items", std::move(items)}});
        }));
  r.Get("/api/v1/stats/query",
        WithPrincipal(identity,
                      [&stats, rendered = std::make_shared<RenderedAnswers>()](
                          Request& req, const Principal& who) -> Result<Response> {
                        auto q = ReadQuery(req);
                        if (!q) return Fail(q.error());
                        auto a = stats.Ask(who, *q);
                        if (!a) return Fail(a.error());
                        return Response::Text(200, rendered->Body(*a), "application/json");
                      }));
  r.Get("/api/v1/stats/report",
        WithPrincipal(identity, [&stats](Request& req, const Principal& who) -> Result<Response> {
          std::string format = req.Query("format").value_or("html");
          if (format != "html" && format != "pdf") {
            return Fail(Error::InvalidField("format", "must be html or pdf"));
          }
          Query area;
          area.fiscal_year = req.Query("fy").value_or("");
          area.province = req.Query("province").value_or("");
          area.district = req.Query("district").value_or("");
          area.local_level = req.Query("local_level").value_or("");
          auto report = stats.AnnualReport(who, area);
          if (!report) return Fail(report.error());
          std::string name = "samman-report-" + report->fiscal_year;
          std::replace(name.begin(), name.end(), '/', '-');
          if (format == "html") {
            Response res = Response::Text(200, ReportHtml(*report, stats.refdata()),
                                          "text/html; charset=utf-8");
            res.SetHeader("Content-Disposition", "inline; filename=\"" + name + ".html\"");
            return res;
          }
          auto pdf = ReportPdf(*report, stats.refdata());
          if (!pdf) return Fail(pdf.error());
          Response res = Response::Text(200, std::move(*pdf), "application/pdf");
          res.SetHeader("Content-Disposition", "attachment; filename=\"" + name + ".pdf\"");
          return res;
        }));
  for (const std::string layout : {"ctdc", "htcds"}) {
    r.Get("/api/v1/exports/" + layout,
          WithPrincipal(identity,
                        [&stats, layout](Request& req, const Principal& who) -> Result<Response> {
                          std::string format = req.Query("format").value_or("csv");
                          if (format != "csv" && format != "xlsx") {
                            return Fail(Error::InvalidField("format", "must be csv or xlsx"));
                          }
                          Query period;
                          period.fiscal_year = req.Query("fy").value_or("");
                          if (auto y = req.Query("year"); y && !y->empty()) {
                            auto year = http::QueryInt(req, "year", 0, 2100);
                            if (!year) return Fail(year.error());
                            period.year = *year;
                          }
                          auto m = stats.Export(who, period, layout);
                          if (!m) return Fail(m.error());
                          std::string name = "samman-" + layout;
                          Response res;
                          if (format == "csv") {
                            res = Response::Text(200, m->Csv(), "text/csv; charset=utf-8");
                          } else {
                            auto book = m->Xlsx(layout == "ctdc" ? "CTDC" : "HTCDS");
                            if (!book) return Fail(book.error());
                            res = Response::Text(200, std::move(*book),
                                                 "application/"
                                                 "vnd.openxmlformats-officedocument.spreadsheetml."
                                                 "sheet");
                          }
                          res.SetHeader("Content-Disposition",
                                        "attachment; filename=\"" + name + "." + format + "\"");
                          res.SetHeader("X-Samman-Rows-Withheld", std::to_string(m->withheld));
                          res.SetHeader("X-Samman-Rows-Recoded", std::to_string(m->recoded));
                          return res;
                        }));
  }
  r.Get("/api/v1/stats/public", http::Public([&stats](Request& req) -> Result<Response> {
          std::string fy = req.Query("fy").value_or("");
          if (fy.empty()) fy = stats.LastCompleteFiscalYear();
          auto answers = stats.Public(fy);
          if (!answers) return Fail(answers.error());
          json tables = json::array();
          for (const auto& a : *answers) tables.push_back(AnswerJson(a));
          return Response::Json(200, {{"fiscal_year", fy}, {"tables", tables}});
        }));
}

}  // namespace samman::stats
