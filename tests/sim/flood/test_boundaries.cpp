// Open boundaries: which edge cells a boundary covers (the rule shared by the
// solver and the initial sea), partial sides, the free outflow.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "sim/flood/boundaries.hpp"
#include "sim/flood/flood_model.hpp"
#include "sim/flood/initial_state.hpp"
#include "tests/sim/flood/flood_test_util.hpp"

namespace floodevac::flood {
namespace {

using test::grid;
using test::kNaN;
using test::uniform_n;

// Rows (west/east) or columns (north/south) of the covered cells, checking
// that they all lie on the boundary's edge.
std::vector<std::int64_t> positions(const Boundary& b, const Grid<float>& g) {
  std::vector<std::int64_t> out;
  for (const GridCell& e : boundary_edge_cells(b, g)) {
    switch (b.side) {
      case Side::north:
        EXPECT_EQ(e.row, 0);
        break;
      case Side::south:
        EXPECT_EQ(e.row, g.rows - 1);
        break;
      case Side::west:
        EXPECT_EQ(e.col, 0);
        break;
      case Side::east:
        EXPECT_EQ(e.col, g.cols - 1);
        break;
    }
    const bool along_x = b.side == Side::north || b.side == Side::south;
    out.push_back(along_x ? e.col : e.row);
  }
  return out;
}

Boundary on(Side side, double from, double to) {
  Boundary b;
  b.side = side;
  b.from = from;
  b.to = to;
  return b;
}

using V = std::vector<std::int64_t>;

TEST(FloodBoundaryCells, WholeSideWhenFromAndToAreNaN) {
  // 4 rows x 6 columns of 10 m; cell (r, c) has centre x = 10c + 5, y = 35 - 10r.
  const Grid<float> g = grid(4, 6, 10.0, 0.0f);
  const double nan = std::nan("");
  EXPECT_EQ(positions(on(Side::north, nan, nan), g), (V{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(positions(on(Side::south, nan, nan), g), (V{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(positions(on(Side::west, nan, nan), g), (V{0, 1, 2, 3}));
  EXPECT_EQ(positions(on(Side::east, nan, nan), g), (V{0, 1, 2, 3}));
}

TEST(FloodBoundaryCells, CellCentresWithinFromToInclusiveInEitherOrder) {
  const Grid<float> g = grid(4, 6, 10.0, 0.0f);
  const double nan = std::nan("");
  // x in [15, 40]: centres 15, 25, 35 (the end on a centre counts).
  EXPECT_EQ(positions(on(Side::north, 15.0, 40.0), g), (V{1, 2, 3}));
  EXPECT_EQ(positions(on(Side::south, 40.0, 15.0), g), (V{1, 2, 3}));
  // y in [0, 20]: centres 15 (row 2) and 5 (row 3).
  EXPECT_EQ(positions(on(Side::west, 0.0, 20.0), g), (V{2, 3}));
  // One open end: y >= 20 is rows 0 and 1.
  EXPECT_EQ(positions(on(Side::east, 20.0, nan), g), (V{0, 1}));
  // Between two centres: no cell.
  EXPECT_TRUE(positions(on(Side::west, 16.0, 24.0), g).empty());
}

TEST(FloodBoundaryCells, InitialSeaSeedsFromTheSameCells) {
  // A sea on rows 0-1 of the west side only; a dry ridge (column 1, bed above
  // the level) keeps the sea from spreading along the edge, so exactly the
  // covered edge cells are wet.
  const std::int64_t R = 6, C = 4;
  Grid<float> bed = grid(R, C, 10.0, -1.0f);
  for (std::int64_t r = 0; r < R; ++r) bed(r, 1) = 5.0f;
  for (std::int64_t r = 0; r < R; ++r) bed(r, 0) = r == 2 ? 5.0f : -1.0f;
  FloodConfig cfg;
  Boundary sea = test::water_level(Side::west, TimeSeries::constant(0.0));
  sea.from = 40.0;  // centres y = 55, 45: rows 0 and 1
  sea.to = 60.0;
  cfg.boundaries = {sea};
  const Grid<float> h0 = initial_sea_depth(bed, cfg);
  const V covered = positions(sea, bed);
  ASSERT_EQ(covered, (V{0, 1}));
  for (std::int64_t r = 0; r < R; ++r) EXPECT_EQ(h0(r, 0), r < 2 ? 1.0f : 0.0f) << "row " << r;
}

TEST(FloodBoundary, FromToRestrictsTheBoundaryToPartOfTheSide) {
  // Rows 0-1 are cut off from rows 3-9 by a row outside the domain; the west
  // water level covers only y in [0, 70] m (rows 3-9): rows 0-1 stay dry.
  const std::int64_t R = 10, C = 8;
  Grid<float> dem = grid(R, C, 10.0, 0.0f);
  for (std::int64_t c = 0; c < C; ++c) dem(2, c) = kNaN;
  FloodConfig cfg;
  Boundary west = test::water_level(Side::west, TimeSeries::constant(1.0));
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
  cfg.boundaries = {test::free_outflow(Side::east, slope)};
  cfg.inflows = {test::point_inflow(5.0, 5.0, TimeSeries::constant(q_in))};
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

}  // namespace
}  // namespace floodevac::flood
