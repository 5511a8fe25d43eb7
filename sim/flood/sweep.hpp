#pragma once
// The face-flux sweep of one step: the only threaded part of the flood model.
#include <cstdint>
#include <vector>

#include "sim/flood/boundaries.hpp"
#include "sim/flood/inflows.hpp"
#include "sim/flood/mass_balance.hpp"
#include "sim/flood/roughness.hpp"
#include "sim/flood/sources.hpp"
#include "sim/flood/state.hpp"
#include "sim/flood/time_step.hpp"

namespace floodevac::flood {

/// Two row passes over the grid per step (OpenMP, static row blocks; grids
/// under 8192 cells per thread use fewer threads), separated by a barrier:
///  1. fluxes: the new discharges of every face from the old state (raw, not
///     yet limited) and each cell's outgoing-flux factor (dry_check_row);
///  2. update: every face scaled by its donor cell's factor and stored in the
///     state, the inflows of the row, then the depth update with rain and
///     losses and the running maxima and arrival times.
/// The results do not depend on the thread count (see sweep.cpp).
class Sweep {
 public:
  /// Advances s over one step ending at t1. bq: the new boundary-face
  /// discharges of the step (raw: scaled here like the interior faces);
  /// rows receives each row's sums (s.rows entries).
  void run(FloodState& s, const ManningField& n, const BoundaryDischarges& bq, const StepConsts& k,
           const StepSources& src, const Inflows& inflows, double t1, std::vector<RowResult>& rows);

  /// Bytes of the sweep's whole-grid scratch arrays.
  double bytes() const;

 private:
  // Whole-grid scratch: raw new discharges and the per-cell factors.
  std::vector<float> qx_raw_, qy_raw_, factor_;
  // Per-thread row buffers (all O(cols), stay in L1/L2).
  struct ThreadBuffers {
    std::vector<float> qx;       // cols + 1: scaled x faces of the current row
    std::vector<float> qy_a;     // cols: scaled y faces, alternating with qy_b
    std::vector<float> qy_b;
    std::vector<float> qy_top;   // cols: raw top face row of the block (pass 1)
    std::vector<float> scratch;  // 3 * cols for the update kernels
  };
  std::vector<ThreadBuffers> buffers_;
};

}  // namespace floodevac::flood
