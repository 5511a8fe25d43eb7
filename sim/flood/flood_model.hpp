#pragma once
// Local inertial raster flood model (Bates et al. 2010; de Almeida et al. 2012,
// theta weighting) on a regular north-up grid; with FloodParams::scheme = fv
// the finite-volume shallow-water solver instead (fv_kernels.hpp, fv_sweep.hpp:
// HLLC, hydrostatic reconstruction; cell discharges instead of face
// discharges; dt = cfl_alpha min(dx, dy) / (max(|u|, |v|) + sqrt(g h)); the
// same forcing, breaches, outputs, mass balance and determinism; free_outflow
// and water_level as ghost cells, see fv_boundaries.hpp).
//
// State is struct-of-arrays float32 (h, h_lo, qx, qy, z); the depth is h + h_lo
// (h_lo: the TwoSum residual of each update, so sub-ulp increments are kept);
// volumes are accumulated in double. Results are bitwise identical for any
// OpenMP thread count.
//
// Conventions (each in the file of its step, see flood_model.cpp):
//  - one fused sweep per step over rows (sweep.cpp: OpenMP, static row
//    blocks; grids under 8192 cells per thread use fewer threads);
//    discharges in place;
//  - dt = cfl_alpha * min(dx, dy) / (u_max + sqrt(g * h_max)) (h_max includes
//    the ghost depths of water_level boundaries; u_max only with dt_speed),
//    capped by max_dt_s and t_end (time_step.cpp);
//  - no depth goes negative: where a cell's outgoing faces would take more
//    than kDryCheckShare (0.99999) of its water in a step, all its outgoing
//    discharges are scaled down by one factor (LISFLOOD-FP's DryCheck idea,
//    a separate deterministic pass; each face uses its donor's factor, the
//    scaled discharge is used by both cells, so volume is conserved); losses
//    remove at most the water present;
//  - fast flow down the bed (Fr > inertia_froude, default 0.6) has its
//    momentum inertia reduced by Fr^2/Fr_c^2 (steady state unchanged); the
//    faces touched are counted in diagnostics() (kernels);
//  - dt = cfl_alpha min(dx, dy) / (u_max + sqrt(g h_max)) with dt_speed
//    (default), u_max the fastest cell after the last step;
//  - forcing over a step [t, t+dt]: rain and inflow volumes are the exact
//    integrals of their series; boundary levels are taken at t + dt/2;
//    gridded rain frame k holds from frame_t_s[k] to frame_t_s[k+1], the
//    last frame is held (end a rain sequence with an all-zero frame); NaN in
//    a frame means no rain (rain.cpp, inflows.cpp);
//  - free_outflow: the momentum equation with a water-surface slope equal to
//    Boundary::slope falling outwards (LISFLOOD-FP FREE); outflow only;
//  - water_level: ghost cell with water surface level_m and the edge cell's
//    bed, one cell width away; in- and outflow; a boundary covers the edge
//    cells whose centre lies within [from, to] (boundaries.cpp);
//  - breaches: wall cells (wall_mask == 1) within the current opening
//    radius (final_width_m/2 times the opening fraction) of (x, y) follow the
//    linear lowering; the wall cell nearest (x, y) opens from the start; beds
//    are never raised; depth is kept when the bed drops (breaches.cpp);
//  - Manning's n: uniform or per cell, finite, > 0 and <= 1 s/m^(1/3) inside
//    the domain (roughness.cpp);
//  - speed: |(qx_w + qx_e)/2, (qy_n + qy_s)/2| / h where h > h_dry_m, else 0;
//  - water_surface(): bed + depth (equals the bed where dry);
//  - the mass balance counts what the float state really received (rain,
//    inflow) and lost (losses); storage is summed per row in double, rows
//    added in order, including h_lo (mass_balance.cpp). The remaining
//    relative error comes from the clamp at zero depth and the float flux
//    divergence (about 1e-12 to 1e-10 in our runs).
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "sim/core/grid.hpp"
#include "sim/core/log.hpp"
#include "sim/flood/flood_config.hpp"
#include "sim/flood/roughness.hpp"

