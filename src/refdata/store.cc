#include "refdata/store.h"

#include <map>

namespace samman::refdata::store {

void InsertUnit(db::Connection& c, const GeoUnit& u) {
  c.Query(
      "INSERT INTO geo_units (code, level, parent_code, name_en, name_ne, wards) "
      "VALUES ($1, $2, $3, $4, $5, $6)",
      {u.code, u.level, u.parent_code.empty() ? db::Param(nullptr) : db::Param(u.parent_code),
       u.name_en, u.name_ne, static_cast<int64_t>(u.wards)});
}

void InsertAlias(db::Connection& c, const std::string& code, const std::string& alias) {
  c.Query("INSERT INTO geo_aliases (code, alias) VALUES ($1, $2)", {code, alias});
}

void InsertMonth(db::Connection& c, int year, int month, int days) {
  c.Query("INSERT INTO bs_months (bs_year, bs_month, days) VALUES ($1, $2, $3)",
          {static_cast<int64_t>(year), static_cast<int64_t>(month), static_cast<int64_t>(days)});
}

void InsertCountry(db::Connection& c, const Country& k) {
  c.Query(
      "INSERT INTO countries (alpha2, alpha3, numeric_code, name_en, name_ne) "
      "VALUES ($1, $2, $3, $4, $5)",
      {k.alpha2, k.alpha3, k.numeric, k.name_en, k.name_ne});
}

void InsertCode(db::Connection& c, const std::string& list, const CodeItem& item, int sort,
                const std::string& version) {
  c.Query(
      "INSERT INTO code_list_items (list, code, label_en, label_ne, htcds_value, sort, version) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7)",
      {list, item.code, item.label_en, item.label_ne, item.htcds_value, static_cast<int64_t>(sort),
       version});
}

void SetVersion(db::Connection& c, const std::string& name, const std::string& version,
                const std::string& now) {
  c.Query("DELETE FROM refdata_versions WHERE name = $1", {name});
  c.Query("INSERT INTO refdata_versions (name, version, loaded_at) VALUES ($1, $2, $3)",
          {name, version, now});
}

std::vector<GeoUnit> Units(db::Connection& c) {
  auto rs = c.Query(
      "SELECT code, level, parent_code, name_en, name_ne, wards FROM geo_units ORDER BY code");
  std::vector<GeoUnit> out;
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < rs.size(); ++i) {
    auto r = rs[i];
    index[r.Str(0)] = out.size();
    out.push_back(
        {r.Str(0), r.Str(1), r.Str(2), r.Str(3), r.Str(4), static_cast<int>(r.Int(5)), {}});
  }
  auto aliases = c.Query("SELECT code, alias FROM geo_aliases ORDER BY code, alias");
  for (size_t i = 0; i < aliases.size(); ++i) {
    if (auto it = index.find(aliases[i].Str(0)); it != index.end()) {
      out[it->second].aliases.push_back(aliases[i].Str(1));
    }
  }
  return out;
}

std::vector<Country> Countries(db::Connection& c) {
  auto rs = c.Query(
      "SELECT alpha2, alpha3, numeric_code, name_en, name_ne FROM countries ORDER BY name_en");
  std::vector<Country> out;
  for (size_t i = 0; i < rs.size(); ++i) {
    auto r = rs[i];
    out.push_back({r.Str(0), r.Str(1), r.Str(2), r.Str(3), r.Str(4)});
  }
  return out;
}

std::vector<CodeList> CodeLists(db::Connection& c) {
  auto rs = c.Query(
      "SELECT list, code, label_en, label_ne, htcds_value, version FROM code_list_items "
      "ORDER BY list, sort, code");
  std::vector<CodeList> out;
  for (size_t i = 0; i < rs.size(); ++i) {
    auto r = rs[i];
    if (out.empty() || out.back().name != r.Str(0)) out.push_back({r.Str(0), r.Str(5), {}});
    out.back().items.push_back({r.Str(1), r.Str(2), r.Str(3), r.Str(4)});
  }
  return out;
}

}  // namespace samman::refdata::store
