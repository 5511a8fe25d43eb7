#pragma once
// The face-flux sweep of one step: the only threaded part of the flood model.
#include <vector>

#include "sim/flood/boundaries.hpp"
#include "sim/flood/inflows.hpp"
#include "sim/flood/mass_balance.hpp"
#include "sim/flood/roughness.hpp"
#include "sim/flood/sources.hpp"
#include "sim/flood/state.hpp"
#include "sim/flood/time_step.hpp"

namespace floodevac::flood {

/// One fused, row-lagged pass over the grid per step (OpenMP, static row
/// blocks; grids under 8192 cells per thread use fewer threads): for each
/// row the x faces and the y faces below it from the old state, the inflows
/// of the row, then the depth update with rain and losses and the running
/// maxima and arrival times; discharges are updated in place. The results do
/// not depend on the thread count (see sweep.cpp).
class Sweep {
 public:
  /// Advances s over one step ending at t1. bq: the new boundary-face
  /// discharges of the step; rows receives each row's sums (s.rows entries).
  void run(FloodState& s, const ManningField& n, const BoundaryDischarges& bq, const StepConsts& k,
           const StepSources& src, const Inflows& inflows, double t1, std::vector<RowResult>& rows);

 private:
  // Per-thread row buffers (all O(cols), stay in L1/L2).
  struct ThreadBuffers {
    std::vector<float> qx_new;  // cols + 1: new x faces of the current row
    std::vector<float> qy_a;    // cols: new y faces, alternating with qy_b
    std::vector<float> qy_b;
    std::vector<float> qy_top;      // cols: new top face row of the block
    std::vector<float> qy_bot;      // cols: new bottom face row of the block
    std::vector<float> qy_old_bot;  // cols: old discharges of the bottom face row
    std::vector<float> scratch;     // 2 * cols for the source kernel
  };
  std::vector<ThreadBuffers> buffers_;
};

}  // namespace floodevac::flood
