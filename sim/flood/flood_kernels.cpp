// Row kernels of the local inertial flood engine. See flood_kernels.hpp.
//
// Physics (per face, Bates et al. 2010, J. Hydrol. 387, eq. 7-12; de Almeida
// et al. 2012, Water Resour. Res. 48, W05528, eq. 13-14 for the theta weighting):
//   hflow = max(eta_i, eta_j) - max(z_i, z_j)           (no flow if hflow <= h_dry)
//   q_avg = theta q_f + (1 - theta)/2 (q_{f-1} + q_{f+1})
//   q_new = (q_avg - g hflow dt (eta_j - eta_i)/d) / (1 + g dt n^2 |q_f| / hflow^(7/3))
// with hflow^(-7/3) = y^7, y = hflow^(-1/3) (inv_cbrt below, no pow()).
#include "sim/flood/flood_kernels.hpp"

#include <bit>
#include <cstring>

// Runtime dispatch between an AVX2 and a baseline build of each row kernel.
// OpenMP outlined bodies are not cloned, hence the kernels are plain
// functions called from the parallel sweep in sweep.cpp.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && \
    !defined(FLOODEVAC_NO_CLONES)
#define FLOODEVAC_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define FLOODEVAC_CLONES
#endif

#if defined(__GNUC__)
#define FLOODEVAC_INLINE inline __attribute__((always_inline))
#else
#define FLOODEVAC_INLINE inline
#endif

// The row arrays of one kernel call never overlap (separate state arrays and
// per-thread row buffers): tell GCC, so that it does not fall back to scalar
// code when its runtime alias check is inconclusive.
#if defined(__GNUC__) && !defined(__clang__)
#define FLOODEVAC_IVDEP _Pragma("GCC ivdep")
#else
#define FLOODEVAC_IVDEP
#endif

