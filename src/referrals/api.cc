#include "referrals/api.h"

#include <nlohmann/json.hpp>

#include "common/json_input.h"
#include "common/json_output.h"
#include "http/handler_util.h"
#include "identity/api.h"

namespace samman::referrals {
namespace {

using http::Request;
using http::Response;
using identity::Principal;
using nlohmann::json;

json ReferralJson(const Referral& r) {
  json history = json::array();
  for (const auto& e : r.history) {
    history.push_back({{"at", e.at},
                       {"status", e.status},
                       {"by", e.actor_username},
                       {"organization", OrNull(e.actor_org_name)},
                       {"note", e.note}});
  }
  return {{"id", r.id},
          {"case_id", r.case_id},
          {"case_number", r.case_number},
          {"status", r.status},
          {"sender_organization_id", r.sender_org_id},
          {"sender_organization_name", r.sender_org_name},
          {"recipient_organization_id", r.recipient_org_id},
          {"recipient_organization_name", r.recipient_org_name},
          {"directory_organization_id", OrNull(r.dir_organization_id)},
          {"service_id", OrNull(r.service_id)},
          {"service_name", OrNull(r.service_name)},
          {"service_at_location_id", OrNull(r.service_at_location_id)},
          {"service_type", OrNull(r.service_type)},
          {"district", OrNull(r.district)},
          {"reason", r.reason},
          {"urgency", r.urgency},
          {"due_date", OrNull(r.due_date)},
          {"respond_by", r.respond_by},
          {"shared_sections", r.shared_sections},
          {"decline_reason", OrNull(r.decline_reason)},
          {"cancel_reason", OrNull(r.cancel_reason)},
          {"outcome", OrNull(r.outcome)},
          {"sent_at", r.sent_at},
          {"responded_at", OrNull(r.responded_at)},
          {"started_at", OrNull(r.started_at)},
          {"closed_at", OrNull(r.closed_at)},
          {"history", history},
          {"version", r.version}};
}

}  // namespace

void RegisterRoutes(http::Router& r, Service& referrals, identity::Service& identity) {
  using identity::WithPrincipal;

  r.Post(
      "/api/v1/referrals",
      WithPrincipal(identity, [&referrals](Request& req, const Principal& who) -> Result<Response> {
        auto in = JsonInput::Parse(req.body);
        if (!in) return Fail(in.error());
        NewReferral n;
        n.case_id = in->String("case_id", 36);
        n.service_at_location_id = in->OptString("service_at_location_id", 36).value_or("");
        n.organization_id = in->OptString("organization_id", 36).value_or("");
        n.service_id = in->OptString("service_id", 36).value_or("");
        n.reason = in->String("reason", 2000);
        n.urgency = in->OptString("urgency", 20).value_or("normal");
        n.due_date = in->OptString("due_date", 10).value_or("");
        n.shared_sections = in->StringArray("shared_sections", 20);
        auto body = json::parse(req.body.empty() ? "{}" : req.body, nullptr, false);
        if (auto consent = in->OptObject("consent")) {
          // The consent's own fields are checked as a consent item is, in the service.
          n.consent_json = body["consent"].dump();
        }
        if (auto ok = in->Finish(); !ok) return Fail(ok.error());
        auto created = referrals.Create(who, n);
        if (!created) return Fail(created.error());
        Response res = Response::Json(201, ReferralJson(*created));
        res.SetHeader("Location", "/api/v1/referrals/" + created->id);
        return res;
      }));

  r.Get(
      "/api/v1/referrals",
      WithPrincipal(identity, [&referrals](Request& req, const Principal& who) -> Result<Response> {
        ListQuery q;
        q.direction = req.Query("direction").value_or("incoming");
        q.status = req.Query("status").value_or("");
        q.case_id = req.Query("case_id").value_or("");
        auto list = referrals.List(who, q);
        if (!list) return Fail(list.error());
        json items = json::array();
        for (const auto& ref : list->items) {
          json j = ReferralJson(ref);
          j.erase("history");
          items.push_back(std::move(j));
        }
        json counts = json::object();
        for (const auto& s : Statuses()) counts[s] = 0;
        for (const auto& [status, n] : list->counts) counts[status] = n;
        return Response::Json(200, {{"items", std::move(items)}, {"counts", std::move(counts)}});
      }));

  r.Get(
      "/api/v1/referrals/counts",
      WithPrincipal(identity, [&referrals](Request& req, const Principal& who) -> Result<Response> {
        auto rows =
            referrals.Counts(who, req.Query("from").value_or(""), req.Query("to").value_or(""));
        if (!rows) return Fail(rows.error());
        json items = json::array();
        for (const auto& row : *rows) {
          items.push_back({{"service_type", OrNull(row.service_type)},
                           {"district", OrNull(row.district)},
                           {"status", row.status},
                           {"referrals", row.referrals},
                           {"median_response_hours", OrNull(row.median_response_hours)}});
        }
        return Response::Json(200, {{"items", std::move(items)}});
      }));

  r.Get(
      "/api/v1/referrals/{id}",
      WithPrincipal(identity, [&referrals](Request& req, const Principal& who) -> Result<Response> {
        auto ref = referrals.Get(who, req.Param("id"));
        if (!ref) return Fail(ref.error());
        return Response::Json(200, ReferralJson(*ref));
      }));

  for (const std::string action : {"accept", "decline", "start", "complete", "cancel"}) {
    r.Post(
        "/api/v1/referrals/{id}/" + action,
        WithPrincipal(identity,
                      [&referrals, action](Request& req, const Principal& who) -> Result<Response> {
                        auto in = JsonInput::Parse(req.body);
                        if (!in) return Fail(in.error());
                        std::string text;
                        if (action == "decline" || action == "cancel") {
                          text = in->String("reason", 2000);
                        } else if (action == "complete") {
                          text = in->String("outcome", 2000);
                        } else {
                          text = in->OptString("note", 2000).value_or("");
                        }
                        if (auto ok = in->Finish(); !ok) return Fail(ok.error());
                        auto ref = referrals.Act(who, req.Param("id"), action, text);
                        if (!ref) return Fail(ref.error());
                        return Response::Json(200, ReferralJson(*ref));
                      }));
  }
}

}  // namespace samman::referrals
