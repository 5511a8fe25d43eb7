#pragma once
// The finite-volume shallow-water solver's state and step (flood.solver.scheme:
// fv): the only threaded part of that scheme. Depth, bed, maxima and arrival
// times live in the FloodState shared with the inertial solver; the cell
// discharges and the face fluxes live here, so the inertial path carries
// nothing of this scheme.
#include <cstdint>
#include <vector>

#include "sim/core/grid.hpp"
#include "sim/core/thread_choice.hpp"
#include "sim/flood/boundaries.hpp"
#include "sim/flood/flood_config.hpp"
#include "sim/flood/fv_boundaries.hpp"
#include "sim/flood/fv_kernels.hpp"
#include "sim/flood/inflows.hpp"
#include "sim/flood/mass_balance.hpp"
#include "sim/flood/roughness.hpp"
#include "sim/flood/sources.hpp"
#include "sim/flood/state.hpp"
#include "sim/flood/time_step.hpp"

namespace floodevac::flood {

class FvSolver {
 public:
  /// boundaries: the list OpenBoundaries checked.
  FvSolver(std::vector<Boundary> boundaries, const FloodState& s);

  /// Largest max(|u|, |v|) + sqrt(g h) over the wet cells after the last
  /// step (at t = 0: from the initial state, at rest), m/s.
  double wave_speed_max() const { return speed_max_; }

  /// Advances s over the step w: edge fluxes (serial), then per row (OpenMP,
  /// static row blocks): velocities and surface slopes; all face fluxes;
  /// inflows and the cell update with rain, losses and friction. Each pass
  /// reads only what the pass before wrote, so the result does not depend on
  /// the thread count. rows receives each row's sums; returns the boundary
  /// volumes of the step.
  BoundaryVolumes step(FloodState& s, const ManningField& n, const FloodParams& p,
                       const StepWindow& w, const StepSources& src, const Inflows& inflows,
                       std::vector<RowResult>& rows);

  /// Cell-centred speed |(hu, hv)| / h where h > h_dry_m, else 0; NaN outside.
  Grid<float> speed(const FloodState& s, double h_dry_m) const;
  /// The same speed at one cell (FloodModel::sample).
  float cell_speed(const FloodState& s, std::size_t i, float h_dry) const;

  /// Steps run at each thread count (ThreadChoice: fewer threads when faster now).
  const ThreadChoice& thread_choice() const { return threads_; }

  /// Bytes of the arrays held here.
  double bytes() const;

 private:
  fv::EdgeFaces edges_;
  std::vector<float> hu_, hv_;          // cell discharges, m^2/s (x east, y south)
  std::vector<float> u_, v_, sx_, sy_;  // per step: velocities, surface slopes
  fv::FaceFields fx_, fy_;
  std::vector<float> row_speed_;
  double speed_max_ = 0.0;
  ThreadChoice threads_;
};

}  // namespace floodevac::flood
