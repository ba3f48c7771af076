// The annual report drawn with Cairo; Pango lays out and shapes the text (Devanagari conjuncts and
// vowel signs need shaping, which plain Cairo text cannot do).
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>

#include "stats/report.h"

namespace samman::stats {
namespace {

constexpr double kPageWidth = 595.0;  // A4 in points
constexpr double kPageHeight = 842.0;
constexpr double kMargin = 50.0;

struct Ink {
  double r, g, b;
};
constexpr Ink kText{0.12, 0.14, 0.19};
constexpr Ink kMuted{0.36, 0.38, 0.44};
constexpr Ink kBrand{0.54, 0.11, 0.17};
constexpr Ink kBar{0.76, 0.36, 0.41};

class Pages {
 public:
  // next_page is called when a page is full (for a PDF: show it and start the next).
  Pages(cairo_t* cr, std::function<void()> next_page) : cr_(cr), next_page_(std::move(next_page)) {}

  // Writes text at the current line, wrapping to width; returns the height used.
  double Text(const std::string& text, const std::string& font, Ink ink, double x, double width,
              bool right = false) {
    PangoLayout* layout = pango_cairo_create_layout(cr_);
    PangoFontDescription* desc = pango_font_description_from_string(font.c_str());
    pango_layout_set_font_description(layout, desc);
    pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    if (right) pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT);
    pango_layout_set_text(layout, text.c_str(), -1);
    int w = 0, h = 0;
    pango_layout_get_size(layout, &w, &h);
    cairo_set_source_rgb(cr_, ink.r, ink.g, ink.b);
    cairo_move_to(cr_, x, y_);
    pango_cairo_show_layout(cr_, layout);
    pango_font_description_free(desc);
    g_object_unref(layout);
    return static_cast<double>(h) / PANGO_SCALE;
  }
  void Advance(double dy) { y_ += dy; }
  // Starts a new page unless height more fits on this one.
  void Need(double height) {
    if (y_ + height > kPageHeight - kMargin) {
      next_page_();
      y_ = kMargin;
    }
  }
  void Rule(Ink ink, double width) {
    cairo_set_source_rgb(cr_, ink.r, ink.g, ink.b);
    cairo_set_line_width(cr_, width);
    cairo_move_to(cr_, kMargin, y_);
    cairo_line_to(cr_, kPageWidth - kMargin, y_);
    cairo_stroke(cr_);
  }
  void Bar(double x, double width, double height) {
    cairo_set_source_rgb(cr_, kBar.r, kBar.g, kBar.b);
    cairo_rectangle(cr_, x, y_ + 2, width, height);
    cairo_fill(cr_);
  }
  double y() const { return y_; }
  // The districts at the current line, shaded as m says, with a legend below; returns the height.
  double Map(const DistrictMap& m, double width, double height) {
    const MapFrame frame = FitMap(width, height);
    const double x0 = kMargin + (width - frame.width) / 2;
    for (const auto& shape : refdata::Service::DistrictPolygons()) {
      cairo_new_path(cr_);
      for (const auto& ring : shape.rings) {
        for (size_t i = 0; i < ring.size(); ++i) {
          auto [x, y] = frame.At(ring[i].first, ring[i].second);
          if (i == 0) {
            cairo_move_to(cr_, x0 + x, y_ + y);
          } else {
            cairo_line_to(cr_, x0 + x, y_ + y);
          }
        }
        cairo_close_path(cr_);
      }
      auto it = m.shades.find(shape.district);
      if (it == m.shades.end()) {
        Fill("#d9dce3");
      } else if (it->second < 0) {
        Hatch();
      } else {
        Fill(MapColours()[it->second]);
      }
      cairo_set_source_rgb(cr_, 0.6, 0.62, 0.68);
      cairo_set_line_width(cr_, 0.35);
      cairo_stroke(cr_);
    }
    // Legend.
    double x = kMargin, y = y_ + frame.height + 8;
    int64_t from = 1;
    auto key = [&](const std::string& label, const std::function<void()>& paint) {
      cairo_new_path(cr_);
      cairo_rectangle(cr_, x, y, 12, 8);
      paint();
      cairo_new_path(cr_);
      double saved = y_;
      y_ = y - 2;
      Text(label, "DejaVu Sans 7.5", kMuted, x + 15, 80);
      y_ = saved;
      x += 78;
    };
    for (size_t i = 0; i < m.limits.size(); ++i) {
      key(ClassLabel(from, m.limits[i]), [&] { Fill(MapColours()[i + 1]); });
      from = m.limits[i] + 1;
    }
    key("hidden", [&] { Hatch(); });
    return frame.height + 22;
  }

 private:
  cairo_t* cr_;
  std::function<void()> next_page_;
  void Fill(const std::string& hex) {
    unsigned r = 0, g = 0, b = 0;
    std::sscanf(hex.c_str(), "#%02x%02x%02x", &r, &g, &b);
    cairo_set_source_rgb(cr_, r / 255.0, g / 255.0, b / 255.0);
    cairo_fill_preserve(cr_);
  }
  // Diagonal lines inside the current path: a hidden figure.
  void Hatch() {
    Fill("#eceef2");
    cairo_save(cr_);
    cairo_clip_preserve(cr_);
    double x1, y1, x2, y2;
    cairo_path_extents(cr_, &x1, &y1, &x2, &y2);
    cairo_new_path(cr_);
    cairo_set_source_rgb(cr_, 0.55, 0.56, 0.63);
    cairo_set_line_width(cr_, 0.7);
    for (double d = x1 - (y2 - y1); d < x2; d += 3.5) {
      cairo_move_to(cr_, d, y2);
      cairo_line_to(cr_, d + (y2 - y1), y1);
    }
    cairo_stroke(cr_);
    cairo_restore(cr_);
  }

