// The annual report for a fiscal year, as a committee or the commission would publish it: released
// tables only (every figure through the release engine), in English with Nepali headings, as HTML
// and as PDF (Pango shapes the Devanagari, Cairo draws the pages). Pure given the report; any
// thread.
#pragma once

#include <string>
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

struct Report {
  std::string fiscal_year;
  std::string area_en;  // "Nepal", "Bagmati Province", "Kathmandu district"
  std::string area_ne;
  int k = 11;
  std::string generated_on;  // YYYY-MM-DD
  std::vector<ReportSection> sections;
};

// A row of a one-breakdown table with its label: value or "suppressed".
struct ReportRow {
  std::string label_en;
  std::string label_ne;
  std::optional<int64_t> value;
  bool total = false;
};
std::vector<ReportRow> RowsOf(const Answer& a, const refdata::Service& refdata);

// A released value as the report prints it: "1,234", "63%", "Rs 250,000"; "–" when hidden.
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
