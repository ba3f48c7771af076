#include "audit/store.h"

namespace samman::audit::store {
namespace {

constexpr const char* kColumns =
    "seq, at, actor_user_id, actor_org_id, actor_username, action, entity_type, entity_id, detail, "
    "request_id, ip, prev_hash, hash";

Record FromRow(const db::Row& r) {
  return Record{r.Int(0), r.Str(1), r.Str(2), r.Str(3),  r.Str(4),  r.Str(5), r.Str(6),
                r.Str(7), r.Str(8), r.Str(9), r.Str(10), r.Str(11), r.Str(12)};
}

}  // namespace

std::pair<int64_t, std::string> NextSlots(db::Connection& c, int64_t n) {
  auto rs = c.Query("UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash", {n});
  return {rs[0].Int(0) - n + 1, rs[0].Str(1)};
}

void Insert(db::Connection& c, const std::vector<Record>& records) {
  std::vector<db::Params> rows;
  rows.reserve(records.size());
  for (const auto& r : records) {
    rows.push_back({r.seq, r.at, r.actor_user_id, r.actor_org_id, r.actor_username, r.action,
                    r.entity_type, r.entity_id, r.detail, r.request_id, r.ip, r.prev_hash,
                    r.hash});
  }
  db::InsertRows(c,
                 "INSERT INTO audit_log (seq, at, actor_user_id, actor_org_id, actor_username, "
                 "action, entity_type, entity_id, detail, request_id, ip, prev_hash, hash) VALUES",
                 std::move(rows));
}

void SetHead(db::Connection& c, int64_t seq, const std::string& hash) {
  c.Query("UPDATE audit_head SET hash = $2 WHERE id = 1 AND seq = $1", {seq, hash});
}

void SetHashes(db::Connection& c, int64_t seq, const std::string& prev_hash,
               const std::string& hash) {
  c.Query("UPDATE audit_log SET prev_hash = $2, hash = $3 WHERE seq = $1", {seq, prev_hash, hash});
}

std::pair<int64_t, std::string> Head(db::Connection& c) {
  auto rs = c.Query("SELECT seq, hash FROM audit_head WHERE id = 1");
  return {rs[0].Int(0), rs[0].Str(1)};
}

std::vector<Record> List(db::Connection& c, const Filter& f) {
  // Empty filter values match everything: each condition is written so one statement serves all.
  auto rs = c.Query(
      std::string("SELECT ") + kColumns +
          " FROM audit_log WHERE ($1 = '' OR actor_user_id = $1) AND ($2 = '' OR entity_type = $2)"
          " AND ($3 = '' OR entity_id = $3) AND ($4 = '' OR action = $4)"
          " AND ($5 = '' OR at >= $5) AND ($6 = '' OR at < $6) AND ($7 = 0 OR seq < $7)"
          " ORDER BY seq DESC LIMIT $8",
      {f.actor_user_id, f.entity_type, f.entity_id, f.action, f.from, f.to, f.before_seq,
       static_cast<int64_t>(f.limit)});
  std::vector<Record> out;
  for (size_t i = 0; i < rs.size(); ++i) out.push_back(FromRow(rs[i]));
  return out;
}

std::vector<Record> Scan(db::Connection& c, int64_t after_seq, int limit) {
  auto rs = c.Query(
      std::string("SELECT ") + kColumns + " FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
      {after_seq, static_cast<int64_t>(limit)});
  std::vector<Record> out;
  for (size_t i = 0; i < rs.size(); ++i) out.push_back(FromRow(rs[i]));
  return out;
}

}  // namespace samman::audit::store
