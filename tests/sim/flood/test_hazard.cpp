// FD2321 hazard rating and classes at hand-computed values.
#include <gtest/gtest.h>

#include <cmath>

#include "sim/core/error.hpp"
#include "sim/flood/hazard.hpp"
#include "tests/sim/flood/flood_test_util.hpp"

namespace floodevac::flood {
namespace {

using test::kNaN;

TEST(Hazard, RatingAtHandComputedValues) {
  // HR = d (v + 0.5) + DF, DF = 1 (urban default) above 0.25 m, else 0.
  EXPECT_FLOAT_EQ(hazard_rating(0.5f, 1.0f), 0.5f * 1.5f + 1.0f);  // 1.75
  EXPECT_FLOAT_EQ(hazard_rating(0.2f, 2.0f), 0.2f * 2.5f);         // 0.5, no debris
  EXPECT_FLOAT_EQ(hazard_rating(0.25f, 0.0f), 0.125f);              // DF = 0 at exactly 0.25 m
  EXPECT_FLOAT_EQ(hazard_rating(0.3f, 0.0f), 1.15f);
  EXPECT_FLOAT_EQ(hazard_rating(1.0f, 2.0f), 3.5f);
  HazardParams pasture;
  pasture.debris_factor = 0.5;
  EXPECT_FLOAT_EQ(hazard_rating(0.5f, 1.0f, pasture), 1.25f);
  EXPECT_EQ(hazard_rating(0.005f, 3.0f), 0.0f);  // dry
  EXPECT_TRUE(std::isnan(hazard_rating(kNaN, 1.0f)));
  EXPECT_TRUE(std::isnan(hazard_rating(0.5f, kNaN)));
  EXPECT_TRUE(std::isnan(hazard_rating(-0.1f, 1.0f)));
}

TEST(Hazard, ClassesOnGrids) {
  const GeoTransform geo{0.0, 1.0, 1.0, -1.0};
  // depth, speed -> expected class
  const float cases[][3] = {
      {0.005f, 5.0f, 0},   // dry (below 0.01 m)
      {0.2f, 2.0f, 1},     // HR 0.5 low
      {0.1f, 6.9f, 1},     // HR 0.74 low
      {0.3f, 0.0f, 2},     // HR 1.15 moderate
      {0.5f, 0.0f, 2},     // HR 1.25 moderate (upper bound inclusive)
      {0.5f, 1.0f, 3},     // HR 1.75 significant
      {0.4f, 2.0f, 3},     // HR 2.0 significant (upper bound inclusive)
      {1.0f, 2.0f, 4},     // HR 3.5 extreme
      {kNaN, 1.0f, 255},   // nodata
  };
  const std::int64_t n = sizeof(cases) / sizeof(cases[0]);
  Grid<float> depth(1, n, geo, 0.0f), speed(1, n, geo, 0.0f);
  for (std::int64_t i = 0; i < n; ++i) {
    depth(0, i) = cases[i][0];
    speed(0, i) = cases[i][1];
  }
  const Grid<std::uint8_t> cls = hazard_class(depth, speed);
  const Grid<float> hr = hazard_rating(depth, speed);
  for (std::int64_t i = 0; i < n; ++i) {
    EXPECT_EQ(cls(0, i), static_cast<std::uint8_t>(cases[i][2])) << "case " << i;
    EXPECT_EQ(std::isnan(hr(0, i)), cases[i][2] == 255.0f) << "case " << i;
  }
  EXPECT_FLOAT_EQ(hr(0, 5), 1.75f);
  EXPECT_THROW(hazard_class(depth, Grid<float>(1, 2, geo, 0.0f)), InputError);
}

TEST(Hazard, ColourTable) {
  EXPECT_EQ(hazard_class_rgba(0)[3], 0);    // dry transparent
  EXPECT_EQ(hazard_class_rgba(255)[3], 0);  // nodata transparent
  for (std::uint8_t c = 1; c <= 4; ++c) EXPECT_EQ(hazard_class_rgba(c)[3], 255);
  // Darker (less red + green) as the hazard rises.
  for (std::uint8_t c = 1; c < 4; ++c) {
    const auto a = hazard_class_rgba(c), b = hazard_class_rgba(static_cast<std::uint8_t>(c + 1));
    EXPECT_GT(a[0] + a[1] + a[2], b[0] + b[1] + b[2]);
  }
  EXPECT_STREQ(hazard_class_name(3), "significant");
  EXPECT_STREQ(hazard_class_name(77), "nodata");
}

}  // namespace
}  // namespace floodevac::flood
