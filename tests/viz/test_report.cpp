#include <gtest/gtest.h>

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
  Report r{"t", "summary <x>", {c}, {{"flood/max_depth.tif", "max depth"}}};
  const std::string html = report_html(r);
  EXPECT_NE(html.find("href=\"flood/max_depth.tif\""), std::string::npos);
  EXPECT_NE(html.find("summary &lt;x&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);  // no scripts: opens offline anywhere
}

}  // namespace floodevac::viz
