// Case items: timeline events, consents, assessments, services, follow-ups, notes, shelter stays
// and justice records — validation per kind, encryption of the body, access and audit.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "cases/service.h"
#include "cases/store.h"
#include "common/body_reader.h"
#include "common/ids.h"
#include "common/strings.h"

namespace samman::cases {
namespace {

using nlohmann::json;

const std::set<std::string> kConsentChecklist = {
    "consents_to_interview",    "informed_of_purpose",         "informed_of_uses",
    "informed_of_research_use", "informed_of_right_to_access", "informed_of_retention",
    "informed_of_withdrawal"};

}  // namespace

Result<Item> Service::ValidateItem(const std::string& kind, const json& body) const {
  BodyReader r(body, kind);
  Item item;
  item.kind = kind;
  auto org = [&](const char* name, bool required) {
    std::string id = r.Str(name, required, 40);
    if (!id.empty() && !LooksLikeId(id)) r.Problem(name, "is not an organisation id");
    return id;
  };
  auto code = [&](const char* name, const char* list, bool required) {
    std::string v = r.Str(name, required, 60);
    if (!v.empty() && !refdata_.IsCode(list, v)) {
      r.Problem(name, "'" + v + "' is not in the " + list + " list");
    }
    return v;
  };
  std::string today;  // asked of the clock once, for the first date
  auto not_future = [&](const char* name, const std::string& date) {
    if (date.empty()) return;
    if (today.empty()) today = Today();
    if (date > today) r.Problem(name, "cannot be in the future");
  };
  if (kind == "event") {
    item.subtype = r.OneOf("type",
                           {"recruitment", "transit", "exploitation", "interception", "rescue",
                            "repatriation", "return", "missing_report"},
                           true);
    item.date = r.Date("date");
    not_future("date", item.date);
    item.date_precision = r.OneOf("date_precision", {"day", "month", "year", "unknown"}, false);
    item.country = r.Str("country", false, 2);
    if (!item.country.empty() && !refdata_.FindCountry(item.country)) {
      r.Problem("country", "must be an ISO 3166 code such as IN");
    }
    item.local_level = r.Str("local_level", false, 5);
    if (!item.local_level.empty() && (!refdata_.Unit(item.local_level) ||
                                      refdata_.Unit(item.local_level)->level != "local_level")) {
      r.Problem("local_level", "is not a local level code");
    }
    r.Str("border_point", false, 200);
    item.organization_id = org("reporting_organization_id", false);
    r.Str("description", false, 4000);
  } else if (kind == "consent") {
    item.subtype =
        r.OneOf("purpose", {"services", "sharing", "law_enforcement", "statistics"}, true);
    item.organization_id = org("organization_id", item.subtype == "sharing");
    item.date = r.Date("given_at", true);
    not_future("given_at", item.date);
    item.due_date = r.Date("expires_at");
    if (!item.due_date.empty() && item.due_date < item.date) {
      r.Problem("expires_at", "is before the consent was given");
    }
    const json* checklist = nullptr;
    if (body.is_object() && body.contains("checklist")) checklist = &body["checklist"];
    r.Keep("checklist");
    if (!checklist || !checklist->is_object()) {
      r.Problem("checklist", "give the 7 informed-consent answers as true or false");
    } else {
      for (const auto& name : kConsentChecklist) {
        if (!checklist->contains(name) || !(*checklist)[name].is_boolean()) {
          r.Problem("checklist." + name, "must be true or false");
        }
      }
      for (const auto& [k, v] : checklist->items()) {
        if (!kConsentChecklist.count(k)) r.Problem("checklist." + k, "is not a checklist item");
      }
      if (checklist->value("consents_to_interview", false) == false) {
        r.Problem("checklist.consents_to_interview",
                  "consent cannot be recorded when the person does not consent");
      }
    }
    item.status = "active";
  } else if (kind == "assessment") {
    item.subtype = r.OneOf("type", {"risk", "needs"}, true);
    item.date = r.Date("date", true);
    not_future("date", item.date);
    item.status = r.OneOf("level", {"low", "medium", "high"}, false);
    if (const json* needs = r.Array("needs", 30)) {
      for (const auto& n : *needs) {
        if (!n.is_string() || !refdata_.IsCode("support_type", n.get<std::string>())) {
          r.Problem("needs", "must be support_type codes");
          break;
        }
      }
    }
    r.Str("notes", false, 4000);
  } else if (kind == "service") {
    item.subtype = code("type", "support_type", true);
    item.organization_id = org("provider_organization_id", false);
    r.Str("provider_name", false, 200);
    r.Str("goal", false, 1000);
    item.due_date = r.Date("planned_date");
    item.date = r.Date("actual_date");
    not_future("actual_date", item.date);
    item.status = r.OneOf("status", {"planned", "in_progress", "delivered", "cancelled"}, false);
    if (item.status.empty()) item.status = "planned";
    if (item.status == "delivered" && item.date.empty()) {
      r.Problem("actual_date", "is required when the service was delivered");
    }
    r.Str("notes", false, 4000);
  } else if (kind == "follow_up") {
    item.due_date = r.Date("due_date", true);
    r.Str("purpose", false, 500);
    r.Str("notes", false, 4000);
    item.date = r.Date("done_on");
    not_future("done_on", item.date);
    item.status = item.date.empty() ? "open" : "done";
  } else if (kind == "note") {
    r.Str("text", true, 20000);
    item.sensitive = r.Bool("sensitive");
  } else if (kind == "shelter_stay") {
    item.organization_id = org("shelter_organization_id", true);
    item.date = r.Date("admitted_on", true);
    not_future("admitted_on", item.date);
    item.due_date = r.Date("discharged_on");
    if (!item.due_date.empty() && item.due_date < item.date) {
      r.Problem("discharged_on", "is before admission");
    }
    item.status = item.due_date.empty() ? "in_shelter" : "discharged";
    r.Str("reason", false, 1000);
  } else if (kind == "justice") {
    item.subtype = r.OneOf("law", {"httca_2007", "foreign_employment_act", "other"}, true);
    r.Str("fir_no", false, 60);
    item.organization_id = org("police_unit_organization_id", false);
    if (const json* suspects = r.Array("suspects", 50)) {
      static const std::set<std::string> kSuspectFields = {"name", "role", "arrested", "prosecuted",
                                                           "outcome"};
      for (size_t n = 0; n < suspects->size(); ++n) {
        const json& s = (*suspects)[n];
        const std::string at = "suspects[" + std::to_string(n) + "]";
        if (!s.is_object() || !s.contains("name") || !s["name"].is_string() ||
            (s.contains("role") &&
             (!s["role"].is_string() ||
              !refdata_.IsCode("perpetrator_role", s["role"].get<std::string>())))) {
          r.Problem("suspects", "each suspect needs a name and a perpetrator_role code");
          break;
        }
        for (const char* flag : {"arrested", "prosecuted"}) {
          if (s.contains(flag) && !s[flag].is_boolean()) {
            r.Problem(at + "." + flag, "must be true or false");
          }
        }
        if (s.contains("outcome") &&
            (!s["outcome"].is_string() ||
             !std::set<std::string>{"pending", "convicted", "acquitted"}.count(
                 s["outcome"].get<std::string>()))) {
          r.Problem(at + ".outcome", "must be pending, convicted or acquitted");
        }
        for (const auto& [name, value] : s.items()) {
          if (!kSuspectFields.count(name)) r.Problem(at + "." + name, "is not a suspect field");
        }
      }
    }
    if (const json* charges = r.Array("charges", 50)) {
      for (const auto& ch : *charges) {
        if (!ch.is_string()) r.Problem("charges", "must be a list of strings");
      }
    }
    r.Str("court", false, 200);
    if (const json* hearings = r.Array("hearings", 100)) {
      for (const auto& h : *hearings) {
        if (!h.is_object() || !h.contains("date") || !h["date"].is_string() ||
            !IsIsoDate(h["date"].get<std::string>())) {
          r.Problem("hearings", "each hearing needs a date written YYYY-MM-DD");
          break;
        }
      }
    }
    item.status = r.OneOf("verdict", {"pending", "convicted", "acquitted", "withdrawn"}, false);
    r.Str("sentence", false, 1000);
    r.Int("compensation_npr", 0, 1000000000000);
  } else {
    return Fail(Error::NotFound("no item kind " + kind));
  }
  auto normalised = r.FinishText();
  if (!normalised) return Fail(normalised.error());
  item.body = std::move(*normalised);
  return item;
}

Result<Item> Service::AddItem(const identity::Principal& who, const std::string& case_id,
                              const std::string& kind, const json& body) {
  auto item = ValidateItem(kind, body);
  if (!item) return item;
  item->id = NewId();
  item->case_id = case_id;
  item->created_by = who.user.id;
  return Change([&](db::Connection& c) -> Result<Item> {
    auto k = store::GetCase(c, case_id);
    Access access = k ? AccessTo(c, who, *k) : Access::kNone;
    // Police may record justice matters on cases their unit holds; everything else needs full
    // access.
    if (access == Access::kNone || access == Access::kReferral ||
        (access == Access::kJustice && kind != "justice")) {
      return Fail(Error::NotFound("no case " + case_id));
    }
    return InsertItem(c, who, *item);
  });
}

JusticeCounts CountJustice(const std::string& body) {
  JusticeCounts n;
  json j = json::parse(body, nullptr, false);
  if (!j.is_object()) return n;
  if (j.contains("suspects") && j["suspects"].is_array()) {
    for (const auto& s : j["suspects"]) {
      if (!s.is_object()) continue;
      const std::string outcome = s.value("outcome", "pending");
      ++n.suspects;
      if (s.value("arrested", false)) ++n.arrested;
      // A verdict on a person means the person was prosecuted, whether or not the flag was set.
      if (s.value("prosecuted", false) || outcome != "pending") ++n.prosecuted;
      if (outcome == "convicted") ++n.convicted;
      if (outcome == "acquitted") ++n.acquitted;
    }
  }
  if (j.contains("compensation_npr") && j["compensation_npr"].is_number_integer()) {
    n.compensation_npr = j["compensation_npr"].get<int64_t>();
  }
  return n;
}

void Service::KeepItemFacts(db::Connection& c, const Item& plain) const {
  if (plain.kind == "justice") {
    store::ReplaceJusticeFacts(c, plain.id, plain.case_id, CountJustice(plain.body));
  }
}

Item Service::InsertItem(db::Connection& c, const identity::Principal& who, Item item) const {
  const std::string plain_body = item.body;
  const std::string now = Now();
  item.created_at = now;
  item.body = crypto::Encrypt(keys_, plain_body, ItemAad(item.id));
  store::InsertItem(c, item, now);
  item.body = plain_body;
  KeepItemFacts(c, item);
  audit_.Record(
      c, who.Actor(),
      {"case." + item.kind + ".create", "case", item.case_id, json{{"item_id", item.id}}.dump()});
  return item;
}

Result<Case> Service::CaseForReferral(db::Connection& c, const identity::Principal& who,
                                      const std::string& id) const {
  auto k = store::GetCase(c, id);
  if (!k || AccessTo(c, who, *k) != Access::kFull) return Fail(Error::NotFound("no case " + id));
  return *k;
}

bool Service::HasSharingConsent(db::Connection& c, const std::string& case_id,
                                const std::string& organization_id) const {
  for (const auto& i : store::ListItems(c, case_id, "consent")) {
    if (i.subtype == "sharing" && i.status == "active" && i.organization_id == organization_id &&
        (i.due_date.empty() || i.due_date >= Today())) {
      return true;
    }
  }
  return false;
}

Result<Item> Service::RecordSharingConsent(db::Connection& c, const identity::Principal& who,
                                           const std::string& case_id,
                                           const std::string& organization_id, json consent) {
  if (!consent.is_object()) return Fail(Error::InvalidField("consent", "must be an object"));
  consent["purpose"] = "sharing";
  consent["organization_id"] = organization_id;
  auto item = ValidateItem("consent", consent);
  if (!item) return item;
  if (CaseForReferral(c, who, case_id)) {
    item->id = NewId();
    item->case_id = case_id;
    item->created_by = who.user.id;
    return InsertItem(c, who, *item);
  }
  return Fail(Error::NotFound("no case " + case_id));
}

void Service::Grant(db::Connection& c, const std::string& referral_id, const std::string& case_id,
                    const std::string& organization_id,
                    const std::vector<std::string>& sections) const {
  store::InsertGrant(c, referral_id, case_id, organization_id, JoinComma(sections), Now());
}

void Service::EndGrant(db::Connection& c, const std::string& referral_id) const {
  store::DeleteGrant(c, referral_id);
}

Result<std::vector<Item>> Service::ListItems(const identity::Principal& who,
                                             const std::string& case_id, const std::string& kind) {
  const auto& kinds = ItemKinds();
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
    return Fail(Error::NotFound("no item kind " + kind));
  }
  auto items = db_.Read([&](db::Connection& c) -> Result<std::vector<Item>> {
    auto k = store::GetCase(c, case_id);
    Access access = k ? AccessTo(c, who, *k) : Access::kNone;
    if (access == Access::kNone || (access == Access::kJustice && kind != "justice")) {
      return Fail(Error::NotFound("no case " + case_id));
    }
    if (access == Access::kReferral) {
      static const std::map<std::string, std::string> kSectionOfKind = {
          {"event", "events"},
          {"assessment", "assessments"},
          {"service", "services"},
          {"shelter_stay", "shelter_stays"},
          {"justice", "justice"}};
      auto section = kSectionOfKind.find(kind);
      auto shared = SplitComma(store::GrantedSections(c, case_id, who.organization.id));
      if (section == kSectionOfKind.end() ||
          std::find(shared.begin(), shared.end(), section->second) == shared.end()) {
        return Fail(Error::NotFound("the referral does not share this case's " + kind + "s"));
      }
    }
    auto items = store::ListItems(c, case_id, kind);
    for (auto& i : items) {
      auto plain = crypto::Decrypt(keys_, i.body, ItemAad(i.id));
      if (!plain) throw std::runtime_error("case item " + i.id + " does not decrypt");
      i.body = *plain;
      if (i.kind == "consent" && i.status == "active" && !i.due_date.empty() &&
          i.due_date < Today()) {
        i.status = "expired";
      }
    }
    return items;
  });
  if (items) RecordRead(who, {"case." + kind + ".read", "case", case_id, "{}"});
  return items;
}

