// Point and line inflows: the cells they feed.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/flood/flood_model.hpp"
#include "sim/flood/inflows.hpp"
#include "tests/sim/flood/flood_test_util.hpp"

namespace floodevac::flood {
namespace {

using test::grid;
using test::uniform_n;

TEST(FloodInflow, LineTraversalVisitsEveryCellTheSegmentsCross) {
  // 10 m cells, north edge at y = 100: fractional (col, row) = (x / 10, (100 - y) / 10).
  const GeoTransform g = test::geo(10, 10.0);
  // (0.5, 0.5) -> (2.8, 2.2): crosses column 1 in row 0, row 1 in column 1,
  // column 2 in row 1, row 2 in column 2.
  using Cells = std::vector<GridCell>;
  EXPECT_EQ(line_cells({5.0, 28.0}, {95.0, 78.0}, g, "l"),
            (Cells{{0, 0}, {0, 1}, {1, 1}, {1, 2}, {2, 2}}));
  // Two segments: the joint cell comes twice; cells off the grid are kept.
  EXPECT_EQ(line_cells({-15.0, 5.0, 5.0}, {95.0, 95.0, 85.0}, g, "l"),
            (Cells{{0, -2}, {0, -1}, {0, 0}, {0, 0}, {1, 0}}));
  EXPECT_THROW(line_cells({0.0, std::nan("")}, {0.0, 1.0}, g, "l"), ConfigError);
}

TEST(FloodInflow, LineEndsOnCellEdgesFeedOnlyTheCellsCrossed) {
  // 5 m cells, north edge at y = 50: a 20 m line from x = 10 to 30 m (both
  // ends on column edges) at y = 32.5 (row 3) crosses columns 2..5, in
  // either direction; a vertical one from y = 40 to 20 crosses rows 2..5.
  const GeoTransform g = test::geo(10, 5.0);
  using Cells = std::vector<GridCell>;
  EXPECT_EQ(line_cells({10.0, 30.0}, {32.5, 32.5}, g, "l"),
            (Cells{{3, 2}, {3, 3}, {3, 4}, {3, 5}}));
  EXPECT_EQ(line_cells({30.0, 10.0}, {32.5, 32.5}, g, "l"),
            (Cells{{3, 5}, {3, 4}, {3, 3}, {3, 2}}));
  EXPECT_EQ(line_cells({12.5, 12.5}, {40.0, 20.0}, g, "l"),
            (Cells{{2, 2}, {3, 2}, {4, 2}, {5, 2}}));
  EXPECT_EQ(line_cells({12.5, 12.5}, {20.0, 40.0}, g, "l"),
            (Cells{{5, 2}, {4, 2}, {3, 2}, {2, 2}}));
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

}  // namespace
}  // namespace floodevac::flood