namespace floodevac::flood::kernels {
namespace {

// Select-based min/max: "a > b ? a : b" maps onto maxps and stays branch free.
FLOODEVAC_INLINE float fmax_sel(float a, float b) { return a > b ? a : b; }
FLOODEVAC_INLINE float fmin_sel(float a, float b) { return a < b ? a : b; }

// 1.0f where c holds, else 0.0f, built with integer bit operations. Used as a
// multiplicative mask where a select would let GCC sink the (possibly
// trapping, -ftrapping-math) float work into a branch, which stops the
// vectoriser ("control flow in loop").
FLOODEVAC_INLINE float mask01(bool c) {
  const std::uint32_t m = 0u - static_cast<std::uint32_t>(c);
  return std::bit_cast<float>(0x3f800000u & m);
}

// Magic constant of the inverse cube root first guess: for a float x with bit
// pattern I(x) ~ 2^23 (log2 x + 127), I(x^(-1/3)) ~ (4/3) 127 2^23 - I(x)/3 =
// 1.4205e9; lowered to 1.41992e9 to balance the error over one period of the
// exponent (fitted by brute force over [1, 8): max relative error 3.46 %).
constexpr float kInvCbrtMagic = 1419920000.0f;

FLOODEVAC_INLINE float inv_cbrt_inl(float x) {
  const std::int32_t ix = std::bit_cast<std::int32_t>(x);
  // The integer is converted to float for the division by 3 (vectorises as
  // cvtdq2ps/mulps/cvttps2dq); its rounding only perturbs the first guess.
  const std::int32_t iy = static_cast<std::int32_t>(kInvCbrtMagic - static_cast<float>(ix) * (1.0f / 3.0f));
  float y = std::bit_cast<float>(iy);
  // Newton on f(y) = y^-3 - x: y <- y (4 - x y^3) / 3, evaluated as
  // (y/3) * (4 - (x y)(y y)) so that each step is 4 dependent operations
  // deep instead of 6 (the flux kernels are bound by this latency chain).
  for (int it = 0; it < 3; ++it) {
    const float xy = x * y;
    const float yy = y * y;
    const float y_3 = y * (1.0f / 3.0f);
    y = y_3 * (4.0f - xy * yy);
  }
  return y;
}

/// One face of the local inertial scheme. l/r: the cells on the negative and
/// positive side of the face. gn2dt: g dt n^2 at the face.
FLOODEVAC_INLINE float face_q(float hl, float hr, float zl, float zr, float qm, float q0, float qp,
                              float gn2dt, const FaceConsts& c) {
  const float el = hl + zl;
  const float er = hr + zr;
  const float hf = fmax_sel(el, er) - fmax_sel(zl, zr);
  const float hs = fmax_sel(hf, c.h_dry);  // keeps inv_cbrt away from 0 and denormals
  const float q_avg = c.theta * q0 + c.half_1m_theta * (qm + qp);
  const float num = q_avg - c.g_dt_d * hf * (er - el);
  const float y = inv_cbrt_inl(hs);
  const float y2 = y * y;
  const float y7 = (y2 * y2) * (y2 * y);  // hflow^(-7/3), 3 multiplications deep
  const float q0_abs = q0 < 0.0f ? -q0 : q0;
  const float den = 1.0f + (gn2dt * q0_abs) * y7;
  float q = num / den;
  // Volume limiter: one face drains at most kFaceVolumeFraction of its donor cell.
  q = fmin_sel(q, hl * c.q_limit);
  q = fmax_sel(q, -(hr * c.q_limit));
  return hf > c.h_dry ? q : 0.0f;
}

// Face Manning coefficient from the two cell values: arithmetic mean of n.
FLOODEVAC_INLINE float face_gn2dt(float nl, float nr, const FaceConsts& c) {
  const float nf = 0.5f * (nl + nr);
  return c.gdt * (nf * nf);
}

template <bool kUniformN>
FLOODEVAC_INLINE void flux_x_impl(std::int64_t n, const float* __restrict h,
                                  const float* __restrict z, const float* __restrict mn,
                                  const float* __restrict qo, float* __restrict qn,
                                  const FaceConsts& c) {
  FLOODEVAC_IVDEP
  for (std::int64_t f = 1; f < n; ++f) {
    const float gn2dt = kUniformN ? c.gdt_n2 : face_gn2dt(mn[f - 1], mn[f], c);
    qn[f] = face_q(h[f - 1], h[f], z[f - 1], z[f], qo[f - 1], qo[f], qo[f + 1], gn2dt, c);
  }
}

template <bool kUniformN>
FLOODEVAC_INLINE void flux_y_impl(std::int64_t n, const float* __restrict hu,
                                  const float* __restrict zu, const float* __restrict hd,
                                  const float* __restrict zd, const float* __restrict nu,
                                  const float* __restrict nd, const float* __restrict q_prev,
                                  const float* __restrict qo, const float* __restrict q_next,
                                  float* __restrict qn, const FaceConsts& c) {
  FLOODEVAC_IVDEP
  for (std::int64_t i = 0; i < n; ++i) {
    const float gn2dt = kUniformN ? c.gdt_n2 : face_gn2dt(nu[i], nd[i], c);
    qn[i] = face_q(hu[i], hd[i], zu[i], zd[i], q_prev[i], qo[i], q_next[i], gn2dt, c);
  }
}

// x faces 1..n-1 of row "up" and the y faces between rows "up" and "dn" in
// one loop: two independent latency chains per iteration (the face update is
// latency bound), and the row's h, z are loaded once for both.
template <bool kUniformN>
FLOODEVAC_INLINE void flux_xy_impl(std::int64_t n, const float* __restrict h,
                                   const float* __restrict z, const float* __restrict mn,
                                   const float* __restrict qxo, float* __restrict qxn,
                                   const float* __restrict hd, const float* __restrict zd,
                                   const float* __restrict nd, const float* __restrict q_prev,
                                   const float* __restrict qyo, const float* __restrict q_next,
                                   float* __restrict qyn, const FaceConsts& cx,
                                   const FaceConsts& cy) {
  // Iteration i: x face i+1 (cells i, i+1) and y face i (cells up i, dn i).
  FLOODEVAC_IVDEP
  for (std::int64_t i = 0; i + 1 < n; ++i) {
    const float gx = kUniformN ? cx.gdt_n2 : face_gn2dt(mn[i], mn[i + 1], cx);
    qxn[i + 1] = face_q(h[i], h[i + 1], z[i], z[i + 1], qxo[i], qxo[i + 1], qxo[i + 2], gx, cx);
    const float gy = kUniformN ? cy.gdt_n2 : face_gn2dt(mn[i], nd[i], cy);
    qyn[i] = face_q(h[i], hd[i], z[i], zd[i], q_prev[i], qyo[i], q_next[i], gy, cy);
  }
  const std::int64_t i = n - 1;
  const float gy = kUniformN ? cy.gdt_n2 : face_gn2dt(mn[i], nd[i], cy);
  qyn[i] = face_q(h[i], hd[i], z[i], zd[i], q_prev[i], qyo[i], q_next[i], gy, cy);
}

// Lane-wise sums in double and lane-wise max over a row that is in L1: the
// per-lane order is fixed by the row alone, so the result does not depend on
// the thread count nor on the SIMD width (8 independent chains, combined in
// lane order). This keeps the double reductions out of the vectorised loops.
constexpr int kLanes = 8;

FLOODEVAC_INLINE double lane_sum(std::int64_t n, const float* __restrict a) {
  double acc[kLanes] = {0, 0, 0, 0, 0, 0, 0, 0};
  std::int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int j = 0; j < kLanes; ++j) acc[j] += static_cast<double>(a[i + j]);
  for (int j = 0; i < n; ++i, ++j) acc[j] += static_cast<double>(a[i]);
  double s = 0.0;
  for (int j = 0; j < kLanes; ++j) s += acc[j];
  return s;
}

FLOODEVAC_INLINE double lane_sum_and_max(std::int64_t n, const float* __restrict a, float& mx) {
  double acc[kLanes] = {0, 0, 0, 0, 0, 0, 0, 0};
  float m[kLanes] = {0, 0, 0, 0, 0, 0, 0, 0};
  std::int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int j = 0; j < kLanes; ++j) {
      acc[j] += static_cast<double>(a[i + j]);
      m[j] = fmax_sel(m[j], a[i + j]);
    }
  for (int j = 0; i < n; ++i, ++j) {
    acc[j] += static_cast<double>(a[i]);
    m[j] = fmax_sel(m[j], a[i]);
  }
  double s = 0.0;
  float mm = 0.0f;
  for (int j = 0; j < kLanes; ++j) {
    s += acc[j];
    mm = fmax_sel(mm, m[j]);
  }
  mx = mm;
  return s;
}

