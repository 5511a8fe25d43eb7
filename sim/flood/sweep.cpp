// The face-flux sweep: threading of the flood model in one place.
//
// Each thread takes one contiguous block of rows [a, b) (schedule(static)
// partition: chunk = ceil(rows / threads)) in both passes.
//
// Pass 1 (fluxes) reads only the old state and writes the raw new
// discharges into whole-grid scratch arrays: row r computes its x faces and
// the y faces below it (face row r + 1), so every face is written by exactly
// one thread. The factor of row r needs its top face row too; at the top of a
// block that face row belongs to the thread above, so the thread computes it
// once more into a private buffer from identical inputs with the same kernel
// (identical values, not counted twice).
//
// Pass 2 (update), after a barrier, reads the raw discharges and the factors
// (read-only now) and writes, for its own rows only, the scaled x faces of
// the row, the scaled face row above it (and the south edge row), the depths
// and the running maxima. Scaled face rows at block edges are computed by
// both neighbouring threads from identical inputs: identical values.
//
// No atomics, no reduction across threads: per-row sums are added in row
// order afterwards (mass_balance.cpp), so the result does not depend on the
// partition (nor the thread count).
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

double Sweep::bytes() const {
  return static_cast<double>((qx_raw_.size() + qy_raw_.size() + factor_.size()) * sizeof(float));
}

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
  if (qx_raw_.size() != s.qx.size()) qx_raw_.assign(s.qx.size(), 0.0f);
  if (qy_raw_.size() != s.qy.size()) qy_raw_.assign(s.qy.size(), 0.0f);
  if (factor_.size() != s.h.size()) factor_.assign(s.h.size(), 1.0f);
  float* qxr = qx_raw_.data();
  float* qyr = qy_raw_.data();
  float* fac = factor_.data();
  // Small grids run on one thread: a parallel region and its barriers cost
  // more than the work (the result is the same for any thread count).
  const int nthreads = static_cast<int>(
      std::clamp<std::int64_t>(R * C / kMinCellsPerThread, 1, std::max(1, omp_get_max_threads())));
  if (buffers_.size() < static_cast<std::size_t>(nthreads))
    buffers_.resize(static_cast<std::size_t>(nthreads));
  for (ThreadBuffers& tb : buffers_) {
    if (tb.qx.size() == uC + 1) continue;
    tb.qx.assign(uC + 1, 0.0f);
    tb.qy_a.assign(uC, 0.0f);
    tb.qy_b.assign(uC, 0.0f);
    tb.qy_top.assign(uC, 0.0f);
    tb.scratch.assign(3 * uC, 0.0f);
  }
  const float t1f = static_cast<float>(t1);
  const float thr = cu.threshold;
  auto row = [uC](auto* base, std::int64_t r) { return base + static_cast<std::size_t>(r) * uC; };
  auto xrow = [uC](auto* base, std::int64_t r) {
    return base + static_cast<std::size_t>(r) * (uC + 1);
  };
  const float* mp = mn.per_cell.empty() ? nullptr : mn.per_cell.data();  // nullptr: uniform n
  auto man = [&](std::int64_t r) { return mp ? mp + static_cast<std::size_t>(r) * uC : nullptr; };

#pragma omp parallel num_threads(nthreads)
  {
    const int nt = omp_get_num_threads();
    const int tid = omp_get_thread_num();
    const std::int64_t chunk = (R + nt - 1) / nt;
    const std::int64_t a = std::min<std::int64_t>(R, chunk * tid);
    const std::int64_t b = std::min<std::int64_t>(R, a + chunk);
    ThreadBuffers& tb = buffers_[static_cast<std::size_t>(tid)];

    // Pass 1: raw discharges and factors.
    if (a < b) {
      if (a > 0) {
        // Raw top face row a (owned by the thread above), for the factors of row a.
        k::flux_y_row(C, row(hp, a - 1), row(zp, a - 1), row(hp, a), row(zp, a), man(a - 1),
                      man(a), row(qyp, a - 1), row(qyp, a), row(qyp, a + 1), xrow(qxp, a - 1),
                      xrow(qxp, a), tb.qy_top.data(), cy);
      } else {
        std::copy_n(bq.north.data(), uC, row(qyr, 0));
      }
      for (std::int64_t r = a; r < b; ++r) {
        RowResult& rr = row_sums[static_cast<std::size_t>(r)];
        float* qx_new = xrow(qxr, r);
        std::int32_t lim;
        if (r + 1 < R) {
          // x faces of row r and y faces below it (face row r + 1) together.
          lim = k::flux_xy_row(C, row(hp, r), row(zp, r), man(r), xrow(qxp, r), qx_new,
                               row(hp, r + 1), row(zp, r + 1), man(r + 1), xrow(qxp, r + 1),
                               row(qyp, r), row(qyp, r + 1), row(qyp, r + 2), row(qyr, r + 1), cx,
                               cy);
        } else {
          lim = k::flux_x_row(C, row(hp, r), row(zp, r), man(r), xrow(qxp, r), row(qyp, r),
                              row(qyp, r + 1), qx_new, cx);
          std::copy_n(bq.south.data(), uC, row(qyr, R));
        }
        qx_new[0] = bq.west[static_cast<std::size_t>(r)];
        qx_new[uC] = bq.east[static_cast<std::size_t>(r)];
        const float* top = r == a && a > 0 ? tb.qy_top.data() : row(qyr, r);
        rr.fast_flow_faces = lim;
        rr.scaled_cells = k::dry_check_row(C, row(hp, r), qx_new, top, row(qyr, r + 1),
                                           cu.dt_dx, cu.dt_dy, row(fac, r));
      }
    }
#pragma omp barrier
    // Pass 2: scaled discharges, sources and depth update.
    if (a < b) {
      float* spare[2] = {tb.qy_a.data(), tb.qy_b.data()};
      int which = 0;
      float* top = spare[which];
      which ^= 1;
      k::scale_y_row(C, row(qyr, a), a > 0 ? row(fac, a - 1) : nullptr, row(fac, a), top);
      for (std::int64_t r = a; r < b; ++r) {
        const std::size_t o = static_cast<std::size_t>(r) * uC;
        float* qxn = tb.qx.data();
        k::scale_x_row(C, xrow(qxr, r), row(fac, r), qxn);
        float* bottom = spare[which];
        which ^= 1;
        k::scale_y_row(C, row(qyr, r + 1), row(fac, r), r + 1 < R ? row(fac, r + 1) : nullptr,
                       bottom);
        std::copy_n(top, uC, qyp + o);
        if (r + 1 == R) std::copy_n(bottom, uC, row(qyp, R));
        std::copy_n(qxn, uC + 1, xrow(qxp, r));
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
                              tb.scratch.data(), sums);
        }
        if (sums.crossings > 0) {
          for (std::size_t i = o; i < o + uC; ++i)
            if (max_h[i] > thr && std::isnan(arrival[i])) arrival[i] = t1f;
        }
        rr.sums = sums;
        top = bottom;
      }
    }
  }
}

}  // namespace floodevac::flood