Result<Item> Service::UpdateItem(const identity::Principal& who, const std::string& case_id,
                                 const std::string& kind, const std::string& item_id,
                                 int64_t expected_version, const json& changes) {
  if (!changes.is_object())
    return Fail(Error::BadRequest("the request body must be a JSON object"));
  if (kind == "consent") {
    return Fail(Error::Invalid("a consent is not edited; withdraw it and record a new one"));
  }
  return Change([&](db::Connection& c) -> Result<Item> {
    const Error missing = Error::NotFound("no " + kind + " " + item_id + " in case " + case_id);
    auto k = store::GetCase(c, case_id);
    Access access = k ? AccessTo(c, who, *k) : Access::kNone;
    if (access == Access::kNone || access == Access::kReferral ||
        (access == Access::kJustice && kind != "justice")) {
      return Fail(missing);
    }
    auto stored = store::GetItem(c, case_id, item_id);
    if (!stored || stored->kind != kind) return Fail(missing);
    if (stored->version != expected_version) {
      Error e = Error::Conflict("someone else changed this " + kind + "; reload");
      e.extra_json = "{\"current_version\":" + std::to_string(stored->version) + "}";
      return Fail(e);
    }
    auto plain = crypto::Decrypt(keys_, stored->body, ItemAad(item_id));
    if (!plain) throw std::runtime_error("case item " + item_id + " does not decrypt");
    json merged = json::parse(*plain);
    merged.merge_patch(changes);
    auto next = ValidateItem(kind, merged);
    if (!next) return next;
    next->id = item_id;
    next->case_id = case_id;
    next->created_by = stored->created_by;
    next->created_at = stored->created_at;
    std::string plain_body = next->body;
    next->body = crypto::Encrypt(keys_, plain_body, ItemAad(item_id));
    if (store::UpdateItem(c, *next, expected_version, Now()) != 1) {
      return Fail(Error::Conflict("someone else changed this " + kind + "; reload"));
    }
    next->body = plain_body;
    KeepItemFacts(c, *next);
    audit_.Record(c, who.Actor(),
                  {"case." + kind + ".update", "case", case_id, json{{"item_id", item_id}}.dump()});
    next->version = expected_version + 1;
    return *next;
  });
}