// Shared tail of both depth updates: running maxima and crossing count.
FLOODEVAC_INLINE std::int32_t track(float hn, float qw, float qe, float qn, float qs,
                                    float* __restrict max_h, float* __restrict max_v2,
                                    std::int64_t i, const UpdateConsts& c) {
  const float mh = max_h[i];
  const std::int32_t crossed = (mh <= c.threshold) & (hn > c.threshold);
  max_h[i] = fmax_sel(hn, mh);
  // Cell-centred velocity from the averaged face discharges; 0 where dry.
  // Track v^2: sqrt is monotonic and correctly rounded, so sqrt(max v^2) = max v.
  // The wet mask multiplies instead of selecting (see mask01).
  const float qxc = 0.5f * (qw + qe);
  const float qyc = 0.5f * (qn + qs);
  const float wet = mask01(hn > c.h_dry);
  const float hs = fmax_sel(hn, c.h_dry);
  const float v2 = ((qxc * qxc + qyc * qyc) * wet) / (hs * hs);
  max_v2[i] = fmax_sel(v2, max_v2[i]);
  return crossed;
}

// Depth update of one row. kSources adds rain (masked outside the domain)
// and losses and records what the float state really received/lost.
template <bool kSources>
FLOODEVAC_INLINE std::int32_t update_impl(
    std::int64_t n, float* __restrict h, float* __restrict h_lo, const float* __restrict qx,
    const float* __restrict qy_n,
    const float* __restrict qy_s, const float* __restrict z, const float* __restrict ga,
    const float* __restrict gb, float* __restrict max_h, float* __restrict max_v2,
    float* __restrict rain_added, float* __restrict loss_removed, const UpdateConsts& cref) {
  const UpdateConsts c = cref;  // local copy: provably not aliased by the stores
  std::int32_t crossings = 0;
  FLOODEVAC_IVDEP
  for (std::int64_t i = 0; i < n; ++i) {
    const float qw = qx[i], qe = qx[i + 1], qn = qy_n[i], qs = qy_s[i];
    // Negative results can only come from rounding (face volume limiter).
    // Compensated depth storage (Kahan's idea, with Knuth's branch-free
    // TwoSum): the float depth h carries what float can hold and h_lo the
    // rounding error of every update, so increments below half an ulp of h are
    // kept instead of rounded away ("stagnation" of slowly filling deep cells,
    // which drifted the mass balance by 1e-6 over hours). All float, so the
    // loop stays 8-wide; exact because we build with -ffp-contract=off and
    // never -ffast-math. The fluxes see h only.
    const float inc = (qw - qe) * c.dt_dx + (qn - qs) * c.dt_dy;
    const float y = inc + h_lo[i];
    const float t = h[i] + y;
    const float bp = t - h[i];
    const float err = (h[i] - (t - bp)) + (y - bp);
    const float h1 = fmax_sel(t, 0.0f);
    h_lo[i] = err * mask01(t > 0.0f);  // mask multiply: keeps the loop branch-free
    float hn = h1;
    if constexpr (kSources) {
      const float inc = c.rain_uniform + (c.grid_w_a * ga[i] + c.grid_w_b * gb[i]);
      const float inside = mask01(z[i] < kOutsideTest);
      const float h2 = h1 + inc * inside;
      // Losses only where water stands and never more than is there.
      const float l = fmin_sel(c.loss, h2);
      hn = h2 - l;
      rain_added[i] = h2 - h1;    // what the float state really received
      loss_removed[i] = h2 - hn;  // exactly (Sterbenz) what it really lost
    }
    h[i] = hn;
    crossings += track(hn, qw, qe, qn, qs, max_h, max_v2, i, c);
  }
  return crossings;
}

}  // namespace

