#pragma once
// The mass balance of the flood model: what each row of a sweep contributes,
// added in row order (so the totals are bitwise the same for any thread
// count), and the checks that the numerics did not break down.
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
};

/// The balance at t = 0: storage summed per row in double, rows added in order.
MassBalance initial_balance(const FloodState& s);

/// Books a step ending at t1: rows added in order, volumes through the
/// boundaries. Returns the deepest water now (for the next time step).
/// Throws NumericalError when the storage is not finite or a depth exceeds 10 km.
float book_step(MassBalance& mb, const std::vector<RowResult>& rows, const BoundaryVolumes& bv,
                double cell_area, double t1);

}  // namespace floodevac::flood
