#include "gis/vector/spatial_index.hpp"

#include <string>

#include "sim/core/error.hpp"

namespace floodevac::gis {

PointIndex::PointIndex(std::span<const double> x, std::span<const double> y, std::span<const std::uint8_t> allowed) {
  if (x.size() != y.size() || (!allowed.empty() && allowed.size() != x.size()))
    throw InvariantError("PointIndex: x, y and allowed differ in length (" + std::to_string(x.size()) + ", " +
                         std::to_string(y.size()) + ", " + std::to_string(allowed.size()) + ")");
  if (x.size() >= kNone) throw InvariantError("PointIndex: more than 4 billion points");
  std::vector<std::uint32_t> use;
  use.reserve(x.size());
  double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!allowed.empty() && !allowed[i]) continue;
    if (!std::isfinite(x[i]) || !std::isfinite(y[i])) continue;
    use.push_back(static_cast<std::uint32_t>(i));
    xmin = std::min(xmin, x[i]);
    xmax = std::max(xmax, x[i]);
    ymin = std::min(ymin, y[i]);
    ymax = std::max(ymax, y[i]);
  }
  if (use.empty()) return;
  // About one point per cell; cells no smaller than 1 m.
  const double w = xmax - xmin, h = ymax - ymin;
  const double area = std::max(w * h, 1.0);
  cell_ = std::max(std::sqrt(area / static_cast<double>(use.size())), 1.0);
  cell_ = std::max(cell_, std::max(w, h) / 65536.0);  // at most 2^16 cells per side
  x0_ = xmin;
  y0_ = ymin;
  nx_ = static_cast<std::int64_t>(std::floor(w / cell_)) + 1;
  ny_ = static_cast<std::int64_t>(std::floor(h / cell_)) + 1;
  // Buckets: points counted per cell, then placed (CSR), ascending id within a cell.
  const std::size_t ncell = static_cast<std::size_t>(nx_ * ny_);
  std::vector<std::uint32_t> cell_of(use.size());
  cell_first_.assign(ncell + 1, 0);
  for (std::size_t i = 0; i < use.size(); ++i) {
    const auto cx = std::min<std::int64_t>(nx_ - 1, static_cast<std::int64_t>((x[use[i]] - x0_) / cell_));
    const auto cy = std::min<std::int64_t>(ny_ - 1, static_cast<std::int64_t>((y[use[i]] - y0_) / cell_));
    cell_of[i] = static_cast<std::uint32_t>(cy * nx_ + cx);
    ++cell_first_[cell_of[i] + 1];
  }
  for (std::size_t c = 1; c < cell_first_.size(); ++c) cell_first_[c] += cell_first_[c - 1];
  ids_.resize(use.size());
  px_.resize(use.size());
  py_.resize(use.size());
  std::vector<std::uint32_t> fill(cell_first_.begin(), cell_first_.end() - 1);
  for (std::size_t i = 0; i < use.size(); ++i) {
    const auto k = fill[cell_of[i]]++;
    ids_[k] = use[i];
    px_[k] = x[use[i]];
    py_[k] = y[use[i]];
  }
}

}  // namespace floodevac::gis
