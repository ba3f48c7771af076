#include "cases/api.h"

#include <nlohmann/json.hpp>

#include "common/json_input.h"
#include "common/json_output.h"
#include "common/json_writer.h"
#include "http/handler_util.h"
#include "identity/api.h"

namespace samman::cases {
namespace {

using http::Request;
using http::Response;
using identity::Principal;
using nlohmann::json;

// A case's view is the most asked-for answer there is, so it is written straight out as text.
void WritePerson(common::JsonWriter& w, const Person& p) {
  w.BeginObject()
      .Str("id", p.id)
      .Str("display_name", p.DisplayName())
      .StrOrNull("given_name", p.given_name)
      .StrOrNull("family_name", p.family_name)
      .StrOrNull("name_ne", p.name_ne)
      .List("aliases", p.aliases)
      .Str("sex", p.sex)
      .StrOrNull("birth_date", p.birth_date)
      .Str("birth_precision", p.birth_precision)
      .NumOrNull("age_at_registration", p.age_at_registration)
      .StrOrNull("citizenship", p.citizenship)
      .StrOrNull("phone", p.phone)
      .StrOrNull("citizenship_no", p.citizenship_no)
      .StrOrNull("national_id", p.national_id)
      .StrOrNull("passport_no", p.passport_no)
      .StrOrNull("district", p.district)
      .StrOrNull("local_level", p.local_level)
      .NumOrNull("ward", p.ward)
      .StrOrNull("tole", p.tole)
      .List("languages", p.languages)
      .StrOrNull("education", p.education)
      .StrOrNull("marital_status", p.marital_status)
      .Key("guardian");
  if (p.guardian.name.empty() && p.guardian.phone.empty()) {
    w.Null();
  } else {
    w.BeginObject()
        .Str("name", p.guardian.name)
        .Str("relationship", p.guardian.relationship)
        .Str("phone", p.guardian.phone)
        .EndObject();
  }
  w.Flag("erased", p.erased).Num("version", p.version).EndObject();
}

void WriteProfile(common::JsonWriter& w, const VictimProfile& v) {
  w.BeginObject()
      .NumOrNull("age_when_trafficked", v.age_when_trafficked)
      .List("recruitment_methods", v.recruitment_methods)
      .StrOrNull("recruiter_relationship", v.recruiter_relationship)
      .List("means_of_control", v.means_of_control)
      .List("exploitation_types", v.exploitation_types)
      .StrOrNull("labour_industry", v.labour_industry)
      .List("sex_exploitation_types", v.sex_exploitation_types)
      .NumOrNull("duration_days", v.duration_days)
      .StrOrNull("exploitation_country", v.exploitation_country)
      .StrOrNull("exploitation_local_level", v.exploitation_local_level)
      .StrOrNull("route", v.route)
      .List("border_points", v.border_points)
      .StrOrNull("fe_agency_licence", v.fe_agency_licence)
      .StrOrNull("fe_labour_permit", v.fe_labour_permit)
      .StrOrNull("fe_dofe_complaint", v.fe_dofe_complaint)
      .StrOrNull("fe_tribunal_case", v.fe_tribunal_case)
      .EndObject();
}

std::string ViewText(const CaseView& v) {
  const Case& c = v.c;
  common::JsonWriter w;
  w.BeginObject()
      .Str("id", c.id)
      .Str("case_number", c.case_number)
      .Num("version", c.version)
      .Str("status", c.status)
      .Str("stage", c.stage)
      .List("allowed_transitions", Service::AllowedTransitions(c.stage))
      .Str("identification_source", c.identification_source)
      .StrOrNull("identified_on", c.identified_on)
      .Str("trafficking_status", c.trafficking_status)
      .StrOrNull("trafficking_status_by", c.trafficking_status_by)
      .StrOrNull("district", c.district)
      .Str("owner_org_id", c.owner_org_id)
      .List("assigned_user_ids", c.assigned_user_ids)
      .Str("opened_at", c.opened_at)
      .StrOrNull("closed_at", c.closed_at)
      .StrOrNull("closure_reason", c.closure_reason)
      .StrOrNull("closure_outcome", c.closure_outcome)
      .Key("victim_profile");
  WriteProfile(w, v.profile);
  if (v.person) {
    w.Key("person");
    WritePerson(w, *v.person);
  }
  w.Str("access", v.access);
  if (v.access == "referral") w.List("shared_sections", v.shared_sections);
  w.EndObject();
  return w.Take();
}

json ItemJson(const Item& i) {
  json j = json::parse(i.body, nullptr, false);
  if (!j.is_object()) j = json::object();
  j["id"] = i.id;
  j["kind"] = i.kind;
  j["version"] = i.version;
  j["created_at"] = i.created_at;
  j["created_by"] = i.created_by;
  if (i.kind == "consent" || i.kind == "follow_up" || i.kind == "shelter_stay")
    j["status"] = i.status;
  return j;
}

// Applies the members present in the body's sections onto the view (create and PATCH share this).
Result<void> ReadSections(JsonInput& in, CaseView& v) {
  std::vector<FieldError> errors;
  auto absorb = [&](Result<void> r) {
    if (!r) errors.insert(errors.end(), r.error().fields.begin(), r.error().fields.end());
  };
  // null clears a field; an absent member leaves it as it was.
  auto str = [](JsonInput& j, const char* name, std::string& target, size_t max = 200) {
    if (j.IsNull(name)) target.clear();
    if (auto s = j.OptString(name, max)) target = *s;
  };
  auto list = [](JsonInput& j, const char* name, std::vector<std::string>& target) {
    if (j.IsNull(name)) target.clear();
    if (auto s = j.OptStringArray(name, 30)) target = *s;
  };
  auto num = [](JsonInput& j, const char* name, std::optional<int>& target) {
    if (j.IsNull(name)) target.reset();
    if (auto n = j.OptInt(name)) target = static_cast<int>(std::clamp<int64_t>(*n, -1, 100000));
  };
  if (auto p = in.OptObject("person")) {
    Person& x = *v.person;
    str(*p, "given_name", x.given_name);
    str(*p, "family_name", x.family_name);
    str(*p, "name_ne", x.name_ne);
    list(*p, "aliases", x.aliases);
    str(*p, "sex", x.sex, 40);
    str(*p, "birth_date", x.birth_date, 10);
    str(*p, "birth_precision", x.birth_precision, 10);
    num(*p, "age_at_registration", x.age_at_registration);
    str(*p, "citizenship", x.citizenship, 2);
    str(*p, "phone", x.phone, 40);
    str(*p, "citizenship_no", x.citizenship_no, 60);
    str(*p, "national_id", x.national_id, 60);
    str(*p, "passport_no", x.passport_no, 60);
    str(*p, "district", x.district, 3);
    str(*p, "local_level", x.local_level, 5);
    num(*p, "ward", x.ward);
    str(*p, "tole", x.tole);
    list(*p, "languages", x.languages);
    str(*p, "education", x.education, 60);
    str(*p, "marital_status", x.marital_status, 60);
    if (auto g = p->OptObject("guardian")) {
      str(*g, "name", x.guardian.name);
      str(*g, "relationship", x.guardian.relationship, 60);
      str(*g, "phone", x.guardian.phone, 40);
      absorb(g->Finish());
    }
    absorb(p->Finish());
  }
  if (auto c = in.OptObject("case")) {
    Case& k = v.c;
    str(*c, "identification_source", k.identification_source, 60);
    str(*c, "identified_on", k.identified_on, 10);
    str(*c, "trafficking_status", k.trafficking_status, 60);
    str(*c, "trafficking_status_by", k.trafficking_status_by, 60);
    str(*c, "district", k.district, 3);
    list(*c, "assigned_user_ids", k.assigned_user_ids);
    absorb(c->Finish());
  }
  if (auto p = in.OptObject("victim_profile")) {
    VictimProfile& x = v.profile;
    num(*p, "age_when_trafficked", x.age_when_trafficked);
    list(*p, "recruitment_methods", x.recruitment_methods);
    str(*p, "recruiter_relationship", x.recruiter_relationship, 60);
    list(*p, "means_of_control", x.means_of_control);
    list(*p, "exploitation_types", x.exploitation_types);
    str(*p, "labour_industry", x.labour_industry, 60);
    list(*p, "sex_exploitation_types", x.sex_exploitation_types);
    num(*p, "duration_days", x.duration_days);
    str(*p, "exploitation_country", x.exploitation_country, 2);
    str(*p, "exploitation_local_level", x.exploitation_local_level, 5);
    str(*p, "route", x.route, 1000);
    list(*p, "border_points", x.border_points);
    str(*p, "fe_agency_licence", x.fe_agency_licence, 60);
    str(*p, "fe_labour_permit", x.fe_labour_permit, 60);
    str(*p, "fe_dofe_complaint", x.fe_dofe_complaint, 60);
    str(*p, "fe_tribunal_case", x.fe_tribunal_case, 60);
    absorb(p->Finish());
  }
  absorb(in.Finish());
  if (errors.empty()) return {};
  Error e = Error::Invalid("");
  for (const auto& f : errors)
    e.detail += (e.detail.empty() ? "" : "; ") + f.field + " " + f.message;
  e.fields = errors;
  return Fail(e);
}

Response ViewResponse(int status, const CaseView& v) {
  Response r = Response::Text(status, ViewText(v), "application/json");
  r.SetHeader("ETag", "\"" + std::to_string(v.c.version) + "\"");
  return r;
}

// URL segment -> item kind.
const std::vector<std::pair<std::string, std::string>>& ItemRoutes() {
  static const std::vector<std::pair<std::string, std::string>> kRoutes = {
      {"events", "event"},     {"consents", "consent"},          {"assessments", "assessment"},
      {"services", "service"}, {"follow-ups", "follow_up"},      {"notes", "note"},
      {"justice", "justice"},  {"shelter-stays", "shelter_stay"}};
  return kRoutes;
}

}  // namespace

void RegisterRoutes(http::Router& r, Service& cases, identity::Service& identity) {
  using identity::WithPrincipal;
  r.Post("/api/v1/cases",
         WithPrincipal(identity, [&cases](Request& req, const Principal& who) -> Result<Response> {
           auto in = JsonInput::Parse(req.body);
           if (!in) return Fail(in.error());
           CaseView v{Case{}, Person{}, VictimProfile{}};
           v.person->sex = "";
           if (auto ok = ReadSections(*in, v); !ok) return Fail(ok.error());
           auto created = cases.Create(who, *v.person, v.c, v.profile);
           if (!created) return Fail(created.error());
           Response res = ViewResponse(201, *created);
           res.SetHeader("Location", "/api/v1/cases/" + created->c.id);
           return res;
         }));

  r.Get("/api/v1/cases",
        WithPrincipal(identity, [&cases](Request& req, const Principal& who) -> Result<Response> {
          SearchQuery q;
          q.q = req.Query("q").value_or("");
          q.district = req.Query("district").value_or("");
          q.status = req.Query("status").value_or("");
          q.stage = req.Query("stage").value_or("");
          q.exploitation = req.Query("exploitation").value_or("");
          q.opened_from = req.Query("opened_from").value_or("");
          q.opened_to = req.Query("opened_to").value_or("");
          q.cursor = req.Query("cursor").value_or("");
          auto limit = http::Limit(req, 50, 200);
          if (!limit) return Fail(limit.error());
          q.limit = *limit;
          auto page = cases.Search(who, q);
          if (!page) return Fail(page.error());
          json items = json::array();
          for (const auto& s : page->items) {
            items.push_back({{"id", s.id},
                             {"case_number", s.case_number},
                             {"status", s.status},
                             {"stage", s.stage},
                             {"district", OrNull(s.district)},
                             {"identification_source", s.identification_source},
                             {"opened_at", s.opened_at},
                             {"display_name", s.display_name},
                             {"sex", s.sex},
                             {"exploitation_types", s.exploitation_types}});
          }
          return Response::Json(
              200, {{"items", std::move(items)}, {"next_cursor", OrNull(page->next_cursor)}});
        }));

  r.Get("/api/v1/cases/{id}",
        WithPrincipal(identity, [&cases](Request& req, const Principal& who) -> Result<Response> {
          auto v = cases.Get(who, req.Param("id"));
          if (!v) return Fail(v.error());
          return ViewResponse(200, *v);
        }));

  r.Patch("/api/v1/cases/{id}",
          WithPrincipal(identity, [&cases](Request& req, const Principal& who) -> Result<Response> {
            auto version = http::IfMatchVersion(req);
            if (!version) return Fail(version.error());
            auto in = JsonInput::Parse(req.body);
            if (!in) return Fail(in.error());
            auto v = cases.Update(who, req.Param("id"), *version,
                                  [&](CaseView& view) { return ReadSections(*in, view); });
            if (!v) return Fail(v.error());
            return ViewResponse(200, *v);
          }));

  r.Post("/api/v1/cases/{id}/transitions",
         WithPrincipal(identity, [&cases](Request& req, const Principal& who) -> Result<Response> {
           auto in = JsonInput::Parse(req.body);
           if (!in) return Fail(in.error());
           std::string to = in->String("to", 40);
           std::string reason = in->OptString("reason", 1000).value_or("");
           bool referred = in->OptBool("referred").value_or(false);
           std::string outcome = in->OptString("outcome", 60).value_or("");
           if (auto ok = in->Finish(); !ok) return Fail(ok.error());
           std::optional<int64_t> version;
           if (req.Header("if-match")) {
             auto v = http::IfMatchVersion(req);
             if (!v) return Fail(v.error());
             version = *v;
           }
           auto v = cases.Transition(who, req.Param("id"), to, reason, referred, outcome, version);
           if (!v) return Fail(v.error());
           return ViewResponse(200, *v);
         }));

  r.Post("/api/v1/cases/{id}/erasure",
         WithPrincipal(identity, [&cases](Request& req, const Principal& who) -> Result<Response> {
           auto in = JsonInput::Parse(req.body);
           if (!in) return Fail(in.error());
           std::string reason = in->String("reason", 1000);
           if (auto ok = in->Finish(); !ok) return Fail(ok.error());
           auto v = cases.Erase(who, req.Param("id"), reason);
           if (!v) return Fail(v.error());
           return ViewResponse(200, *v);
         }));

  r.Get("/api/v1/cases/{id}/access-log",
        WithPrincipal(identity, [&cases](Request& req, const Principal& who) -> Result<Response> {
          auto log = cases.AccessLog(who, req.Param("id"));
          if (!log) return Fail(log.error());
          json items = json::array();
          for (const auto& e : *log) {
            items.push_back({{"at", e.at},
                             {"actor_user_id", e.actor_user_id},
                             {"actor_username", e.actor_username},
                             {"actor_org_id", e.actor_org_id},
                             {"action", e.action}});
          }
          return Response::Json(200, {{"items", std::move(items)}});
        }));

  r.Get("/api/v1/tasks/overdue",
        WithPrincipal(identity, [&cases](Request&, const Principal& who) -> Result<Response> {
          auto tasks = cases.Overdue(who);
          if (!tasks) return Fail(tasks.error());
          json items = json::array();
          for (const auto& t : *tasks) {
            items.push_back({{"case_id", t.case_id},
                             {"case_number", t.case_number},
                             {"item_id", t.item_id},
                             {"kind", t.kind},
                             {"due_date", t.due_date}});
          }
          return Response::Json(200, {{"items", std::move(items)}});
        }));

  for (const auto& [segment, kind_name] : ItemRoutes()) {
    const std::string kind = kind_name;
    const std::string base = "/api/v1/cases/{id}/" + segment;
    r.Get(base,
          WithPrincipal(identity,
                        [&cases, kind](Request& req, const Principal& who) -> Result<Response> {
                          auto items = cases.ListItems(who, req.Param("id"), kind);
                          if (!items) return Fail(items.error());
                          json out = json::array();
                          for (const auto& i : *items) out.push_back(ItemJson(i));
                          return Response::Json(200, {{"items", out}});
                        }));
    r.Post(base,
           WithPrincipal(
               identity, [&cases, kind](Request& req, const Principal& who) -> Result<Response> {
                 json body = json::parse(req.body, nullptr, false);
                 if (body.is_discarded())
                   return Fail(Error::BadRequest("the request body is not valid JSON"));
                 if (!body.is_object())
                   return Fail(Error::BadRequest("the request body must be a JSON object"));
                 auto item = cases.AddItem(who, req.Param("id"), kind, body);
                 if (!item) return Fail(item.error());
                 return Response::Json(201, ItemJson(*item));
               }));
    r.Patch(base + "/{item_id}",
            WithPrincipal(identity,
                          [&cases, kind](Request& req, const Principal& who) -> Result<Response> {
                            auto version = http::IfMatchVersion(req);
                            if (!version) return Fail(version.error());
                            json body = json::parse(req.body, nullptr, false);
                            if (body.is_discarded())
                              return Fail(Error::BadRequest("the request body is not valid JSON"));
                            auto item = cases.UpdateItem(who, req.Param("id"), kind,
                                                         req.Param("item_id"), *version, body);
                            if (!item) return Fail(item.error());
                            return Response::Json(200, ItemJson(*item));
                          }));
  }

  r.Post("/api/v1/cases/{id}/consents/{consent_id}/withdraw",
         WithPrincipal(identity, [&cases](Request& req, const Principal& who) -> Result<Response> {
           auto in = JsonInput::Parse(req.body);
           if (!in) return Fail(in.error());
           std::string reason = in->OptString("reason", 1000).value_or("");
           if (auto ok = in->Finish(); !ok) return Fail(ok.error());
           auto item = cases.WithdrawConsent(who, req.Param("id"), req.Param("consent_id"), reason);
           if (!item) return Fail(item.error());
           return Response::Json(200, ItemJson(*item));
         }));
}

}  // namespace samman::cases
