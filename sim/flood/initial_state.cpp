#include "sim/flood/initial_state.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "sim/flood/boundaries.hpp"

namespace floodevac::flood {

Grid<float> initial_sea_depth(const Grid<float>& bed, const FloodConfig& config) {
  Grid<float> depth = Grid<float>::like(bed, 0.0f);
  for (std::size_t i = 0; i < bed.data.size(); ++i)
    if (std::isnan(bed.data[i])) depth.data[i] = std::numeric_limits<float>::quiet_NaN();
  const std::int64_t R = bed.rows, C = bed.cols;
  std::vector<std::int64_t> stack;
  std::vector<std::uint8_t> seen(bed.data.size());
  for (const auto& b : config.boundaries) {
    if (b.kind != Boundary::Kind::water_level || b.level_m.empty()) continue;
    const double level = b.level_m.at(0.0);
    std::fill(seen.begin(), seen.end(), 0);
    auto push = [&](std::int64_t r, std::int64_t c) {
      const std::size_t i = bed.idx(r, c);
      if (seen[i] || !(bed.data[i] < level)) return;  // NaN compares false: blocks
      seen[i] = 1;
      stack.push_back(static_cast<std::int64_t>(i));
    };
    // Seeds: the edge cells the boundary covers (the solver's rule).
    for (const GridCell& e : boundary_edge_cells(b, bed)) push(e.row, e.col);
    while (!stack.empty()) {
      const std::int64_t i = stack.back();
      stack.pop_back();
      const std::int64_t r = i / C, c = i % C;
      const float d = static_cast<float>(level - bed.data[static_cast<std::size_t>(i)]);
      depth.data[static_cast<std::size_t>(i)] = std::max(depth.data[static_cast<std::size_t>(i)], d);
      if (r > 0) push(r - 1, c);
      if (r + 1 < R) push(r + 1, c);
      if (c > 0) push(r, c - 1);
      if (c + 1 < C) push(r, c + 1);
    }
  }
  return depth;
}

}  // namespace floodevac::flood
