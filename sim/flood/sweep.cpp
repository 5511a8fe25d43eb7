// The fused face-flux sweep: threading of the flood model in one place.
//
// Each thread takes one contiguous block of rows [a, b) (schedule(static)
// partition: chunk = ceil(rows / threads)). For row r, the x faces of r and
// the y faces below r are computed from the old state, then r is updated.
// In-place discharges stay correct because the only cross-thread data (the
// two face rows at the block edges and the old discharges below the block)
// are computed/saved before the barrier. Face rows at block edges are
// computed by both neighbouring threads from identical inputs with the same
// kernel: identical values, so the result does not depend on the partition
// (nor the thread count). Per-row sums are added in row order afterwards
// (mass_balance.cpp).
#include "sim/flood/sweep.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace floodevac::flood {

namespace k = kernels;

namespace {
// Fewest cells per OpenMP thread (below this the fork/join costs more than it saves).
constexpr std::int64_t kMinCellsPerThread = 8192;
}  // namespace

void Sweep::run(FloodState& s, const ManningField& mn, const BoundaryDischarges& bq,
                const StepConsts& consts, const StepSources& src, const Inflows& inflows, double t1,
                std::vector<RowResult>& row_sums) {
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
  // more than the work (the result is the same for any thread count).
  const int nthreads = static_cast<int>(
      std::clamp<std::int64_t>(R * C / kMinCellsPerThread, 1, std::max(1, omp_get_max_threads())));
  if (buffers_.size() < static_cast<std::size_t>(nthreads))
    buffers_.resize(static_cast<std::size_t>(nthreads));
  for (ThreadBuffers& tb : buffers_) {
    if (tb.qx_new.size() == uC + 1) continue;
    tb.qx_new.assign(uC + 1, 0.0f);
    tb.qy_a.assign(uC, 0.0f);
    tb.qy_b.assign(uC, 0.0f);
    tb.qy_top.assign(uC, 0.0f);
    tb.qy_bot.assign(uC, 0.0f);
    tb.qy_old_bot.assign(uC, 0.0f);
    tb.scratch.assign(2 * uC, 0.0f);
  }
  const float t1f = static_cast<float>(t1);
  const float thr = cu.threshold;
  auto row = [uC](auto* base, std::int64_t r) { return base + static_cast<std::size_t>(r) * uC; };
  const float* mp = mn.per_cell.empty() ? nullptr : mn.per_cell.data();  // nullptr: uniform n
  auto man = [&](std::int64_t r) { return mp ? mp + static_cast<std::size_t>(r) * uC : nullptr; };
  // New discharges of y-face row f (between cell rows f-1 and f), 1 <= f < R,
  // from the old state; q_next: old discharges of face row f+1.
  auto face_row_y = [&](std::int64_t f, const float* q_next, float* out) {
    k::flux_y_row(C, row(hp, f - 1), row(zp, f - 1), row(hp, f), row(zp, f), man(f - 1), man(f),
                  row(qyp, f - 1), row(qyp, f), q_next, out, cy);
  };

#pragma omp parallel num_threads(nthreads)
  {
    const int nt = omp_get_num_threads();
    const int tid = omp_get_thread_num();
    const std::int64_t chunk = (R + nt - 1) / nt;
    const std::int64_t a = std::min<std::int64_t>(R, chunk * tid);
    const std::int64_t b = std::min<std::int64_t>(R, a + chunk);
    ThreadBuffers& tb = buffers_[static_cast<std::size_t>(tid)];

    if (a < b) {
      if (a > 0) face_row_y(a, row(qyp, a + 1), tb.qy_top.data());
      if (b < R) face_row_y(b, row(qyp, b + 1), tb.qy_bot.data());
      std::copy_n(row(qyp, b), uC, tb.qy_old_bot.data());
    }
#pragma omp barrier
    if (a < b) {
      const float* top = a == 0 ? bq.north.data() : tb.qy_top.data();
      float* spare[2] = {tb.qy_a.data(), tb.qy_b.data()};
      int which = 0;
      for (std::int64_t r = a; r < b; ++r) {
        const std::size_t o = static_cast<std::size_t>(r) * uC;
        const std::size_t ox = static_cast<std::size_t>(r) * (uC + 1);
        float* qxn = tb.qx_new.data();
        const float* bottom;
        if (r + 1 < b) {
          // x faces of row r and y faces below it (face row r + 1) together.
          float* out = spare[which];
          which ^= 1;
          const float* q_next = r + 2 == b ? tb.qy_old_bot.data() : row(qyp, r + 2);
          k::flux_xy_row(C, hp + o, zp + o, man(r), qxp + ox, qxn, row(hp, r + 1), row(zp, r + 1),
                         man(r + 1), row(qyp, r), row(qyp, r + 1), q_next, out, cx, cy);
          bottom = out;
        } else {
          k::flux_x_row(C, hp + o, zp + o, man(r), qxp + ox, qxn, cx);
          bottom = b == R ? bq.south.data() : tb.qy_bot.data();
        }
        qxn[0] = bq.west[static_cast<std::size_t>(r)];
        qxn[uC] = bq.east[static_cast<std::size_t>(r)];
        // The old top face row r is no longer needed: store its new values.
        std::copy_n(top, uC, qyp + o);
        // Point/line inflows of this row (added after the faces used the old depth).
        RowResult& rr = row_sums[static_cast<std::size_t>(r)];
        rr.inflow = 0.0;
        for (const auto& [cell, q] : inflows.row(r)) {
          if (!(inflow_dh[q] > 0.0f)) continue;
          const float before = hp[cell];
          const float after = before + inflow_dh[q];
          hp[cell] = after;
          rr.inflow += static_cast<double>(after) - static_cast<double>(before);
        }
        k::RowSums sums;
        if (sources) {
          k::update_row_sources(C, hp + o, h_lo + o, qxn, top, bottom, zp + o, src.rain.row_a(o),
                                src.rain.row_b(o), max_h + o, max_v2 + o, cu, tb.scratch.data(),
                                sums);
        } else {
          k::update_row_plain(C, hp + o, h_lo + o, qxn, top, bottom, max_h + o, max_v2 + o, cu,
                              sums);
        }
        std::copy_n(qxn, uC + 1, qxp + ox);
        if (sums.crossings > 0) {
          for (std::size_t i = o; i < o + uC; ++i)
            if (max_h[i] > thr && std::isnan(arrival[i])) arrival[i] = t1f;
        }
        rr.sums = sums;
        top = bottom;
      }
      if (b == R) std::copy_n(bq.south.data(), uC, row(qyp, R));
    }
  }
}

}  // namespace floodevac::flood
