// Key rotation (samman key rotate), with every server stopped: puts all personal data under the key
// file's newest key. The audit chain is checked with the key that made it and re-hashed with the
// new one; two-factor secrets are re-encrypted, sessions end and API tokens are revoked (their
// hashes were keyed by the old key); persons (with fresh blind indexes and name keys), case items
// and referrals are re-encrypted in batches of one transaction each. Running it again finishes
// what an interrupted run left. Call from one thread.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/error.h"
#include "identity/service.h"
#include "platform/app.h"

namespace samman::platform {

struct RotationReport {
  std::string key_id;         // the key everything is under now
  std::string chain_key_id;   // the key that had made the audit chain
  int64_t audit_rows = 0;     // re-hashed (0 when the chain was already under key_id)
  int64_t data_rows = 0;      // persons, case items, referrals and events re-encrypted
  identity::Service::Rekeyed identity;
};

// The id of the key of the ring whose audit chain verifies (the newest such); kConflict naming the
// first bad row when none does.
Result<std::string> ChainKey(App& app);

// progress is told the running count of data rows after each batch.
Result<RotationReport> RotateKeys(App& app, const std::function<void(int64_t)>& progress);

}  // namespace samman::platform
