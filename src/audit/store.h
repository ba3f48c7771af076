// Audit store: the audit_log table and its single-row head (last seq and hash). Append must run
// inside the caller's write transaction, so the record commits or rolls back with the change it
// describes.
#pragma once

#include <vector>

#include "audit/model.h"
#include "db/database.h"

namespace samman::audit::store {

// Claims the next n seqs and the hash before them; returns the first seq and that hash. The head
// row stays locked until the transaction ends, which serialises appends across servers sharing
// one PostgreSQL.
std::pair<int64_t, std::string> NextSlots(db::Connection& c, int64_t n);
void Insert(db::Connection& c, const std::vector<Record>& records);
void SetHead(db::Connection& c, int64_t seq, const std::string& hash);
// A record's chain hashes rewritten (key rotation).
void SetHashes(db::Connection& c, int64_t seq, const std::string& prev_hash,
               const std::string& hash);
std::pair<int64_t, std::string> Head(db::Connection& c);
std::vector<Record> List(db::Connection& c, const Filter& f);
// Rows with seq > after_seq in order, at most limit (for verification in batches).
std::vector<Record> Scan(db::Connection& c, int64_t after_seq, int limit);

}  // namespace samman::audit::store
