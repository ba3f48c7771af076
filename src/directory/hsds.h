// The directory in HSDS 3.0 shapes with the Samman profile's extensions (confidential locations,
// Nepal's administrative codes, capacity): what /hsds/ answers and the datapackage export is made
// of. A mapper reads through the directory service as its caller would (nullptr = anonymous, which
// never sees a confidential address). Any thread.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "directory/service.h"
#include "identity/model.h"
#include "refdata/service.h"

namespace samman::directory {

inline constexpr const char* kHsdsTaxonomyName = "Samman CTIP service taxonomy";
std::string HsdsTaxonomyId();

class HsdsMapper {
 public:
  using json = nlohmann::json;
  HsdsMapper(const Service& dir, const refdata::Service& refdata, const identity::Principal* who)
      : dir_(dir), refdata_(refdata), who_(who) {}

  json Term(const TaxonomyTerm& t) const;
  json Org(const directory::Organization& o) const;
  json Address(const directory::Location& l) const;
  json Place(const directory::Location& l) const;
  json Schedules(const directory::ServiceAtLocation& sal) const;
  json Sal(const directory::ServiceAtLocation& sal, bool nested) const;
  json ServiceBrief(const ServiceRecord& s) const;
  json ServiceFull(const ServiceRecord& s) const;

 private:
  const Service& dir_;
  const refdata::Service& refdata_;
  const identity::Principal* who_;
};

}  // namespace samman::directory
