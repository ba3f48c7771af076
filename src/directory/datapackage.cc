#include "directory/datapackage.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "common/csv.h"
#include "common/embedded.h"
#include "common/strings.h"
#include "directory/hsds.h"

namespace samman::directory {
namespace {

using nlohmann::json;
using Row = std::map<std::string, std::string>;

// The tables we write, in datapackage order: HSDS's, then the profile's capacity table.
const std::vector<std::string>& TableNames() {
  static const std::vector<std::string> kNames = {"organization", "location",
                                                  "address",      "phone",
                                                  "service",      "service_at_location",
                                                  "schedule",     "language",
                                                  "service_area", "required_document",
                                                  "taxonomy",     "taxonomy_term",
                                                  "attribute",    "service_capacity"};
  return kNames;
}

std::string Cell(const json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

std::string FieldType(const json& v) {
  if (v.is_boolean()) return "boolean";
  if (v.is_number_integer()) return "integer";
  if (v.is_number()) return "number";
  return "string";
}

// HSDS's tabular schema, in its own column order.
const nlohmann::ordered_json& Tabular() {
  static const nlohmann::ordered_json kTabular = [] {
    auto text = embedded::Find("data/hsds-3.0/compiled/tabular.json");
    if (!text) throw std::runtime_error("the HSDS tabular schema is not built in");
    return nlohmann::ordered_json::parse(*text);
  }();
  return kTabular;
}

const nlohmann::ordered_json* Spec(const std::string& table) {
  if (!Tabular()["properties"].contains(table)) return nullptr;
  return &Tabular()["properties"][table]["items"];
}

// The CSV file of a table: HSDS's name for it, or ours for the profile's tables.
std::string PathOf(const std::string& table) {
  const auto* spec = Spec(table);
  return spec ? (*spec)["path"].get<std::string>() : table + ".csv";
}

class Tables {
 public:
  void Add(const std::string& table, json row) {
    for (auto it = row.begin(); it != row.end();) {
      if (it->is_array() || it->is_object()) {
        it = row.erase(it);
      } else {
        ++it;
      }
    }
    rows_[table].push_back(std::move(row));
  }
  // Writes each table's CSV and the datapackage.json; returns the rows written.
  Result<int> Write(const std::filesystem::path& dir) const {
    json resources = json::array();
    int written = 0;
    for (const auto& name : TableNames()) {
      const auto* spec = Spec(name);
      const std::string path = PathOf(name);
      std::vector<std::string> columns;
      json fields = json::array();
      std::set<std::string> known;
      if (spec) {
        for (const auto& [column, p] : (*spec)["properties"].items()) {
          std::string type = p.value("type", "string");
          if (type == "array" || type == "object" || p.contains("$ref")) continue;
          columns.push_back(column);
          known.insert(column);
          fields.push_back(
              {{"name", column}, {"type", type}, {"description", p.value("description", "")}});
        }
      }
      auto found = rows_.find(name);
      static const std::vector<json> kNone;
      const std::vector<json>& rows = found == rows_.end() ? kNone : found->second;
      std::map<std::string, std::string> extras;  // profile columns: name -> type
      for (const auto& row : rows) {
        for (const auto& [k, v] : row.items()) {
          if (!known.count(k) && !v.is_null()) extras.emplace(k, FieldType(v));
        }
      }
      for (const auto& [column, type] : extras) {
        columns.push_back(column);
        fields.push_back(
            {{"name", column}, {"type", type}, {"description", "Samman profile extension"}});
      }
      std::ofstream out(dir / path, std::ios::binary);
      if (!out) return Fail(Error::Invalid("cannot write " + (dir / path).string()));
      for (size_t i = 0; i < columns.size(); ++i) {
        out << (i ? "," : "") << csv::Escape(columns[i]);
      }
      out << "\r\n";
      for (const auto& row : rows) {
        for (size_t i = 0; i < columns.size(); ++i) {
          out << (i ? "," : "")
              << csv::Escape(row.contains(columns[i]) ? Cell(row[columns[i]]) : "");
        }
        out << "\r\n";
        ++written;
      }
      resources.push_back({{"name", name},
                           {"path", path},
                           {"profile", "tabular-data-resource"},
                           {"format", "csv"},
                           {"mediatype", "text/csv"},
                           {"encoding", "utf-8"},
                           {"schema", {{"fields", fields}, {"primaryKey", "id"}}}});
    }
    json package = {{"name", "samman-service-directory"},
                    {"title", "Samman service directory (HSDS 3.0, Samman Nepal CTIP profile)"},
                    {"profile", "tabular-data-package"},
                    {"hsds_profile", "docs/api/hsds-profile.json"},
                    {"licenses", json::array({{{"name", "CC-BY-4.0"}}})},
                    {"resources", resources}};
    std::ofstream out(dir / "datapackage.json", std::ios::binary);
    if (!out) return Fail(Error::Invalid("cannot write datapackage.json"));
    out << package.dump(2) << "\n";
    return written;
  }

 private:
  std::map<std::string, std::vector<json>> rows_;
};

Result<std::vector<Row>> ReadTable(const std::filesystem::path& file) {
  std::vector<Row> rows;
  if (!std::filesystem::exists(file)) return rows;  // an absent table is an empty one
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  std::string content = text.str();
  if (content.rfind("\xEF\xBB\xBF", 0) == 0) content.erase(0, 3);  // a spreadsheet's BOM
  auto table = csv::Parse(content);
  if (!table) return Fail(Error::Invalid(file.filename().string() + ": " + table.error().detail));
  for (const auto& r : table->rows) {
    Row row;
    for (size_t i = 0; i < table->header.size() && i < r.size(); ++i) row[table->header[i]] = r[i];
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string Get(const Row& r, const std::string& column) {
  auto it = r.find(column);
  return it == r.end() ? "" : it->second;
}

// A number in a CSV cell; absent when empty or not a number (the record's validation decides).
std::optional<double> DoubleOf(const std::string& s) {
  if (s.empty()) return std::nullopt;
  try {
    return std::stod(s);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<int> IntOf(const std::string& s) {
  auto d = DoubleOf(s);
  return d ? std::optional<int>(static_cast<int>(*d)) : std::nullopt;
}

}  // namespace

Result<int> WriteDatapackage(const Service& dir, const refdata::Service& refdata,
                             const identity::Principal* who, const std::string& out_dir) {
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) return Fail(Error::Invalid("cannot create " + out_dir + ": " + ec.message()));
  HsdsMapper m(dir, refdata, who);
  Tables t;
  const DirectoryData data = dir.Export(who);
  for (const auto& o : data.organizations) {
    json j = m.Org(o);
    for (const auto& p : j.value("phones", json::array())) t.Add("phone", p);
    t.Add("organization", j);
  }
  for (const auto& l : data.locations) {
    json j = m.Place(l);
    for (const auto& a : j.value("addresses", json::array())) t.Add("address", a);
    for (const auto& p : j.value("phones", json::array())) t.Add("phone", p);
    t.Add("location", j);
  }
  for (const auto& s : data.services) {
    json j = m.ServiceFull(s);
    for (const auto& p : j.value("phones", json::array())) t.Add("phone", p);
    for (const auto& sal : s.locations) {
      json row = m.Sal(sal, false);
      for (const auto& sch : row["schedules"]) t.Add("schedule", sch);
      t.Add("service_at_location", row);
    }
    for (const char* table : {"language", "service_area", "required_document", "attribute"}) {
      for (const auto& x : j.value(std::string(table) + "s", json::array())) t.Add(table, x);
    }
    for (const auto& c : j["capacities"]) {
      t.Add("service_capacity", {{"id", c["id"]},
                                 {"service_id", c["service_id"]},
                                 {"unit_id", c["unit"]["id"]},
                                 {"unit_name", c["unit"]["name"]},
                                 {"available", c["available"]},
                                 {"maximum", c["maximum"]},
                                 {"updated", c["updated"]}});
    }
    t.Add("service", j);
  }
  t.Add("taxonomy", {{"id", HsdsTaxonomyId()},
                     {"name", kHsdsTaxonomyName},
                     {"description", "Services for survivors of human trafficking in Nepal."},
                     {"version", "2083.1"}});
  for (const auto& term : dir.Taxonomy()) t.Add("taxonomy_term", m.Term(term));
  return t.Write(out_dir);
}

Result<DirectoryData> ReadDatapackage(const Service& dir, const std::string& in_dir) {
  const std::filesystem::path base(in_dir);
  if (!std::filesystem::exists(base / "datapackage.json")) {
    return Fail(Error::Invalid(in_dir + " has no datapackage.json"));
  }
  std::map<std::string, std::vector<Row>> tables;
  for (const auto& name : TableNames()) {
    auto rows = ReadTable(base / PathOf(name));
    if (!rows) return Fail(rows.error());
    tables[name] = std::move(*rows);
  }
  std::map<std::string, std::string> term_code;  // taxonomy_term id -> code
  for (const auto& t : dir.Taxonomy()) term_code[t.id] = t.code;

  DirectoryData d;
  std::map<std::string, size_t> org_at, loc_at, svc_at;
  for (const auto& r : tables["organization"]) {
    Organization o;
    o.id = Get(r, "id");
    o.name = Get(r, "name");
    o.name_ne = Get(r, "alternate_name");
    o.description = Get(r, "description");
    o.email = Get(r, "email");
    o.website = Get(r, "website");
    o.sector = Get(r, "sector").empty() ? "ngo" : Get(r, "sector");
    o.district = Get(r, "nepal_district_code");
    o.last_verified = Get(r, "assured_date");
    org_at[o.id] = d.organizations.size();
    d.organizations.push_back(o);
  }
  for (const auto& r : tables["location"]) {
    Location l;
    l.id = Get(r, "id");
    l.organization_id = Get(r, "organization_id");
    l.name = Get(r, "name");
    l.description = Get(r, "description");
    l.location_type = Get(r, "location_type") == "virtual" ? "virtual" : "physical";
    l.confidential = Get(r, "confidential") == "true";
    l.contact_route = Get(r, "contact_route");
    l.district = Get(r, "nepal_district_code");
    l.local_level = Get(r, "nepal_local_level_code");
    l.ward = IntOf(Get(r, "nepal_ward"));
    l.latitude = DoubleOf(Get(r, "latitude"));
    l.longitude = DoubleOf(Get(r, "longitude"));
    loc_at[l.id] = d.locations.size();
    d.locations.push_back(l);
  }
  for (const auto& r : tables["address"]) {
    auto it = loc_at.find(Get(r, "location_id"));
    if (it == loc_at.end()) continue;
    Location& l = d.locations[it->second];
    std::string line = Get(r, "address_1");
    // We write "<address>, Ward <n>"; the ward has its own column.
    if (l.ward) {
      const std::string ward = "Ward " + std::to_string(*l.ward);
      if (line == ward) {
        line.clear();
      } else if (line.size() > ward.size() + 2 &&
                 line.compare(line.size() - ward.size() - 2, std::string::npos, ", " + ward) == 0) {
        line.erase(line.size() - ward.size() - 2);
      }
    }
    l.address = line;
  }
  for (const auto& r : tables["service"]) {
    ServiceRecord s;
    s.id = Get(r, "id");
    s.organization_id = Get(r, "organization_id");
    s.name = Get(r, "name");
    s.name_ne = Get(r, "alternate_name");
    s.description = Get(r, "description");
    s.description_ne = Get(r, "description_ne");
    s.status = Get(r, "status").empty() ? "active" : Get(r, "status");
    s.url = Get(r, "url");
    s.email = Get(r, "email");
    s.application_process = Get(r, "application_process");
    s.eligibility_description = Get(r, "eligibility_description");
    std::string fees = Get(r, "fees_description");
    s.free = Get(r, "free") != "false";
    for (const std::string prefix : {"Free of charge. ", "Free of charge"}) {
      if (fees.rfind(prefix, 0) == 0) fees.erase(0, prefix.size());
    }
    s.fees_description = fees;
    s.minimum_age = IntOf(Get(r, "minimum_age"));
    s.maximum_age = IntOf(Get(r, "maximum_age"));
    s.sexes = SplitComma(Get(r, "nepal_sexes"));
    s.target_groups = SplitComma(Get(r, "nepal_target_groups"));
    s.last_verified = Get(r, "assured_date");
    svc_at[s.id] = d.services.size();
    d.services.push_back(s);
  }
  auto service = [&](const Row& r) -> ServiceRecord* {
    auto it = svc_at.find(Get(r, "service_id"));
    return it == svc_at.end() ? nullptr : &d.services[it->second];
  };
  for (const auto& r : tables["phone"]) {
    if (auto it = org_at.find(Get(r, "organization_id")); it != org_at.end()) {
      d.organizations[it->second].phone = Get(r, "number");
    } else if (auto l = loc_at.find(Get(r, "location_id")); l != loc_at.end()) {
      d.locations[l->second].phone = Get(r, "number");
    } else if (ServiceRecord* s = service(r)) {
      s->phone = Get(r, "number");
    }
  }
  std::map<std::string, std::pair<size_t, size_t>> sal_at;  // id -> (service, position)
  for (const auto& r : tables["service_at_location"]) {
    if (ServiceRecord* s = service(r)) {
      ServiceAtLocation sal;
      sal.id = Get(r, "id");
      sal.service_id = s->id;
      sal.location_id = Get(r, "location_id");
      sal_at[sal.id] = {svc_at[s->id], s->locations.size()};
      s->locations.push_back(sal);
    }
  }
  for (const auto& r : tables["schedule"]) {
    auto it = sal_at.find(Get(r, "service_at_location_id"));
    if (it == sal_at.end()) continue;
    d.services[it->second.first].locations[it->second.second].schedules.push_back(
        {SplitComma(Get(r, "byday")), Get(r, "opens_at"), Get(r, "closes_at")});
  }
  for (const auto& r : tables["language"]) {
    if (ServiceRecord* s = service(r)) s->languages.push_back(Get(r, "code"));
  }
  for (const auto& r : tables["service_area"]) {
    if (ServiceRecord* s = service(r)) s->service_areas.push_back(Get(r, "extent"));
  }
  for (const auto& r : tables["required_document"]) {
    if (ServiceRecord* s = service(r)) s->required_documents.push_back(Get(r, "document"));
  }
  for (const auto& r : tables["attribute"]) {
    if (Get(r, "link_entity") != "service") continue;
    auto it = svc_at.find(Get(r, "link_id"));
    auto code = term_code.find(Get(r, "taxonomy_term_id"));
    if (it != svc_at.end() && code != term_code.end()) {
      d.services[it->second].taxonomy.push_back(code->second);
    }
  }
  for (const auto& r : tables["service_capacity"]) {
    if (ServiceRecord* s = service(r)) {
      s->capacity.push_back({Get(r, "unit_name"), IntOf(Get(r, "available")).value_or(0),
                             IntOf(Get(r, "maximum")).value_or(0), Get(r, "updated")});
    }
  }
  return d;
}

}  // namespace samman::directory
