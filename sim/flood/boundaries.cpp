#include "sim/flood/boundaries.hpp"

#include <cmath>
#include <limits>
#include <utility>

namespace floodevac::flood {

std::vector<EdgeCell> boundary_edge_cells(const Boundary& b, const Grid<float>& grid) {
  double lo = std::isnan(b.from) ? -std::numeric_limits<double>::infinity() : b.from;
  double hi = std::isnan(b.to) ? std::numeric_limits<double>::infinity() : b.to;
  if (lo > hi) std::swap(lo, hi);
  std::vector<EdgeCell> cells;
  if (b.side == Side::north || b.side == Side::south) {
    const std::int64_t r = b.side == Side::north ? 0 : grid.rows - 1;
    for (std::int64_t c = 0; c < grid.cols; ++c) {
      const double x = grid.geo.cell_center_x(c);
      if (x >= lo && x <= hi) cells.push_back({r, c});
    }
  } else {
    const std::int64_t c = b.side == Side::west ? 0 : grid.cols - 1;
    for (std::int64_t r = 0; r < grid.rows; ++r) {
      const double y = grid.geo.cell_center_y(r);
      if (y >= lo && y <= hi) cells.push_back({r, c});
    }
  }
  return cells;
}

}  // namespace floodevac::flood
