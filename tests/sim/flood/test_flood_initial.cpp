// The calm-sea hot start: the sea is in place at its t = 0 level, land behind a
// wall and inland hollows stay dry, and the model then stays at rest.
#include <gtest/gtest.h>

#include <cmath>

#include "sim/flood/flood_model.hpp"
#include "sim/flood/initial_state.hpp"
#include "tests/sim/flood/flood_test_util.hpp"

namespace floodevac::flood {
namespace {

TEST(FloodInitial, SeaFillsUpToTheWallAndNotTheHollowBehindIt) {
  // 10 x 20 cells of 10 m: sea bed -3 m in the east (columns 12..19), a wall of
  // crest 4 m at column 11, land at 2 m with a hollow at -1 m (columns 3..5).
  const std::int64_t R = 10, C = 20;
  Grid<float> bed = test::grid(R, C, 10.0, 2.0f);
  for (std::int64_t r = 0; r < R; ++r) {
    for (std::int64_t c = 12; c < C; ++c) bed(r, c) = -3.0f;
    bed(r, 11) = 4.0f;
    for (std::int64_t c = 3; c <= 5; ++c) bed(r, c) = -1.0f;
  }
  bed(0, 19) = test::kNaN;
  FloodConfig cfg;
  cfg.boundaries = {test::water_level(Side::east, TimeSeries{{0.0, 3600.0}, {1.5, 3.0}})};
  const Grid<float> h0 = initial_sea_depth(bed, cfg);
  EXPECT_FLOAT_EQ(h0(5, 15), 4.5f);  // 1.5 - (-3)
  EXPECT_TRUE(std::isnan(h0(0, 19)));
  EXPECT_EQ(h0(5, 11), 0.0f);  // the wall
  EXPECT_EQ(h0(5, 4), 0.0f);   // the hollow behind it is below the sea but not connected
  EXPECT_EQ(h0(5, 8), 0.0f);

  // A constant sea stays still from this start (no filling transient).
  cfg.boundaries[0].level_m = TimeSeries::constant(1.5);
  FloodModel m(bed, test::uniform_n(0.03), cfg, h0);
  m.advance_to(1800.0);
  EXPECT_LT(test::max_abs(m.speed()), 1e-6);
  EXPECT_LT(std::fabs(m.mass_balance().boundary_in_m3), 1e-6);
}

}  // namespace
}  // namespace floodevac::flood
