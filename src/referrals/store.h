// Referrals store: referrals and referral_events. Reasons, outcomes and notes are ciphertext here;
// the service seals and opens them. Runs inside the caller's transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/database.h"
#include "referrals/model.h"

namespace samman::referrals::store {

void Insert(db::Connection& c, const Referral& r);
// Writes status, times, reasons and outcome when the stored version matches; returns rows changed.
int64_t UpdateState(db::Connection& c, const Referral& r, int64_t expected_version);
// With the case number and both organisations' names; history not loaded.
std::optional<Referral> Get(db::Connection& c, const std::string& id);
// The organisation's referrals in one direction, newest first (at most 500).
std::vector<Referral> List(db::Connection& c, const std::string& organization_id, bool incoming,
                           const std::string& status, const std::string& case_id);
std::vector<std::pair<std::string, int64_t>> CountByStatus(db::Connection& c,
                                                           const std::string& organization_id,
                                                           bool incoming);
// An open referral of the case to the organisation (and service, when given), if any.
std::optional<std::string> OpenDuplicate(db::Connection& c, const std::string& case_id,
                                         const std::string& recipient_org_id,
                                         const std::string& service_id);

void InsertEvent(db::Connection& c, const std::string& referral_id, const Event& e,
                 const std::string& actor_user_id, const std::string& actor_org_id);
// Oldest first; note is ciphertext.
std::vector<Event> Events(db::Connection& c, const std::string& referral_id);

// Ids of referrals still sent whose respond_by has passed.
std::vector<std::string> Overdue(db::Connection& c, const std::string& now);

struct FactRow {
  std::string service_type, district, status, sent_at, responded_at;
};
// The non-identifying facts of referrals sent in [from, to) (instants or dates).
std::vector<FactRow> Facts(db::Connection& c, const std::string& from, const std::string& to);

// Key rotation: rows with a ciphertext whose text does not match like ("<key_id>:%"), at most
// limit. A referral's sealed columns: reason, decline_reason, cancel_reason, outcome; an event's:
// its note (sealed under its referral's id).
struct SealedRow {
  std::string id, referral_id;
  std::vector<std::string> sealed;
};
std::vector<SealedRow> SealedReferralsNotLike(db::Connection& c, const std::string& like,
                                              int limit);
void SetSealedReferral(db::Connection& c, const SealedRow& row);
std::vector<SealedRow> SealedEventsNotLike(db::Connection& c, const std::string& like, int limit);
void SetSealedEvent(db::Connection& c, const SealedRow& row);

}  // namespace samman::referrals::store
