#pragma once
// Local inertial raster flood model (Bates et al. 2010; de Almeida et al. 2012,
// theta weighting) on a regular north-up grid.
//
// State is struct-of-arrays float32 (h, qx, qy, z); volumes are accumulated in
// double. Results are bitwise identical for any OpenMP thread count.
//
// API contract used by app/ and the evacuation coupling (implementation may
// add members, must keep these):
#include <cstdint>
#include <memory>
#include <vector>

#include "sim/core/grid.hpp"
#include "sim/core/log.hpp"
#include "sim/flood/flood_config.hpp"

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

class FloodModel {
 public:
  /// dem: bed elevation in metres, NaN outside the domain (treated as a wall).
  /// manning_n: s/m^(1/3), same shape as dem.
  /// initial_depth: optional (empty = dry), metres.
  FloodModel(Grid<float> dem, Grid<float> manning_n, FloodConfig config,
             Grid<float> initial_depth = {});

  /// Advance the model to absolute time t_end_s with adaptive steps
  /// (never stepping past t_end_s). Returns the number of steps taken.
  std::int64_t advance_to(double t_end_s);

  /// One adaptive time step; returns dt used in s.
  double step();

  double time_s() const;
  std::int64_t steps_taken() const;
  const MassBalance& mass_balance() const;

  // Current fields (DEM shape, NaN outside the domain).
  Grid<float> depth() const;            // m
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

  void set_logger(Logger logger);

  // Additions beyond the contract above.
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
