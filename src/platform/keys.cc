#include "platform/keys.h"

#include <nlohmann/json.hpp>

#include "common/time.h"

namespace samman::platform {

Result<std::string> ChainKey(App& app) {
  SystemClock clock;
  const auto ids = app.keys().key_ids();
  std::string problem;
  for (auto id = ids.rbegin(); id != ids.rend(); ++id) {
    auto ring = app.keys().WithCurrent(*id);
    audit::Service with(app.db(), *ring, clock);
    auto report = with.Verify();
    if (report.ok) return *id;
    if (problem.empty()) problem = report.problem;
  }
  return Fail(Error::Conflict("the audit chain does not verify with any key in the key file (" +
                              problem + "); run samman audit verify and restore before rotating"));
}

Result<RotationReport> RotateKeys(App& app, const std::function<void(int64_t)>& progress) {
  RotationReport report;
  report.key_id = app.keys().key_id();
  auto chain = ChainKey(app);
  if (!chain) return Fail(chain.error());
  report.chain_key_id = *chain;
  // The chain first: every record written from here on is chained with the new key.
  if (report.chain_key_id != report.key_id) report.audit_rows = app.audit().Rehash();
  const auto who = identity::Principal::CommandLine();
  report.identity = app.identity().Rekey(who);
  constexpr int kBatch = 500;
  for (int n; (n = app.cases().RekeyBatch(kBatch)) > 0;) {
    report.data_rows += n;
    progress(report.data_rows);
  }
  for (int n; (n = app.referrals().RekeyBatch(kBatch)) > 0;) {
    report.data_rows += n;
    progress(report.data_rows);
  }
  app.db().Write([&](db::Connection& c) {
    app.audit().Record(c, who.Actor(),
                       {"key.rotate", "key", report.key_id,
                        nlohmann::json{{"from_chain_key", report.chain_key_id},
                                       {"audit_rows_rehashed", report.audit_rows},
                                       {"data_rows_reencrypted", report.data_rows}}
                            .dump()});
  });
  return report;
}

}  // namespace samman::platform
