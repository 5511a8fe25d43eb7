// Edge faces of the finite-volume solver. See fv_boundaries.hpp.
#include "sim/flood/fv_boundaries.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "sim/flood/flood_kernels.hpp"

namespace floodevac::flood::fv {

EdgeFaces::EdgeFaces(std::vector<Boundary> boundaries, const FloodState& s)
    : boundaries_(std::move(boundaries)),
      west_(static_cast<std::size_t>(s.rows), -1),
      east_(static_cast<std::size_t>(s.rows), -1),
      north_(static_cast<std::size_t>(s.cols), -1),
      south_(static_cast<std::size_t>(s.cols), -1) {
  for (std::size_t b = 0; b < boundaries_.size(); ++b) {
    const Boundary& bd = boundaries_[b];
    if (bd.kind == Boundary::Kind::closed) continue;
    const bool along_x = bd.side == Side::north || bd.side == Side::south;
    std::vector<int>& winner = bd.side == Side::north   ? north_
                               : bd.side == Side::south ? south_
                               : bd.side == Side::west  ? west_
                                                        : east_;
    for (const GridCell& e : boundary_edge_cells(bd, s.bed))
      winner[static_cast<std::size_t>(along_x ? e.col : e.row)] = static_cast<int>(b);
  }
  // A later closed boundary wins over an earlier open one.
  for (std::size_t b = 0; b < boundaries_.size(); ++b) {
    const Boundary& bd = boundaries_[b];
    if (bd.kind != Boundary::Kind::closed) continue;
    const bool along_x = bd.side == Side::north || bd.side == Side::south;
    std::vector<int>& winner = bd.side == Side::north   ? north_
                               : bd.side == Side::south ? south_
                               : bd.side == Side::west  ? west_
                                                        : east_;
    for (const GridCell& e : boundary_edge_cells(bd, s.bed)) {
      int& w = winner[static_cast<std::size_t>(along_x ? e.col : e.row)];
      if (w < static_cast<int>(b)) w = -1;
    }
  }
}

BoundaryVolumes EdgeFaces::fluxes(const FloodState& s, const std::vector<float>& hu,
                                  const std::vector<float>& hv, const ManningField& n,
                                  const Consts& c, double dt, double t_mid, FaceFields& fx,
                                  FaceFields& fy) const {
  BoundaryVolumes vol;
  const std::size_t C = static_cast<std::size_t>(s.cols), R = static_cast<std::size_t>(s.rows);
  // One edge face: the cell, its boundary (-1 closed), the outward sign of
  // the face normal, whether it is an x face, the face index and the length.
  auto one = [&](std::size_t cell, int b, float sign, bool x_face, std::size_t face,
                 double length) {
    FaceFields& ff = x_face ? fx : fy;
    ff.fh[face] = ff.gl[face] = ff.gr[face] = ff.ft[face] = 0.0f;
    if (s.outside[cell]) return;
    const float h = s.h[cell];
    const bool wet = h > c.h_dry;
    const float un = wet ? sign * (x_face ? hu[cell] : hv[cell]) / h : 0.0f;  // outward
    const float ut = wet ? (x_face ? hv[cell] : hu[cell]) / h : 0.0f;
    float hg = h, ug = -un, vg = ut;  // closed: mirror
    if (b >= 0) {
      const Boundary& bd = boundaries_[static_cast<std::size_t>(b)];
      if (bd.kind == Boundary::Kind::free_outflow) {
        const float nc = n.at(cell);
        const float celerity = std::sqrt(c.g * h);
        const float normal = static_cast<float>(std::cbrt(static_cast<double>(h) * h) *
                                                std::sqrt(bd.slope) / nc);
        ug = std::max({un, std::min(normal, celerity), 0.0f});
        hg = h;
      } else {
        hg = static_cast<float>(std::max(0.0, bd.level_m.at(t_mid) - static_cast<double>(s.z[cell])));
        ug = un;
      }
    }
    // Outward frame: the cell on the left, the ghost on the right.
    const FaceFlux f = hllc(h, un, ut, hg, ug, vg, c.g);
    float fh = b >= 0 ? f.h : 0.0f;  // no mass through a wall
    if (b >= 0 && boundaries_[static_cast<std::size_t>(b)].kind == Boundary::Kind::free_outflow)
      fh = std::max(fh, 0.0f);
    const float ft = b >= 0 ? f.qt : 0.0f;
    const float g_cell = f.qn - pressure(h, c.half_g);
    // Stored frame: positive towards +x / south. The normal momentum flux is
    // unchanged by the reversal (both the component and the direction flip).
    ff.fh[face] = sign * fh;
    ff.ft[face] = sign * ft;
    (sign > 0.0f ? ff.gl : ff.gr)[face] = g_cell;
    const double v = static_cast<double>(fh) * dt * length;
    if (v > 0.0)
      vol.out += v;
    else
      vol.in -= v;
  };
  for (std::size_t r = 0; r < R; ++r) {
    one(r * C, west_[r], -1.0f, true, r * (C + 1), s.dy);
    one(r * C + C - 1, east_[r], 1.0f, true, r * (C + 1) + C, s.dy);
  }
  for (std::size_t col = 0; col < C; ++col) {
    one(col, north_[col], -1.0f, false, col, s.dx);
    one((R - 1) * C + col, south_[col], 1.0f, false, R * C + col, s.dx);
  }
  return vol;
}

}  // namespace floodevac::flood::fv
