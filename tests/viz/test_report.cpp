#include <gtest/gtest.h>

#include <cmath>

#include "viz/report.hpp"

namespace floodevac::viz {

TEST(Report, NiceTicksCoverTheRangeWithRoundSteps) {
  const auto t = nice_ticks(0.0, 6.0);
  ASSERT_FALSE(t.empty());
  EXPECT_DOUBLE_EQ(t.front(), 0.0);
  EXPECT_DOUBLE_EQ(t.back(), 6.0);
  EXPECT_DOUBLE_EQ(t[1] - t[0], 1.0);
  const auto u = nice_ticks(0.0, 19442.0);
  EXPECT_DOUBLE_EQ(u[1] - u[0], 5000.0);
  EXPECT_GE(u.back(), 15000.0);
}

TEST(Report, TinyAndFlatRangesStillGetDistinctTicks) {
  // A mass-balance error of a few 1e-16 must still chart (it once collapsed every tick to 0).
  const auto t = nice_ticks(-2e-16, 4.5e-16);
  ASSERT_GE(t.size(), 3u);
  for (std::size_t i = 1; i < t.size(); ++i) EXPECT_GT(t[i], t[i - 1]);
  Chart c{"err", "h", "e", {0, 1, 2}, {{"s", "red", {0, -2e-16, 4.5e-16}}}};
  EXPECT_NE(chart_svg(c).find("<polyline"), std::string::npos);
  Chart flat{"flat", "h", "e", {0, 1}, {{"s", "red", {0, 0}}}};
  EXPECT_NE(chart_svg(flat).find("<polyline"), std::string::npos);
}

TEST(Report, ChartHasOnePolylinePerSeriesAndEscapesText) {
  Chart c{"a <b> & c", "hours", "persons", {0, 1, 2}, {{"s1", "red", {0, 5, 10}}, {"s2", "blue", {1, 2, 3}, true}}};
  const std::string svg = chart_svg(c);
  std::size_t n = 0, pos = 0;
  while ((pos = svg.find("<polyline", pos)) != std::string::npos) ++n, ++pos;
  EXPECT_EQ(n, 2u);
  EXPECT_NE(svg.find("a &lt;b&gt; &amp; c"), std::string::npos);
  EXPECT_NE(svg.find("stroke-dasharray"), std::string::npos);
  Report r;
  r.title = "t";
  r.summary = "summary <x>";
  r.charts = {c};
  r.outputs = {{"flood/max_depth.tif", "max depth"}};
  const std::string html = report_html(r);
  EXPECT_NE(html.find("href=\"flood/max_depth.tif\""), std::string::npos);
  EXPECT_NE(html.find("summary &lt;x&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);  // no scripts: opens offline anywhere
}

TEST(Report, HeadlineNumbersAsShownAndTheirKeys) {
  EXPECT_EQ(headline_text({"k", "l", 1234567.4, 1, 0, "", ""}), "1,234,567");
  EXPECT_EQ(headline_text({"k", "l", 7200, 1.0 / 3600, 1, "", ""}), "2.0");
  EXPECT_EQ(headline_text({"k", "l", -0.2, 1, 0, "", ""}), "0");  // no "-0"
  EXPECT_EQ(headline_text({"k", "l", -1500, 1, 0, "", ""}), "-1,500");
  EXPECT_EQ(headline_text({"k", "l", std::nan(""), 1, 0, "", ""}), "\u2013");
  Report r;
  r.headlines = {{"evacuation.trapped", "trapped", 12.4, 1, 0, "persons", "note"},
                 {"evacuation.t90_s", "t90", std::nan(""), 1.0 / 3600, 1, "h", ""}};
  r.maps = {{"report/max_depth.png", "Depth", "caption", {{"#ff0000", "closed"}}, 90, 60}};
  const std::string html = report_html(r);
  EXPECT_NE(html.find("data-key=\"evacuation.trapped\" data-value=\"12.4\""), std::string::npos) << html;
  EXPECT_NE(html.find(">12</span>"), std::string::npos);
  EXPECT_NE(html.find("data-value=\"null\""), std::string::npos);
  EXPECT_NE(html.find("<img src=\"report/max_depth.png\""), std::string::npos);
  EXPECT_LT(html.find("data-key"), html.find("<img"));  // the numbers first
}

TEST(Report, TimelineStripAndChartMarksShareTheAxis) {
  const std::string strip = timeline_svg({{12, "转移"}, {12.1, "停工"}, {40, "outside"}}, 0, 24);
  EXPECT_NE(strip.find("转移"), std::string::npos);
  EXPECT_NE(strip.find("停工"), std::string::npos);
  EXPECT_EQ(strip.find("outside"), std::string::npos);
  // The two close labels go to different rows (different y).
  const auto y_of = [&](const std::string& label) {
    const auto at = strip.rfind("y=\"", strip.find(label));
    return strip.substr(at, strip.find('"', at + 3) - at);
  };
  EXPECT_NE(y_of("转移"), y_of("停工"));
  Chart c{"c", "h", "p", {0, 1, 2, 3}, {{"s", "red", {1, std::nan(""), 2, 3}}}};
  c.x_min = 0;
  c.x_max = 24;
  c.marks_x = {12};
  const std::string svg = chart_svg(c);
  std::size_t n = 0, pos = 0;
  while ((pos = svg.find("<polyline", pos)) != std::string::npos) ++n, ++pos;
  EXPECT_EQ(n, 2u);  // the gap splits the line
  EXPECT_NE(svg.find("stroke-dasharray=\"2 3\""), std::string::npos);  // the mark at 12 h
  // x = 12 of 0..24 lies in the middle of the plot, as on the strip.
  EXPECT_NE(svg.find("x1=\"337.0\""), std::string::npos) << svg;
  EXPECT_NE(strip.find("x1=\"337.0\""), std::string::npos) << strip;
}

}  // namespace floodevac::viz
