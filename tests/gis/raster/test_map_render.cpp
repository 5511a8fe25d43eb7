// The report's maps: the Horn hillshade against its closed form on planes, the canvas
// size rule, a vector layer rasterised where it lies (reprojected from lon/lat), and
// the PNG read back by GDAL with the same pixels.
#include <gdal.h>
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include <cstdio>

#include "gis/crs.hpp"

#include "gis/raster/map_render.hpp"
#include "tests/support/files.hpp"
#include "tests/support/temp_dir.hpp"

namespace floodevac::gis {
namespace {

Grid<float> plane(double sx, double sy) {  // z = sx * x + sy * y (x east, y north), 10 m cells
  Grid<float> g(20, 30, GeoTransform{500000, 10, 3100000, -10}, 0.0f, "EPSG:32651");
  for (std::int64_t r = 0; r < g.rows; ++r)
    for (std::int64_t c = 0; c < g.cols; ++c)
      g(r, c) = static_cast<float>(sx * g.geo.cell_center_x(c) - sx * 500000 + sy * (g.geo.cell_center_y(r) - 3100000));
  return g;
}

TEST(Hillshade, FlatIsTheSineOfTheAltitude) {
  const auto h = hillshade(plane(0, 0));
  EXPECT_NEAR(h(5, 5), std::sin(45.0 * std::numbers::pi / 180), 1e-6);
}

TEST(Hillshade, SlopeFacingTheLightIsBrighterThanOneFacingAway) {
  // Light from the north-west (315 deg): a slope rising to the south-east faces it.
  const double s = 0.5;
  const auto facing = hillshade(plane(s, -s)), away = hillshade(plane(-s, s));
  const double slope = std::atan(std::hypot(s, s)), zen = 45.0 * std::numbers::pi / 180;
  EXPECT_NEAR(facing(10, 10), std::cos(zen) * std::cos(slope) + std::sin(zen) * std::sin(slope), 1e-5);
  EXPECT_NEAR(away(10, 10), std::max(0.0, std::cos(zen) * std::cos(slope) - std::sin(zen) * std::sin(slope)), 1e-5);
  EXPECT_GT(facing(10, 10), away(10, 10));
}

TEST(MapCanvas, WholePixelsPerCellUpToTheLimit) {
  const MapCanvas c(plane(0.1, 0), 100);
  EXPECT_EQ(c.width(), 90);  // 3 px a cell: 30 cells
  EXPECT_EQ(c.height(), 60);
  const MapCanvas big(plane(0.1, 0), 10);  // fewer pixels than cells
  EXPECT_EQ(big.width(), 10);
}

TEST(MapCanvas, RasterAndVectorLayersLandWhereTheyLie) {
  test::TempDir dir;
  MapCanvas c(plane(0, 0), 300);  // 10 px a cell
  Grid<float> depth = plane(0, 0);
  depth(0, 0) = 1.0f;  // one wet cell in the north-west corner
  c.draw_raster(depth, [](float d) -> std::optional<Rgba> {
    if (d > 0.5f) return Rgba{0, 0, 255, 255};
    return std::nullopt;
  });
  EXPECT_EQ(c.rgb()[2], 255);  // pixel (0, 0) is blue
  EXPECT_EQ(c.rgb()[0], 0);
  EXPECT_NE(c.rgb()[(15 * 300 + 150) * 3 + 2], 255);
  // A north-south line at easting 500150 (the middle of the canvas), in lon/lat as GeoJSON has it.
  std::vector<double> xs{500150, 500150}, ys{3098100, 3097500};
  CoordTransform("EPSG:32651", "EPSG:4326").transform(xs, ys);
  char json[512];
  std::snprintf(json, sizeof json,
                "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":"
                "{\"closed_s\":5},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[%.9f,%.9f],[%.9f,%.9f]]}}]}",
                xs[0], ys[0], xs[1], ys[1]);
  test::write_text(dir.path() / "line.geojson", json);
  Grid<float> dem(20, 30, GeoTransform{500000, 10, 3097900, -10}, 0.0f, "EPSG:32651");
  MapCanvas m(dem, 300);
  m.draw_vector({dir.path() / "line.geojson", {"closed_s", "missing"},
                 [](const std::vector<std::optional<double>>& v) -> std::optional<MarkStyle> {
                   EXPECT_EQ(v.size(), 2u);
                   EXPECT_FALSE(v[1].has_value());
                   if (v[0] != 5.0) return std::nullopt;
                   return MarkStyle{{255, 0, 0, 255}, 3.0, {}, 0};
                 }});
  int red = 0, red_col_min = 1000, red_col_max = -1;
  for (int py = 0; py < m.height(); ++py)
    for (int px = 0; px < m.width(); ++px) {
      const auto* p = &m.rgb()[(static_cast<std::size_t>(py) * m.width() + px) * 3];
      if (p[0] == 255 && p[1] == 0) {
        ++red;
        red_col_min = std::min(red_col_min, px);
        red_col_max = std::max(red_col_max, px);
      }
    }
  EXPECT_GE(red, 2 * m.height()) << "a 3 px line over the whole height";
  EXPECT_LE(red, 4 * m.height());
  EXPECT_NEAR((red_col_min + red_col_max) / 2.0, 150.0, 2.0);  // 1 px per metre

  m.write_png(dir.path() / "m.png");
  GDALDatasetH ds = GDALOpen((dir.path() / "m.png").c_str(), GA_ReadOnly);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(GDALGetRasterCount(ds), 3);
  EXPECT_EQ(GDALGetRasterXSize(ds), m.width());
  std::vector<unsigned char> band(static_cast<std::size_t>(m.width()) * m.height());
  ASSERT_EQ(GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Read, 0, 0, m.width(), m.height(), band.data(), m.width(),
                         m.height(), GDT_Byte, 0, 0),
            CE_None);
  for (std::size_t k = 0; k < band.size(); ++k) ASSERT_EQ(band[k], m.rgb()[k * 3]) << k;
  GDALClose(ds);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "m.png.partial"));
}

TEST(RampColour, InterpolatesAndClamps) {
  const std::vector<std::pair<double, Rgba>> stops{{0, {0, 0, 0, 255}}, {1, {200, 100, 0, 255}}};
  EXPECT_EQ(ramp_colour(stops, 0.5), (Rgba{100, 50, 0, 255}));
  EXPECT_EQ(ramp_colour(stops, -1), stops[0].second);
  EXPECT_EQ(ramp_colour(stops, 9), stops[1].second);
}

}  // namespace
}  // namespace floodevac::gis
