// Directory store: dir_organizations, dir_locations, dir_services and their terms, capacity and
// service-at-location rows. Rows come back whole (confidential fields included); the service
// decides what a caller sees. Runs inside the caller's transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/database.h"
#include "directory/model.h"

namespace samman::directory::store {

void InsertOrganization(db::Connection& c, const Organization& o, const std::string& now);
// Returns rows changed: 0 when the stored version is not expected_version.
int64_t UpdateOrganization(db::Connection& c, const Organization& o, int64_t expected_version,
                           const std::string& now);
std::optional<Organization> GetOrganization(db::Connection& c, const std::string& id);
std::vector<Organization> ListOrganizations(db::Connection& c);
std::vector<Organization> OrganizationsOf(db::Connection& c, const std::string& samman_org_id);
void DeleteOrganization(db::Connection& c, const std::string& id);
// Services and locations the organisation still has.
int64_t CountDependents(db::Connection& c, const std::string& organization_id);

void InsertLocation(db::Connection& c, const Location& l, const std::string& now);
int64_t UpdateLocation(db::Connection& c, const Location& l, int64_t expected_version,
                       const std::string& now);
std::optional<Location> GetLocation(db::Connection& c, const std::string& id);
// All locations, or one organisation's ("" = all).
std::vector<Location> ListLocations(db::Connection& c, const std::string& organization_id);
void DeleteLocation(db::Connection& c, const std::string& id);
int64_t CountServicesAt(db::Connection& c, const std::string& location_id);

// Writes the service row, its terms, capacity and service-at-location rows (keeping the ids of
// pairs that remain). Capacity rows carry their own updated_at.
void InsertService(db::Connection& c, const ServiceRecord& s, const std::string& now);
int64_t UpdateService(db::Connection& c, const ServiceRecord& s, int64_t expected_version,
                      const std::string& now);
// The service with its organisation's name and sector, terms, capacity and locations.
std::optional<ServiceRecord> GetService(db::Connection& c, const std::string& id);
// Every service whole, ordered by name.
std::vector<ServiceRecord> ListServices(db::Connection& c);
// The number every change to a directory table moves (a trigger's doing, migration 0014).
int64_t Generation(db::Connection& c);
void DeleteService(db::Connection& c, const std::string& id);

std::optional<ServiceAtLocation> GetServiceAtLocation(db::Connection& c, const std::string& id);

}  // namespace samman::directory::store
