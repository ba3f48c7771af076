// Audit service: appends chained records inside the caller's transaction, lists them for system
// administrators and verifies the chain. Thread-safe; holds references to the database and key
// ring.
#pragma once

#include <vector>

#include "audit/model.h"
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

 private:
  std::string HashOf(const audit::Record& r) const;

  db::Database& db_;
  const crypto::KeyRing& keys_;
  const Clock& clock_;
};

}  // namespace samman::audit