Result<Item> Service::WithdrawConsent(const identity::Principal& who, const std::string& case_id,
                                      const std::string& consent_id, const std::string& reason) {
  return Change([&](db::Connection& c) -> Result<Item> {
    const Error missing = Error::NotFound("no consent " + consent_id + " in case " + case_id);
    auto k = store::GetCase(c, case_id);
    if (!k || AccessTo(c, who, *k) != Access::kFull) return Fail(missing);
    auto item = store::GetItem(c, case_id, consent_id);
    if (!item || item->kind != "consent") return Fail(missing);
    if (item->status == "withdrawn")
      return Fail(Error::Conflict("this consent was already withdrawn"));
    auto plain = crypto::Decrypt(keys_, item->body, ItemAad(consent_id));
    if (!plain) throw std::runtime_error("case item " + consent_id + " does not decrypt");
    json body = json::parse(*plain);
    body["withdrawn_on"] = Today();
    if (!reason.empty()) body["withdrawal_reason"] = reason;
    item->status = "withdrawn";
    std::string plain_body = body.dump();
    item->body = crypto::Encrypt(keys_, plain_body, ItemAad(consent_id));
    store::UpdateItem(c, *item, item->version, Now());
    audit_.Record(c, who.Actor(),
                  {"case.consent.withdraw", "case", case_id, json{{"item_id", consent_id}}.dump()});
    item->body = plain_body;
    ++item->version;
    return *item;
  });
}

}  // namespace samman::cases