namespace floodevac::flood {

/// Volumes in m^3 since the start of the run (and storage now).
struct MassBalance {
  double time_s = 0.0;
  double initial_storage_m3 = 0.0;
  double storage_m3 = 0.0;       // water on the grid now
  double rain_m3 = 0.0;          // added by rain
  double inflow_m3 = 0.0;        // added by point/line inflows
  double boundary_in_m3 = 0.0;   // entered through boundaries
  double boundary_out_m3 = 0.0;  // left through boundaries
  double losses_m3 = 0.0;        // infiltration + drainage
  /// (storage - initial - (rain + inflow + boundary_in - boundary_out - losses)) / max(scale, 1 m^3),
  /// scale = initial + rain + inflow + boundary_in.
  double relative_error() const;
};

/// Counts of the solver's safeguards since the start of the run (summed over
/// steps: a face limited in 10 steps counts 10).
struct SolverDiagnostics {
  std::int64_t fast_flow_faces = 0;  // faces whose inertia was reduced (Fr > inertia_froude, flow
                                     // down the bed)
  std::int64_t scaled_cells = 0;          // cells whose outgoing fluxes the dry check scaled
  std::int64_t visited_cell_steps = 0;    // cells in the tiles the sweep visited, summed over steps
                                          // (inertial scheme; dry tiles are skipped)
  std::vector<std::int64_t> steps_by_threads;  // steps run on [i] threads (ThreadChoice)
};

class FloodModel {
 public:
  /// dem: bed elevation in metres, NaN outside the domain (treated as a wall).
  /// roughness: Manning's n, uniform or per cell (checked by Roughness::validate).
  /// initial_depth: optional (empty = dry), metres.
  FloodModel(Grid<float> dem, Roughness roughness, FloodConfig config,
             Grid<float> initial_depth = {});

  /// Advance the model to absolute time t_end_s with adaptive steps
  /// (never stepping past t_end_s). Returns the number of steps taken.
  /// `progress` is asked after every step; false stops early (time_s() is
  /// then below t_end_s), as a cancelled run needs within one step.
  std::int64_t advance_to(double t_end_s, const Progress& progress = {});

  /// One adaptive time step; returns dt used in s.
  double step();

  double time_s() const;
  std::int64_t steps_taken() const;
  const MassBalance& mass_balance() const;
  const SolverDiagnostics& diagnostics() const;

  // Current fields (DEM shape, NaN outside the domain).
  Grid<float> depth() const;            // m
  /// depth() and speed() at the given row-major cells only, into depth_m[k] and
  /// speed_mps[k] (same values, NaN outside): O(cells given) for a coupling that
  /// reads a few cells of a large grid.
  void sample(std::span<const std::uint32_t> cells, float* depth_m, float* speed_mps) const;
  /// Cells inside the domain with depth >= threshold_m (one pass over the depths).
  std::int64_t cells_at_least(float threshold_m) const;
  Grid<float> speed() const;            // m/s, cell-centred magnitude
  Grid<float> water_surface() const;    // m
  // Running maxima and arrival time since t = 0.
  Grid<float> max_depth() const;        // m
  Grid<float> max_speed() const;        // m/s
  Grid<float> first_inundation_s() const;  // s; NaN where never above the threshold
  /// Bed elevation currently in use (after breaches), m.
  const Grid<float>& bed() const;

  /// Raw views for couplers (size rows*cols, row-major): depth in m
  /// (0, not NaN, outside the domain).
  const std::vector<float>& h() const;
  /// Face discharges of the inertial scheme, m^2/s (layout in flood_kernels.hpp).
  const std::vector<float>& qx() const;
  const std::vector<float>& qy() const;

  void set_logger(Logger logger);

  ~FloodModel();
  FloodModel(FloodModel&&) noexcept;
  FloodModel& operator=(FloodModel&&) noexcept;
  FloodModel(const FloodModel&) = delete;
  FloodModel& operator=(const FloodModel&) = delete;

  /// Bytes of state the engine keeps per cell (all its arrays / cells), for benchmarks.
  double state_bytes_per_cell() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace floodevac::flood
