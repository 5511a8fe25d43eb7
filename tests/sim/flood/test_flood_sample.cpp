// FloodModel::sample gives exactly what depth() and speed() give at the cells
// asked for (NaN outside the domain), and cells_at_least counts what a pass
// over depth() counts: the coupling reads a few cells instead of whole grids.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "sim/flood/flood_model.hpp"
#include "tests/sim/flood/flood_test_util.hpp"

namespace floodevac::flood {
namespace {

TEST(FloodSample, SameValuesAsTheWholeGridsAtTheCellsAsked) {
  const std::int64_t R = 24, C = 30;
  Grid<float> bed = test::grid_of(R, C, 10.0, [](std::int64_t r, std::int64_t c) {
    return 0.02f * static_cast<float>(c) + 0.01f * static_cast<float>(r);
  });
  bed(3, 4) = test::kNaN;  // a cell outside the domain
  FloodConfig cfg;
  cfg.inflows.push_back(test::point_inflow(55.0, 125.0, TimeSeries{{0.0}, {2.0}}));
  FloodModel m(bed, test::uniform_n(0.03), cfg);
  m.advance_to(300.0);
  const Grid<float> d = m.depth(), v = m.speed();
  std::vector<std::uint32_t> cells;
  for (std::uint32_t i = 0; i < static_cast<std::uint32_t>(R * C); i += 7) cells.push_back(i);
  cells.push_back(static_cast<std::uint32_t>(3 * C + 4));
  std::vector<float> ds(cells.size()), vs(cells.size());
  m.sample(cells, ds.data(), vs.data());
  int wet = 0;
  for (std::size_t k = 0; k < cells.size(); ++k) {
    EXPECT_EQ(0, std::memcmp(&ds[k], &d.data[cells[k]], sizeof(float))) << cells[k];
    EXPECT_EQ(0, std::memcmp(&vs[k], &v.data[cells[k]], sizeof(float))) << cells[k];
    wet += ds[k] > 0.0f ? 1 : 0;
  }
  EXPECT_GT(wet, 0);  // the test looks at water, not only at dry land
  EXPECT_TRUE(std::isnan(ds.back()));
  for (float thr : {0.0f, 0.001f, 0.05f}) {
    std::int64_t n = 0;
    for (float h : d.data) n += (h >= thr) ? 1 : 0;
    EXPECT_EQ(m.cells_at_least(thr), n) << thr;
  }
}

}  // namespace
}  // namespace floodevac::flood
