// Service directory: organisations, locations and services, who may edit them (directory editors,
// administrators, and each organisation's org_admin for its own listings), who sees a confidential
// location's whereabouts (its own organisation, editors, administrators; audited for the latter),
// search, and the CTIP taxonomy. A null principal is an anonymous visitor. Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "audit/service.h"
#include "common/error.h"
#include "common/time.h"
#include "db/database.h"
#include "directory/model.h"
#include "identity/model.h"
#include "refdata/service.h"

namespace samman::directory {

class Service {
 public:
  Service(db::Database& db, const Clock& clock, const audit::Service& audit,
          const refdata::Service& refdata);

  const std::vector<TaxonomyTerm>& Taxonomy() const { return taxonomy_; }
  const TaxonomyTerm* Term(const std::string& code) const;

  Result<Organization> CreateOrganization(const identity::Principal& who, Organization o);
  Result<Organization> GetOrganization(const std::string& id) const;
  // Filters: q (name, either language), district, sector; all when empty.
  std::vector<Organization> ListOrganizations(const std::string& q, const std::string& district,
                                              const std::string& sector) const;
  Result<Organization> UpdateOrganization(const identity::Principal& who, int64_t expected_version,
                                          Organization o);
  Result<void> DeleteOrganization(const identity::Principal& who, const std::string& id);

  Result<Location> CreateLocation(const identity::Principal& who, Location l);
  Result<Location> GetLocation(const identity::Principal* who, const std::string& id) const;
  std::vector<Location> ListLocations(const identity::Principal* who,
                                      const std::string& organization_id) const;
  Result<Location> UpdateLocation(const identity::Principal& who, int64_t expected_version,
                                  Location l);
  Result<void> DeleteLocation(const identity::Principal& who, const std::string& id);

  Result<ServiceRecord> CreateService(const identity::Principal& who, ServiceRecord s);
  Result<ServiceRecord> GetService(const identity::Principal* who, const std::string& id) const;
  std::vector<ServiceRecord> ListServices(const identity::Principal* who,
                                          const std::string& organization_id) const;
  Result<ServiceRecord> UpdateService(const identity::Principal& who, int64_t expected_version,
                                      ServiceRecord s);
  Result<void> DeleteService(const identity::Principal& who, const std::string& id);
  Result<ServiceAtLocation> GetServiceAtLocation(const identity::Principal* who,
                                                 const std::string& id) const;

  // Writes every record, keeping its id: new ids are added, known ones replaced. All or nothing;
  // directory editors and administrators only. Capacity keeps the time it was given.
  Result<ImportReport> Import(const identity::Principal& who, DirectoryData data);
  // Everything the caller may see, whole.
  DirectoryData Export(const identity::Principal* who) const;

  Result<SearchResult> Search(const identity::Principal* who, const SearchQuery& q) const;

  // Open at this instant by the service-at-location's Nepal-time schedules.
  static bool OpenAt(const std::vector<Schedule>& schedules, Instant t);
  bool OpenNow(const ServiceRecord& s) const;
  bool Stale(const std::string& last_verified) const;
  // The Samman organisation that answers referrals for a directory organisation ("" = none).
  std::string SammanOrgOf(const std::string& directory_org_id) const;

 private:
  bool CanEdit(const identity::Principal& who, const Organization& o) const;
  bool SeesConfidential(const identity::Principal* who, const std::string& samman_org_id) const;
  Result<void> Validate(const Organization& o) const;
  Result<void> Validate(db::Connection& c, const Location& l) const;
  Result<void> Validate(db::Connection& c, const ServiceRecord& s) const;
  // Withholds a confidential location's whereabouts from callers without a need to know.
  void Redact(const identity::Principal* who, Location& l, const std::string& samman_org_id) const;
  void Redact(const identity::Principal* who, ServiceRecord& s) const;
  std::string Now() const { return FormatInstant(clock_.Now()); }

  // Every service as stored (unredacted, in name order), with what search derives from each, as
  // of one directory generation (migration 0014): a search reads one row to know its copy is
  // current instead of every service, location and term.
  struct Catalogue {
    int64_t generation = -1;
    std::vector<ServiceRecord> services;
    std::vector<std::string> text;                    // lower-case words a query is matched in
    std::vector<std::vector<std::string>> districts;  // served or located in, sorted
  };
  // The catalogue as of the directory's current generation, loaded if this copy is behind. Any
  // thread may call it; the result stays valid while held. Throws DbError.
  std::shared_ptr<const Catalogue> Current() const;

  db::Database& db_;
  const Clock& clock_;
  const audit::Service& audit_;
  const refdata::Service& refdata_;
  std::vector<TaxonomyTerm> taxonomy_;
  std::map<std::string, size_t> term_index_;
  mutable std::mutex catalogue_mu_;
  mutable std::shared_ptr<const Catalogue> catalogue_;
};

}  // namespace samman::directory
