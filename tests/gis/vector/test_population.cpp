#include <gtest/gtest.h>

#include <cmath>

#include "gis/vector/population.hpp"
#include "sim/core/error.hpp"
#include "tests/gis/vector/place_inputs.hpp"

namespace floodevac::gis {
namespace {

using namespace floodevac::test;

TEST(Population, VectorCountsPointsAndPolygons) {
  TempDir dir;
  const auto file = dir / "pop.geojson";
  auto p = [](double x, double y) { return coord(x, y); };
  write_text(file, utm_features(
                       R"({"type": "Feature", "properties": {"id": "v1", "pop": 120}, "geometry": )" + utm_point(5, 5) +
                       R"(}, {"type": "Feature", "properties": {"pop": 0}, "geometry": )" + utm_point(6, 6) +
                       R"(}, {"type": "Feature", "id": 9, "properties": {"pop": 35.5}, "geometry": {"type": "Polygon", "coordinates": [[)" +
                       p(0, 0) + "," + p(10, 0) + "," + p(10, 10) + "," + p(0, 10) + "," + p(0, 0) + "]]}}"));
  const auto u = read_population_vector(file, kUtm51, "pop");
  ASSERT_EQ(u.size(), 2u);  // the zero is dropped
  EXPECT_EQ(u[0].id, "v1");
  EXPECT_DOUBLE_EQ(u[0].persons, 120.0);
  EXPECT_EQ(u[1].id, "9");  // GDAL fills the "id" field from the GeoJSON feature id
  EXPECT_NEAR(u[1].x, kX0 + 5, 1e-6);
  EXPECT_NEAR(u[1].y, kY0 + 5, 1e-6);

  auto msg = error_of<InputError>([&] { read_population_vector(file, kUtm51, "persons"); });
  EXPECT_NE(msg.find("'persons'"), std::string::npos) << msg;
  write_text(file, utm_features(R"({"type": "Feature", "id": 3, "properties": {"pop": -1}, "geometry": )" +
                                utm_point(5, 5) + "}"));
  msg = error_of<InputError>([&] { read_population_vector(file, kUtm51, "pop"); });
  EXPECT_NE(msg.find("FID 3"), std::string::npos) << msg;
}

TEST(Population, FromRasterCellCentres) {
  Grid<float> g(2, 3, GeoTransform{1000.0, 100.0, 5000.0, -100.0}, 0.0f);
  g(0, 0) = 5;
  g(0, 2) = std::nanf("");
  g(1, 1) = 0.5f;
  g(1, 2) = 12;
  auto u = population_from_raster(g, 1.0);
  ASSERT_EQ(u.size(), 2u);
  EXPECT_EQ(u[0].id, "r0c0");
  EXPECT_DOUBLE_EQ(u[0].x, 1050.0);
  EXPECT_DOUBLE_EQ(u[0].y, 4950.0);
  EXPECT_EQ(u[1].id, "r1c2");
  EXPECT_DOUBLE_EQ(u[1].x, 1250.0);
  EXPECT_DOUBLE_EQ(u[1].y, 4850.0);
  EXPECT_DOUBLE_EQ(u[1].persons, 12.0);
  EXPECT_EQ(population_from_raster(g, 0.0).size(), 3u);  // zeros never make units
  EXPECT_THROW(population_from_raster(g, -1.0), ConfigError);
  g(1, 0) = -3;
  g(0, 1) = -1;
  const auto msg = error_of<InputError>([&] { population_from_raster(g, 0.0, "pop.tif"); });
  EXPECT_NE(msg.find("pop.tif: 2 cells hold a negative number of persons"), std::string::npos) << msg;
  EXPECT_NE(msg.find("row 0, column 1"), std::string::npos) << msg;
}

}  // namespace
}  // namespace floodevac::gis
