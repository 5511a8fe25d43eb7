// Which edge cells a boundary covers (the rule shared by the solver and the
// initial sea).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "sim/flood/boundaries.hpp"
#include "sim/flood/initial_state.hpp"
#include "tests/sim/flood/flood_test_util.hpp"

namespace floodevac::flood {
namespace {

// Rows (west/east) or columns (north/south) of the covered cells, checking
// that they all lie on the boundary's edge.
std::vector<std::int64_t> positions(const Boundary& b, const Grid<float>& g) {
  std::vector<std::int64_t> out;
  for (const GridCell& e : boundary_edge_cells(b, g)) {
    switch (b.side) {
      case Side::north: EXPECT_EQ(e.row, 0); break;
      case Side::south: EXPECT_EQ(e.row, g.rows - 1); break;
      case Side::west: EXPECT_EQ(e.col, 0); break;
      case Side::east: EXPECT_EQ(e.col, g.cols - 1); break;
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
  const Grid<float> g = test::grid(4, 6, 10.0, 0.0f);
  const double nan = std::nan("");
  EXPECT_EQ(positions(on(Side::north, nan, nan), g), (V{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(positions(on(Side::south, nan, nan), g), (V{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(positions(on(Side::west, nan, nan), g), (V{0, 1, 2, 3}));
  EXPECT_EQ(positions(on(Side::east, nan, nan), g), (V{0, 1, 2, 3}));
}

TEST(FloodBoundaryCells, CellCentresWithinFromToInclusiveInEitherOrder) {
  const Grid<float> g = test::grid(4, 6, 10.0, 0.0f);
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
  Grid<float> bed = test::grid(R, C, 10.0, -1.0f);
  for (std::int64_t r = 0; r < R; ++r) bed(r, 1) = 5.0f;
  for (std::int64_t r = 0; r < R; ++r) bed(r, 0) = r == 2 ? 5.0f : -1.0f;
  FloodConfig cfg;
  Boundary sea = on(Side::west, 40.0, 60.0);  // centres y = 55, 45: rows 0 and 1
  sea.kind = Boundary::Kind::water_level;
  sea.level_m = TimeSeries::constant(0.0);
  cfg.boundaries = {sea};
  const Grid<float> h0 = initial_sea_depth(bed, cfg);
  const V covered = positions(sea, bed);
  ASSERT_EQ(covered, (V{0, 1}));
  for (std::int64_t r = 0; r < R; ++r) EXPECT_EQ(h0(r, 0), r < 2 ? 1.0f : 0.0f) << "row " << r;
}

}  // namespace
}  // namespace floodevac::flood
