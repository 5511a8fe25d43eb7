#pragma once
// The mass balance of the flood model: what each row of a sweep contributes,
// added in row order (so the totals are bitwise the same for any thread
// count), and the checks that the numerics did not break down.
#include <cstdint>
#include <vector>

#include "sim/flood/boundaries.hpp"
#include "sim/flood/flood_kernels.hpp"
#include "sim/flood/flood_model.hpp"
#include "sim/flood/state.hpp"

namespace floodevac::flood {

/// What one row contributed in a sweep.
struct RowResult {
  kernels::RowSums sums;  // new storage, rain added, losses removed, max depth
  double inflow = 0.0;    // depth added by inflows on the row, m (sum over cells)
  std::int64_t fast_flow_faces = 0;  // faces whose inertia was reduced (fast flow down the bed)
                                     // (x faces of the row, y faces below it)
  std::int64_t scaled_cells = 0;  // cells whose outgoing fluxes were scaled down
};

/// The balance at t = 0: storage summed per row in double, rows added in order.
MassBalance initial_balance(const FloodState& s);

/// The deepest water and the fastest cell after a step (for the next time step).
struct StepMaxima {
  float h_max = 0.0f;  // m
  float u_max = 0.0f;  // m/s
};

/// Books a step ending at t1: rows added in order, volumes through the
/// boundaries. Returns the deepest water and the top speed now.
/// Throws NumericalError when the storage is not finite or a depth exceeds 10 km.
StepMaxima book_step(MassBalance& mb, const std::vector<RowResult>& rows,
                     const BoundaryVolumes& bv, double cell_area, double t1);

}  // namespace floodevac::flood
