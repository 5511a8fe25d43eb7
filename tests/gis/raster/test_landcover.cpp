#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>
#include <string>

#include "gis/raster/landcover.hpp"
#include "sim/core/error.hpp"
#include "tests/gis/test_support.hpp"

using namespace floodevac;
using namespace floodevac::gis;
using namespace floodevac::test;

TEST(Manning, MapsClassesAndListsUnknownOnes) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  Grid<float> classes(2, 3, GeoTransform{0, 10, 0, -10}, 0.0f, "EPSG:32651");
  classes.data = {10, 20, 99, 10, nan, 42};
  const std::map<int, double> table{{10, 0.035}, {20, 0.1}};

  const std::string m =
      error_of<InputError>([&] { manning_from_landcover(classes, table, 0.0, "landcover.tif"); });
  EXPECT_TRUE(contains(m, "landcover.tif")) << m;
  EXPECT_TRUE(contains(m, "42 (1 cell)")) << m;
  EXPECT_TRUE(contains(m, "99 (1 cell)")) << m;

  const Grid<float> n = manning_from_landcover(classes, table, 0.05, "landcover.tif");
  EXPECT_EQ(n.data[0], 0.035f);
  EXPECT_EQ(n.data[1], 0.1f);
  EXPECT_EQ(n.data[2], 0.05f);
  EXPECT_EQ(n.data[3], 0.035f);
  EXPECT_TRUE(std::isnan(n.data[4]));
  EXPECT_EQ(n.data[5], 0.05f);
  EXPECT_TRUE(n.same_shape(classes));

  classes.data[1] = 10.5f;  // bilinear-resampled classes
  EXPECT_TRUE(
      contains(error_of<InputError>([&] { manning_from_landcover(classes, table, 0.05, "lc"); }),
               "non-integer"));
  EXPECT_THROW(manning_from_landcover(classes, {{10, -0.1}}, 0.05, "lc"), ConfigError);
}
