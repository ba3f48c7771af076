// The directory's JSON form (docs/directory.md), shared by the HTTP API and the command-line import
// and export: model -> JSON, and strict JSON -> model with every problem in one 422. Pure; any
// thread. Include only from .cc files (full nlohmann header).
#pragma once

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "directory/model.h"

namespace samman::directory {

nlohmann::json OrganizationJson(const Organization& o, bool stale);
nlohmann::json LocationJson(const Location& l);
nlohmann::json ServiceJson(const ServiceRecord& s, bool open_now, bool stale);

// Read the writable members; ids of the record itself are the caller's business.
Result<Organization> ReadOrganization(const nlohmann::json& body);
Result<Location> ReadLocation(const nlohmann::json& body);
Result<ServiceRecord> ReadService(const nlohmann::json& body);

// A whole directory: {"organizations": [...], "locations": [...], "services": [...]}, ids kept.
nlohmann::json DirectoryJson(const DirectoryData& d);
Result<DirectoryData> ReadDirectoryJson(const nlohmann::json& j);

// The JSON form without members the server computes (ids, versions, names of linked records,
// times), so that a PATCH can merge onto it and a client may send back what it was given.
nlohmann::json Writable(nlohmann::json j);

}  // namespace samman::directory
