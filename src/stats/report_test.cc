// The annual report: released tables only, and Nepali text that really draws.
#include "stats/report.h"

#include <cairo.h>

#include <cstring>
#include <optional>

#include "test_env.h"

namespace samman::testing {
namespace {

using nlohmann::json;

class StatsReport : public HttpTest {
 protected:
  void SetUp() override {
    HttpTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    admin_ = Login("admin", kAdminPassword);
    Session worker =
        MakeUserSession(admin_, "worker", MakeOrg(admin_, "NGO", "ngo"), {"case_worker"});
    analyst_ =
        MakeUserSession(admin_, "analyst", MakeOrg(admin_, "Ministry", "ministry"), {"analyst"});
    for (int i = 0; i < 14; ++i) {
      auto r = Send("POST", "/api/v1/cases",
                    json{{"person", {{"given_name", "X"}, {"sex", i < 12 ? "female" : "male"}}},
                         {"case", {{"identification_source", "hotline"}, {"district", "306"}}}}
                        .dump(),
                    &worker);
      ASSERT_EQ(r->status, 201) << r->body;
    }
    fy_ = Body(Get("/api/v1/calendar/convert?ad=" + NepalDate(clock_.Now())))["fiscal_year"];
  }
  Session admin_, analyst_;
  std::string fy_;
};

// Share of the image's pixels that are not white, or (with colour) exactly that colour.
double Ink(const std::string& png, std::optional<uint32_t> colour = std::nullopt) {
  struct Reader {
    const std::string* data;
    size_t at = 0;
  } reader{&png};
  cairo_surface_t* s = cairo_image_surface_create_from_png_stream(
      [](void* closure, unsigned char* out, unsigned int length) {
        auto* r = static_cast<Reader*>(closure);
        if (r->at + length > r->data->size()) return CAIRO_STATUS_READ_ERROR;
        std::memcpy(out, r->data->data() + r->at, length);
        r->at += length;
        return CAIRO_STATUS_SUCCESS;
      },
      &reader);
  EXPECT_EQ(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
  int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
  int stride = cairo_image_surface_get_stride(s);
  const unsigned char* px = cairo_image_surface_get_data(s);
  int64_t inked = 0;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      uint32_t v = *reinterpret_cast<const uint32_t*>(px + y * stride + x * 4) & 0xffffff;
      if (colour ? v == *colour : v != 0xffffff) ++inked;
    }
  }
  cairo_surface_destroy(s);
  return w && h ? static_cast<double>(inked) / (static_cast<double>(w) * h) : 0;
}

TEST_F(StatsReport, TheAnnualReportShowsReleasedFiguresAsHtmlAndPdf) {
  auto html = Get("/api/v1/stats/report?format=html&fy=" + UrlEncode(fy_), &analyst_);
  ASSERT_EQ(html->status, 200) << html->body;
  EXPECT_EQ(html->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(html->body.find("Trafficking in persons: Nepal, fiscal year " + fy_),
            std::string::npos);
  EXPECT_NE(html->body.find("आर्थिक वर्ष"), std::string::npos);
  // 14 survivors: the total shows, the two men and their complement do not.
  EXPECT_NE(html->body.find("<td class=\"n\">14</td>"), std::string::npos);
  EXPECT_EQ(html->body.find("<td class=\"n\">2</td>"), std::string::npos);
  EXPECT_EQ(html->body.find("<td class=\"n\">12</td>"), std::string::npos);

  auto pdf = Get("/api/v1/stats/report?format=pdf&fy=" + UrlEncode(fy_), &analyst_);
  ASSERT_EQ(pdf->status, 200) << pdf->body;
  EXPECT_EQ(pdf->get_header_value("Content-Type"), "application/pdf");
  EXPECT_EQ(pdf->body.rfind("%PDF-", 0), 0u);
  EXPECT_GT(pdf->body.size(), 5000u);

  // The map: every district drawn, Kathmandu shaded with its released figure, and a legend.
  size_t map = html->body.find("<svg class=\"map\"");
  ASSERT_NE(map, std::string::npos);
  std::string svg = html->body.substr(map, html->body.find("</svg>", map) - map);
  size_t paths = 0;
  for (size_t at = svg.find("<path "); at != std::string::npos; at = svg.find("<path ", at + 1)) {
    ++paths;
  }
  EXPECT_EQ(paths, 77u);
  EXPECT_NE(svg.find("<title>Kathmandu: 14</title>"), std::string::npos);
  EXPECT_NE(svg.find("<title>Banke: 0</title>"), std::string::npos);
  EXPECT_NE(svg.find("hidden to protect people"), std::string::npos);
  // A province committee's report maps its own districts only.
  auto bagmati = Send("POST", "/api/v1/organizations",
                      json{{"name", "PCCHT Bagmati"},
                           {"type", "committee"},
                           {"level", "province"},
                           {"jurisdiction", "3"}}
                          .dump(),
                      &admin_);
  Session member = MakeUserSession(admin_, "pccht", Body(bagmati)["id"], {"committee_member"});
  auto mine = Get("/api/v1/stats/report?format=html&fy=" + UrlEncode(fy_), &member);
  ASSERT_EQ(mine->status, 200);
  EXPECT_NE(mine->body.find("<title>Kathmandu: 14</title>"), std::string::npos);
  EXPECT_NE(mine->body.find("<title>Banke: outside this report's area</title>"),
            std::string::npos);
  // Case workers do not get reports; bad formats are explained.
  Session worker = Login("worker", "twelve chars pw");
  EXPECT_EQ(Get("/api/v1/stats/report?format=pdf", &worker)->status, 403);
  EXPECT_EQ(Get("/api/v1/stats/report?format=docx", &analyst_)->status, 422);
}

TEST_F(StatsReport, NepaliTextDrawsWithRealGlyphs) {
  // Fonts cover Devanagari: no character falls back to an empty box.
  EXPECT_EQ(stats::MissingGlyphs("मानव बेचबिखन: आर्थिक वर्ष २०८१/८२"), 0);
  EXPECT_GT(stats::MissingGlyphs("ᱚᱛᱟ"), 0);  // Ol Chiki: no font here, so the check can fail
  EXPECT_EQ(stats::DevanagariDigits("2081/82"), "२०८१/८२");
  auto report =
      app().stats().AnnualReport(MakeUser("reader", {"analyst"}, "ministry"), {.fiscal_year = fy_});
  ASSERT_TRUE(report) << report.error().detail;
  auto png = stats::ReportFirstPagePng(*report, app().refdata());
  ASSERT_TRUE(png) << png.error().detail;
  double ink = Ink(*png);
  EXPECT_GT(ink, 0.01);  // a page of text and bars, not a blank one
  EXPECT_LT(ink, 0.6);
  // The map is on the first page: Kathmandu (the one district with survivors) in its class's
  // colour, and many districts with none in white with a grey border.
  ASSERT_EQ(stats::MapOf(*report->by_district).shades.at("306"), 1);
  EXPECT_GT(Ink(*png, 0xf6dfe2), 0.0001);
}

}  // namespace
}  // namespace samman::testing
