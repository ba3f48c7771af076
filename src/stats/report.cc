#include "stats/report.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>

namespace samman::stats {
namespace {

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Labels of values that are not in a code list.
const std::map<std::string, std::pair<std::string, std::string>>& FixedLabels() {
  static const std::map<std::string, std::pair<std::string, std::string>> kLabels = {
      {"*", {"Total", "जम्मा"}},
      {"unknown", {"Unknown", "अज्ञात"}},
      {"httca_2007",
       {"Human Trafficking and Transportation (Control) Act 2007",
        "मानव बेचबिखन तथा ओसारपसार (नियन्त्रण) ऐन, २०६४"}},
      {"foreign_employment_act", {"Foreign Employment Act 2007", "वैदेशिक रोजगार ऐन, २०६४"}},
      {"other", {"Other", "अन्य"}},
      {"sent", {"Awaiting an answer", "जवाफ पर्खँदै"}},
      {"accepted", {"Accepted", "स्वीकृत"}},
      {"declined", {"Declined", "अस्वीकृत"}},
      {"in_progress", {"In progress", "प्रगतिमा"}},
      {"completed", {"Completed", "सम्पन्न"}},
      {"cancelled", {"Cancelled", "रद्द"}},
      {"expired", {"Expired unanswered", "म्याद नाघेको"}},
      {"pending", {"Pending", "विचाराधीन"}},
      {"convicted", {"Convicted", "सजाय"}},
      {"acquitted", {"Acquitted", "सफाइ"}},
      {"withdrawn", {"Withdrawn", "फिर्ता"}},
      {"suspected", {"Suspected", "शङ्कित"}},
      {"arrested", {"Arrested", "पक्राउ"}},
      {"prosecuted", {"Prosecuted", "अभियोजन"}},
  };
  return kLabels;
}

std::pair<std::string, std::string> Label(const std::string& dim, const std::string& value,
                                          const refdata::Service& refdata) {
  if (auto it = FixedLabels().find(value); it != FixedLabels().end()) return it->second;
  if (dim == "province" || dim == "district" || dim == "origin_district" ||
      dim == "exploitation_district") {
    if (const refdata::GeoUnit* u = refdata.Unit(value)) return {u->name_en, u->name_ne};
  }
  static const std::map<std::string, std::string> kLists = {
      {"sex", "sex"},
      {"exploitation_type", "exploitation_type"},
      {"service_type", "support_type"},
      {"identification_source", "identification_source"},
      {"citizenship", ""},
      {"trafficking_status", "trafficking_status"},
      {"outcome", "closure_outcome"},
      {"stage", "workflow_stage"},
      {"status", "case_status"}};
  if (auto list = kLists.find(dim); list != kLists.end() && !list->second.empty()) {
    if (const refdata::CodeList* l = refdata.List(list->second)) {
      for (const auto& item : l->items) {
        if (item.code == value) return {item.label_en, item.label_ne};
      }
    }
  }
  if (dim == "citizenship") {
    if (const refdata::Country* c = refdata.FindCountry(value)) return {c->name_en, c->name_ne};
  }
  return {value, value};
}

}  // namespace

std::string DevanagariDigits(const std::string& text) {
  static const char* kDigits[] = {"०", "१", "२", "३", "४", "५", "६", "७", "८", "९"};
  std::string out;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      out += kDigits[c - '0'];
    } else {
      out += c;
    }
  }
  return out;
}

std::string FormatValue(const Answer& a, const std::optional<int64_t>& v) {
  if (!v) return "–";
  std::string s = std::to_string(*v);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(i, ",");
  if (a.indicator.unit == "percent") return s + "%";
  if (a.indicator.unit == "NPR") return "Rs\u00a0" + s;  // kept on one line
  return s;
}

