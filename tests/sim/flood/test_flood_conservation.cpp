// Well-balancing, conservation, sources and input checks of the flood engine.
#include <gtest/gtest.h>

#include <cmath>

#include "sim/core/error.hpp"
#include "sim/flood/flood_model.hpp"
#include "tests/sim/flood/flood_test_util.hpp"

namespace floodevac::flood {
namespace {

using test::grid;
using test::uniform_n;
using test::kNaN;

// Bed on a 1/1024 m lattice: h = 1 - z and h + z are then exact in float,
// so a lake at rest is represented exactly and any velocity comes from the scheme.
float lattice_bed(std::int64_t r, std::int64_t c) {
  const double v = 0.55 + 0.4 * std::sin(0.37 * static_cast<double>(c)) * std::cos(0.23 * static_cast<double>(r));
  return static_cast<float>(std::floor(v * 1024.0) / 1024.0);
}

TEST(FloodLakeAtRest, UnevenBedWithIslandsAndWallsStaysAtRest) {
  const std::int64_t R = 40, C = 50;
  Grid<float> dem = grid(R, C, 10.0, 0.0f);
  Grid<float> h0 = grid(R, C, 10.0, 0.0f);
  for (std::int64_t r = 0; r < R; ++r)
    for (std::int64_t c = 0; c < C; ++c) {
      float z = lattice_bed(r, c);
      if (r >= 10 && r < 16 && c >= 20 && c < 27) z = 1.25f;  // dry island above the lake
      dem(r, c) = z;
      h0(r, c) = std::max(1.0f - z, 0.0f);
    }
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

TEST(FloodRain, ClosedBoxStorageEqualsRainVolume) {
  const std::int64_t R = 30, C = 40;
  const double d = 10.0;
  Grid<float> dem = grid(R, C, d, 0.0f);
  int inside = 0;
  for (std::int64_t r = 0; r < R; ++r)
    for (std::int64_t c = 0; c < C; ++c) {
      dem(r, c) = static_cast<float>(0.3 * std::sin(0.4 * c) + 0.2 * std::cos(0.3 * r) + 0.002 * c);
      if (r < 4 && c < 4) dem(r, c) = kNaN;  // rain must not fall outside the domain
      if (!std::isnan(dem(r, c))) ++inside;
    }
  FloodConfig cfg;
  cfg.rain.uniform_mm_h = TimeSeries{{0.0, 3600.0, 3601.0}, {50.0, 50.0, 0.0}};
  FloodModel m(dem, uniform_n(0.04), cfg);
  m.advance_to(7200.0);
  const MassBalance& mb = m.mass_balance();
  // Exact rain: 50 mm/h for 3600 s plus the ramp to 0 over 1 s (25 mm/h * 1 s).
  const double rain_exact = (0.05 + 25.0e-3 / 3600.0) * d * d * inside;
  EXPECT_NEAR(mb.rain_m3 / rain_exact, 1.0, 1e-5);
  EXPECT_LT(std::fabs(mb.relative_error()), 1e-6);
  EXPECT_NEAR(mb.storage_m3 / mb.rain_m3, 1.0, 1e-6);
  EXPECT_EQ(mb.boundary_in_m3, 0.0);
  EXPECT_EQ(mb.boundary_out_m3, 0.0);
  EXPECT_GE(test::min_value(m.h()), 0.0);
}

TEST(FloodRain, GriddedFramesAddTheirVolume) {
  const std::int64_t R = 12, C = 16;
  const double d = 5.0;
  FloodConfig cfg;
  // Two frames: 0-600 s 36 mm/h in the west half, from 600 s 72 mm/h in the
  // north half (held to the end), plus 10 mm/h uniform everywhere.
  Grid<float> f0 = grid(R, C, d, 0.0f), f1 = grid(R, C, d, 0.0f);
  for (std::int64_t r = 0; r < R; ++r)
    for (std::int64_t c = 0; c < C; ++c) {
      if (c < C / 2) f0(r, c) = 36.0f;
      if (r < R / 2) f1(r, c) = 72.0f;
    }
  f1(0, 0) = kNaN;  // nodata in a frame: no rain there
  cfg.rain.frame_t_s = {0.0, 600.0};
  cfg.rain.frames_mm_h = {f0, f1};
  cfg.rain.uniform_mm_h = TimeSeries::constant(10.0);
  cfg.params.max_dt_s = 7.0;  // steps straddle the frame change
  FloodModel m(grid(R, C, d, 0.0f), uniform_n(0.03), cfg);
  m.advance_to(1500.0);
  const double a = d * d;
  const double n = static_cast<double>(R * C);
  const double exact = a * (10.0 * 1500.0 * n + 36.0 * 600.0 * (n / 2) + 72.0 * 900.0 * (n / 2 - 1)) * 1e-3 / 3600.0;
  EXPECT_NEAR(m.mass_balance().rain_m3 / exact, 1.0, 1e-5);
  EXPECT_LT(std::fabs(m.mass_balance().relative_error()), 1e-6);
}

TEST(FloodLosses, NeverMakeDepthNegativeAndTakeAllWaterEventually) {
  const std::int64_t R = 20, C = 24;
  Grid<float> dem = grid(R, C, 10.0, 0.0f);
  Grid<float> h0 = grid(R, C, 10.0, 0.0f);
  for (std::int64_t r = 0; r < R; ++r)
    for (std::int64_t c = 0; c < C; ++c) {
      dem(r, c) = static_cast<float>(0.5 * std::sin(0.5 * c) * std::cos(0.4 * r));
      h0(r, c) = (c + r) % 3 == 0 ? 0.004f : 0.0f;  // a few shallow puddles
    }
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
  Grid<float> dem = grid(R, C, d, 0.0f);
  Grid<float> mann = grid(R, C, d, 0.035f);
  for (std::int64_t r = 0; r < R; ++r)
    for (std::int64_t c = 0; c < C; ++c) {
      dem(r, c) = static_cast<float>(2.0 - 0.002 * d * c + 0.1 * std::sin(0.7 * r));
      if (r > 12) mann(r, c) = 0.06f;  // variable roughness
    }
  FloodConfig cfg;
  Boundary west;
  west.side = Side::west;
  west.kind = Boundary::Kind::water_level;
  west.level_m = TimeSeries{{0.0, 3600.0, 7200.0}, {2.5, 3.2, 2.2}};
  west.from = 60.0;  // only part of the west side (y in [60, 180] m)
  west.to = 180.0;
  Boundary east;
  east.side = Side::east;
  east.kind = Boundary::Kind::free_outflow;
  east.slope = 0.002;
  cfg.boundaries = {west, east};
  Inflow point;
  point.name = "creek";
  point.x = 205.0;
  point.y = 35.0;
  point.q_m3s = TimeSeries{{0.0, 1800.0, 5400.0}, {0.0, 12.0, 2.0}};
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

TEST(FloodBoundary, FromToRestrictsTheBoundaryToPartOfTheSide) {
  // Rows 0-1 are cut off from rows 3-9 by a row outside the domain; the west
  // water level covers only y in [0, 70] m (rows 3-9): rows 0-1 stay dry.
  const std::int64_t R = 10, C = 8;
  Grid<float> dem = grid(R, C, 10.0, 0.0f);
  for (std::int64_t c = 0; c < C; ++c) dem(2, c) = kNaN;
  FloodConfig cfg;
  Boundary west;
  west.side = Side::west;
  west.kind = Boundary::Kind::water_level;
  west.level_m = TimeSeries::constant(1.0);
  west.from = 0.0;
  west.to = 70.0;
  cfg.boundaries = {west};
  FloodModel m(dem, uniform_n(0.03), cfg);
  m.advance_to(1800.0);
  const Grid<float> md = m.max_depth();
  for (std::int64_t c = 0; c < C; ++c) {
    EXPECT_EQ(md(0, c), 0.0f);
    EXPECT_EQ(md(1, c), 0.0f);
    EXPECT_GT(md(6, c), 0.9f);
  }
  EXPECT_LT(std::fabs(m.mass_balance().relative_error()), 1e-6);
}

TEST(FloodBoundary, FreeOutflowDrainsAtNormalDepthFlux) {
  // Steady inflow into a flat 1-D channel that ends in a free outflow: the
  // outflow approaches the inflow and the edge depth approaches the Manning
  // normal depth h = (q n / S^(1/2))^(3/5) of the given slope (LISFLOOD-FP FREE).
  const std::int64_t R = 1, C = 40;
  const double d = 10.0, n = 0.03, slope = 0.001, q_in = 2.0;  // m^3/s
  FloodConfig cfg;
  Boundary east;
  east.side = Side::east;
  east.kind = Boundary::Kind::free_outflow;
  east.slope = slope;
  cfg.boundaries = {east};
  Inflow in;
  in.x = 5.0;
  in.y = 5.0;
  in.q_m3s = TimeSeries::constant(q_in);
  cfg.inflows = {in};
  FloodModel m(grid(R, C, d, 0.0f), uniform_n(n), cfg);
  m.advance_to(6.0 * 3600.0);
  const double out0 = m.mass_balance().boundary_out_m3;
  m.advance_to(7.0 * 3600.0);
  const double q_out = (m.mass_balance().boundary_out_m3 - out0) / 3600.0;
  EXPECT_NEAR(q_out, q_in, 0.01 * q_in);
  const double h_normal = std::pow(q_in / d * n / std::sqrt(slope), 3.0 / 5.0);
  EXPECT_NEAR(m.depth()(0, C - 1), h_normal, 0.02 * h_normal);
  // Hours of near-steady flow: without the compensated depth (h_lo) the float
  // depth rounded sub-ulp increments away and this drifted to a few 1e-6.
  EXPECT_LT(std::fabs(m.mass_balance().relative_error()), 1e-6);
}

TEST(FloodInflow, LineInflowIsSplitOverTheCellsItCrosses) {
  const std::int64_t R = 10, C = 10;
  FloodConfig cfg;
  Inflow line;
  // Horizontal line through row 4 (y = 55 m), x from 21 to 68 m: columns 2..6.
  line.line_x = {21.0, 45.0, 68.0};
  line.line_y = {55.0, 55.0, 55.0};
  line.q_m3s = TimeSeries::constant(5.0);
  cfg.inflows = {line};
  FloodModel m(grid(R, C, 10.0, 0.0f), uniform_n(0.03), cfg);
  const double dt = m.step();  // first step: water added, nothing moved yet
  const Grid<float> h = m.depth();
  const float expect = static_cast<float>(5.0 * dt / (5 * 100.0));
  for (std::int64_t c = 0; c < C; ++c)
    for (std::int64_t r = 0; r < R; ++r) {
      const bool on_line = r == 4 && c >= 2 && c <= 6;
      EXPECT_EQ(h(r, c), on_line ? expect : 0.0f) << r << "," << c;
    }
}

TEST(FloodInputs, BadInputsThrowNamedErrors) {
  const auto dem = grid(5, 5, 10.0, 0.0f);
  const Roughness n = uniform_n(0.03);
  EXPECT_THROW(FloodModel(dem, Roughness::per_cell(grid(4, 5, 10.0, 0.03f), "n.tif"), FloodConfig{}),
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
