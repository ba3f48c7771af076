// Referrals: a case worker refers a survivor to a directory service or organisation with the
// survivor's consent to share with it; the recipient accepts or declines, starts and completes; the
// sender may cancel; unanswered referrals expire. While a referral is accepted or in progress the
// recipient sees exactly the shared sections of the case (a grant the cases service keeps). Every
// change is audited in its transaction; reasons and notes are encrypted. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "audit/service.h"
#include "cases/service.h"
#include "common/crypto.h"
#include "common/error.h"
#include "common/time.h"
#include "db/database.h"
#include "db/write_counter.h"
#include "directory/service.h"
#include "identity/model.h"
#include "referrals/model.h"

namespace samman::referrals {

class Service {
 public:
  Service(db::Database& db, const crypto::KeyRing& keys, const Clock& clock,
          const audit::Service& audit, cases::Service& cases, const directory::Service& directory)
      : db_(db), keys_(keys), clock_(clock), audit_(audit), cases_(cases), directory_(directory) {}

  // kConsentRequired unless a current sharing consent names the recipient (or one is given).
  Result<Referral> Create(const identity::Principal& who, const NewReferral& in);
  // For the sending and the receiving organisation; kNotFound for anyone else. Audited.
  Result<Referral> Get(const identity::Principal& who, const std::string& id);
  Result<ListResult> List(const identity::Principal& who, const ListQuery& q);

  // action: accept | decline | start | complete | cancel. text is the note, or the reason
  // (decline, cancel) or outcome (complete), which are then required. kConflict from a wrong state.
  Result<Referral> Act(const identity::Principal& who, const std::string& id,
                       const std::string& action, const std::string& text);

  // Marks every referral still unanswered after its respond_by as expired; returns how many.
  int ExpireOverdue();

  // Key rotation: re-encrypts up to limit referrals and as many events whose sealed text was made
  // with an older key, in one transaction; returns how many rows it rewrote (0 when done).
  int RekeyBatch(int limit);

  // The non-identifying facts of referrals sent in [from, to) (dates), for the statistics service.
  std::vector<ReferralFact> Facts(const std::string& from, const std::string& to) const;

  // Counts by service type, district and status of referrals sent in [from, to) (YYYY-MM-DD),
  // with median hours to a response. Analysts, committee members and administrators.
  Result<std::vector<CountRow>> Counts(const identity::Principal& who, const std::string& from,
                                       const std::string& to);
  // Counts this process's writes to referrals (bumped after each, committed or not), so the
  // statistics service can tell that figures it keeps are stale.
  uint64_t Revision() const { return writes_.count(); }

 private:
  std::string Seal(const std::string& plain, const char* column, const std::string& id) const;
  std::string Open(const std::string& sealed, const char* column, const std::string& id) const;
  Referral Opened(Referral r) const;
  std::string RespondBy(const std::string& urgency, const std::string& due_date) const;
  std::string Now() const { return FormatInstant(clock_.Now()); }
  // db_.Write, counted for Revision().
  template <typename F>
  auto Change(F&& fn) const {
    return writes_.Write(db_, std::forward<F>(fn));
  }

  db::Database& db_;
  const crypto::KeyRing& keys_;
  const Clock& clock_;
  const audit::Service& audit_;
  cases::Service& cases_;
  const directory::Service& directory_;
  db::WriteCounter writes_;
};

}  // namespace samman::referrals
