// The face-flux sweep: threading of the flood model in one place.
//
// Each thread takes one contiguous block of rows [a, b) (schedule(static)
// partition: chunk = ceil(rows / threads)) and makes ONE pass over it, one
// row behind the fluxes: at row r it computes the raw new discharges of the
// row's x faces and of the y faces below it (flux_xy_row) and the row's
// outgoing-flux factor (dry_check_row); then it finishes row r - 1, whose
// faces are all known now: faces scaled by their donor's factor
// (scale_x_row, scale_y_row) and written in place, inflows, depth update.
// Raw discharges and factors live in per-thread two-row rings (L1/L2), so
// the grid is read and written once per step, as without the dry check.
//
// In place is safe because row r - 1 is finished after everything that reads
// its old state: the fluxes of row r read the old state of rows r..r+2 only.
// At block edges the old state of the neighbour's rows is read before a
// barrier (the "edge phase"): the raw face row a and the factor of row a - 1
// above the block, and below it the raw fluxes of rows b - 2 and b - 1 (they
// read the old state of rows b..b+1) and the factor of row b. A neighbour's
// values are recomputed from identical inputs with the same kernels:
// identical values, not counted twice.
//
// No atomics, no reduction across threads: per-row sums are added in row
// order afterwards (mass_balance.cpp), so the result does not depend on the
// partition (nor the thread count), and every value is bitwise the one of
// the former two-pass sweep (raw fluxes and factors into whole-grid arrays,
// a barrier, then scaling and update).
#include "sim/flood/sweep.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>

