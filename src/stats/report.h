// The annual report for a fiscal year, as a committee or the commission would publish it: released
// tables only (every figure through the release engine), in English with Nepali headings, as HTML
// and as PDF (Pango shapes the Devanagari, Cairo draws the pages). Pure given the report; any
// thread.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/error.h"
#include "refdata/service.h"
#include "stats/model.h"

namespace samman::stats {

struct ReportSection {
  std::string title_en;
  std::string title_ne;
  std::vector<Answer> tables;  // one breakdown (or none) each
};

// Survivors identified by district, drawn as a map: each district's shade (1..n a colour class,
// 0 nothing counted, -1 hidden; absent when outside the report's area) and the classes' upper
// limits. Classes are quantiles of the released values.
struct DistrictMap {
  std::vector<int64_t> limits;
  std::map<std::string, int> shades;
};
DistrictMap MapOf(const Answer& by_district);
// Fill colours ("#rrggbb") of the shades: 0, then the classes 1..5.
const std::vector<std::string>& MapColours();
// A class of the legend: "12–30", or "31" when it holds one value.
std::string ClassLabel(int64_t from, int64_t to);

// Fits Nepal's districts into a width x height box (equirectangular, longitude scaled by the cosine
// of 28 degrees): point(lon, lat) gives the box coordinates, y downwards.
struct MapFrame {
  double min_lon = 0, max_lat = 0, scale = 1, kx = 1, width = 0, height = 0;
  std::pair<double, double> At(double lon, double lat) const {
    return {(lon - min_lon) * kx * scale, (max_lat - lat) * scale};
  }
};
MapFrame FitMap(double width, double height);

struct Report {
  std::string fiscal_year;
  std::string area_en;  // "Nepal", "Bagmati Province", "Kathmandu district"
  std::string area_ne;
  int k = 11;
  std::string generated_on;  // YYYY-MM-DD
  std::vector<ReportSection> sections;
  std::optional<Answer> by_district;  // for the map (national and province reports)
};

// A row of a one-breakdown table with its label: value or "suppressed".
struct ReportRow {
  std::string label_en;
  std::string label_ne;
  std::optional<int64_t> value;
  bool total = false;
};
std::vector<ReportRow> RowsOf(const Answer& a, const refdata::Service& refdata);

// A released value as the report prints it: "1,234", "63%", "Rs 250,000" (a no-break space after Rs); "–" when hidden.
std::string FormatValue(const Answer& a, const std::optional<int64_t>& value);

// "2081/82" -> "२०८१/८२".
std::string DevanagariDigits(const std::string& text);
// Characters of text that no installed font can draw (0 when Devanagari fonts are present).
int MissingGlyphs(const std::string& text);

std::string ReportHtml(const Report& r, const refdata::Service& refdata);
// PDF bytes; kInvalid when Cairo cannot render.
Result<std::string> ReportPdf(const Report& r, const refdata::Service& refdata);
// The first page drawn into a PNG (for checking a rendering without a PDF reader).
Result<std::string> ReportFirstPagePng(const Report& r, const refdata::Service& refdata);

}  // namespace samman::stats
