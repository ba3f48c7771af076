// Audit service: appends chained records inside the caller's transaction, lists them for system
// administrators and verifies the chain. Thread-safe; holds references to the database and key
// ring.
#pragma once

#include <exception>
#include <vector>

#include "audit/model.h"
#include "common/batcher.h"
#include "common/crypto.h"
#include "common/error.h"
#include "common/time.h"
#include "db/database.h"
#include "identity/model.h"

namespace samman::audit {

class Service {
 public:
  Service(db::Database& db, const crypto::KeyRing& keys, const Clock& clock)
      : db_(db), keys_(keys), clock_(clock) {}

  // Appends one record in the transaction c belongs to. Returns its seq.
  int64_t Record(db::Connection& c, const Actor& actor, const Entry& entry) const;
  // Appends records in order, chained, in the transaction c belongs to (a bulk import's, a group
  // commit's) with one claim on the head. Returns the last seq (0 for none).
  int64_t RecordAll(db::Connection& c,
                    const std::vector<std::pair<const Actor*, const Entry*>>& records) const;

  // Appends one record in a transaction of its own and returns once it is committed: the record of
  // a read, written before the data is shown. Records arriving from several threads at once share
  // one transaction (group commit), so concurrent reads cost one disk flush, not one each. Throws
  // DbError when the commit fails.
  void RecordCommitted(const Actor& actor, const Entry& entry) const;

  // Newest first; system administrators only (kForbidden for anyone else).
  Result<std::vector<audit::Record>> List(const identity::Principal& who,
                                          const Filter& filter) const;

  // Records about one entity, newest first, for the capability that owns it to show after its own
  // access check (a case's access log).
  std::vector<audit::Record> ForEntity(const std::string& entity_type,
                                       const std::string& entity_id) const;

  // Recomputes every hash from the first row; names the first row that was altered, removed or
  // added out of order.
  VerifyReport Verify() const;

  // Key rotation: rewrites every record's chain hashes with the ring's current key, in one
  // transaction, and returns how many. Call only after Verify() with the key that made the chain
  // has passed (an audit::Service on a ring with that key current).
  int64_t Rehash() const;

 private:
  std::string HashOf(const audit::Record& r) const;

  struct Pending {
    const Actor* actor;
    const Entry* entry;
    std::exception_ptr error;
  };

  db::Database& db_;
  const crypto::KeyRing& keys_;
  const Clock& clock_;
  mutable common::Batcher<Pending> group_;
};

}  // namespace samman::audit
