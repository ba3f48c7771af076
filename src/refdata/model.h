// Reference data model: Nepal's administrative units, countries and code lists.
#pragma once

#include <string>
#include <vector>

namespace samman::refdata {

struct GeoUnit {
  std::string code;         // province P, district PDD, local level PDDLL
  std::string level;        // province | district | local_level
  std::string parent_code;  // "" for provinces
  std::string name_en;
  std::string name_ne;
  int wards = 0;  // local levels only
  std::vector<std::string> aliases;
};

struct Country {
  std::string alpha2;
  std::string alpha3;
  std::string numeric;
  std::string name_en;
  std::string name_ne;
};

struct CodeItem {
  std::string code;
  std::string label_en;
  std::string label_ne;
  std::string htcds_value;
};

struct CodeList {
  std::string name;
  std::string version;
  std::vector<CodeItem> items;
};

struct DateConversion {
  std::string ad;  // YYYY-MM-DD
  std::string bs;
  std::string fiscal_year;  // "2083/84"
};

}  // namespace samman::refdata
