#pragma once
// Dry land that costs nothing: the grid in tiles of kTile x kTile cells, and
// per step the tiles the sweep must visit (sim/flood/sweep.cpp).
//
// A tile is "wet" when any of its cells holds water (h or h_lo not zero) or
// any face around its cells carries a discharge (bitwise not zero). A tile is
// active for a step when it or one of the 4 tiles beside it is wet (cells meet
// only through the faces of the 5-point stencil), or it holds a
// cell that an inflow feeds this step, or it touches an edge whose boundary
// discharge is not zero; every tile is active when it rains more than the
// losses take (uniform rain above infiltration + drainage, or gridded rain).
// Rain that the losses take back at once leaves a dry cell as it was; the
// sweep books it for skipped cells in the same order (kernels::dry_rain_row),
// so the rain and loss volumes are bitwise those of the full sweep too. Water moves at most one
// cell per step, so an inactive tile and its neighbours' cells next to it are dry with zero faces,
// and the full sweep would leave them exactly as they are (h = 0 + 0, zero faces, maxima
// unchanged): skipping them gives bitwise the same state (a test says so).
//
// Wet flags are recorded per (row, tile column) by the thread that finishes
// the row, so no two threads write the same flag.
#include <cstdint>
#include <span>
#include <vector>

#include "sim/flood/boundaries.hpp"
#include "sim/flood/inflows.hpp"
#include "sim/flood/sources.hpp"

namespace floodevac::flood {

class DryTiles {
 public:
  static constexpr std::int64_t kTile = 64;  // cells; a multiple of the kernels' 8 lanes

  /// A run of active columns [c0, c1) of one row.
  struct Run {
    std::int64_t c0 = 0, c1 = 0;
  };

  /// Plans one step. all: visit every tile (tiles off, or rain this step).
  void plan(std::int64_t rows, std::int64_t cols, const BoundaryDischarges& bq,
            const StepSources& src, const Inflows& inflows, bool all);

  /// Active runs of row r (those of its tile row).
  std::span<const Run> runs(std::int64_t r) const {
    return runs_[static_cast<std::size_t>(r / kTile)];
  }
  /// Runs covering the active columns of rows r and r + 1 (the faces between
  /// them); the same as runs(r) inside a tile row.
  std::span<const Run> runs_pair(std::int64_t r) const {
    const std::int64_t t = r / kTile;
    if (r + 1 >= rows_ || (r + 1) / kTile == t) return runs_[static_cast<std::size_t>(t)];
    return pair_runs_[static_cast<std::size_t>(t)];
  }

  /// Records whether the finished row r holds water in each of its active
  /// tiles: h, h_lo (the row's n cells), qx (n + 1 faces) and the face rows
  /// qy_n, qy_s above and below it (n each), as they are after the step.
  void mark_row(std::int64_t r, const float* h, const float* h_lo, const float* qx,
                const float* qy_n, const float* qy_s);

  /// Cells in active tiles in the last plan (for the figures).
  std::int64_t active_cells() const { return active_cells_; }

 private:
  std::int64_t rows_ = 0, cols_ = 0, tile_rows_ = 0, tile_cols_ = 0;
  std::vector<std::uint8_t> row_wet_;  // rows * tile_cols; 1 at the start (all visited once)
  std::vector<std::uint8_t> active_;   // tile_rows * tile_cols
  std::vector<std::vector<Run>> runs_, pair_runs_;  // per tile row
  std::int64_t active_cells_ = 0;
};

}  // namespace floodevac::flood
