#include "refdata/service.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "common/csv.h"
#include "common/embedded.h"
#include "common/time.h"
#include "refdata/store.h"

namespace samman::refdata {
namespace {

std::string_view DataFile(const std::string& path) {
  auto text = embedded::Find(path);
  if (!text) throw std::runtime_error("built-in data file missing: " + path);
  return *text;
}

csv::Table ParseData(const std::string& path) {
  auto t = csv::Parse(DataFile(path));
  if (!t) throw std::runtime_error(path + ": " + t.error().detail);
  return std::move(*t);
}

// The column's value in a row; throws when the file lacks the column (a broken build, not user
// input).
struct Columns {
  const csv::Table& t;
  const std::string path;
  const std::string& operator()(const std::vector<std::string>& row, std::string_view name) const {
    int i = t.Column(name);
    if (i < 0) throw std::runtime_error(path + " has no column " + std::string(name));
    return row[static_cast<size_t>(i)];
  }
};

void LoadGeography(db::Connection& c) {
  const std::string path = "data/nepal-admin-units.csv";
  csv::Table t = ParseData(path);
  Columns col{t, path};
  std::set<std::string> seen;
  for (const auto& row : t.rows) {
    const std::string& p = col(row, "province_code");
    const std::string& d = col(row, "district_code");
    if (seen.insert(p).second) {
      store::InsertUnit(
          c,
          {p, "province", "", col(row, "province_name_en"), col(row, "province_name_ne"), 0, {}});
    }
    if (seen.insert(d).second) {
      store::InsertUnit(
          c, {d, "district", p, col(row, "district_name_en"), col(row, "district_name_ne"), 0, {}});
    }
    store::InsertUnit(c, {col(row, "local_level_code"),
                          "local_level",
                          d,
                          col(row, "local_level_name_en"),
                          col(row, "local_level_name_ne"),
                          std::stoi(col(row, "wards")),
                          {}});
  }
  const std::string alias_path = "data/geo-aliases.csv";
  if (embedded::Find(alias_path)) {
    csv::Table a = ParseData(alias_path);
    Columns acol{a, alias_path};
    for (const auto& row : a.rows) store::InsertAlias(c, acol(row, "code"), acol(row, "alias"));
  }
}

void LoadCalendar(db::Connection& c) {
  BsCalendar cal = BuiltInCalendar();
  for (int y = cal.first_year(); y <= cal.last_year(); ++y) {
    for (int m = 1; m <= 12; ++m) store::InsertMonth(c, y, m, cal.DaysInMonth(y, m));
  }
}

void LoadCountries(db::Connection& c) {
  const std::string path = "data/countries.csv";
  csv::Table t = ParseData(path);
  Columns col{t, path};
  for (const auto& row : t.rows) {
    store::InsertCountry(c, {col(row, "alpha2"), col(row, "alpha3"), col(row, "numeric"),
                             col(row, "name_en"), col(row, "name_ne")});
  }
}

// Loads the codes of data/codelists.csv that the database does not have yet: all of them when
// migration 2 runs, and the lists added since when a later migration calls it again.
void LoadCodeLists(db::Connection& c) {
  const std::string path = "data/codelists.csv";
  csv::Table t = ParseData(path);
  Columns col{t, path};
  std::string version(DataFile("data/codelists-version.txt"));
  while (!version.empty() && (version.back() == '\n' || version.back() == '\r')) version.pop_back();
  std::set<std::pair<std::string, std::string>> have;
  for (const auto& list : store::CodeLists(c)) {
    for (const auto& item : list.items) have.insert({list.name, item.code});
  }
  for (const auto& row : t.rows) {
    if (have.count({col(row, "list"), col(row, "code")})) continue;
    store::InsertCode(
        c, col(row, "list"),
        {col(row, "code"), col(row, "label_en"), col(row, "label_ne"), col(row, "htcds_value")},
        std::stoi(col(row, "sort")), version);
  }
  store::SetVersion(c, "codelists", version, FormatInstant(SystemClock().Now()));
}

}  // namespace

BsCalendar BuiltInCalendar() {
  auto cal = BsCalendar::FromCsv(DataFile("data/bs-calendar.csv"));
  if (!cal) throw std::runtime_error("data/bs-calendar.csv: " + cal.error());
  return std::move(*cal);
}

db::DataHooks DataHooks() {
  return {{2,
           [](db::Connection& c) {
             LoadGeography(c);
             LoadCalendar(c);
             LoadCountries(c);
             LoadCodeLists(c);
           }},
          {8, LoadCodeLists}};  // closure_outcome
}

Service::Service(db::Database& db) : calendar_(BuiltInCalendar()) {
  db.Read([&](db::Connection& c) {
    units_ = store::Units(c);
    countries_ = store::Countries(c);
    for (auto& list : store::CodeLists(c)) lists_[list.name] = std::move(list);
  });
  for (size_t i = 0; i < units_.size(); ++i) by_code_[units_[i].code] = i;
  const std::string path = "data/district-population-2021.csv";
  csv::Table t = ParseData(path);
  Columns col{t, path};
  for (const auto& row : t.rows) {
    const GeoUnit* d = Unit(col(row, "district_code"));
    if (!d || d->level != "district") throw std::runtime_error(path + ": not a district code");
    int64_t people = std::stoll(col(row, "population"));
    population_[d->code] = people;
    population_[d->parent_code] += people;
    population_[""] += people;
  }
}

std::optional<int64_t> Service::Population(const std::string& code) const {
  auto it = population_.find(code);
  return it == population_.end() ? std::nullopt : std::optional<int64_t>(it->second);
}

std::string_view Service::DistrictShapes() { return DataFile("data/nepal-districts.geojson"); }

const std::vector<Service::Shape>& Service::DistrictPolygons() {
  static const std::vector<Shape> kShapes = [] {
    std::vector<Shape> shapes;
    auto doc = nlohmann::json::parse(DistrictShapes());
    for (const auto& f : doc.at("features")) {
      Shape s;
      s.district = f.at("properties").at("district_code").get<std::string>();
      const auto& g = f.at("geometry");
      // Polygons, and the polygons of a MultiPolygon, as rings alike.
      std::vector<nlohmann::json> polygons;
      if (g.at("type") == "Polygon") {
        polygons.push_back(g.at("coordinates"));
      } else {
        for (const auto& p : g.at("coordinates")) polygons.push_back(p);
      }
      for (const auto& polygon : polygons) {
        for (const auto& ring : polygon) {
          auto& out = s.rings.emplace_back();
          for (const auto& pt : ring) out.emplace_back(pt.at(0).get<double>(), pt.at(1).get<double>());
        }
      }
      shapes.push_back(std::move(s));
    }
    return shapes;
  }();
  return kShapes;
}

std::vector<GeoUnit> Service::Provinces() const {
  std::vector<GeoUnit> out;
  for (const auto& u : units_) {
    if (u.level == "province") out.push_back(u);
  }
  return out;
}

std::vector<GeoUnit> Service::Districts(const std::string& province) const {
  std::vector<GeoUnit> out;
  for (const auto& u : units_) {
    if (u.level == "district" && (province.empty() || u.parent_code == province)) out.push_back(u);
  }
  return out;
}

std::vector<GeoUnit> Service::LocalLevels(const std::string& district) const {
  std::vector<GeoUnit> out;
  for (const auto& u : units_) {
    if (u.level == "local_level" && u.parent_code == district) out.push_back(u);
  }
  return out;
}

const GeoUnit* Service::Unit(const std::string& code) const {
  auto it = by_code_.find(code);
  return it == by_code_.end() ? nullptr : &units_[it->second];
}

const Country* Service::FindCountry(const std::string& alpha2) const {
  for (const auto& k : countries_) {
    if (k.alpha2 == alpha2) return &k;
  }
  return nullptr;
}

std::vector<std::string> Service::CodeListNames() const {
  std::vector<std::string> out;
  for (const auto& [name, list] : lists_) out.push_back(name);
  return out;
}

const CodeList* Service::List(const std::string& name) const {
  auto it = lists_.find(name);
  return it == lists_.end() ? nullptr : &it->second;
}

bool Service::IsCode(const std::string& list, const std::string& code) const {
  const CodeList* l = List(list);
  if (!l) return false;
  return std::any_of(l->items.begin(), l->items.end(),
                     [&](const CodeItem& i) { return i.code == code; });
}

Result<DateConversion> Service::ConvertAd(const std::string& ad) const {
  auto parsed = ParseIsoDate(ad);
  if (!parsed) return Fail(Error::InvalidField("ad", parsed.error()));
  auto bs = calendar_.ToBs(*parsed);
  if (!bs) return Fail(Error::InvalidField("ad", bs.error()));
  return DateConversion{FormatIsoDate(*parsed), FormatIsoDate(*bs), BsCalendar::FiscalYear(*bs)};
}

Result<DateConversion> Service::ConvertBs(const std::string& bs) const {
  auto parsed = ParseIsoDate(bs);
  if (!parsed) return Fail(Error::InvalidField("bs", parsed.error()));
  auto ad = calendar_.ToAd(*parsed);
  if (!ad) return Fail(Error::InvalidField("bs", ad.error()));
  return DateConversion{FormatIsoDate(*ad), FormatIsoDate(*parsed),
                        BsCalendar::FiscalYear(*parsed)};
}

}  // namespace samman::refdata