namespace floodevac::flood {

namespace k = kernels;

namespace {
// Fewest cells per OpenMP thread (below this the fork/join costs more than it saves).
constexpr std::int64_t kMinCellsPerThread = 8192;
}  // namespace

double Sweep::bytes() const {
  return 0.0;
}

void Sweep::run(FloodState& s, const ManningField& mn, const BoundaryDischarges& bq,
                const StepConsts& consts, const StepSources& src, const Inflows& inflows, double t1,
                std::vector<RowResult>& row_sums, bool skip_dry) {
  const k::FaceConsts& cx = consts.x;
  const k::FaceConsts& cy = consts.y;
  k::UpdateConsts cu = consts.update;
  cu.rain_uniform = src.rain.uniform;
  cu.grid_w_a = src.rain.w_a;
  cu.grid_w_b = src.rain.w_b;
  cu.loss = src.loss;
  const bool sources = src.rain_or_loss();
  const std::vector<float>& inflow_dh = src.inflow_dh;

  const std::int64_t R = s.rows, C = s.cols;
  const std::size_t uC = static_cast<std::size_t>(C);
  const float* zp = s.z.data();
  float* hp = s.h.data();
  float* h_lo = s.h_lo.data();
  float* qxp = s.qx.data();
  float* qyp = s.qy.data();
  float* max_h = s.max_h.data();
  float* max_v2 = s.max_v2.data();
  std::vector<float>& arrival = s.arrival;
  // Small grids run on one thread: a parallel region and its barriers cost
  // more than the work; fewer threads run when they are faster now (a busy
  // machine). The result is the same for any thread count.
  const int nthreads = threads_.begin(static_cast<int>(
      std::clamp<std::int64_t>(R * C / kMinCellsPerThread, 1, std::max(1, omp_get_max_threads()))));
  if (buffers_.size() < static_cast<std::size_t>(nthreads))
    buffers_.resize(static_cast<std::size_t>(nthreads));
  for (ThreadBuffers& tb : buffers_) tb.size(uC);
  const float t1f = static_cast<float>(t1);
  const float thr = cu.threshold;
  auto row = [uC](auto* base, std::int64_t r) { return base + static_cast<std::size_t>(r) * uC; };
  auto xrow = [uC](auto* base, std::int64_t r) {
    return base + static_cast<std::size_t>(r) * (uC + 1);
  };
  const float* mp = mn.per_cell.empty() ? nullptr : mn.per_cell.data();  // nullptr: uniform n
  auto man = [&](std::int64_t r, std::int64_t c0) {
    return mp ? mp + static_cast<std::size_t>(r) * uC + static_cast<std::size_t>(c0) : nullptr;
  };
  // Tiles visited this step (all of them when skip_dry is off).
  tiles_.plan(R, C, bq, src, inflows, !skip_dry);
  using Run = DryTiles::Run;
  // Kernels on the active runs of a row. A run [c0, c1) of cells has its x
  // faces c0..c1 computed with a halo of one cell on each side, [lo, hi): the
  // kernels' own end faces (lo, hi) are then the boundary faces or faces
  // outside the run. On a whole row (one run [0, C)) these are the plain
  // whole-row calls; on runs the face values are the same (element-wise
  // kernels), and faces next to skipped tiles are dry: exactly 0 either way.
  auto halo = [C](const Run& run, std::int64_t& lo, std::int64_t& hi) {
    lo = std::max<std::int64_t>(run.c0 - 1, 0);
    hi = std::min<std::int64_t>(run.c1 + 1, C);
  };
  // Raw x faces of row r into qx_new (with the boundary faces) and raw y faces
  // below it into qy_new (the south edge for the last row), on the runs of
  // rows r and r + 1; returns the number of faces whose inertia was reduced.
  auto fluxes = [&](std::int64_t r, float* qx_new, float* qy_new) {
    std::int32_t lim = 0;
    for (const Run& run : tiles_.runs_pair(r)) {
      std::int64_t lo, hi;
      halo(run, lo, hi);
      const std::int64_t n = hi - lo;
      const std::size_t o = static_cast<std::size_t>(lo);
      if (r + 1 < R) {
        lim += k::flux_xy_row(n, row(hp, r) + o, row(zp, r) + o, man(r, lo), xrow(qxp, r) + o,
                              qx_new + o, row(hp, r + 1) + o, row(zp, r + 1) + o, man(r + 1, lo),
                              xrow(qxp, r + 1) + o, row(qyp, r) + o, row(qyp, r + 1) + o,
                              row(qyp, r + 2) + o, qy_new + o, cx, cy);
      } else {
        lim += k::flux_x_row(n, row(hp, r) + o, row(zp, r) + o, man(r, lo), xrow(qxp, r) + o,
                             row(qyp, r) + o, row(qyp, r + 1) + o, qx_new + o, cx);
      }
    }
    if (r + 1 == R) std::copy_n(bq.south.data(), uC, qy_new);
    qx_new[0] = bq.west[static_cast<std::size_t>(r)];
    qx_new[uC] = bq.east[static_cast<std::size_t>(r)];
    return lim;
  };
  // Raw y faces between rows r - 1 and r (the north edge for r = 0).
  auto fluxes_y = [&](std::int64_t r, float* qy_new) {
    if (r == 0) {
      std::copy_n(bq.north.data(), uC, qy_new);
      return;
    }
    for (const Run& run : tiles_.runs_pair(r - 1)) {
      const std::size_t o = static_cast<std::size_t>(run.c0);
      k::flux_y_row(run.c1 - run.c0, row(hp, r - 1) + o, row(zp, r - 1) + o, row(hp, r) + o,
                    row(zp, r) + o, man(r - 1, run.c0), man(r, run.c0), row(qyp, r - 1) + o,
                    row(qyp, r) + o, row(qyp, r + 1) + o, xrow(qxp, r - 1) + o, xrow(qxp, r) + o,
                    qy_new + o, cy);
    }
  };
  // Outgoing-flux factors of row r (old depth) on its runs.
  auto dry_check = [&](std::int64_t r, const float* qx, const float* qy_n, const float* qy_s,
                       float* fac) {
    std::int32_t scaled = 0;
    for (const Run& run : tiles_.runs(r)) {
      const std::size_t o = static_cast<std::size_t>(run.c0);
      scaled += k::dry_check_row(run.c1 - run.c0, row(hp, r) + o, qx + o, qy_n + o, qy_s + o,
                                 cu.dt_dx, cu.dt_dy, fac + o);
    }
    return scaled;
  };
  // Scaled y faces of a face row on the given runs (f_up/f_dn: factor rows or nullptr).
  auto scale_y = [&](std::span<const Run> runs, const float* q, const float* f_up,
                     const float* f_dn, float* out) {
    for (const Run& run : runs) {
      const std::size_t o = static_cast<std::size_t>(run.c0);
      k::scale_y_row(run.c1 - run.c0, q + o, f_up ? f_up + o : nullptr, f_dn ? f_dn + o : nullptr,
                     out + o);
    }
  };

#pragma omp parallel num_threads(nthreads)
  {
    const int nt = omp_get_num_threads();
    const int tid = omp_get_thread_num();
    const std::int64_t chunk = (R + nt - 1) / nt;
    const std::int64_t a = std::min<std::int64_t>(R, chunk * tid);
    const std::int64_t b = std::min<std::int64_t>(R, a + chunk);
    ThreadBuffers& tb = buffers_[static_cast<std::size_t>(tid)];
    // Rows [pre, b) have their raw fluxes computed in the edge phase.
    const std::int64_t pre = std::max(a, b - 2);
    auto raw_qx = [&](std::int64_t r) -> float* {
      return r >= pre ? tb.tail_qx[static_cast<std::size_t>(r - pre)].data()
                      : tb.ring_qx[static_cast<std::size_t>(r & 1)].data();
    };
    // Raw y face row r, for r in [a, b + 1].
    auto raw_qy = [&](std::int64_t r) -> const float* {
      if (r == a) return tb.head_qy.data();
      if (r == b + 1) return tb.below_qy.data();
      return r - 1 >= pre ? tb.tail_qy[static_cast<std::size_t>(r - 1 - pre)].data()
                          : tb.ring_qy[static_cast<std::size_t>(r & 1)].data();
    };
    auto factor = [&](std::int64_t r) -> const float* {
      if (r < 0 || r >= R) return nullptr;  // boundary ghost: factor 1
      if (r == a - 1) return tb.head_fac.data();
      if (r == b) return tb.below_fac.data();
      return tb.ring_fac[static_cast<std::size_t>(r & 1)].data();
    };

    // Edge phase: everything that reads the old state of a neighbour's rows.
    if (a < b) {
      if (a == 0) {
        fluxes_y(0, tb.head_qy.data());  // the north edge
      } else {                           // raw face row a and the factor of row a - 1
        fluxes(a - 1, tb.tmp_qx.data(), tb.head_qy.data());
        fluxes_y(a - 1, tb.tmp_qy_n.data());
        dry_check(a - 1, tb.tmp_qx.data(), tb.tmp_qy_n.data(), tb.head_qy.data(),
                  tb.head_fac.data());
      }
      for (std::int64_t r = pre; r < b; ++r) {
        const std::size_t j = static_cast<std::size_t>(r - pre);
        row_sums[static_cast<std::size_t>(r)].fast_flow_faces =
            fluxes(r, tb.tail_qx[j].data(), tb.tail_qy[j].data());
      }
      if (b < R) {  // the factor of row b
        fluxes(b, tb.tmp_qx.data(), tb.below_qy.data());
        dry_check(b, tb.tmp_qx.data(), raw_qy(b), tb.below_qy.data(), tb.below_fac.data());
      }
    }
#pragma omp barrier
    if (a < b) {
      float* spare[2] = {tb.qy_a.data(), tb.qy_b.data()};
      int which = 0;
      float* top = nullptr;  // scaled y faces above the row being finished
      // Finishes row u: scaled faces into the state, inflows, depth update.
      auto finish = [&](std::int64_t u) {
        const std::size_t o = static_cast<std::size_t>(u) * uC;
        const std::span<const Run> runs = tiles_.runs(u);
        if (u == a) {
          top = spare[which];
          which ^= 1;
          scale_y(runs, raw_qy(a), factor(a - 1), factor(a), top);
        }
        float* qxn = tb.qx.data();
        float* bottom = spare[which];
        which ^= 1;
        // The bottom face row also serves as the top of row u + 1: on both rows' runs.
        scale_y(tiles_.runs_pair(u), raw_qy(u + 1), factor(u), factor(u + 1), bottom);
        RowResult& rr = row_sums[static_cast<std::size_t>(u)];
        rr.inflow = 0.0;
        k::RowAcc acc;
        acc.clear();
        for (const Run& run : runs) {
          const std::size_t c0 = static_cast<std::size_t>(run.c0);
          const std::size_t n = static_cast<std::size_t>(run.c1 - run.c0);
          k::scale_x_row(run.c1 - run.c0, raw_qx(u) + c0, factor(u) + c0, qxn + c0);
          std::copy_n(top + c0, n, qyp + o + c0);
          if (u + 1 == R) std::copy_n(bottom + c0, n, row(qyp, R) + c0);
          std::copy_n(qxn + c0, n + 1, xrow(qxp, u) + c0);
        }
        // Point/line inflows of this row (added after the faces used the old
        // depth; a tile with an inflow this step is active).
        for (const auto& [cell, q] : inflows.row(u)) {
          if (!(inflow_dh[q] > 0.0f)) continue;
          const float before = hp[cell];
          const float after = before + inflow_dh[q];
          hp[cell] = after;
          rr.inflow += static_cast<double>(after) - static_cast<double>(before);
        }
        // Skipped cells under rain that the losses take back (dry_tiles.hpp).
        const bool dry_rain = sources && cu.rain_uniform > 0.0f;
        std::int64_t done = 0;  // columns booked so far, in column order (lane order of acc)
        for (const Run& run : runs) {
          if (dry_rain && run.c0 > done)
            k::dry_rain_row(run.c0 - done, zp + o + done, cu.rain_uniform, acc);
          done = run.c1;
          const std::size_t c = o + static_cast<std::size_t>(run.c0);
          const std::int64_t n = run.c1 - run.c0;
          const float* qx_run = qxn + run.c0;
          const float* top_run = top + run.c0;
          const float* bottom_run = bottom + run.c0;
          if (sources) {
            k::update_row_sources(n, hp + c, h_lo + c, qx_run, top_run, bottom_run, zp + c,
                                  src.rain.row_a(c), src.rain.row_b(c), max_h + c, max_v2 + c, cu,
                                  tb.scratch.data(), acc);
          } else {
            k::update_row_plain(n, hp + c, h_lo + c, qx_run, top_run, bottom_run, max_h + c,
                                max_v2 + c, cu, tb.scratch.data(), acc);
          }
        }
        if (dry_rain && C > done) k::dry_rain_row(C - done, zp + o + done, cu.rain_uniform, acc);
        if (acc.crossings > 0) {
          for (const Run& run : runs)
            for (std::size_t i = o + static_cast<std::size_t>(run.c0);
                 i < o + static_cast<std::size_t>(run.c1); ++i)
              if (max_h[i] > thr && std::isnan(arrival[i])) arrival[i] = t1f;
        }
        rr.sums = acc.sums();
        if (skip_dry) tiles_.mark_row(u, hp + o, h_lo + o, qxn, top, bottom);
        top = bottom;
      };
      for (std::int64_t r = a; r < b; ++r) {
        RowResult& rr = row_sums[static_cast<std::size_t>(r)];
        if (r < pre)
          rr.fast_flow_faces = fluxes(r, tb.ring_qx[static_cast<std::size_t>(r & 1)].data(),
                                      tb.ring_qy[static_cast<std::size_t>((r + 1) & 1)].data());
        // Reads the old depth of row r: row r is finished only at r + 1.
        rr.scaled_cells = dry_check(r, raw_qx(r), raw_qy(r), raw_qy(r + 1),
                                    tb.ring_fac[static_cast<std::size_t>(r & 1)].data());
        if (r > a) finish(r - 1);
      }
      finish(b - 1);
    }
  }
  threads_.end(static_cast<double>(std::max<std::int64_t>(1, tiles_.active_cells())));
}

}  // namespace floodevac::flood
