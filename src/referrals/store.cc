#include "referrals/store.h"

#include "common/ids.h"
#include "common/strings.h"

namespace samman::referrals::store {
namespace {

using db::EmptyAsNull;

constexpr const char* kColumns =
    "r.id, r.case_id, c.case_number, r.sender_org_id, so.name, r.sender_user_id, "
    "r.recipient_org_id, ro.name, r.dir_organization_id, r.service_id, r.service_name, "
    "r.service_at_location_id, r.service_type, r.district, r.case_district, r.reason_enc, "
    "r.urgency, r.due_date, r.respond_by, r.shared_sections, r.status, r.decline_reason_enc, "
    "r.cancel_reason_enc, r.outcome_enc, r.sent_at, r.responded_at, r.started_at, r.closed_at, "
    "r.updated_at, r.version";
constexpr const char* kFrom =
    " FROM referrals r JOIN cases c ON c.id = r.case_id JOIN organizations so ON so.id = "
    "r.sender_org_id JOIN organizations ro ON ro.id = r.recipient_org_id";

Referral From(const db::Row& row) {
  Referral r;
  r.id = row.Str(0);
  r.case_id = row.Str(1);
  r.case_number = row.Str(2);
  r.sender_org_id = row.Str(3);
  r.sender_org_name = row.Str(4);
  r.sender_user_id = row.Str(5);
  r.recipient_org_id = row.Str(6);
  r.recipient_org_name = row.Str(7);
  r.dir_organization_id = row.Str(8);
  r.service_id = row.Str(9);
  r.service_name = row.Str(10);
  r.service_at_location_id = row.Str(11);
  r.service_type = row.Str(12);
  r.district = row.Str(13);
  r.case_district = row.Str(14);
  r.reason = row.Str(15);
  r.urgency = row.Str(16);
  r.due_date = row.Str(17);
  r.respond_by = row.Str(18);
  r.shared_sections = SplitComma(row.Str(19));
  r.status = row.Str(20);
  r.decline_reason = row.Str(21);
  r.cancel_reason = row.Str(22);
  r.outcome = row.Str(23);
  r.sent_at = row.Str(24);
  r.responded_at = row.Str(25);
  r.started_at = row.Str(26);
  r.closed_at = row.Str(27);
  r.updated_at = row.Str(28);
  r.version = row.Int(29);
  return r;
}

}  // namespace

void Insert(db::Connection& c, const Referral& r) {
  c.Query(
      "INSERT INTO referrals (id, case_id, sender_org_id, sender_user_id, recipient_org_id, "
      "dir_organization_id, service_id, service_name, service_at_location_id, service_type, "
      "district, case_district, reason_enc, urgency, due_date, respond_by, shared_sections, "
      "status, sent_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
      "$11, $12, $13, $14, $15, $16, $17, $18, $19, $19, 1)",
      {r.id, r.case_id, r.sender_org_id, r.sender_user_id, r.recipient_org_id,
       EmptyAsNull(r.dir_organization_id), EmptyAsNull(r.service_id), EmptyAsNull(r.service_name),
       EmptyAsNull(r.service_at_location_id), EmptyAsNull(r.service_type), EmptyAsNull(r.district),
       EmptyAsNull(r.case_district), r.reason, r.urgency, EmptyAsNull(r.due_date), r.respond_by,
       JoinComma(r.shared_sections), r.status, r.sent_at});
}

int64_t UpdateState(db::Connection& c, const Referral& r, int64_t expected_version) {
  return c
      .Query(
          "UPDATE referrals SET status = $2, decline_reason_enc = $3, cancel_reason_enc = $4, "
          "outcome_enc = $5, responded_at = $6, started_at = $7, closed_at = $8, updated_at = $9, "
          "version = version + 1 WHERE id = $1 AND version = $10",
          {r.id, r.status, EmptyAsNull(r.decline_reason), EmptyAsNull(r.cancel_reason),
           EmptyAsNull(r.outcome), EmptyAsNull(r.responded_at), EmptyAsNull(r.started_at),
           EmptyAsNull(r.closed_at), r.updated_at, expected_version})
      .affected;
}

std::optional<Referral> Get(db::Connection& c, const std::string& id) {
  auto rs = c.Query(std::string("SELECT ") + kColumns + kFrom + " WHERE r.id = $1", {id});
  if (rs.empty()) return std::nullopt;
  return From(rs[0]);
}

std::vector<Referral> List(db::Connection& c, const std::string& organization_id, bool incoming,
                           const std::string& status, const std::string& case_id) {
  // Constant SQL: the optional filters are fixed fragments chosen by which are present.
  std::string sql = std::string("SELECT ") + kColumns + kFrom +
                    (incoming ? " WHERE r.recipient_org_id = $1" : " WHERE r.sender_org_id = $1");
  db::Params params = {organization_id};
  if (!status.empty()) {
    params.push_back(status);
    sql += " AND r.status = $" + std::to_string(params.size());
  }
  if (!case_id.empty()) {
    params.push_back(case_id);
    sql += " AND r.case_id = $" + std::to_string(params.size());
  }
  sql += " ORDER BY r.sent_at DESC, r.id DESC LIMIT 500";
  auto rs = c.Query(sql, params);
  std::vector<Referral> out;
  for (size_t i = 0; i < rs.size(); ++i) out.push_back(From(rs[i]));
  return out;
}

std::vector<std::pair<std::string, int64_t>> CountByStatus(db::Connection& c,
                                                           const std::string& organization_id,
                                                           bool incoming) {
  auto rs = c.Query(incoming ? "SELECT status, COUNT(*) FROM referrals WHERE recipient_org_id = "
                               "$1 GROUP BY status"
                             : "SELECT status, COUNT(*) FROM referrals WHERE sender_org_id = $1 "
                               "GROUP BY status",
                    {organization_id});
  std::vector<std::pair<std::string, int64_t>> out;
  for (size_t i = 0; i < rs.size(); ++i) out.emplace_back(rs[i].Str(0), rs[i].Int(1));
  return out;
}

std::optional<std::string> OpenDuplicate(db::Connection& c, const std::string& case_id,
                                         const std::string& recipient_org_id,
                                         const std::string& service_id) {
  auto rs = c.Query(
      "SELECT id FROM referrals WHERE case_id = $1 AND recipient_org_id = $2 AND "
      "COALESCE(service_id, '') = $3 AND status IN ('sent', 'accepted', 'in_progress')",
      {case_id, recipient_org_id, service_id});
  if (rs.empty()) return std::nullopt;
  return rs[0].Str(0);
}

void InsertEvent(db::Connection& c, const std::string& referral_id, const Event& e,
                 const std::string& actor_user_id, const std::string& actor_org_id) {
  c.Query(
      "INSERT INTO referral_events (id, referral_id, at, status, actor_user_id, actor_username, "
      "actor_org_id, note_enc) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {NewId(), referral_id, e.at, e.status, EmptyAsNull(actor_user_id), e.actor_username,
       EmptyAsNull(actor_org_id), EmptyAsNull(e.note)});
}

