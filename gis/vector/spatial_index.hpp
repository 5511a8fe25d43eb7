#pragma once
// The one spatial index of the vector readers: nearest-point queries on a
// uniform bucket grid, about one point per cell. It snaps shelters, people
// and trip origins to road nodes (snapping.hpp), merges road nodes within the
// merge tolerance and finds line ends near a vertex (road_topology.cpp).
//
// Queries are exact: the nearest kept point within a distance (inclusive),
// ties to the lower id, whatever the cell size; they visit only the rings of
// cells around the query that can hold a closer point (a ring r cells out is
// at least r - 1 cells away).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace floodevac::gis {

class PointIndex {
 public:
  static constexpr std::uint32_t kNone = 0xffffffffu;
  struct Hit {
    std::uint32_t id = kNone;
    double distance = std::numeric_limits<double>::infinity();
  };

  PointIndex() = default;  ///< holds no point
  /// Indexes point i = (x[i], y[i]), with id i, for every i whose
  /// coordinates are finite and (when `allowed` is not empty) allowed[i] != 0.
  /// x, y (and a non-empty `allowed`) must have the same length.
  PointIndex(std::span<const double> x, std::span<const double> y, std::span<const std::uint8_t> allowed = {});

  /// Nearest indexed point within max_distance (inclusive; +inf: unbounded).
  Hit nearest(double x, double y, double max_distance = std::numeric_limits<double>::infinity()) const {
    return nearest(x, y, max_distance, [](std::uint32_t) { return true; });
  }
  /// The same among the points for which keep(id) is true.
  template <class Keep>
  Hit nearest(double x, double y, double max_distance, Keep&& keep) const;

  /// Number of indexed points.
  std::size_t size() const { return ids_.size(); }

 private:
  double x0_ = 0, y0_ = 0, cell_ = 1;
  std::int64_t nx_ = 1, ny_ = 1;
  std::vector<std::uint32_t> cell_first_ = std::vector<std::uint32_t>(2, 0);  // nx*ny+1
  std::vector<std::uint32_t> ids_;  // point ids in cell order, ascending within a cell
  std::vector<double> px_, py_;     // their coordinates
};

template <class Keep>
PointIndex::Hit PointIndex::nearest(double x, double y, double max_d, Keep&& keep) const {
  Hit hit;
  if (ids_.empty() || !std::isfinite(x) || !std::isfinite(y) || !(max_d >= 0)) return hit;
  // Cell of the query (may lie outside the grid); clamp far values so the
  // integer arithmetic below cannot overflow.
  const double lim = 4.0e15;
  const auto cx = static_cast<std::int64_t>(std::clamp(std::floor((x - x0_) / cell_), -lim, lim));
  const auto cy = static_cast<std::int64_t>(std::clamp(std::floor((y - y0_) / cell_), -lim, lim));
  // First ring that touches the grid, last ring that can.
  const std::int64_t r0 = std::max<std::int64_t>({0, -cx, cx - (nx_ - 1), -cy, cy - (ny_ - 1)});
  const std::int64_t rmax = std::max<std::int64_t>({cx, nx_ - 1 - cx, cy, ny_ - 1 - cy});
  double best_d2 = max_d * max_d;
  std::uint32_t best = kNone;
  auto visit_cell = [&](std::int64_t gx, std::int64_t gy) {
    const auto c = static_cast<std::size_t>(gy * nx_ + gx);
    for (std::uint32_t k = cell_first_[c]; k < cell_first_[c + 1]; ++k) {
      const double dx = px_[k] - x, dy = py_[k] - y;
      const double d2 = dx * dx + dy * dy;
      if ((d2 < best_d2 || (d2 == best_d2 && ids_[k] < best)) && keep(ids_[k])) {
        best_d2 = d2;
        best = ids_[k];
      }
    }
  };
  for (std::int64_t r = r0; r <= rmax; ++r) {
    // Every cell of ring r is at least (r-1) cells away from the query.
    const double lower = static_cast<double>(r - 1) * cell_ * (1.0 - 1e-12);  // slack for rounding
    if (r > 0 && lower * lower > best_d2) break;
    const std::int64_t xa = std::max<std::int64_t>(cx - r, 0), xb = std::min<std::int64_t>(cx + r, nx_ - 1);
    const std::int64_t ya = std::max<std::int64_t>(cy - r, 0), yb = std::min<std::int64_t>(cy + r, ny_ - 1);
    if (xa > xb || ya > yb) continue;
    if (cy - r >= 0)
      for (std::int64_t gx = xa; gx <= xb; ++gx) visit_cell(gx, cy - r);
    if (r > 0 && cy + r <= ny_ - 1)
      for (std::int64_t gx = xa; gx <= xb; ++gx) visit_cell(gx, cy + r);
    const std::int64_t ys = std::max(ya, cy - r + 1), ye = std::min(yb, cy + r - 1);
    if (cx - r >= 0)
      for (std::int64_t gy = ys; gy <= ye; ++gy) visit_cell(cx - r, gy);
    if (r > 0 && cx + r <= nx_ - 1)
      for (std::int64_t gy = ys; gy <= ye; ++gy) visit_cell(cx + r, gy);
  }
  if (best != kNone) {
    hit.id = best;
    hit.distance = std::sqrt(best_d2);
  }
  return hit;
}

}  // namespace floodevac::gis