std::vector<ReportRow> RowsOf(const Answer& a, const refdata::Service& refdata) {
  // The table's one breakdown, if any; "province" when a district answer carries both.
  std::string dim;
  for (const auto& d : a.dims) dim = d == "geo" ? "province" : d;
  std::vector<ReportRow> rows;
  ReportRow total{"Total", "जम्मा", std::nullopt, true};  // a rate with no verdicts has none
  for (const auto& c : a.cells) {
    std::string value = "*";
    for (const auto& [name, v] : c.dims) {
      if (name == dim) value = v;
    }
    auto [en, ne] = Label(dim, value, refdata);
    ReportRow row{en, ne, c.value, value == "*"};
    if (row.total) {
      total = row;
    } else {
      rows.push_back(row);
    }
  }
  if (dim == "age_band") {
    // Bands read youngest first; "Unknown" (labelled) sorts after the numbers.
    std::stable_sort(rows.begin(), rows.end(), [](const ReportRow& x, const ReportRow& y) {
      auto rank = [](const std::string& band) {
        return band.empty() || !std::isdigit(static_cast<unsigned char>(band[0])) ? 1000
                                                                                  : std::stoi(band);
      };
      return rank(x.label_en) < rank(y.label_en);
    });
  } else if (dim == "stage") {
    // How far people went, in the order of the process.
    static const std::vector<std::string> kOrder = {"Suspected", "Arrested", "Prosecuted",
                                                    "Convicted", "Acquitted"};
    auto rank = [](const ReportRow& r) {
      return std::find(kOrder.begin(), kOrder.end(), r.label_en) - kOrder.begin();
    };
    std::stable_sort(rows.begin(), rows.end(),
                     [&](const ReportRow& x, const ReportRow& y) { return rank(x) < rank(y); });
  } else {
    std::stable_sort(rows.begin(), rows.end(), [](const ReportRow& x, const ReportRow& y) {
      return x.value.value_or(-1) > y.value.value_or(-1);
    });
  }
  rows.push_back(total);
  return rows;
}

namespace {

// Each district's released value (empty when hidden) in a table by district.
std::map<std::string, std::optional<int64_t>> ByDistrict(const Answer& a) {
  std::map<std::string, std::optional<int64_t>> out;
  for (const auto& c : a.cells) {
    for (const auto& [dim, value] : c.dims) {
      // Totals ("*") and "unknown" are not places on the map.
      if (dim == "district" && value.size() == 3) out[value] = c.suppressed ? std::nullopt : c.value;
    }
  }
  return out;
}

}  // namespace

DistrictMap MapOf(const Answer& by_district) {
  DistrictMap m;
  const auto values_of = ByDistrict(by_district);
  std::vector<int64_t> values;
  for (const auto& [district, v] : values_of) {
    if (v.value_or(0) > 0) values.push_back(*v);
  }
  std::sort(values.begin(), values.end());
  const size_t classes = std::min<size_t>(5, values.size());
  for (size_t i = 1; i <= classes; ++i) {
    int64_t limit = values[(values.size() * i + classes - 1) / classes - 1];
    if (m.limits.empty() || limit > m.limits.back()) m.limits.push_back(limit);
  }
  for (const auto& [district, v] : values_of) {
    int shade = v ? 0 : -1;
    if (v.value_or(0) > 0) {
      shade = 1;
      while (shade < static_cast<int>(m.limits.size()) && *v > m.limits[shade - 1]) ++shade;
    }
    m.shades[district] = shade;
  }
  // Districts of the area where no one was counted have no cell: they read as zero.
  const std::string& province = by_district.province;
  for (const auto& shape : refdata::Service::DistrictPolygons()) {
    bool inside = by_district.district.empty() &&
                  (province.empty() || shape.district.rfind(province, 0) == 0);
    if (inside) m.shades.try_emplace(shape.district, 0);
  }
  return m;
}

std::string ClassLabel(int64_t from, int64_t to) {
  return from == to ? std::to_string(to) : std::to_string(from) + "–" + std::to_string(to);
}

const std::vector<std::string>& MapColours() {
  static const std::vector<std::string> kColours = {"#ffffff", "#f6dfe2", "#e8aab3",
                                                    "#d4707f", "#b23a4d", "#7d1627"};
  return kColours;
}

