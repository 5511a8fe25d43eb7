// The FloodModel interface: named errors for bad inputs, the output fields.
#include <gtest/gtest.h>

#include <cmath>

#include "sim/core/error.hpp"
#include "sim/flood/flood_model.hpp"
#include "tests/sim/flood/flood_test_util.hpp"

namespace floodevac::flood {
namespace {

using test::grid;
using test::kNaN;
using test::uniform_n;

TEST(FloodInputs, BadInputsThrowNamedErrors) {
  const auto dem = grid(5, 5, 10.0, 0.0f);
  const Roughness n = uniform_n(0.03);
  EXPECT_THROW(
      FloodModel(dem, Roughness::per_cell(grid(4, 5, 10.0, 0.03f), "n.tif"), FloodConfig{}),
      InputError);
  {
    FloodConfig cfg;
    Inflow in;
    in.x = 500.0;  // outside the grid
    in.y = 20.0;
    in.q_m3s = TimeSeries::constant(1.0);
    cfg.inflows = {in};
    EXPECT_THROW(FloodModel(dem, n, cfg), ConfigError);
  }
  {
    FloodConfig cfg;
    cfg.breaches = {Breach{}};  // no wall_mask
    EXPECT_THROW(FloodModel(dem, n, cfg), ConfigError);
  }
  {
    FloodConfig cfg;
    Boundary b;
    b.kind = Boundary::Kind::water_level;  // no level series
    cfg.boundaries = {b};
    EXPECT_THROW(FloodModel(dem, n, cfg), ConfigError);
  }
  {
    FloodConfig cfg;
    cfg.params.theta = 1.5;
    EXPECT_THROW(FloodModel(dem, n, cfg), ConfigError);
  }
  {
    auto h0 = grid(5, 5, 10.0, 0.0f);
    h0(2, 2) = -1.0f;
    EXPECT_THROW(FloodModel(dem, n, FloodConfig{}, h0), InputError);
  }
}

TEST(FloodOutputs, NaNOutsideAndArrivalTimes) {
  const std::int64_t R = 6, C = 200;
  Grid<float> dem = grid(R, C, 10.0, 0.0f);
  dem(0, 0) = kNaN;
  FloodConfig cfg;
  Boundary west;
  west.side = Side::west;
  west.kind = Boundary::Kind::water_level;
  west.level_m = TimeSeries::constant(1.0);
  cfg.boundaries = {west};
  cfg.params.inundation_threshold_m = 0.1;
  FloodModel m(dem, uniform_n(0.03), cfg);
  m.advance_to(150.0);
  const Grid<float> t = m.first_inundation_s();
  EXPECT_TRUE(std::isnan(t(0, 0)));
  EXPECT_TRUE(std::isnan(m.depth()(0, 0)));
  EXPECT_TRUE(std::isnan(m.bed()(0, 0)));
  EXPECT_TRUE(std::isnan(m.speed()(0, 0)));
  EXPECT_EQ(m.h()[0], 0.0f);
  // Arrival increases away from the boundary, NaN where the water has not come.
  EXPECT_GT(t(3, 0), 0.0f);
  EXPECT_LT(t(3, 0), t(3, 5));
  EXPECT_TRUE(std::isnan(t(3, C - 1)));
  const Grid<float> md = m.max_depth();
  const Grid<float> dd = m.depth();
  const Grid<float> ws = m.water_surface();
  for (std::size_t i = 1; i < md.data.size(); ++i) {
    EXPECT_GE(md.data[i], dd.data[i]);
    EXPECT_EQ(ws.data[i], dd.data[i] + dem.data[i]);
    if (md.data[i] > 0.1f) {
      EXPECT_FALSE(std::isnan(t.data[i]));
    }
  }
  EXPECT_GT(test::max_abs(m.max_speed()), 0.0);
}

}  // namespace
}  // namespace floodevac::flood
