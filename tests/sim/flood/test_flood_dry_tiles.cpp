// Dry tiles (sim/flood/dry_tiles.hpp): skipping tiles with no water and no
// wet neighbour gives bitwise the state of the full sweep, at 1 and 2 threads.
#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <cstring>
#include <utility>
#include <vector>

#include "sim/flood/flood_model.hpp"
#include "tests/sim/flood/flood_test_util.hpp"

namespace floodevac::flood {
namespace {

using test::grid;
using test::kNaN;

struct Snapshot {
  std::vector<std::vector<float>> arrays;
  MassBalance mb;
  SolverDiagnostics diag;
  std::int64_t steps = 0;
};

// 80 x 330 cells of 10 m on a slope down to the north-west (tiles of 64:
// the last tile row is 16 cells high, the last tile column 10 wide): a lake
// in the north-west corner and a pond in the south-east one (the middle
// tiles stay dry: rows with two active runs), a tidal level on part of the
// north edge, a free outflow on part of the west edge,
// a point and a line inflow far from the water, variable roughness, a hole
// outside the domain, infiltration, a drizzle below the infiltration rate
// (skipped tiles book it without visiting) and a short heavy shower above it
// (every tile visited; infiltration takes it away again and the tiles go dry).
Snapshot run(int threads, bool skip) {
  const std::int64_t R = 80, C = 330;
  const double d = 10.0;
  Grid<float> dem = grid(R, C, d, 0.0f), mann = grid(R, C, d, 0.03f), h0 = grid(R, C, d, 0.0f);
  for (std::int64_t r = 0; r < R; ++r)
    for (std::int64_t c = 0; c < C; ++c) {
      const double x = static_cast<double>(c), y = static_cast<double>(r);
      float z =
          static_cast<float>(0.02 * x + 0.01 * y + 0.1 * std::sin(0.13 * x) * std::cos(0.05 * y));
      dem(r, c) = z;
      if (r < 40 && c < 50) h0(r, c) = std::max(0.0f, 0.8f - z);
      if (r >= 66 && c >= 322) {  // a pit holding a pond
        z -= 1.0f;
        dem(r, c) = z;
        h0(r, c) = 0.3f;
      }
      if (c > 250) mann(r, c) = 0.06f;
    }
  for (std::int64_t r = 50; r < 60; ++r)
    for (std::int64_t c = 200; c < 220; ++c) dem(r, c) = kNaN;
  FloodConfig cfg;
  Boundary tide = test::water_level(Side::north, TimeSeries{{0.0, 100.0, 150.0}, {0.5, 1.0, 0.8}});
  tide.from = 0.0;
  tide.to = 400.0;
  Boundary out = test::free_outflow(Side::west, 0.01);
  out.from = 300.0;
  out.to = 800.0;
  cfg.boundaries = {tide, out};
  const Inflow point = test::point_inflow(300.0, 600.0, TimeSeries{{0.0, 300.0}, {3.0, 10.0}});
  Inflow line;
  line.line_x = {400.0, 500.0};
  line.line_y = {700.0, 750.0};
  line.q_m3s = TimeSeries{{0.0, 100.0, 101.0}, {0.0, 0.0, 6.0}};
  cfg.inflows = {point, line};
  cfg.rain.uniform_mm_h = TimeSeries{{0.0, 100.0, 101.0, 115.0, 116.0, 120.0, 121.0, 125.0, 126.0},
                                     {0.0, 0.0, 20.0, 20.0, 0.0, 0.0, 400.0, 400.0, 0.0}};
  cfg.params.infiltration_mm_h = 200.0;
  cfg.params.skip_dry_tiles = skip;

  omp_set_num_threads(threads);
  FloodModel m(dem, Roughness::per_cell(mann, "mann"), cfg, h0);
  m.advance_to(150.0);
  Snapshot s;
  s.arrays = {m.h(),
              m.qx(),
              m.qy(),
              m.max_depth().data,
              m.max_speed().data,
              m.first_inundation_s().data,
              m.speed().data};
  s.mb = m.mass_balance();
  s.diag = m.diagnostics();
  s.steps = m.steps_taken();
  return s;
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

TEST(FloodDryTiles, SkippingDryTilesGivesBitwiseTheFullSweep) {
  const int saved = omp_get_max_threads();
  const Snapshot full = run(1, false);
  const Snapshot skip1 = run(1, true);
  const Snapshot skip2 = run(2, true);
  omp_set_num_threads(saved);

  // Not trivial: water came in from every source and the shower fell.
  EXPECT_GT(full.mb.boundary_in_m3, 0.0);
  EXPECT_GT(full.mb.inflow_m3, 0.0);
  EXPECT_GT(full.mb.rain_m3, 0.0);
  EXPECT_GT(full.mb.losses_m3, 0.0);
  // Dry tiles were skipped: 4 of the 12 tiles (the middle ones) stay dry,
  // except while the shower falls.
  const double all = static_cast<double>(full.steps) * 80.0 * 330.0;
  EXPECT_EQ(static_cast<double>(full.diag.visited_cell_steps), all);
  EXPECT_LT(static_cast<double>(skip1.diag.visited_cell_steps), 0.75 * all);
  EXPECT_GT(full.mb.boundary_out_m3, 0.0);

  const char* names[] = {"h", "qx", "qy", "max_depth", "max_speed", "first_inundation_s", "speed"};
  for (const Snapshot* other : {&skip1, &skip2}) {
    for (std::size_t g = 0; g < full.arrays.size(); ++g)
      EXPECT_TRUE(same_bits(full.arrays[g], other->arrays[g])) << names[g];
    EXPECT_EQ(full.steps, other->steps);
    EXPECT_EQ(std::memcmp(&full.mb, &other->mb, sizeof(MassBalance)), 0);
    EXPECT_EQ(full.diag.fast_flow_faces, other->diag.fast_flow_faces);
    EXPECT_EQ(full.diag.scaled_cells, other->diag.scaled_cells);
  }
  EXPECT_EQ(skip1.diag.visited_cell_steps, skip2.diag.visited_cell_steps);
}

// A front crossing tile corners diagonally: a point inflow on a flat plain
// next to the corner where four tiles meet (the diagonal tile is reached
// only through the tiles beside it).
TEST(FloodDryTiles, DiagonalFrontAcrossTileCornersIsBitwiseTheFullSweep) {
  auto run_plain = [](bool skip) {
    FloodConfig cfg;
    cfg.params.skip_dry_tiles = skip;
    // Cell (61, 61) of 150 x 150 cells of 10 m: centre x = 615, y = 885.
    cfg.inflows = {test::point_inflow(615.0, 885.0, TimeSeries::constant(20.0))};
    FloodModel m(grid(150, 150, 10.0, 0.0f), test::uniform_n(0.05), std::move(cfg));
    m.advance_to(1200.0);
    return std::pair{std::vector<std::vector<float>>{m.h(), m.qx(), m.qy(), m.max_depth().data,
                                                     m.first_inundation_s().data},
                     m.diagnostics().visited_cell_steps};
  };
  const int saved = omp_get_max_threads();
  omp_set_num_threads(1);
  const auto full = run_plain(false);
  const auto skip = run_plain(true);
  omp_set_num_threads(saved);
  EXPECT_LT(skip.second, full.second);
  EXPECT_GT(full.first[0][static_cast<std::size_t>(70 * 150 + 70)], 0.0f);  // reached tile (1, 1)
  for (std::size_t g = 0; g < full.first.size(); ++g)
    EXPECT_TRUE(same_bits(full.first[g], skip.first[g])) << g;
}

}  // namespace
}  // namespace floodevac::flood
