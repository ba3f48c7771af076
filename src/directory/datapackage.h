// The directory as an HSDS 3.0 tabular datapackage: datapackage.json plus one CSV per table
// (organizations.csv, services.csv, locations.csv, ...), columns from HSDS's tabular schema and
// then our profile's extensions. Files in, files out; call from one thread.
#pragma once

#include <string>

#include "common/error.h"
#include "directory/model.h"
#include "directory/service.h"
#include "identity/model.h"
#include "refdata/service.h"

namespace samman::directory {

// Writes what the caller may see (who = nullptr: the public directory, confidential addresses
// left out) into out_dir, creating it. Returns the number of CSV rows written.
Result<int> WriteDatapackage(const Service& dir, const refdata::Service& refdata,
                             const identity::Principal* who, const std::string& out_dir);

// Reads a datapackage written by WriteDatapackage (or any HSDS 3.0 publisher's, less our
// extensions) back into records with their ids, for Service::Import.
Result<DirectoryData> ReadDatapackage(const Service& dir, const std::string& in_dir);

}  // namespace samman::directory
