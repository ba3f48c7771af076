#include "audit/service.h"

#include "audit/store.h"
#include "common/ids.h"

namespace samman::audit {

std::string Service::HashOf(const audit::Record& r) const {
  std::string canonical;
  for (const std::string* part :
       {&r.at, &r.actor_user_id, &r.actor_org_id, &r.actor_username, &r.action, &r.entity_type,
        &r.entity_id, &r.detail, &r.request_id, &r.ip, &r.prev_hash}) {
    canonical += *part;
    canonical += '\x1f';
  }
  canonical += std::to_string(r.seq);
  return crypto::KeyedHash(keys_.Key(crypto::KeyPurpose::kAuditChain), canonical);
}

int64_t Service::Record(db::Connection& c, const Actor& actor, const Entry& entry) const {
  return RecordAll(c, {{&actor, &entry}});
}

int64_t Service::RecordAll(
    db::Connection& c, const std::vector<std::pair<const Actor*, const Entry*>>& records) const {
  if (records.empty()) return 0;
  auto [seq, prev] = store::NextSlots(c, static_cast<int64_t>(records.size()));
  const std::string at = FormatInstant(clock_.Now());
  std::vector<audit::Record> rows;
  rows.reserve(records.size());
  for (const auto& [actor, entry] : records) {
    audit::Record& r = rows.emplace_back();
    r.seq = seq++;
    r.at = at;
    r.actor_user_id = actor->user_id;
    r.actor_org_id = actor->org_id;
    r.actor_username = actor->username;
    r.action = entry->action;
    r.entity_type = entry->entity_type;
    r.entity_id = entry->entity_id;
    r.detail = entry->detail.empty() ? "{}" : entry->detail;
    r.request_id = actor->request_id;
    r.ip = actor->ip;
    r.prev_hash = prev;
    r.hash = HashOf(r);
    prev = r.hash;
  }
  store::Insert(c, rows);
  store::SetHead(c, rows.back().seq, rows.back().hash);
  return rows.back().seq;
}

Result<std::vector<audit::Record>> Service::List(const identity::Principal& who,
                                                 const Filter& filter) const {
  if (!who.HasRole("system_admin")) {
    return Fail(Error::Forbidden("only system administrators read the audit log"));
  }
  return db_.Read([&](db::Connection& c) { return store::List(c, filter); });
}

void Service::RecordCommitted(const Actor& actor, const Entry& entry) const {
  Pending mine{&actor, &entry, nullptr};
  group_.Submit(mine, [this](std::vector<Pending*>& batch) {
    std::exception_ptr error;
    try {
      std::vector<std::pair<const Actor*, const Entry*>> records;
      for (Pending* p : batch) records.emplace_back(p->actor, p->entry);
      db_.Write([&](db::Connection& c) { RecordAll(c, records); });
    } catch (...) {
      error = std::current_exception();
    }
    for (Pending* p : batch) p->error = error;
  });
  if (mine.error) std::rethrow_exception(mine.error);
}

std::vector<audit::Record> Service::ForEntity(const std::string& entity_type,
                                              const std::string& entity_id) const {
  Filter f;
  f.entity_type = entity_type;
  f.entity_id = entity_id;
  f.limit = 1000;
  return db_.Read([&](db::Connection& c) { return store::List(c, f); });
}

VerifyReport Service::Verify() const {
  return db_.Read([&](db::Connection& c) {
    VerifyReport report;
    auto [head_seq, head_hash] = store::Head(c);
    int64_t expected_seq = 1;
    std::string prev;
    constexpr int kBatch = 5000;
    for (;;) {
      auto rows = store::Scan(c, expected_seq - 1, kBatch);
      for (const auto& r : rows) {
        auto fail = [&](std::string why) {
          report.ok = false;
          report.first_bad_seq = expected_seq;
          report.problem = std::move(why);
        };
        if (r.seq != expected_seq) {
          fail("row " + std::to_string(expected_seq) + " is missing");
        } else if (r.prev_hash != prev) {
          fail("row " + std::to_string(r.seq) + " does not follow the row before it");
        } else if (HashOf(r) != r.hash) {
          fail("row " + std::to_string(r.seq) + " was altered after it was written");
        }
        if (!report.ok) return report;
        prev = r.hash;
        ++expected_seq;
        ++report.rows;
      }
      if (static_cast<int>(rows.size()) < kBatch) break;
    }
    if (report.rows != head_seq || prev != head_hash) {
      report.ok = false;
      report.first_bad_seq = report.rows + 1;
      report.problem = "the log ends at row " + std::to_string(report.rows) +
                       " but the head records row " + std::to_string(head_seq) +
                       ": rows at the end were removed";
    }
    return report;
  });
}

int64_t Service::Rehash() const {
  return db_.Write([&](db::Connection& c) {
    constexpr int kBatch = 5000;
    std::string prev;
    int64_t seq = 0;
    for (;;) {
      auto rows = store::Scan(c, seq, kBatch);
      for (auto& r : rows) {
        r.prev_hash = prev;
        r.hash = HashOf(r);
        store::SetHashes(c, r.seq, r.prev_hash, r.hash);
        prev = r.hash;
        seq = r.seq;
      }
      if (static_cast<int>(rows.size()) < kBatch) break;
    }
    if (seq > 0) store::SetHead(c, seq, prev);
    return seq;
  });
}

}  // namespace samman::audit
