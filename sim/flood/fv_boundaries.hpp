#pragma once
// Open and closed grid edges of the finite-volume solver: a ghost state
// outside every edge face, and the HLLC flux between it and the edge cell
// (computed serially before each sweep, in face order: deterministic).
//  - closed (and cells outside the domain): mirror of the edge cell, the
//    normal velocity reversed (a wall);
//  - free_outflow: the edge cell's depth, its tangential velocity and an
//    outward normal velocity of at least the Manning normal-depth velocity
//    h^(2/3) S^(1/2) / n for the boundary's slope S, at most the wave celerity
//    sqrt(g h) unless the cell is already faster (zero-gradient where the
//    flow leaves faster; like LISFLOOD-FP's FREE where it is slow); outflow only;
//  - water_level: depth level_m - z of the edge cell (>= 0) at t_mid, the
//    edge cell's velocities (in- and outflow).
// Which face belongs to which boundary: boundary_edge_cells(), the last
// boundary listed wins (as OpenBoundaries).
#include <cstdint>
#include <vector>

#include "sim/flood/boundaries.hpp"
#include "sim/flood/flood_config.hpp"
#include "sim/flood/fv_kernels.hpp"
#include "sim/flood/roughness.hpp"
#include "sim/flood/state.hpp"

namespace floodevac::flood::fv {

/// Face fluxes of the whole grid (see FaceArrays): x faces rows * (cols + 1),
/// y faces (rows + 1) * cols, row-major like FloodState::qx / qy.
struct FaceFields {
  std::vector<float> fh, gl, gr, ft;
  void assign(std::size_t n) {
    fh.assign(n, 0.0f);
    gl.assign(n, 0.0f);
    gr.assign(n, 0.0f);
    ft.assign(n, 0.0f);
  }
  FaceArrays at(std::size_t offset) {
    return {fh.data() + offset, gl.data() + offset, gr.data() + offset, ft.data() + offset};
  }
};

class EdgeFaces {
 public:
  /// The boundaries were checked by OpenBoundaries (same list).
  EdgeFaces(std::vector<Boundary> boundaries, const FloodState& s);

  /// Fluxes of every edge face over a step of dt from the state before it
  /// (boundary levels at t_mid), stored into the edge entries of fx / fy;
  /// returns the volumes in and out.
  BoundaryVolumes fluxes(const FloodState& s, const std::vector<float>& hu,
                         const std::vector<float>& hv, const ManningField& n, const Consts& c,
                         double dt, double t_mid, FaceFields& fx, FaceFields& fy) const;

 private:
  std::vector<Boundary> boundaries_;
  // Per edge position, the boundary covering it (-1: closed).
  std::vector<int> west_, east_, north_, south_;
};

}  // namespace floodevac::flood::fv
