#include "sim/flood/inflows.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "sim/core/error.hpp"

namespace floodevac::flood {

std::vector<GridCell> line_cells(const std::vector<double>& xs, const std::vector<double>& ys,
                                 const GeoTransform& g, const std::string& what) {
  std::vector<GridCell> cells;
  for (std::size_t s = 0; s + 1 < xs.size() && s + 1 < ys.size(); ++s) {
    const double fx0 = (xs[s] - g.x0) / g.dx, fx1 = (xs[s + 1] - g.x0) / g.dx;
    const double fy0 = (ys[s] - g.y0) / g.dy, fy1 = (ys[s + 1] - g.y0) / g.dy;
    if (!std::isfinite(fx0) || !std::isfinite(fx1) || !std::isfinite(fy0) || !std::isfinite(fy1))
      throw ConfigError(what + ": line coordinates must be finite");
    const double ddx = fx1 - fx0, ddy = fy1 - fy0;
    const std::int64_t sc = ddx > 0 ? 1 : (ddx < 0 ? -1 : 0);
    const std::int64_t sr = ddy > 0 ? 1 : (ddy < 0 ? -1 : 0);
    // The cells the segment passes through: an end that lies exactly on a
    // cell edge belongs to the cell on the segment's side of that edge, not
    // to the one beyond it (a 20 m line from edge to edge on 5 m cells
    // crosses 4 cells, not 5).
    auto first = [](double f, std::int64_t step) {
      const double fl = std::floor(f);
      return static_cast<std::int64_t>(step < 0 && f == fl ? fl - 1.0 : fl);
    };
    auto last = [](double f, std::int64_t step) {
      const double fl = std::floor(f);
      return static_cast<std::int64_t>(step > 0 && f == fl ? fl - 1.0 : fl);
    };
    std::int64_t c = first(fx0, sc);
    std::int64_t r = first(fy0, sr);
    const std::int64_t c1 = last(fx1, sc);
    const std::int64_t r1 = last(fy1, sr);
    const double inf = std::numeric_limits<double>::infinity();
    // Parameter along the segment (0..1) of the next column/row boundary, and its step.
    double tmc = sc > 0 ? (static_cast<double>(c + 1) - fx0) / ddx
                        : (sc < 0 ? (fx0 - static_cast<double>(c)) / -ddx : inf);
    double tmr = sr > 0 ? (static_cast<double>(r + 1) - fy0) / ddy
                        : (sr < 0 ? (fy0 - static_cast<double>(r)) / -ddy : inf);
    const double tdc = sc != 0 ? 1.0 / std::fabs(ddx) : inf;
    const double tdr = sr != 0 ? 1.0 / std::fabs(ddy) : inf;
    const std::int64_t nsteps = std::llabs(c1 - c) + std::llabs(r1 - r);
    for (std::int64_t it = 0;; ++it) {
      cells.push_back({r, c});
      if (it >= nsteps) break;
      if (tmc < tmr) {
        c += sc;
        tmc += tdc;
      } else {
        r += sr;
        tmr += tdr;
      }
    }
  }
  return cells;
}

Inflows::Inflows(std::vector<Inflow> inflows, const FloodState& s,
                 std::vector<std::string>& warnings)
    : inflows_(std::move(inflows)) {
  const GeoTransform& g = s.bed.geo;
  auto in_domain = [&](std::int64_t r, std::int64_t c) {
    return r >= 0 && r < s.rows && c >= 0 && c < s.cols && !s.outside[s.idx(r, c)];
  };
  for (std::size_t q = 0; q < inflows_.size(); ++q) {
    const Inflow& in = inflows_[q];
    const std::string what = "inflows[" + std::to_string(q) + "]" +
                             (in.name.empty() ? std::string() : " '" + in.name + "'");
    in.q_m3s.validate(what + ".q_m3s");
    for (double v : in.q_m3s.value)
      if (!(v >= 0.0) || !std::isfinite(v))
        throw ConfigError(what + ".q_m3s: discharge must be >= 0 m^3/s");
    if (in.line_x.size() != in.line_y.size())
      throw ConfigError(what + ": line_x and line_y differ in length");
    std::vector<std::size_t> cells;
    if (in.line_x.size() >= 2) {
      std::size_t outside_count = 0;
      for (const GridCell& e : line_cells(in.line_x, in.line_y, g, what)) {
        if (in_domain(e.row, e.col))
          cells.push_back(s.idx(e.row, e.col));
        else
          ++outside_count;
      }
      if (outside_count > 0)
        warnings.push_back("flood: " + what +
                           ": parts of the line lie outside the domain and are ignored");
    } else {
      const std::int64_t r = g.row_of(in.y), c = g.col_of(in.x);
      if (in_domain(r, c)) cells.push_back(s.idx(r, c));
    }
    std::sort(cells.begin(), cells.end());
    cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
    if (cells.empty())
      throw ConfigError(what +
                        ": the inflow point/line lies outside the domain (check x/y and the CRS)");
    cells_.push_back(std::move(cells));
  }
  rows_.assign(static_cast<std::size_t>(s.rows), {});
  for (std::size_t q = 0; q < cells_.size(); ++q)
    for (std::size_t cell : cells_[q])
      rows_[cell / static_cast<std::size_t>(s.cols)].emplace_back(cell, q);
}

std::vector<float> Inflows::depths(double t0, double t1, double cell_area) const {
  std::vector<float> dh(inflows_.size(), 0.0f);
  for (std::size_t q = 0; q < inflows_.size(); ++q) {
    const double vol = inflows_[q].q_m3s.integral(t0, t1);
    dh[q] = static_cast<float>(vol / (cell_area * static_cast<double>(cells_[q].size())));
  }
  return dh;
}

}  // namespace floodevac::flood
