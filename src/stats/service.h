// Statistics: the indicator catalogue and queries answered through the release engine only (see
// release.h), bounded by the caller's jurisdiction (a district committee sees its district, a
// province committee its province, a local committee its local level; analysts and administrators
// the nation), with the differential-privacy ledger. Reads case and referral facts through their
// services; never sees a name. Thread-safe.
#pragma once

#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "audit/service.h"
#include "cases/service.h"
#include "common/error.h"
#include "common/time.h"
#include "db/database.h"
#include "identity/model.h"
#include "refdata/service.h"
#include "referrals/service.h"
#include "stats/microdata.h"
#include "stats/model.h"
#include "stats/report.h"

namespace samman::stats {

class Service {
 public:
  Service(db::Database& db, const Clock& clock, const audit::Service& audit,
          const refdata::Service& refdata, const cases::Service& cases,
          const referrals::Service& referrals, Options options)
      : db_(db),
        clock_(clock),
        audit_(audit),
        refdata_(refdata),
        cases_(cases),
        referrals_(referrals),
        options_(options) {}

  static const std::vector<Indicator>& Catalogue();
  // kForbidden outside the caller's jurisdiction or role; kInvalid for breakdowns not released;
  // kConflict when the dataset's privacy budget cannot pay for epsilon.
  Result<Answer> Run(const identity::Principal& who, const Query& q);
  // Run, without the copy: an answer remembered (see Released) is the same object for every
  // asker until it is forgotten, so a caller may key work derived from it on its address.
  Result<std::shared_ptr<const Answer>> Ask(const identity::Principal& who, const Query& q);
  // The annual report for a fiscal year over the caller's area (or a narrower one asked for):
  // the same released tables a query would give.
  Result<Report> AnnualReport(const identity::Principal& who, const Query& area);
  // De-identified microdata of survivors identified in a period, k-anonymous, in the CTDC
  // ("ctdc") or HTCDS ("htcds") layout; for analysts and administrators (authorised partners),
  // national only. kInvalid for another layout.
  Result<Microdata> Export(const identity::Principal& who, const Query& period,
                           const std::string& layout);
  // The figures anyone may see: national, k-suppressed and rounded to 5, for a fiscal year.
  Result<std::vector<Answer>> Public(const std::string& fiscal_year);
  // The current fiscal year ("2083/84"), and the last complete one, which public figures default
  // to.
  std::string CurrentFiscalYear() const;
  std::string LastCompleteFiscalYear() const;
  const refdata::Service& refdata() const { return refdata_; }

 private:
  Result<void> Bound(const identity::Principal& who, Query& q) const;
  Result<void> Period(Query& q, Answer& a) const;
  // Tabulate, remembered: the same question asked again within options_.cache_seconds, with no
  // case or referral written by this process since, gets the same released answer, and askers
  // arriving while it is worked out wait for it. Queries that spend privacy budget are never
  // remembered (each must pay, and get its own noise).
  Result<std::shared_ptr<const Answer>> Released(const identity::Principal& who, const Query& q,
                                                 Answer a);
  // Fills a's cells for a validated, bounded query (no audit record).
  Result<void> Tabulate(const identity::Principal& who, const Query& q, Answer& a);
  Result<void> ConvictionRate(const identity::Principal& who, const Query& q, Answer& a);
  // Rates per 100,000 people for a table broken down by place only (or not at all).
  void AddRates(Answer& a) const;

  db::Database& db_;
  const Clock& clock_;
  const audit::Service& audit_;
  const refdata::Service& refdata_;
  const cases::Service& cases_;
  const referrals::Service& referrals_;
  Options options_;

  struct Remembered {
    Instant made;
    uint64_t cases_revision = 0, referrals_revision = 0;
    std::shared_future<std::shared_ptr<const Answer>> answer;  // null: the computation failed
  };
  std::mutex remembered_mu_;
  std::map<std::string, Remembered> remembered_;
};

}  // namespace samman::stats
