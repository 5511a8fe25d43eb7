// Dry tiles: which tiles a step visits. See dry_tiles.hpp.
#include "sim/flood/dry_tiles.hpp"

#include <algorithm>
#include <bit>

namespace floodevac::flood {

namespace {

// Bitwise not zero (-0.0 counts as a discharge: the full sweep would rewrite it as +0.0).
inline bool nonzero(float v) {
  return std::bit_cast<std::uint32_t>(v) != 0u;
}

bool any_nonzero(const float* v, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i)
    if (nonzero(v[i])) return true;
  return false;
}

// Runs of consecutive set flags of one tile row, in cell columns.
void runs_of(const std::uint8_t* on, std::int64_t tile_cols, std::int64_t cols,
             std::vector<DryTiles::Run>& out) {
  out.clear();
  for (std::int64_t t = 0; t < tile_cols;) {
    if (!on[t]) {
      ++t;
      continue;
    }
    const std::int64_t t0 = t;
    while (t < tile_cols && on[t]) ++t;
    out.push_back({t0 * DryTiles::kTile, std::min(cols, t * DryTiles::kTile)});
  }
}

}  // namespace

void DryTiles::plan(std::int64_t rows, std::int64_t cols, const BoundaryDischarges& bq,
                    const StepSources& src, const Inflows& inflows, bool all) {
  if (rows != rows_ || cols != cols_) {
    rows_ = rows;
    cols_ = cols;
    tile_rows_ = (rows + kTile - 1) / kTile;
    tile_cols_ = (cols + kTile - 1) / kTile;
    row_wet_.assign(static_cast<std::size_t>(rows * tile_cols_), 1);
    active_.assign(static_cast<std::size_t>(tile_rows_ * tile_cols_), 0);
    runs_.assign(static_cast<std::size_t>(tile_rows_), {});
    pair_runs_.assign(static_cast<std::size_t>(tile_rows_), {});
  }
  const std::int64_t TR = tile_rows_, TC = tile_cols_;
  auto at = [TC](std::vector<std::uint8_t>& v, std::int64_t tr, std::int64_t tc) -> std::uint8_t& {
    return v[static_cast<std::size_t>(tr * TC + tc)];
  };
  // Rain wets dry cells where the losses do not take it back in the same
  // step (loss < rain, the depth update's fmin(loss, h2)); gridded rain is
  // not checked cell by cell: every tile is visited.
  const bool rain = src.rain.gridded || src.loss < src.rain.uniform;
  if (all || rain) {
    std::fill(active_.begin(), active_.end(), 1);
  } else {
    // Wet tiles from the row flags.
    std::vector<std::uint8_t> wet(static_cast<std::size_t>(TR * TC), 0);
    for (std::int64_t r = 0; r < rows; ++r)
      for (std::int64_t tc = 0; tc < TC; ++tc)
        at(wet, r / kTile, tc) |= row_wet_[static_cast<std::size_t>(r * TC + tc)];
    // Active: wet, or a side neighbour wet. Cells meet only through the
    // faces of the 5-point stencil, so a tile's cells can take water in one
    // step only from its own tile and the four tiles beside it; a diagonal
    // neighbour reaches it through a side neighbour, which is then visited
    // and wet for the next step.
    for (std::int64_t tr = 0; tr < TR; ++tr)
      for (std::int64_t tc = 0; tc < TC; ++tc) {
        std::uint8_t a = at(wet, tr, tc);
        if (tr > 0) a |= at(wet, tr - 1, tc);
        if (tr + 1 < TR) a |= at(wet, tr + 1, tc);
        if (tc > 0) a |= at(wet, tr, tc - 1);
        if (tc + 1 < TC) a |= at(wet, tr, tc + 1);
        at(active_, tr, tc) = a;
      }
    // Inflows feeding a cell this step.
    for (std::int64_t r = 0; r < rows; ++r)
      for (const auto& [cell, q] : inflows.row(r))
        if (src.inflow_dh[q] > 0.0f)
          at(active_, r / kTile, static_cast<std::int64_t>(cell) % cols / kTile) = 1;
    // Edges with a boundary discharge.
    for (std::int64_t r = 0; r < rows; ++r) {
      if (nonzero(bq.west[static_cast<std::size_t>(r)])) at(active_, r / kTile, 0) = 1;
      if (nonzero(bq.east[static_cast<std::size_t>(r)])) at(active_, r / kTile, TC - 1) = 1;
    }
    for (std::int64_t c = 0; c < cols; ++c) {
      if (nonzero(bq.north[static_cast<std::size_t>(c)])) at(active_, 0, c / kTile) = 1;
      if (nonzero(bq.south[static_cast<std::size_t>(c)])) at(active_, TR - 1, c / kTile) = 1;
    }
  }
  active_cells_ = 0;
  std::vector<std::uint8_t> pair(static_cast<std::size_t>(TC));
  for (std::int64_t tr = 0; tr < TR; ++tr) {
    const std::uint8_t* on = &at(active_, tr, 0);
    runs_of(on, TC, cols, runs_[static_cast<std::size_t>(tr)]);
    for (const Run& run : runs_[static_cast<std::size_t>(tr)])
      active_cells_ += (run.c1 - run.c0) * (std::min(rows, (tr + 1) * kTile) - tr * kTile);
    if (tr + 1 < TR) {
      const std::uint8_t* below = &at(active_, tr + 1, 0);
      for (std::int64_t tc = 0; tc < TC; ++tc)
        pair[static_cast<std::size_t>(tc)] = on[tc] | below[tc];
      runs_of(pair.data(), TC, cols, pair_runs_[static_cast<std::size_t>(tr)]);
    }
  }
}

void DryTiles::mark_row(std::int64_t r, const float* h, const float* h_lo, const float* qx,
                        const float* qy_n, const float* qy_s) {
  const std::int64_t tr = r / kTile;
  for (std::int64_t tc = 0; tc < tile_cols_; ++tc) {
    if (!active_[static_cast<std::size_t>(tr * tile_cols_ + tc)]) continue;
    const std::int64_t c0 = tc * kTile, n = std::min(cols_, c0 + kTile) - c0;
    // Water first: in a wet tile the first cell usually answers.
    const bool wet = any_nonzero(h + c0, n) || any_nonzero(h_lo + c0, n) ||
                     any_nonzero(qx + c0, n + 1) || any_nonzero(qy_n + c0, n) ||
                     any_nonzero(qy_s + c0, n);
    row_wet_[static_cast<std::size_t>(r * tile_cols_ + tc)] = wet ? 1 : 0;
  }
}

}  // namespace floodevac::flood