float inv_cbrt(float x) { return inv_cbrt_inl(x); }

FLOODEVAC_CLONES
void flux_x_row(std::int64_t n, const float* h, const float* z, const float* manning,
                const float* q_old, float* q_new, const FaceConsts& c) {
  if (manning == nullptr)
    flux_x_impl<true>(n, h, z, nullptr, q_old, q_new, c);
  else
    flux_x_impl<false>(n, h, z, manning, q_old, q_new, c);
}

FLOODEVAC_CLONES
void flux_y_row(std::int64_t n, const float* h_up, const float* z_up, const float* h_dn,
                const float* z_dn, const float* n_up, const float* n_dn, const float* q_prev,
                const float* q_old, const float* q_next, float* q_new, const FaceConsts& c) {
  if (n_up == nullptr)
    flux_y_impl<true>(n, h_up, z_up, h_dn, z_dn, nullptr, nullptr, q_prev, q_old, q_next, q_new, c);
  else
    flux_y_impl<false>(n, h_up, z_up, h_dn, z_dn, n_up, n_dn, q_prev, q_old, q_next, q_new, c);
}

FLOODEVAC_CLONES
void flux_xy_row(std::int64_t n, const float* h, const float* z, const float* manning,
                 const float* qx_old, float* qx_new, const float* h_dn, const float* z_dn,
                 const float* n_dn, const float* qy_prev, const float* qy_old,
                 const float* qy_next, float* qy_new, const FaceConsts& cx, const FaceConsts& cy) {
  if (manning == nullptr)
    flux_xy_impl<true>(n, h, z, nullptr, qx_old, qx_new, h_dn, z_dn, nullptr, qy_prev, qy_old,
                       qy_next, qy_new, cx, cy);
  else
    flux_xy_impl<false>(n, h, z, manning, qx_old, qx_new, h_dn, z_dn, n_dn, qy_prev, qy_old,
                        qy_next, qy_new, cx, cy);
}

FLOODEVAC_CLONES
void update_row_plain(std::int64_t n, float* h, float* h_lo, const float* qx, const float* qy_n,
                      const float* qy_s, float* max_h, float* max_v2, const UpdateConsts& c,
                      RowSums& out) {
  out.crossings = update_impl<false>(n, h, h_lo, qx, qy_n, qy_s, nullptr, nullptr, nullptr, max_h,
                                     max_v2, nullptr, nullptr, c);
  out.storage = lane_sum_and_max(n, h, out.h_max) + lane_sum(n, h_lo);
  out.rain = 0.0;
  out.loss = 0.0;
}

FLOODEVAC_CLONES
void update_row_sources(std::int64_t n, float* h, float* h_lo, const float* qx, const float* qy_n,
                        const float* qy_s, const float* z, const float* grid_a,
                        const float* grid_b, float* max_h, float* max_v2,
                        const UpdateConsts& c, float* scratch, RowSums& out) {
  out.crossings = update_impl<true>(n, h, h_lo, qx, qy_n, qy_s, z, grid_a, grid_b, max_h, max_v2,
                                    scratch, scratch + n, c);
  out.storage = lane_sum_and_max(n, h, out.h_max) + lane_sum(n, h_lo);
  out.rain = lane_sum(n, scratch);
  out.loss = lane_sum(n, scratch + n);
}

}  // namespace floodevac::flood::kernels
