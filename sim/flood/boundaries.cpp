#include "sim/flood/boundaries.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "sim/core/error.hpp"
#include "sim/flood/flood_kernels.hpp"

namespace floodevac::flood {

namespace {

std::string side_name(Side s) {
  switch (s) {
    case Side::north:
      return "north";
    case Side::south:
      return "south";
    case Side::east:
      return "east";
    case Side::west:
      return "west";
  }
  return "?";
}

void check(const Boundary& bd, const std::string& what) {
  if (bd.kind == Boundary::Kind::water_level) {
    if (bd.level_m.empty()) throw ConfigError(what + ": water_level needs a level_m series");
    bd.level_m.validate(what + ".level_m");
    for (double v : bd.level_m.value)
      if (!std::isfinite(v)) throw ConfigError(what + ".level_m: values must be finite");
  }
  if (bd.kind == Boundary::Kind::free_outflow && !(bd.slope > 0.0))
    throw ConfigError(what + ": free_outflow needs slope > 0");
}

}  // namespace

std::vector<GridCell> boundary_edge_cells(const Boundary& b, const Grid<float>& grid) {
  double lo = std::isnan(b.from) ? -std::numeric_limits<double>::infinity() : b.from;
  double hi = std::isnan(b.to) ? std::numeric_limits<double>::infinity() : b.to;
  if (lo > hi) std::swap(lo, hi);
  std::vector<GridCell> cells;
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

OpenBoundaries::OpenBoundaries(std::vector<Boundary> boundaries, const FloodState& s,
                               std::vector<std::string>& warnings)
    : boundaries_(std::move(boundaries)) {
  const std::int64_t rows = s.rows, cols = s.cols;
  // Per edge position, the index of the last boundary covering it (-1: none).
  std::vector<int> west(static_cast<std::size_t>(rows), -1),
      east(static_cast<std::size_t>(rows), -1);
  std::vector<int> north(static_cast<std::size_t>(cols), -1),
      south(static_cast<std::size_t>(cols), -1);
  for (std::size_t b = 0; b < boundaries_.size(); ++b) {
    const Boundary& bd = boundaries_[b];
    const std::string what = "boundaries[" + std::to_string(b) + "]" +
                             (bd.name.empty() ? std::string() : " '" + bd.name + "'");
    check(bd, what);
    const std::vector<GridCell> covered = boundary_edge_cells(bd, s.bed);
    const bool along_x = bd.side == Side::north || bd.side == Side::south;
    std::vector<int>& winner = bd.side == Side::north   ? north
                               : bd.side == Side::south ? south
                               : bd.side == Side::west  ? west
                                                        : east;
    for (const GridCell& e : covered)
      winner[static_cast<std::size_t>(along_x ? e.col : e.row)] = static_cast<int>(b);
    if (covered.empty())
      warnings.push_back("flood: " + what + " on the " + side_name(bd.side) +
                         " side covers no cell centre (check from/to)");
  }
  auto add = [&](int b, std::int64_t r, std::int64_t c, Side side, std::size_t face, double sign) {
    const bool xf = side == Side::west || side == Side::east;
    if (b < 0) return;
    if (boundaries_[static_cast<std::size_t>(b)].kind == Boundary::Kind::closed) return;
    const std::size_t cell = s.idx(r, c);
    if (s.outside[cell]) return;  // the edge cell is a wall
    Face f;
    f.cell = cell;
    f.face = face;
    f.x_face = xf;
    f.side = side;
    f.pos = static_cast<std::size_t>(xf ? r : c);
    f.out_sign = sign;
    f.length = xf ? s.dy : s.dx;
    f.dist = xf ? s.dx : s.dy;
    f.boundary = static_cast<std::size_t>(b);
    faces_.push_back(f);
  };
  const std::size_t cp1 = static_cast<std::size_t>(cols + 1);
  for (std::int64_t r = 0; r < rows; ++r) {
    const std::size_t ru = static_cast<std::size_t>(r);
    add(west[ru], r, 0, Side::west, ru * cp1, -1.0);
    add(east[ru], r, cols - 1, Side::east, ru * cp1 + static_cast<std::size_t>(cols), 1.0);
  }
  for (std::int64_t c = 0; c < cols; ++c) {
    const std::size_t cu = static_cast<std::size_t>(c);
    add(north[cu], 0, c, Side::north, cu, -1.0);
    add(south[cu], rows - 1, c, Side::south, static_cast<std::size_t>(rows * cols) + cu, 1.0);
  }
  q_.west.assign(static_cast<std::size_t>(rows), 0.0f);
  q_.east.assign(static_cast<std::size_t>(rows), 0.0f);
  q_.north.assign(static_cast<std::size_t>(cols), 0.0f);
  q_.south.assign(static_cast<std::size_t>(cols), 0.0f);
}

double OpenBoundaries::ghost_depth_max(double t, const std::vector<float>& z) const {
  double m = 0.0;
  for (const Face& f : faces_) {
    const Boundary& b = boundaries_[f.boundary];
    if (b.kind != Boundary::Kind::water_level) continue;
    m = std::max(m, b.level_m.at(t) - static_cast<double>(z[f.cell]));
  }
  return m;
}

void OpenBoundaries::fluxes(const FloodState& s, const ManningField& n, const FloodParams& p,
                            double dt, double t_mid) {
  // Scalar, serial, in list order: deterministic. Same momentum equation as
  // the interior faces (flood_kernels.cpp), written in the outward-positive frame.
  const double g = p.g;
  const double h_dry = p.h_dry_m;
  for (const Face& f : faces_) {
    const Boundary& b = boundaries_[f.boundary];
    const double q_old = f.out_sign * static_cast<double>(f.x_face ? s.qx[f.face] : s.qy[f.face]);
    const double hi = s.h[f.cell];
    const double zi = s.z[f.cell];
    const double eta = hi + zi;
    double hf = 0.0, grad_out = 0.0;
    if (b.kind == Boundary::Kind::water_level) {
      // Ghost cell outside the edge: water surface level_m, bed = the edge cell's bed.
      const double level = b.level_m.at(t_mid);
      hf = std::max(eta, level) - zi;
      grad_out = (level - eta) / f.dist;
    } else {
      // LISFLOOD-FP FREE: water-surface slope = the given bed slope, falling outwards.
      hf = hi;
      grad_out = -b.slope;
    }
    double q = 0.0;
    if (hf > h_dry) {
      const double nc = n.at(f.cell);
      const double h73 = hf * hf * std::cbrt(hf);  // hflow^(7/3) without pow()
      q = (q_old - g * hf * dt * grad_out) / (1.0 + g * dt * nc * nc * std::fabs(q_old) / h73);
      if (b.kind == Boundary::Kind::free_outflow) q = std::max(q, 0.0);
      // Outflow is scaled with the edge cell's other outgoing faces by the
      // sweep (dry check); inflow comes from an unlimited ghost.
    }
    const float stored = static_cast<float>(f.out_sign * q);
    switch (f.side) {
      case Side::west:
        q_.west[f.pos] = stored;
        break;
      case Side::east:
        q_.east[f.pos] = stored;
        break;
      case Side::north:
        q_.north[f.pos] = stored;
        break;
      case Side::south:
        q_.south[f.pos] = stored;
        break;
    }
  }
}

BoundaryVolumes OpenBoundaries::volumes(const FloodState& s, double dt) const {
  BoundaryVolumes v;
  for (const Face& f : faces_) {
    const float stored = f.x_face ? s.qx[f.face] : s.qy[f.face];
    const double vol = f.out_sign * static_cast<double>(stored) * dt * f.length;
    if (vol > 0.0)
      v.out += vol;
    else
      v.in -= vol;
  }
  return v;
}

}  // namespace floodevac::flood
