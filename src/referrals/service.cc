#include "referrals/service.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "cases/model.h"
#include "common/ids.h"
#include "referrals/store.h"

namespace samman::referrals {
namespace {

using nlohmann::json;

bool Contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

bool HandlesCases(const identity::Principal& who) {
  return who.HasRole("case_worker") || who.HasRole("case_supervisor");
}

Error WrongState(const Referral& r, const std::string& action) {
  Error e = Error::Conflict("a referral that is " + r.status + " cannot be " +
                            (action == "accept"     ? std::string("accepted")
                             : action == "decline"  ? std::string("declined")
                             : action == "start"    ? std::string("started")
                             : action == "complete" ? std::string("completed")
                                                    : std::string("cancelled")));
  e.extra_json = json{{"status", r.status}}.dump();
  return e;
}

}  // namespace

std::string Service::Seal(const std::string& plain, const char* column,
                          const std::string& id) const {
  if (plain.empty()) return "";
  return crypto::Encrypt(keys_, plain, std::string("referrals|") + column + "|" + id);
}

std::string Service::Open(const std::string& sealed, const char* column,
                          const std::string& id) const {
  if (sealed.empty()) return "";
  auto plain = crypto::Decrypt(keys_, sealed, std::string("referrals|") + column + "|" + id);
  if (!plain) throw std::runtime_error("referral " + id + " " + column + " does not decrypt");
  return *plain;
}

int Service::RekeyBatch(int limit) {
  const std::string like = keys_.key_id() + ":%";
  auto reseal = [&](const std::string& sealed, const char* column, const std::string& id) {
    return sealed.empty() ? sealed : Seal(Open(sealed, column, id), column, id);
  };
  return Change([&](db::Connection& c) {
    int n = 0;
    for (auto& row : store::SealedReferralsNotLike(c, like, limit)) {
      const char* kColumns[] = {"reason", "decline_reason", "cancel_reason", "outcome"};
      for (size_t i = 0; i < row.sealed.size(); ++i) {
        row.sealed[i] = reseal(row.sealed[i], kColumns[i], row.id);
      }
      store::SetSealedReferral(c, row);
      ++n;
    }
    for (auto& row : store::SealedEventsNotLike(c, like, limit)) {
      row.sealed[0] = reseal(row.sealed[0], "note", row.referral_id);
      store::SetSealedEvent(c, row);
      ++n;
    }
    return n;
  });
}

Referral Service::Opened(Referral r) const {
  r.reason = Open(r.reason, "reason", r.id);
  r.decline_reason = Open(r.decline_reason, "decline_reason", r.id);
  r.cancel_reason = Open(r.cancel_reason, "cancel_reason", r.id);
  r.outcome = Open(r.outcome, "outcome", r.id);
  for (auto& e : r.history) e.note = Open(e.note, "note", r.id);
  return r;
}

std::string Service::RespondBy(const std::string& urgency, const std::string& due_date) const {
  static const std::map<std::string, int> kHours = {
      {"emergency", 24}, {"high", 72}, {"normal", 7 * 24}, {"low", 14 * 24}};
  std::string by = FormatInstant(clock_.Now() + std::chrono::hours(kHours.at(urgency)));
  if (!due_date.empty()) {
    // The end of the needed-by day in Nepal (UTC+05:45) is 18:15 UTC that day.
    std::string end_of_due = due_date + "T18:15:00.000Z";
    if (end_of_due < by) by = end_of_due;
  }
  return by;
}

Result<Referral> Service::Create(const identity::Principal& who, const NewReferral& in) {
  if (!HandlesCases(who)) return Fail(Error::Forbidden("only case workers and supervisors refer"));
  std::vector<FieldError> errors;
  if (in.case_id.empty()) errors.push_back({"case_id", "is required"});
  if (in.reason.empty()) errors.push_back({"reason", "is required"});
  if (in.reason.size() > 2000) errors.push_back({"reason", "is longer than 2000 characters"});
  if (!Contains(Urgencies(), in.urgency)) {
    errors.push_back({"urgency", "must be low, normal, high or emergency"});
  }
  const std::string today = NepalDate(clock_.Now());
  if (!in.due_date.empty() && !IsIsoDate(in.due_date)) {
    errors.push_back({"due_date", "must be a real date written YYYY-MM-DD"});
  } else if (!in.due_date.empty() && in.due_date < today) {
    errors.push_back({"due_date", "is in the past"});
  }
  if (in.shared_sections.empty()) {
    errors.push_back({"shared_sections", "choose what the recipient may see of the case"});
  }
  for (const auto& s : in.shared_sections) {
    if (!Contains(cases::ShareableSections(), s)) {
      errors.push_back({"shared_sections", "'" + s + "' is not a section of a case"});
    }
  }
  if (in.service_at_location_id.empty() == in.organization_id.empty()) {
    errors.push_back(
        {"service_at_location_id", "give either service_at_location_id or organization_id"});
  }
  if (!errors.empty()) {
    Error e = Error::Invalid(errors[0].field + " " + errors[0].message);
    e.fields = errors;
    return Fail(e);
  }

  // Resolve the recipient from the directory.
  Referral r;
  r.id = NewId();
  std::string dir_org_id;
  if (!in.service_at_location_id.empty()) {
    auto sal = directory_.GetServiceAtLocation(&who, in.service_at_location_id);
    if (!sal) {
      return Fail(Error::InvalidField("service_at_location_id", "is not a service at a location"));
    }
    auto service = directory_.GetService(&who, sal->service_id);
    if (!service) return Fail(service.error());
    r.service_at_location_id = sal->id;
    r.service_id = service->id;
    r.service_name = service->name;
    r.service_type = service->taxonomy.empty() ? "" : service->taxonomy[0];
    r.district = sal->district;
    dir_org_id = service->organization_id;
  } else {
    if (auto o = directory_.GetOrganization(in.organization_id)) {
      dir_org_id = o->id;
      r.district = o->district;
    } else {
      r.recipient_org_id = in.organization_id;  // a Samman organisation named directly
    }
    if (!in.service_id.empty()) {
      auto service = directory_.GetService(&who, in.service_id);
      if (!service || service->organization_id != dir_org_id) {
        return Fail(Error::InvalidField("service_id", "is not a service of that organisation"));
      }
      r.service_id = service->id;
      r.service_name = service->name;
      r.service_type = service->taxonomy.empty() ? "" : service->taxonomy[0];
      if (!service->locations.empty()) r.district = service->locations[0].district;
    }
  }
  if (!dir_org_id.empty()) {
    auto o = directory_.GetOrganization(dir_org_id);
    r.dir_organization_id = dir_org_id;
    r.recipient_org_id = o->samman_org_id;
    if (r.recipient_org_id.empty()) {
      return Fail(Error::Invalid(
          o->name + " does not receive referrals through Samman; contact them directly" +
          (o->phone.empty() ? std::string(".") : " (" + o->phone + ").")));
    }
  }
  if (r.recipient_org_id == who.organization.id) {
    return Fail(Error::Invalid("this is your own organisation: assign the case instead"));
  }

  r.sender_org_id = who.organization.id;
  r.sender_user_id = who.user.id;
  r.urgency = in.urgency;
  r.due_date = in.due_date;
  r.respond_by = RespondBy(in.urgency, in.due_date);
  r.shared_sections = in.shared_sections;
  r.status = "sent";
  r.sent_at = Now();
  const std::string reason = in.reason;
  r.reason = Seal(reason, "reason", r.id);

  auto created = Change([&](db::Connection& c) -> Result<std::string> {
    auto k = cases_.CaseForReferral(c, who, in.case_id);
    if (!k) return Fail(k.error());
    if (k->status == "closed" || k->status == "closed_referred") {
      return Fail(Error::Conflict("the case is closed; reopen it to refer the survivor"));
    }
    auto recipient = c.Query("SELECT name FROM organizations WHERE id = $1", {r.recipient_org_id});
    if (recipient.empty()) {
      return Fail(
          Error::InvalidField("organization_id", "is not a directory or Samman organisation"));
    }
    if (!in.consent_json.empty()) {
      auto consent = cases_.RecordSharingConsent(c, who, k->id, r.recipient_org_id,
                                                 json::parse(in.consent_json, nullptr, false));
      if (!consent) return Fail(consent.error());
    } else if (!cases_.HasSharingConsent(c, k->id, r.recipient_org_id)) {
      Error e{ErrorCode::kConsentRequired,
              "the survivor has not consented to sharing their case with " + recipient[0].Str(0) +
                  "; record their informed consent first (send it as \"consent\" with the "
                  "referral)",
              {},
              ""};
      e.extra_json = json{{"recipient_organization_id", r.recipient_org_id},
                          {"recipient_organization_name", recipient[0].Str(0)}}
                         .dump();
      return Fail(e);
    }
    if (auto dup = store::OpenDuplicate(c, k->id, r.recipient_org_id, r.service_id)) {
      Error e = Error::Conflict("this case already has an open referral to that service");
      e.extra_json = json{{"referral_id", *dup}}.dump();
      return Fail(e);
    }
    r.case_id = k->id;
    r.case_district = k->district;
    store::Insert(c, r);
    store::InsertEvent(c, r.id, {r.sent_at, "sent", who.user.username, "", ""}, who.user.id,
                       who.organization.id);
    audit_.Record(c, who.Actor(),
                  {"referral.create", "referral", r.id,
                   json{{"case_id", r.case_id},
                        {"recipient_organization_id", r.recipient_org_id},
                        {"shared_sections", r.shared_sections}}
                       .dump()});
    return r.id;
  });
  if (!created) return Fail(created.error());
  return Get(who, *created);
}

Result<Referral> Service::Get(const identity::Principal& who, const std::string& id) {
  auto r = db_.Read([&](db::Connection& c) -> Result<Referral> {
    auto r = store::Get(c, id);
    if (!r ||
        (r->sender_org_id != who.organization.id && r->recipient_org_id != who.organization.id)) {
      return Fail(Error::NotFound("no referral " + id));
    }
    r->history = store::Events(c, id);
    return Opened(*r);
  });
  if (r) audit_.RecordCommitted(who.Actor(), {"referral.read", "referral", id, "{}"});
  return r;
}

Result<ListResult> Service::List(const identity::Principal& who, const ListQuery& q) {
  if (q.direction != "incoming" && q.direction != "outgoing") {
    return Fail(Error::InvalidField("direction", "must be incoming or outgoing"));
  }
  if (!q.status.empty() && !Contains(Statuses(), q.status)) {
    return Fail(Error::InvalidField("status", "'" + q.status + "' is not a referral status"));
  }
  if (!HandlesCases(who) && !who.HasRole("org_admin")) {
    return Fail(Error::Forbidden("referrals are for case workers, supervisors and administrators"));
  }
  const bool incoming = q.direction == "incoming";
  auto result = db_.Read([&](db::Connection& c) {
    ListResult out;
    for (auto& r : store::List(c, who.organization.id, incoming, q.status, q.case_id)) {
      out.items.push_back(Opened(std::move(r)));
    }
    out.counts = store::CountByStatus(c, who.organization.id, incoming);
    return out;
  });
  audit_.RecordCommitted(who.Actor(),
                         {"referral.list", "referral", "",
                          json{{"direction", q.direction}, {"count", result.items.size()}}.dump()});
  return result;
}

Result<Referral> Service::Act(const identity::Principal& who, const std::string& id,
                              const std::string& action, const std::string& text) {
  static const std::vector<std::string> kActions = {"accept", "decline", "start", "complete",
                                                    "cancel"};
  if (!Contains(kActions, action)) return Fail(Error::NotFound("no referral action " + action));
  if (text.size() > 2000) {
    return Fail(Error::InvalidField(action == "complete" ? "outcome" : "reason",
                                    "is longer than 2000 characters"));
  }
  if ((action == "decline" || action == "cancel") && text.empty()) {
    return Fail(Error::InvalidField("reason", "say why"));
  }
  if (action == "complete" && text.empty()) {
    return Fail(Error::InvalidField("outcome", "say what the survivor received"));
  }
  auto done = Change([&](db::Connection& c) -> Result<void> {
    auto stored = store::Get(c, id);
    if (!stored || (stored->sender_org_id != who.organization.id &&
                    stored->recipient_org_id != who.organization.id)) {
      return Fail(Error::NotFound("no referral " + id));
    }
    Referral r = *stored;
    const bool sender = action == "cancel";
    const std::string& party = sender ? r.sender_org_id : r.recipient_org_id;
    if (party != who.organization.id || !HandlesCases(who)) {
      return Fail(Error::Forbidden(sender ? "only the sending organisation's case workers cancel"
                                          : "only the receiving organisation's case workers "
                                            "answer a referral"));
    }
    const std::string now = Now();
    std::string note = text;
    if (action == "accept") {
      if (r.status != "sent") return Fail(WrongState(r, action));
      r.status = "accepted";
      r.responded_at = now;
      cases_.Grant(c, r.id, r.case_id, r.recipient_org_id, r.shared_sections);
    } else if (action == "decline") {
      if (r.status != "sent") return Fail(WrongState(r, action));
      r.status = "declined";
      r.responded_at = now;
      r.closed_at = now;
      r.decline_reason = Seal(text, "decline_reason", r.id);
    } else if (action == "start") {
      if (r.status != "accepted") return Fail(WrongState(r, action));
      r.status = "in_progress";
      r.started_at = now;
    } else if (action == "complete") {
      if (r.status != "in_progress") return Fail(WrongState(r, action));
      r.status = "completed";
      r.closed_at = now;
      r.outcome = Seal(text, "outcome", r.id);
      cases_.EndGrant(c, r.id);
    } else {  // cancel
      if (!IsOpen(r.status)) return Fail(WrongState(r, action));
      r.status = "cancelled";
      r.closed_at = now;
      r.cancel_reason = Seal(text, "cancel_reason", r.id);
      cases_.EndGrant(c, r.id);
    }
    r.updated_at = now;
    if (store::UpdateState(c, r, stored->version) != 1) {
      return Fail(Error::Conflict("someone else changed this referral; reload"));
    }
    store::InsertEvent(c, r.id, {now, r.status, who.user.username, "", Seal(note, "note", r.id)},
                       who.user.id, who.organization.id);
    audit_.Record(c, who.Actor(),
                  {"referral." + action, "referral", r.id,
                   json{{"case_id", r.case_id}, {"status", r.status}}.dump()});
    return {};
  });
  if (!done) return Fail(done.error());
  return Get(who, id);
}

int Service::ExpireOverdue() {
  const std::string now = Now();
  const identity::Principal system = identity::Principal::CommandLine();
  audit::Actor actor = system.Actor();
  actor.username = "system";
  return Change([&](db::Connection& c) {
    int expired = 0;
    for (const auto& id : store::Overdue(c, now)) {
      auto r = store::Get(c, id);
      if (!r || r->status != "sent") continue;
      Referral next = *r;
      next.status = "expired";
      next.closed_at = now;
      next.updated_at = now;
      if (store::UpdateState(c, next, r->version) != 1) continue;
      store::InsertEvent(c, id, {now, "expired", "system", "", ""}, "", "");
      audit_.Record(c, actor,
                    {"referral.expire", "referral", id, json{{"case_id", r->case_id}}.dump()});
      ++expired;
    }
    return expired;
  });
}

std::vector<ReferralFact> Service::Facts(const std::string& from, const std::string& to) const {
  auto rows = db_.Read([&](db::Connection& c) { return store::Facts(c, from, to); });
  std::vector<ReferralFact> out;
  out.reserve(rows.size());
  for (const auto& f : rows) {
    out.push_back({f.service_type, f.district, f.status, f.sent_at, f.responded_at});
  }
  return out;
}

Result<std::vector<CountRow>> Service::Counts(const identity::Principal& who,
                                              const std::string& from, const std::string& to) {
  if (!who.HasRole("analyst") && !who.HasRole("committee_member") && !who.HasRole("system_admin")) {
    return Fail(
        Error::Forbidden("referral counts are for analysts, committees and administrators"));
  }
  if ((!from.empty() && !IsIsoDate(from)) || (!to.empty() && !IsIsoDate(to))) {
    return Fail(Error::BadRequest("from and to are dates written YYYY-MM-DD"));
  }
  auto facts = db_.Read([&](db::Connection& c) {
    return store::Facts(c, from.empty() ? "0000" : from, to.empty() ? "9999" : to);
  });
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<double>> hours;
  std::map<std::tuple<std::string, std::string, std::string>, int64_t> counts;
  for (const auto& f : facts) {
    auto key = std::make_tuple(f.service_type, f.district, f.status);
    ++counts[key];
    auto sent = ParseInstant(f.sent_at), answered = ParseInstant(f.responded_at);
    if (sent && answered) {
      hours[key].push_back(
          std::chrono::duration<double, std::ratio<3600>>(*answered - *sent).count());
    }
  }
  std::vector<CountRow> rows;
  for (const auto& [key, n] : counts) {
    CountRow row{std::get<0>(key), std::get<1>(key), std::get<2>(key), n, std::nullopt};
    if (auto h = hours.find(key); h != hours.end() && !h->second.empty()) {
      auto v = h->second;
      std::sort(v.begin(), v.end());
      row.median_response_hours =
          v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
    }
    rows.push_back(row);
  }
  audit_.RecordCommitted(
      who.Actor(), {"referral.counts", "referral", "", json{{"from", from}, {"to", to}}.dump()});
  return rows;
}

}  // namespace samman::referrals