MapFrame FitMap(double width, double height) {
  double min_lon = 180, max_lon = -180, min_lat = 90, max_lat = -90;
  for (const auto& shape : refdata::Service::DistrictPolygons()) {
    for (const auto& ring : shape.rings) {
      for (const auto& [lon, lat] : ring) {
        min_lon = std::min(min_lon, lon);
        max_lon = std::max(max_lon, lon);
        min_lat = std::min(min_lat, lat);
        max_lat = std::max(max_lat, lat);
      }
    }
  }
  MapFrame f;
  f.kx = std::cos(28.0 * 3.14159265358979 / 180);
  f.min_lon = min_lon;
  f.max_lat = max_lat;
  f.scale = std::min(width / ((max_lon - min_lon) * f.kx), height / (max_lat - min_lat));
  f.width = (max_lon - min_lon) * f.kx * f.scale;
  f.height = (max_lat - min_lat) * f.scale;
  return f;
}

namespace {

std::string MapSvg(const Answer& by_district, const refdata::Service& refdata) {
  const DistrictMap m = MapOf(by_district);
  const auto values_of = ByDistrict(by_district);
  const MapFrame frame = FitMap(760, 380);
  char num[32];
  auto fmt = [&](double v) {
    std::snprintf(num, sizeof num, "%.1f", v);
    return std::string(num);
  };
  std::string svg = "<svg class=\"map\" viewBox=\"0 0 " + fmt(frame.width) + " " +
                    fmt(frame.height + 40) +
                    "\" role=\"img\" aria-label=\"Survivors identified by district\">\n"
                    "<defs><pattern id=\"hidden\" width=\"5\" height=\"5\" "
                    "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
                    "<rect width=\"5\" height=\"5\" fill=\"#eceef2\"/><line x1=\"0\" "
                    "y1=\"0\" x2=\"0\" y2=\"5\" stroke=\"#8b90a0\" stroke-width=\"1.5\"/>"
                    "</pattern></defs>\n";
  for (const auto& shape : refdata::Service::DistrictPolygons()) {
    auto it = m.shades.find(shape.district);
    std::string fill = it == m.shades.end() ? "#d9dce3"
                       : it->second < 0     ? "url(#hidden)"
                                            : MapColours()[it->second];
    std::string d;
    for (const auto& ring : shape.rings) {
      for (size_t i = 0; i < ring.size(); ++i) {
        auto [x, y] = frame.At(ring[i].first, ring[i].second);
        d += (i ? "L" : "M") + fmt(x) + "," + fmt(y);
      }
      d += "Z";
    }
    const refdata::GeoUnit* u = refdata.Unit(shape.district);
    std::string title = u ? u->name_en : shape.district;
    if (it == m.shades.end()) {
      title += ": outside this report's area";
    } else if (it->second < 0) {
      title += ": hidden";
    } else {
      auto v = values_of.find(shape.district);
      title += ": " + FormatValue(by_district, v == values_of.end() ? 0 : v->second);
    }
    svg += "<path d=\"" + d + "\" fill=\"" + fill +
           "\" stroke=\"#9a9fad\" stroke-width=\"0.5\"><title>" + Escape(title) +
           "</title></path>\n";
  }
  // Legend: the classes, then hidden.
  double x = 0, y = frame.height + 14;
  int64_t from = 1;
  for (size_t i = 0; i < m.limits.size(); ++i) {
    svg += "<rect x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" width=\"14\" height=\"10\" fill=\"" +
           MapColours()[i + 1] + "\"/><text x=\"" + fmt(x + 18) + "\" y=\"" + fmt(y + 9) +
           "\" font-size=\"10\">" + ClassLabel(from, m.limits[i]) + "</text>\n";
    from = m.limits[i] + 1;
    x += 90;
  }
  svg += "<rect x=\"" + fmt(x) + "\" y=\"" + fmt(y) +
         "\" width=\"14\" height=\"10\" fill=\"url(#hidden)\"/><text x=\"" + fmt(x + 18) +
         "\" y=\"" + fmt(y + 9) + "\" font-size=\"10\">hidden to protect people</text>\n</svg>\n";
  return svg;
}

}  // namespace

