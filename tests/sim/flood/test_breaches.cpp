// Breach of a wall burned into the DEM.
#include <gtest/gtest.h>

#include <cmath>

#include "sim/flood/flood_model.hpp"
#include "tests/sim/flood/flood_test_util.hpp"

namespace floodevac::flood {
namespace {

using test::grid;
using test::uniform_n;

TEST(FloodBreach, WallHoldsTheSeaUntilTheBreachThenThePolderFloods) {
  // 20 x 40 cells of 10 m, flat bed at 0 m. A wall of crest 3 m along column
  // 15 (x = 150-160 m, wall_mask = 1). The sea on the west stands at 2 m.
  const std::int64_t R = 20, C = 40, wall_c = 15;
  const double d = 10.0, crest = 3.0;
  Grid<float> dem = grid(R, C, d, 0.0f);
  Grid<std::uint8_t> wall = Grid<std::uint8_t>::like(dem, 0);
  for (std::int64_t r = 0; r < R; ++r) {
    dem(r, wall_c) = static_cast<float>(crest);
    wall(r, wall_c) = 1;
  }
  FloodConfig cfg;
  cfg.wall_mask = wall;
  cfg.boundaries = {test::water_level(Side::west, TimeSeries::constant(2.0))};
  Breach br;
  br.name = "levee";
  br.x = 155.0;  // centre of the wall cells
  br.y = 100.0;  // between rows 9 and 10
  br.start_s = 1800.0;
  br.duration_s = 600.0;
  br.final_width_m = 40.0;
  br.final_crest_m = 0.5;
  cfg.breaches = {br};
  FloodModel m(dem, uniform_n(0.03), cfg);

  m.advance_to(1790.0);
  const Grid<float> md = m.max_depth();
  double sea_side = 0.0;
  for (std::int64_t r = 0; r < R; ++r) {
    for (std::int64_t c = wall_c + 1; c < C; ++c) ASSERT_EQ(md(r, c), 0.0f) << r << "," << c;
    ASSERT_EQ(m.bed()(r, wall_c), static_cast<float>(crest));
    sea_side += md(r, wall_c - 1);
  }
  EXPECT_GT(sea_side / R, 1.5);  // the sea did reach the wall

  // Half way through the opening: the bed of the central cells is half way down.
  m.advance_to(2100.0);
  const float half = static_cast<float>(crest + (0.5 - crest) * 0.5);
  EXPECT_EQ(m.bed()(9, wall_c), half);
  EXPECT_EQ(m.bed()(10, wall_c), half);
  EXPECT_EQ(m.bed()(0, wall_c), static_cast<float>(crest));

  m.advance_to(4.0 * 3600.0);
  const Grid<float> bed = m.bed();
  const Grid<float> h = m.depth();
  // Fully open: cells within 20 m of the breach point are at the final crest,
  // the rest of the wall untouched.
  for (std::int64_t r = 0; r < R; ++r) {
    const double y = (static_cast<double>(R - r) - 0.5) * d;
    const bool in_breach = std::fabs(y - br.y) <= 0.5 * br.final_width_m;
    EXPECT_EQ(bed(r, wall_c), static_cast<float>(in_breach ? br.final_crest_m : crest)) << "row " << r;
  }
  double polder = 0.0;
  for (std::int64_t r = 0; r < R; ++r)
    for (std::int64_t c = wall_c + 1; c < C; ++c) polder += h(r, c);
  polder /= static_cast<double>(R * (C - wall_c - 1));
  EXPECT_GT(polder, 1.0);  // polder filling towards the sea level (2 m)
  EXPECT_LE(polder, 2.05);  // sloshing around the sea level, lightly damped
  const Grid<float> t = m.first_inundation_s();
  EXPECT_GT(t(10, C - 1), 1800.0f);
  // Hours of near-steady flow: without the compensated depth (h_lo) the float
  // depth rounded sub-ulp increments away and this drifted to a few 1e-6.
  EXPECT_LT(std::fabs(m.mass_balance().relative_error()), 1e-6);
  EXPECT_GT(m.mass_balance().boundary_in_m3, 0.0);
}

TEST(FloodBreach, LoweringKeepsTheDepthAndNeverRaisesTheBed) {
  // A wet wall cell: its depth is unchanged when its bed drops (volume kept),
  // and a final crest above the current bed does nothing.
  const std::int64_t R = 3, C = 3;
  Grid<float> dem = grid(R, C, 10.0, 1.0f);
  Grid<float> h0 = grid(R, C, 10.0, 0.5f);
  Grid<std::uint8_t> wall = Grid<std::uint8_t>::like(dem, 0);
  wall(1, 1) = 1;
  FloodConfig cfg;
  cfg.wall_mask = wall;
  Breach down;
  down.x = 15.0;
  down.y = 15.0;
  down.start_s = 0.0;
  down.duration_s = 0.0;  // instantaneous
  down.final_width_m = 5.0;
  down.final_crest_m = 0.25;
  Breach up = down;
  up.final_crest_m = 2.0;  // would raise: ignored
  cfg.breaches = {down, up};
  FloodModel m(dem, uniform_n(0.03), cfg, h0);
  const double v0 = m.mass_balance().storage_m3;
  m.step();
  EXPECT_EQ(m.bed()(1, 1), 0.25f);
  EXPECT_EQ(m.bed()(0, 0), 1.0f);
  EXPECT_NEAR(m.mass_balance().storage_m3, v0, 1e-9 * v0);
  EXPECT_LT(std::fabs(m.mass_balance().relative_error()), 1e-9);
}

}  // namespace
}  // namespace floodevac::flood
