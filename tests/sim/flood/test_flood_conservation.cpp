// Well-balancing and conservation of the flood engine: a lake at rest stays
// at rest, losses never make depths negative, and the mass balance closes
// with inflows and open boundaries.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "sim/flood/flood_model.hpp"
#include "tests/sim/flood/flood_test_util.hpp"

namespace floodevac::flood {
namespace {

using test::grid_of;
using test::kNaN;
using test::uniform_n;

// Bed on a 1/1024 m lattice: h = 1 - z and h + z are then exact in float,
// so a lake at rest is represented exactly and any velocity comes from the scheme.
float lattice_bed(std::int64_t r, std::int64_t c) {
  const double v = 0.55 + 0.4 * std::sin(0.37 * static_cast<double>(c)) * std::cos(0.23 * static_cast<double>(r));
  return static_cast<float>(std::floor(v * 1024.0) / 1024.0);
}

TEST(FloodLakeAtRest, UnevenBedWithIslandsAndWallsStaysAtRest) {
  const std::int64_t R = 40, C = 50;
  auto bed = [](std::int64_t r, std::int64_t c) {
    return r >= 10 && r < 16 && c >= 20 && c < 27 ? 1.25f : lattice_bed(r, c);  // dry island above the lake
  };
  Grid<float> dem = grid_of(R, C, 10.0, bed);
  const Grid<float> h0 = grid_of(R, C, 10.0, [&](auto r, auto c) { return std::max(1.0f - bed(r, c), 0.0f); });
  for (std::int64_t r = 25; r < 30; ++r) dem(r, 5) = kNaN;  // outside the domain: a wall
  FloodConfig cfg;
  FloodModel m(dem, uniform_n(0.03), cfg, h0);
  const std::int64_t steps = m.advance_to(5000.0);
  EXPECT_GT(steps, 1000);
  EXPECT_LT(test::max_abs(m.max_speed()), 1e-8);
  const Grid<float> d = m.depth();
  for (std::int64_t r = 0; r < R; ++r)
    for (std::int64_t c = 0; c < C; ++c) {
      if (std::isnan(dem(r, c))) {
        EXPECT_TRUE(std::isnan(d(r, c)));
        continue;
      }
      EXPECT_EQ(d(r, c), h0(r, c)) << "row " << r << " col " << c;
    }
  EXPECT_LT(std::fabs(m.mass_balance().relative_error()), 1e-12);
}

TEST(FloodLosses, NeverMakeDepthNegativeAndTakeAllWaterEventually) {
  const std::int64_t R = 20, C = 24;
  const Grid<float> dem =
      grid_of(R, C, 10.0, [](auto r, auto c) { return 0.5 * std::sin(0.5 * c) * std::cos(0.4 * r); });
  const Grid<float> h0 =  // a few shallow puddles
      grid_of(R, C, 10.0, [](auto r, auto c) { return (c + r) % 3 == 0 ? 0.004f : 0.0f; });
  FloodConfig cfg;
  cfg.rain.uniform_mm_h = TimeSeries{{0.0, 1800.0, 1800.5}, {20.0, 20.0, 0.0}};
  cfg.params.infiltration_mm_h = 10.0;
  cfg.params.drainage_mm_h = 15.0;
  FloodModel m(dem, uniform_n(0.05), cfg, h0);
  double min_h = 1.0;
  while (m.time_s() < 3.0 * 3600.0) {
    m.step();
    min_h = std::min(min_h, test::min_value(m.h()));
    ASSERT_GE(min_h, 0.0) << "negative depth at t = " << m.time_s();
    ASSERT_LT(std::fabs(m.mass_balance().relative_error()), 1e-6) << "t = " << m.time_s();
  }
  const MassBalance& mb = m.mass_balance();
  EXPECT_GT(mb.losses_m3, 0.0);
  // Losses (25 mm/h) exceed the rain (20 mm/h): all water ends up lost.
  EXPECT_EQ(test::max_abs(m.depth()), 0.0);
  EXPECT_NEAR(mb.losses_m3, mb.initial_storage_m3 + mb.rain_m3, 1e-7 * mb.rain_m3);
}

TEST(FloodMassBalance, InflowsAndOpenBoundariesClose) {
  const std::int64_t R = 24, C = 40;
  const double d = 10.0;
  const Grid<float> dem = grid_of(
      R, C, d, [&](auto r, auto c) { return 2.0 - 0.002 * d * c + 0.1 * std::sin(0.7 * r); });
  const Grid<float> mann =  // variable roughness
      grid_of(R, C, d, [](auto r, auto) { return r > 12 ? 0.06f : 0.035f; });
  FloodConfig cfg;
  Boundary west = test::water_level(Side::west, TimeSeries{{0.0, 3600.0, 7200.0}, {2.5, 3.2, 2.2}});
  west.from = 60.0;  // only part of the west side (y in [60, 180] m)
  west.to = 180.0;
  cfg.boundaries = {west, test::free_outflow(Side::east, 0.002)};
  Inflow point = test::point_inflow(205.0, 35.0, TimeSeries{{0.0, 1800.0, 5400.0}, {0.0, 12.0, 2.0}});
  point.name = "creek";
  Inflow line;
  line.name = "lateral";
  line.line_x = {100.0, 300.0};
  line.line_y = {200.0, 215.0};
  line.q_m3s = TimeSeries::constant(3.0);
  cfg.inflows = {point, line};
  FloodModel m(dem, Roughness::per_cell(mann, "mann"), cfg);
  m.advance_to(3.0 * 3600.0);
  const MassBalance& mb = m.mass_balance();
  EXPECT_GT(mb.boundary_in_m3, 1000.0);
  EXPECT_GT(mb.boundary_out_m3, 1000.0);
  const double inflow_exact = point.q_m3s.integral(0.0, 10800.0) + 3.0 * 10800.0;
  EXPECT_NEAR(mb.inflow_m3 / inflow_exact, 1.0, 1e-5);
  EXPECT_LT(std::fabs(mb.relative_error()), 1e-6);
  EXPECT_GE(test::min_value(m.h()), 0.0);
  EXPECT_GT(m.max_depth()(R / 2, 0), 0.5f);
}

}  // namespace
}  // namespace floodevac::flood
