#pragma once
// The face-flux sweep of one step: the only threaded part of the flood model.
#include <cstdint>
#include <vector>

#include "sim/core/thread_choice.hpp"
#include "sim/flood/boundaries.hpp"
#include "sim/flood/dry_tiles.hpp"
#include "sim/flood/inflows.hpp"
#include "sim/flood/mass_balance.hpp"
#include "sim/flood/roughness.hpp"
#include "sim/flood/sources.hpp"
#include "sim/flood/state.hpp"
#include "sim/flood/time_step.hpp"

namespace floodevac::flood {

/// One pass over the grid per step (OpenMP, static row blocks; grids under
/// 8192 cells per thread use fewer threads, and a busy machine may make fewer
/// faster: ThreadChoice), one row behind the fluxes: at
/// row r the raw new discharges of its faces (not yet limited) and its
/// outgoing-flux factor (dry_check_row); then row r - 1 is finished: every
/// face scaled by its donor cell's factor and stored in the state, the
/// inflows of the row, the depth update with rain and losses, the running
/// maxima and arrival times. Block edges are prepared before one barrier.
/// The results do not depend on the thread count (see sweep.cpp).
class Sweep {
 public:
  /// Advances s over one step ending at t1. bq: the new boundary-face
  /// discharges of the step (raw: scaled here like the interior faces);
  /// rows receives each row's sums (s.rows entries).
  /// skip_dry: visit only the tiles that hold water or border water (DryTiles;
  /// bitwise the same results as visiting all).
  void run(FloodState& s, const ManningField& n, const BoundaryDischarges& bq, const StepConsts& k,
           const StepSources& src, const Inflows& inflows, double t1, std::vector<RowResult>& rows,
           bool skip_dry);

  /// Cells in the tiles visited by the last step.
  std::int64_t active_cells() const { return tiles_.active_cells(); }

  /// Steps run at each thread count (ThreadChoice).
  const ThreadChoice& thread_choice() const { return threads_; }

  /// Bytes of the sweep's whole-grid scratch arrays: none (row buffers only, O(cols) per thread).
  double bytes() const;

 private:
  // Per-thread row buffers (all O(cols), stay in L1/L2).
  struct ThreadBuffers {
    std::vector<float> ring_qx[2], ring_qy[2], ring_fac[2];  // raw faces and factors, by row parity
    std::vector<float> tail_qx[2], tail_qy[2];  // raw faces of the block's last two rows
    std::vector<float> head_qy, head_fac;       // raw face row a, factor of row a - 1
    std::vector<float> below_qy, below_fac;     // raw face row b + 1, factor of row b
    std::vector<float> tmp_qx, tmp_qy_n;        // edge-phase scratch
    std::vector<float> qx;                      // cols + 1: scaled x faces of the current row
    std::vector<float> qy_a, qy_b;              // cols: scaled y faces, alternating
    std::vector<float> scratch;                 // 3 * cols for the update kernels
    void size(std::size_t cols) {
      if (qx.size() == cols + 1) return;
      for (auto* v : {&ring_qx[0], &ring_qx[1], &tail_qx[0], &tail_qx[1], &tmp_qx, &qx})
        v->assign(cols + 1, 0.0f);
      for (auto* v :
           {&ring_qy[0], &ring_qy[1], &ring_fac[0], &ring_fac[1], &tail_qy[0], &tail_qy[1],
            &head_qy, &head_fac, &below_qy, &below_fac, &tmp_qy_n, &qy_a, &qy_b})
        v->assign(cols, 1.0f);
      scratch.assign(3 * cols, 0.0f);
    }
  };
  std::vector<ThreadBuffers> buffers_;
  DryTiles tiles_;
  ThreadChoice threads_;
};

}  // namespace floodevac::flood