  double y_ = kMargin;
};

void Draw(Pages& p, const Report& r, const refdata::Service& refdata) {
  const double width = kPageWidth - 2 * kMargin;
  p.Advance(p.Text("Trafficking in persons: " + r.area_en + ", fiscal year " + r.fiscal_year,
                   "DejaVu Sans Bold 17", kBrand, kMargin, width) +
            2);
  p.Advance(p.Text("मानव बेचबिखन: " + r.area_ne + ", आर्थिक वर्ष " + DevanagariDigits(r.fiscal_year),
                   "Lohit Devanagari 13", kMuted, kMargin, width) +
            6);
  p.Advance(p.Text("Released figures only. Counts from 1 to " + std::to_string(r.k - 1) +
                       " are not shown (–), nor are other counts that would let them be worked "
                       "out. Generated by Samman on " +
                       r.generated_on + ".",
                   "DejaVu Sans 8.5", kMuted, kMargin, width) +
            10);
  bool first_section = true;
  for (const auto& s : r.sections) {
    p.Need(80);
    p.Advance(6);
    double h = p.Text(s.title_en, "DejaVu Sans Bold 12.5", kText, kMargin, width / 2);
    p.Text(s.title_ne, "Lohit Devanagari 12", kMuted, kMargin + width / 2, width / 2, true);
    p.Advance(h + 3);
    p.Rule(kBrand, 1.2);
    p.Advance(6);
    if (first_section && r.by_district) {
      p.Need(260);
      p.Advance(p.Text("Survivors identified by district", "DejaVu Sans Bold 9.5", kText, kMargin,
                       width) +
                3);
      p.Advance(p.Map(MapOf(*r.by_district), width, 220) + 8);
    }
    first_section = false;
    for (const auto& a : s.tables) {
      auto rows = RowsOf(a, refdata);
      p.Need(30 + 15.0 * std::min<size_t>(rows.size(), 6));
      std::string caption = a.indicator.title_en;
      if (!a.dims.empty()) {
        std::string dim = a.dims.back() == "geo" ? "province" : a.dims.back();
        std::replace(dim.begin(), dim.end(), '_', ' ');
        caption += " by " + dim;
      }
      p.Advance(p.Text(caption, "DejaVu Sans Bold 9.5", kText, kMargin, width) + 3);
      int64_t top = 1;
      for (const auto& row : rows) {
        if (!row.total && row.value) top = std::max(top, *row.value);
      }
      for (const auto& row : rows) {
        p.Need(16);
        const std::string font = row.total ? "DejaVu Sans Bold 9" : "DejaVu Sans 9";
        double label_h = p.Text(row.label_en, font, kText, kMargin, width * 0.32);
        if (row.label_ne != row.label_en) {
          p.Text(row.label_ne, "Lohit Devanagari 9", kMuted, kMargin + width * 0.33, width * 0.21);
        }
        std::string value = FormatValue(a, row.value);
        // Right-aligned in a wide box: long sums of money stay on one line.
        p.Text(value, font, kText, kMargin + width * 0.39, width * 0.30, true);
        if (!a.dims.empty() && !row.total && row.value) {
          p.Bar(kMargin + width * 0.71, width * 0.29 * static_cast<double>(*row.value) / top, 8);
        }
        p.Advance(std::max(label_h, 13.0) + 2);
      }
      p.Advance(8);
    }
  }
}

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

int MissingGlyphs(const std::string& text) {
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 10, 10);
  cairo_t* cr = cairo_create(surface);
  PangoLayout* layout = pango_cairo_create_layout(cr);
  PangoFontDescription* desc = pango_font_description_from_string("Lohit Devanagari 10");
  pango_layout_set_font_description(layout, desc);
  pango_layout_set_text(layout, text.c_str(), -1);
  int missing = pango_layout_get_unknown_glyphs_count(layout);
  pango_font_description_free(desc);
  g_object_unref(layout);
  cairo_destroy(cr);
  cairo_surface_destroy(surface);
  return missing;
}

Result<std::string> ReportPdf(const Report& r, const refdata::Service& refdata) {
  std::string pdf;
  cairo_surface_t* surface =
      cairo_pdf_surface_create_for_stream(Append, &pdf, kPageWidth, kPageHeight);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
                                 ("Trafficking in persons, fiscal year " + r.fiscal_year).c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Samman");
  cairo_t* cr = cairo_create(surface);
  Pages pages(cr, [cr] { cairo_show_page(cr); });
  Draw(pages, r, refdata);
  cairo_show_page(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    return Fail(Error::Invalid(std::string("the PDF could not be drawn: ") +
                               cairo_status_to_string(status)));
  }
  return pdf;
}

Result<std::string> ReportFirstPagePng(const Report& r, const refdata::Service& refdata) {
  cairo_surface_t* surface = cairo_image_surface_create(
      CAIRO_FORMAT_RGB24, static_cast<int>(kPageWidth), static_cast<int>(kPageHeight));
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  bool first = true;
  // Only the first page: later pages draw outside the image and are clipped away.
  Pages pages(cr, [&first, cr] {
    if (first) cairo_translate(cr, 0, 10 * kPageHeight);
    first = false;
  });
  Draw(pages, r, refdata);
  cairo_destroy(cr);
  std::string png;
  cairo_status_t status = cairo_surface_write_to_png_stream(surface, Append, &png);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    return Fail(Error::Invalid(std::string("the page could not be drawn: ") +
                               cairo_status_to_string(status)));
  }
  return png;
}

}  // namespace samman::stats
