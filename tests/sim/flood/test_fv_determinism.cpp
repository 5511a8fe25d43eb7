// The finite-volume scheme: bitwise identical results for any OpenMP thread
// count, and its mass balance with every kind of forcing.
#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "sim/flood/flood_model.hpp"
#include "tests/sim/flood/flood_test_util.hpp"

namespace floodevac::flood {
namespace {

using test::grid;
using test::kNaN;

struct Snapshot {
  std::vector<Grid<float>> grids;
  MassBalance mb;
  std::int64_t steps = 0;
};

// Steep valley (3 % down to the east, side slopes, bumps) with a hole outside
// the domain, variable roughness, a tidal level (west), free outflow (east),
// uniform and gridded rain, infiltration, a point and a line inflow, a lake
// behind a burned wall (wet/dry fronts) and a breach in it. 150 x 150 cells:
// two threads get rows (one thread per 8192 cells at most).
Snapshot run(int threads) {
  const std::int64_t R = 150, C = 150;
  const double d = 5.0;
  Grid<float> dem = grid(R, C, d, 0.0f), mann = grid(R, C, d, 0.03f), h0 = grid(R, C, d, 0.0f);
  Grid<std::uint8_t> wall = Grid<std::uint8_t>::like(dem, 0);
  for (std::int64_t r = 0; r < R; ++r)
    for (std::int64_t c = 0; c < C; ++c) {
      const double x = static_cast<double>(c), y = static_cast<double>(r);
      float z = static_cast<float>(0.03 * d * (C - x) + 0.4 * std::sin(0.13 * x) * std::cos(0.09 * y) +
                                   0.01 * (y - 75.0) * (y - 75.0) / 10.0);
      if (c == 40) {
        z += 2.0f;  // burned wall
        wall(r, c) = 1;
      }
      dem(r, c) = z;
      if (c < 40) h0(r, c) = std::max(0.0f, static_cast<float>(0.03 * d * (C - 40) + 1.0) - z);
      if (r > 100) mann(r, c) = 0.06f;
    }
  for (std::int64_t r = 60; r < 70; ++r)
    for (std::int64_t c = 90; c < 100; ++c) dem(r, c) = kNaN;
  FloodConfig cfg;
  cfg.params.scheme = Scheme::fv;
  cfg.wall_mask = wall;
  const float west_bed = dem(75, 0);
  cfg.boundaries = {test::water_level(Side::west, TimeSeries{{0.0, 120.0}, {west_bed + 0.5, west_bed + 1.5}}),
                    test::free_outflow(Side::east, 0.03)};
  const Inflow point = test::point_inflow(500.0, 400.0, TimeSeries{{0.0, 300.0}, {5.0, 20.0}});
  Inflow line;
  line.line_x = {300.0, 500.0, 700.0};
  line.line_y = {100.0, 180.0, 120.0};
  line.q_m3s = TimeSeries::constant(4.0);
  cfg.inflows = {point, line};
  cfg.rain.uniform_mm_h = TimeSeries{{0.0, 300.0}, {60.0, 10.0}};
  cfg.rain.frame_t_s = {50.0, 200.0};
  cfg.rain.frames_mm_h = {test::grid_of(R, C, d, [&](auto r, auto) { return 40.0 * r / R; }),
                          test::grid_of(R, C, d, [&](auto, auto c) { return 60.0 * c / C; })};
  cfg.params.infiltration_mm_h = 2.0;
  Breach br;
  br.x = 202.5;
  br.y = 375.0;
  br.start_s = 60.0;
  br.duration_s = 120.0;
  br.final_width_m = 30.0;
  br.final_crest_m = dem(75, 41);
  cfg.breaches = {br};

  omp_set_num_threads(threads);
  FloodModel m(dem, Roughness::per_cell(mann, "mann"), cfg, h0);
  m.advance_to(120.0);
  Snapshot s;
  s.grids = {m.depth(),     m.speed(), m.water_surface(), m.max_depth(),
             m.max_speed(), m.first_inundation_s(), m.bed()};
  s.mb = m.mass_balance();
  s.steps = m.steps_taken();
  return s;
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

TEST(FvDeterminism, BitwiseIdenticalForOneAndTwoThreadsAndMassConserved) {
  const int saved = omp_get_max_threads();
  const Snapshot one = run(1);
  const Snapshot two = run(2);
  omp_set_num_threads(saved);

  // The case is not trivial: water came in, went out, fronts moved, the breach opened.
  EXPECT_GT(one.steps, 100);
  EXPECT_GT(one.mb.boundary_in_m3, 0.0);
  EXPECT_GT(one.mb.boundary_out_m3, 0.0);
  EXPECT_GT(one.mb.rain_m3, 0.0);
  EXPECT_GT(one.mb.inflow_m3, 0.0);
  EXPECT_GT(one.mb.losses_m3, 0.0);
  EXPECT_GT(test::max_abs(one.grids[4]), 1.0);  // fast water somewhere
  int arrived = 0;
  for (float t : one.grids[5].data) arrived += t > 0.0f ? 1 : 0;
  EXPECT_GT(arrived, 100);
  EXPECT_LT(one.grids[6](75, 40), one.grids[6](10, 40));  // the breach opened
  // Mass: storage change = sources - sinks, to float rounding.
  RecordProperty("mass_relative_error", std::to_string(one.mb.relative_error()));
  RecordProperty("steps", std::to_string(one.steps));
  EXPECT_LT(std::fabs(one.mb.relative_error()), 1e-6);

  const char* names[] = {"depth", "speed", "water_surface", "max_depth", "max_speed",
                         "first_inundation_s", "bed"};
  for (std::size_t g = 0; g < one.grids.size(); ++g)
    EXPECT_TRUE(same_bits(one.grids[g].data, two.grids[g].data)) << names[g];
  EXPECT_EQ(one.steps, two.steps);
  EXPECT_EQ(std::memcmp(&one.mb, &two.mb, sizeof(MassBalance)), 0);
}

}  // namespace
}  // namespace floodevac::flood
