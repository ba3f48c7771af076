// Reference data service: geography, countries, code lists and the Bikram Sambat calendar, read
// once from the database at start-up (after migrations) and then served from memory. Immutable
// after construction, so any thread may call.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "db/database.h"
#include "db/migrate.h"
#include "refdata/calendar.h"
#include "refdata/model.h"

namespace samman::refdata {

class Service {
 public:
  // Reads the reference tables; throws DbError when they are missing (migrations not applied).
  explicit Service(db::Database& db);

  std::vector<GeoUnit> Provinces() const;
  std::vector<GeoUnit> Districts(const std::string& province) const;  // "" = all
  std::vector<GeoUnit> LocalLevels(const std::string& district) const;
  const GeoUnit* Unit(const std::string& code) const;
  // People counted at the 2021 census in a district or province, or in Nepal for "" (empty when
  // the code is neither). From data/district-population-2021.csv.
  std::optional<int64_t> Population(const std::string& code) const;
  // The districts as GeoJSON polygons (data/nepal-districts.geojson), for maps.
  static std::string_view DistrictShapes();
  // The same shapes parsed: each district's rings of (longitude, latitude) points.
  struct Shape {
    std::string district;
    std::vector<std::vector<std::pair<double, double>>> rings;
  };
  static const std::vector<Shape>& DistrictPolygons();

  const std::vector<Country>& Countries() const { return countries_; }
  const Country* FindCountry(const std::string& alpha2) const;

  std::vector<std::string> CodeListNames() const;
  const CodeList* List(const std::string& name) const;
  bool IsCode(const std::string& list, const std::string& code) const;

  const BsCalendar& calendar() const { return calendar_; }
  Result<DateConversion> ConvertAd(const std::string& ad) const;
  Result<DateConversion> ConvertBs(const std::string& bs) const;

 private:
  BsCalendar calendar_;
  std::vector<GeoUnit> units_;  // ordered by code
  std::map<std::string, size_t> by_code_;
  std::map<std::string, int64_t> population_;  // districts, provinces and "" (Nepal)
  std::vector<Country> countries_;
  std::map<std::string, CodeList> lists_;
};

// Loads the project's data files into the reference tables when migration 2 runs.
db::DataHooks DataHooks();
// The calendar built into the binary (data/bs-calendar.csv).
BsCalendar BuiltInCalendar();

}  // namespace samman::refdata