std::string ReportHtml(const Report& r, const refdata::Service& refdata) {
  std::string h;
  h +=
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>" +
      Escape("Trafficking in persons, " + r.area_en + ", fiscal year " + r.fiscal_year) +
      "</title>\n<style>\n"
      "body{font-family:'DejaVu Sans','Lohit Devanagari','Noto Sans Devanagari',sans-serif;"
      "max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1f2430;line-height:1.45}\n"
      "h1{color:#8a1c2b;margin-bottom:.2rem}h2{border-bottom:2px solid "
      "#8a1c2b;padding-bottom:.2rem;"
      "margin-top:2rem}.ne{color:#5b6170;font-weight:normal}\n"
      "table{border-collapse:collapse;width:100%;margin:.6rem 0 1.4rem}caption{text-align:left;"
      "font-weight:bold;padding:.3rem 0}td,th{border-bottom:1px solid #d9dce3;padding:.25rem .4rem;"
      "text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums;width:7rem}"
      "tr.total td{font-weight:bold;border-top:2px solid #1f2430}td.bar{width:40%}"
      ".bar span{display:inline-block;height:.8rem;background:#c25b69}\n"
      ".note{font-size:.9rem;color:#5b6170}@media print{body{margin:0}h2{break-after:avoid}"
      "table{break-inside:avoid}}\n</style></head><body>\n";
  h += "<h1>Trafficking in persons: " + Escape(r.area_en) + ", fiscal year " +
       Escape(r.fiscal_year) +
       "</h1>\n<p class=\"ne\" lang=\"ne\">मानव बेचबिखन: " + Escape(r.area_ne) + ", आर्थिक वर्ष " +
       DevanagariDigits(r.fiscal_year) + "</p>\n";
  h += "<p class=\"note\">Released figures only. Counts from 1 to " + std::to_string(r.k - 1) +
       " are not shown (–), nor are other counts that would let them be worked out. Generated by "
       "Samman on " +
       Escape(r.generated_on) + ".</p>\n";
  bool first_section = true;
  for (const auto& s : r.sections) {
    h += "<h2>" + Escape(s.title_en) + " <span class=\"ne\" lang=\"ne\">" + Escape(s.title_ne) +
         "</span></h2>\n";
    if (first_section && r.by_district) {
      h += "<figure>" + MapSvg(*r.by_district, refdata) +
           "<figcaption class=\"note\">Survivors identified by district <span class=\"ne\" "
           "lang=\"ne\">जिल्लाअनुसार पहिचान भएका पीडित/प्रभावित</span></figcaption></figure>\n";
    }
    first_section = false;
    for (const auto& a : s.tables) {
      auto rows = RowsOf(a, refdata);
      int64_t top = 1;
      for (const auto& row : rows) {
        if (!row.total && row.value) top = std::max(top, *row.value);
      }
      std::string caption = a.indicator.title_en;
      if (!a.dims.empty()) {
        std::string dim = a.dims.back() == "geo" ? "province" : a.dims.back();
        std::replace(dim.begin(), dim.end(), '_', ' ');
        caption += " by " + dim;
      }
      h += "<table><caption>" + Escape(caption) + " <span class=\"ne\" lang=\"ne\">" +
           Escape(a.indicator.title_ne) + "</span></caption>\n";
      for (const auto& row : rows) {
        std::string value = FormatValue(a, row.value);
        h += std::string(row.total ? "<tr class=\"total\">" : "<tr>") + "<td>" +
             Escape(row.label_en) +
             (row.label_ne != row.label_en
                  ? " <span class=\"ne\" lang=\"ne\">" + Escape(row.label_ne) + "</span>"
                  : "") +
             "</td><td class=\"n\">" + value + "</td>";
        if (a.dims.empty()) {
          h += "</tr>\n";
          continue;
        }
        int width = !row.total && row.value ? static_cast<int>(100 * *row.value / top) : 0;
        h += "<td class=\"bar\"><span style=\"width:" + std::to_string(width) +
             "%\"></span></td></tr>\n";
      }
      h += "</table>\n";
    }
  }
  h += "<h2>Definitions <span class=\"ne\" lang=\"ne\">परिभाषा</span></h2>\n<dl>\n";
  std::map<std::string, std::string> seen;
  for (const auto& s : r.sections) {
    for (const auto& a : s.tables) seen[a.indicator.title_en] = a.indicator.definition;
  }
  for (const auto& [title, definition] : seen) {
    h += "<dt><b>" + Escape(title) + "</b></dt><dd>" + Escape(definition) + "</dd>\n";
  }
  h += "</dl>\n</body></html>\n";
  return h;
}

}  // namespace samman::stats
