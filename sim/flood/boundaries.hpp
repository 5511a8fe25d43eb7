#pragma once
// Open boundaries of the flood model: which edge cells a Boundary covers, the
// faces they open and the discharges through those faces each step.
//  - free_outflow: the momentum equation with a water-surface slope equal to
//    Boundary::slope falling outwards (LISFLOOD-FP user manual, FREE
//    boundary; its steady state is the Manning normal-depth flux
//    q = h^(5/3) S^(1/2) / n); outflow only;
//  - water_level: a ghost cell with water surface level_m and the edge
//    cell's bed, one cell width away; in- and outflow.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/grid.hpp"
#include "sim/flood/flood_config.hpp"
#include "sim/flood/roughness.hpp"
#include "sim/flood/state.hpp"

namespace floodevac::flood {

/// The edge cells a boundary covers, the one rule used by the solver and by
/// the initial sea: the cells of the first/last row (north/south) or column
/// (west/east) whose centre lies within [from, to] (x for north/south, y for
/// west/east; NaN = open end; from > to is read as to..from), whatever their
/// bed (cells outside the domain are left to the caller). Ordered by
/// increasing column (north/south) or row (west/east).
std::vector<GridCell> boundary_edge_cells(const Boundary& b, const Grid<float>& grid);

/// New discharges of the edge faces in one step, m^2/s in the kernels' sign
/// convention (0 where closed): west/east per row, north/south per column.
struct BoundaryDischarges {
  std::vector<float> west, east, north, south;
};

/// Volumes through the open faces in one step, m^3.
struct BoundaryVolumes {
  double in = 0.0;
  double out = 0.0;
};

/// The open faces of the grid edge and their discharges.
class OpenBoundaries {
 public:
  /// Checks each boundary (ConfigError) and opens the faces of the edge cells
  /// it covers that lie inside the domain; the last boundary listed wins
  /// where several cover one face. A boundary covering no cell centre adds
  /// a line to warnings.
  OpenBoundaries(std::vector<Boundary> boundaries, const FloodState& s,
                 std::vector<std::string>& warnings);

  std::size_t face_count() const { return faces_.size(); }

  /// Deepest ghost water over the water_level faces at time t, m (0 if none).
  double ghost_depth_max(double t, const std::vector<float>& z) const;

  /// New (raw) discharges of every open face over a step of dt, boundary
  /// levels at t_mid, from the state before the step (serial, in face order);
  /// stored in discharges(). The sweep scales outflows like interior faces.
  void fluxes(const FloodState& s, const ManningField& n, const FloodParams& p, double dt,
              double t_mid);

  /// Volumes that passed the open faces in a step of dt, from the discharges
  /// the sweep stored in s (serial, in face order).
  BoundaryVolumes volumes(const FloodState& s, double dt) const;

  const BoundaryDischarges& discharges() const { return q_; }

 private:
  struct Face {
    std::size_t cell = 0;  // edge cell
    std::size_t face = 0;  // index into qx (x faces) or qy (y faces)
    bool x_face = true;
    Side side = Side::west;    // which discharge array receives the new value
    std::size_t pos = 0;       // row (west/east) or column (north/south)
    double out_sign = 1.0;     // +1 where a positive stored q leaves the domain
    double length = 0.0;       // face length, m
    double dist = 0.0;         // distance between the cell centre and the ghost centre, m
    std::size_t boundary = 0;  // index into boundaries_
  };
  std::vector<Boundary> boundaries_;
  std::vector<Face> faces_;
  BoundaryDischarges q_;
};

}  // namespace floodevac::flood
