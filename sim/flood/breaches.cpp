#include "sim/flood/breaches.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "sim/core/error.hpp"

namespace floodevac::flood {

Breaches::Breaches(std::vector<Breach> breaches, const Grid<std::uint8_t>& wm, const FloodState& s)
    : breaches_(std::move(breaches)) {
  if (breaches_.empty()) return;
  if (wm.rows != s.rows || wm.cols != s.cols ||
      wm.data.size() != static_cast<std::size_t>(s.rows * s.cols))
    throw ConfigError(
        "breaches: config.wall_mask must have the DEM's shape (burn the walls first)");
  const GeoTransform& g = s.bed.geo;
  for (std::size_t b = 0; b < breaches_.size(); ++b) {
    const Breach& br = breaches_[b];
    const std::string what = "breaches[" + std::to_string(b) + "]" +
                             (br.name.empty() ? std::string() : " '" + br.name + "'");
    if (!(br.duration_s >= 0.0)) throw ConfigError(what + ": duration_s must be >= 0");
    if (!(br.final_width_m > 0.0)) throw ConfigError(what + ": final_width_m must be > 0");
    if (!std::isfinite(br.final_crest_m) || !std::isfinite(br.start_s))
      throw ConfigError(what + ": final_crest_m and start_s must be finite");
    Opening op;
    double best = std::numeric_limits<double>::infinity();
    std::size_t best_cell = 0;
    for (std::int64_t r = 0; r < s.rows; ++r)
      for (std::int64_t c = 0; c < s.cols; ++c) {
        const std::size_t i = s.idx(r, c);
        if (wm.data[i] != 1 || s.outside[i]) continue;
        const double d = std::hypot(g.cell_center_x(c) - br.x, g.cell_center_y(r) - br.y);
        if (d < best) {
          best = d;
          best_cell = i;
        }
        if (d <= 0.5 * br.final_width_m) op.cells.push_back(Cell{i, d, s.z[i]});
      }
    const double diag = std::hypot(s.dx, s.dy);
    if (!(best <= std::max(0.5 * br.final_width_m, diag)))
      throw ConfigError(
          what + ": no wall cell (wall_mask == 1) within final_width_m/2 or one cell of (x, y)");
    // The wall cell nearest the point always opens, so breaches narrower than
    // a cell still open (our choice; the opening then widens as specified).
    auto it = std::find_if(op.cells.begin(), op.cells.end(),
                           [&](const Cell& c) { return c.cell == best_cell; });
    if (it == op.cells.end()) {
      op.cells.push_back(Cell{best_cell, best, s.z[best_cell]});
      op.nearest = op.cells.size() - 1;
    } else {
      op.nearest = static_cast<std::size_t>(it - op.cells.begin());
    }
    openings_.push_back(std::move(op));
  }
}

void Breaches::apply(double t, FloodState& s) const {
  for (std::size_t b = 0; b < openings_.size(); ++b) {
    const Breach& br = breaches_[b];
    if (!(t > br.start_s)) continue;
    const double frac =
        br.duration_s > 0.0 ? std::clamp((t - br.start_s) / br.duration_s, 0.0, 1.0) : 1.0;
    const double radius = 0.5 * br.final_width_m * frac;
    const Opening& op = openings_[b];
    for (std::size_t j = 0; j < op.cells.size(); ++j) {
      const Cell& c = op.cells[j];
      if (!(c.dist <= radius) && j != op.nearest) continue;
      // Linear lowering from the crest; never raised; depth h kept (volume conserved).
      const float target =
          static_cast<float>(static_cast<double>(c.crest) + (br.final_crest_m - c.crest) * frac);
      if (target < s.z[c.cell]) {
        s.z[c.cell] = target;
        s.bed.data[c.cell] = target;
      }
    }
  }
}

}  // namespace floodevac::flood