std::vector<Event> Events(db::Connection& c, const std::string& referral_id) {
  auto rs = c.Query(
      "SELECT e.at, e.status, e.actor_username, o.name, e.note_enc FROM referral_events e LEFT "
      "JOIN organizations o ON o.id = e.actor_org_id WHERE e.referral_id = $1 ORDER BY e.at, e.id",
      {referral_id});
  std::vector<Event> out;
  for (size_t i = 0; i < rs.size(); ++i) {
    out.push_back({rs[i].Str(0), rs[i].Str(1), rs[i].Str(2), rs[i].Str(3), rs[i].Str(4)});
  }
  return out;
}

std::vector<std::string> Overdue(db::Connection& c, const std::string& now) {
  auto rs = c.Query(
      "SELECT id FROM referrals WHERE status = 'sent' AND respond_by < $1 ORDER BY respond_by",
      {now});
  std::vector<std::string> out;
  for (size_t i = 0; i < rs.size(); ++i) out.push_back(rs[i].Str(0));
  return out;
}

std::vector<FactRow> Facts(db::Connection& c, const std::string& from, const std::string& to) {
  auto rs = c.Query(
      "SELECT service_type, district, status, sent_at, responded_at FROM referrals WHERE "
      "sent_at >= $1 AND sent_at < $2",
      {from, to});
  std::vector<FactRow> out;
  for (size_t i = 0; i < rs.size(); ++i) {
    out.push_back({rs[i].Str(0), rs[i].Str(1), rs[i].Str(2), rs[i].Str(3), rs[i].Str(4)});
  }
  return out;
}

std::vector<SealedRow> SealedReferralsNotLike(db::Connection& c, const std::string& like,
                                              int limit) {
  auto rs = c.Query(
      "SELECT id, reason_enc, decline_reason_enc, cancel_reason_enc, outcome_enc FROM referrals "
      "WHERE (reason_enc <> '' AND reason_enc NOT LIKE $1) OR decline_reason_enc NOT LIKE $1 OR "
      "cancel_reason_enc NOT LIKE $1 OR outcome_enc NOT LIKE $1 ORDER BY id LIMIT $2",
      {like, int64_t{limit}});
  std::vector<SealedRow> out;
  for (size_t i = 0; i < rs.size(); ++i) {
    out.push_back({rs[i].Str(0), rs[i].Str(0),
                   {rs[i].Str(1), rs[i].Str(2), rs[i].Str(3), rs[i].Str(4)}});
  }
  return out;
}

void SetSealedReferral(db::Connection& c, const SealedRow& row) {
  c.Query(
      "UPDATE referrals SET reason_enc = $2, decline_reason_enc = $3, cancel_reason_enc = $4, "
      "outcome_enc = $5 WHERE id = $1",
      {row.id, row.sealed[0], EmptyAsNull(row.sealed[1]), EmptyAsNull(row.sealed[2]),
       EmptyAsNull(row.sealed[3])});
}

std::vector<SealedRow> SealedEventsNotLike(db::Connection& c, const std::string& like,
                                           int limit) {
  auto rs = c.Query(
      "SELECT id, referral_id, note_enc FROM referral_events WHERE note_enc NOT LIKE $1 ORDER BY "
      "id LIMIT $2",
      {like, int64_t{limit}});
  std::vector<SealedRow> out;
  for (size_t i = 0; i < rs.size(); ++i) {
    out.push_back({rs[i].Str(0), rs[i].Str(1), {rs[i].Str(2)}});
  }
  return out;
}

void SetSealedEvent(db::Connection& c, const SealedRow& row) {
  c.Query("UPDATE referral_events SET note_enc = $2 WHERE id = $1", {row.id, row.sealed[0]});
}

}  // namespace samman::referrals::store
