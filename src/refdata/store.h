// Refdata store: the geo_units, geo_aliases, bs_months, countries, code_list_items and
// refdata_versions tables. Runs inside the caller's transaction.
#pragma once

#include <vector>

#include "db/database.h"
#include "refdata/model.h"

namespace samman::refdata::store {

void InsertUnit(db::Connection& c, const GeoUnit& u);
void InsertAlias(db::Connection& c, const std::string& code, const std::string& alias);
void InsertMonth(db::Connection& c, int year, int month, int days);
void InsertCountry(db::Connection& c, const Country& k);
void InsertCode(db::Connection& c, const std::string& list, const CodeItem& item, int sort,
                const std::string& version);
void SetVersion(db::Connection& c, const std::string& name, const std::string& version,
                const std::string& now);

std::vector<GeoUnit> Units(db::Connection& c);  // with aliases, ordered by code
std::vector<Country> Countries(db::Connection& c);
std::vector<CodeList> CodeLists(db::Connection& c);

}  // namespace samman::refdata::store
