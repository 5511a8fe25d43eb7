// The finite-volume step: threading of the fv scheme in one place.
//
// Three passes over the rows, each an OpenMP static loop, separated by the
// loops' implicit barriers: (1) velocities and limited surface slopes from
// the old state; (2) every interior face flux from (1) and the old state;
// (3) inflows and the cell update, each cell from its own faces only. No
// pass writes what another thread reads in the same pass, every value is
// computed by one formula from the same inputs whatever the partition, and
// the row sums are added in row order (mass_balance.cpp): results are
// bitwise identical for any thread count.
#include "sim/flood/fv_sweep.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace floodevac::flood {

namespace {
// Fewest cells per OpenMP thread (as the inertial sweep).
constexpr std::int64_t kMinCellsPerThread = 8192;
}  // namespace

FvSolver::FvSolver(std::vector<Boundary> boundaries, const FloodState& s)
    : edges_(std::move(boundaries), s) {
  const std::size_t n = s.h.size();
  hu_.assign(n, 0.0f);
  hv_.assign(n, 0.0f);
  u_.assign(n, 0.0f);
  v_.assign(n, 0.0f);
  sx_.assign(n, 0.0f);
  sy_.assign(n, 0.0f);
  fx_.assign(static_cast<std::size_t>(s.rows * (s.cols + 1)));
  fy_.assign(static_cast<std::size_t>((s.rows + 1) * s.cols));
  row_speed_.assign(static_cast<std::size_t>(s.rows), 0.0f);
  // At rest: the celerity of the deepest water.
  speed_max_ = std::sqrt(9.81 * static_cast<double>(deepest_water(s)));
}

BoundaryVolumes FvSolver::step(FloodState& s, const ManningField& mn, const FloodParams& p,
                               const StepWindow& w, const StepSources& src, const Inflows& inflows,
                               std::vector<RowResult>& row_sums) {
  fv::Consts c;
  c.g = static_cast<float>(p.g);
  c.half_g = static_cast<float>(0.5 * p.g);
  c.h_dry = static_cast<float>(p.h_dry_m);
  c.dt = static_cast<float>(w.dt);
  c.dt_dx = static_cast<float>(w.dt / s.dx);
  c.dt_dy = static_cast<float>(w.dt / s.dy);
  c.gdt = static_cast<float>(p.g * w.dt);
  c.gdt_n2 = static_cast<float>(p.g * w.dt * static_cast<double>(mn.uniform) * mn.uniform);
  c.threshold = static_cast<float>(p.inundation_threshold_m);
  c.rain_uniform = src.rain.uniform;
  c.grid_w_a = src.rain.w_a;
  c.grid_w_b = src.rain.w_b;
  c.loss = src.loss;

  const BoundaryVolumes bv = edges_.fluxes(s, hu_, hv_, mn, c, w.dt, w.t_mid, fx_, fy_);

  const std::int64_t R = s.rows, C = s.cols;
  const std::size_t uC = static_cast<std::size_t>(C);
  const int nthreads = threads_.begin(static_cast<int>(
      std::clamp<std::int64_t>(R * C / kMinCellsPerThread, 1, std::max(1, omp_get_max_threads()))));
  const float* mp = mn.per_cell.empty() ? nullptr : mn.per_cell.data();
  const std::vector<float>& inflow_dh = src.inflow_dh;
  const float t1f = static_cast<float>(w.t1);
  auto off = [uC](std::int64_t r) { return static_cast<std::size_t>(r) * uC; };

#pragma omp parallel num_threads(nthreads)
  {
#pragma omp for schedule(static)
    for (std::int64_t r = 0; r < R; ++r) {
      const std::size_t o = off(r);
      const bool up = r > 0, dn = r + 1 < R;
      fv::velocities_and_slopes_row(
          C, &s.h[o], &s.z[o], &hu_[o], &hv_[o], up ? &s.h[off(r - 1)] : nullptr,
          up ? &s.z[off(r - 1)] : nullptr, dn ? &s.h[off(r + 1)] : nullptr,
          dn ? &s.z[off(r + 1)] : nullptr, c, &u_[o], &v_[o], &sx_[o], &sy_[o]);
    }
#pragma omp for schedule(static)
    for (std::int64_t r = 0; r < R; ++r) {
      const std::size_t o = off(r);
      fv::x_faces_row(C, &s.h[o], &s.z[o], &u_[o], &v_[o], &sx_[o], c,
                      fx_.at(static_cast<std::size_t>(r) * (uC + 1)));
      if (r > 0) {
        const std::size_t a = off(r - 1);
        fv::y_faces_row(C, &s.h[a], &s.z[a], &u_[a], &v_[a], &sy_[a], &s.h[o], &s.z[o], &u_[o],
                        &v_[o], &sy_[o], c, fy_.at(o));
      }
    }
#pragma omp for schedule(static)
    for (std::int64_t r = 0; r < R; ++r) {
      const std::size_t o = off(r);
      RowResult& rr = row_sums[static_cast<std::size_t>(r)];
      rr.inflow = 0.0;
      for (const auto& [cell, q] : inflows.row(r)) {
        if (!(inflow_dh[q] > 0.0f)) continue;
        const float before = s.h[cell];
        const float after = before + inflow_dh[q];
        s.h[cell] = after;
        rr.inflow += static_cast<double>(after) - static_cast<double>(before);
      }
      fv::RowSums sums;
      fv::update_row(C, &s.h[o], &s.h_lo[o], &hu_[o], &hv_[o], &s.z[o], &sx_[o], &sy_[o],
                     mp ? mp + o : nullptr, fx_.at(static_cast<std::size_t>(r) * (uC + 1)),
                     fy_.at(o), fy_.at(o + uC), src.rain.row_a(o), src.rain.row_b(o), &s.max_h[o],
                     &s.max_v2[o], c, sums);
      if (sums.crossings > 0) {
        for (std::size_t i = o; i < o + uC; ++i)
          if (s.max_h[i] > c.threshold && std::isnan(s.arrival[i])) s.arrival[i] = t1f;
      }
      rr.sums.storage = sums.storage;
      rr.sums.rain = sums.rain;
      rr.sums.loss = sums.loss;
      rr.sums.h_max = sums.h_max;
      rr.sums.crossings = sums.crossings;
      row_speed_[static_cast<std::size_t>(r)] = sums.speed_max;
    }
  }
  threads_.end(static_cast<double>(R * C));
  float sm = 0.0f;
  for (float v : row_speed_) sm = std::max(sm, v);
  speed_max_ = sm;
  return bv;
}

float FvSolver::cell_speed(const FloodState& s, std::size_t i, float h_dry) const {
  const float h = s.h[i];
  if (!(h > h_dry)) return 0.0f;
  const float ux = hu_[i] / h, uy = hv_[i] / h;
  return std::sqrt(ux * ux + uy * uy);
}

Grid<float> FvSolver::speed(const FloodState& s, double h_dry_m) const {
  const float h_dry = static_cast<float>(h_dry_m);
  return inside_field(s, [&](std::size_t i) { return cell_speed(s, i, h_dry); });
}

double FvSolver::bytes() const {
  double b = 0.0;
  auto add = [&](const std::vector<float>& v) {
    b += static_cast<double>(v.size() * sizeof(float));
  };
  for (const auto* v : {&hu_, &hv_, &u_, &v_, &sx_, &sy_, &row_speed_}) add(*v);
  for (const fv::FaceFields* f : {&fx_, &fy_}) {
    add(f->fh);
    add(f->gl);
    add(f->gr);
    add(f->ft);
  }
  return b;
}

}  // namespace floodevac::flood
