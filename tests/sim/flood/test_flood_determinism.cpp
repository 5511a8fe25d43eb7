// Bitwise identical results for any OpenMP thread count.
#include <gtest/gtest.h>
#include <omp.h>

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
  std::vector<float> h;
  MassBalance mb;
  std::int64_t steps = 0;
  double time = 0.0;
};

// A non-trivial case: uneven valley with a hole outside the domain, variable
// roughness, a tidal water level (west), free outflow (east), uniform and
// gridded rain, infiltration, a point and a line inflow, a wet/dry front
// (lake in the west part) and a breach. 160 x 160 cells so that up to three
// threads get rows (the engine uses one thread per 8192 cells at most).
Snapshot run(int threads) {
  const std::int64_t R = 160, C = 160;
  const double d = 5.0;
  Grid<float> dem = grid(R, C, d, 0.0f), mann = grid(R, C, d, 0.03f), h0 = grid(R, C, d, 0.0f);
  Grid<std::uint8_t> wall = Grid<std::uint8_t>::like(dem, 0);
  for (std::int64_t r = 0; r < R; ++r)
    for (std::int64_t c = 0; c < C; ++c) {
      const double x = static_cast<double>(c), y = static_cast<double>(r);
      float z = static_cast<float>(0.01 * x + 0.3 * std::sin(0.11 * x) * std::cos(0.07 * y) +
                                   0.002 * (y - 80.0) * (y - 80.0) / 80.0);
      if (c == 50) {
        z = 3.0f;  // burned wall
        wall(r, c) = 1;
      }
      dem(r, c) = z;
      if (c < 50) h0(r, c) = std::max(0.0f, 1.0f - z);
      if (r > 100) mann(r, c) = 0.06f;
    }
  for (std::int64_t r = 60; r < 70; ++r)
    for (std::int64_t c = 100; c < 110; ++c) dem(r, c) = kNaN;
  FloodConfig cfg;
  cfg.wall_mask = wall;
  cfg.boundaries = {test::water_level(Side::west, TimeSeries{{0.0, 200.0, 450.0}, {1.0, 1.6, 1.2}}),
                    test::free_outflow(Side::east, 0.005)};
  const Inflow point = test::point_inflow(600.0, 400.0, TimeSeries{{0.0, 300.0}, {5.0, 20.0}});
  Inflow line;
  line.line_x = {300.0, 500.0, 700.0};
  line.line_y = {100.0, 180.0, 120.0};
  line.q_m3s = TimeSeries::constant(4.0);
  cfg.inflows = {point, line};
  cfg.rain.uniform_mm_h = TimeSeries{{0.0, 400.0}, {30.0, 5.0}};
  cfg.rain.frame_t_s = {50.0, 250.0};
  cfg.rain.frames_mm_h = {test::grid_of(R, C, d, [&](auto r, auto) { return 40.0 * r / R; }),
                          test::grid_of(R, C, d, [&](auto, auto c) { return 60.0 * c / C; })};
  cfg.params.infiltration_mm_h = 2.0;
  Breach br;
  br.x = 252.5;
  br.y = 400.0;
  br.start_s = 100.0;
  br.duration_s = 150.0;
  br.final_width_m = 30.0;
  br.final_crest_m = 0.2;
  cfg.breaches = {br};

  omp_set_num_threads(threads);
  FloodModel m(dem, Roughness::per_cell(mann, "mann"), cfg, h0);
  m.advance_to(450.0);  // about 600 steps
  Snapshot s;
  s.grids = {m.depth(),    m.speed(),     m.water_surface(),      m.max_depth(),
             m.max_speed(), m.first_inundation_s(), m.bed()};
  s.h = m.h();
  s.mb = m.mass_balance();
  s.steps = m.steps_taken();
  s.time = m.time_s();
  return s;
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

TEST(FloodDeterminism, BitwiseIdenticalForOneTwoAndThreeThreads) {
  const int saved = omp_get_max_threads();
  const Snapshot one = run(1);
  const Snapshot two = run(2);
  const Snapshot three = run(3);
  omp_set_num_threads(saved);

  // The case is not trivial: water came in, went out, fronts moved.
  EXPECT_GT(one.steps, 100);
  EXPECT_GT(one.mb.boundary_in_m3, 0.0);
  EXPECT_GT(one.mb.boundary_out_m3, 0.0);
  EXPECT_GT(one.mb.rain_m3, 0.0);
  EXPECT_GT(one.mb.losses_m3, 0.0);
  int arrived = 0;
  for (float t : one.grids[5].data) arrived += t > 0.0f ? 1 : 0;
  EXPECT_GT(arrived, 100);
  EXPECT_LT(one.grids[6](80, 50), 3.0f);  // the breach opened
  EXPECT_LT(std::fabs(one.mb.relative_error()), 1e-6);

  const char* names[] = {"depth", "speed", "water_surface", "max_depth", "max_speed",
                         "first_inundation_s", "bed"};
  for (const Snapshot* other : {&two, &three}) {
    for (std::size_t g = 0; g < one.grids.size(); ++g)
      EXPECT_TRUE(same_bits(one.grids[g].data, other->grids[g].data)) << names[g];
    EXPECT_TRUE(same_bits(one.h, other->h));
    EXPECT_EQ(one.steps, other->steps);
    EXPECT_EQ(std::memcmp(&one.time, &other->time, sizeof(double)), 0);
    EXPECT_EQ(std::memcmp(&one.mb, &other->mb, sizeof(MassBalance)), 0);
  }
}

}  // namespace
}  // namespace floodevac::flood
