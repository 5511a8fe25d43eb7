// Row kernels of the local inertial flood engine. See flood_kernels.hpp.
//
// Physics (per face, Bates et al. 2010, J. Hydrol. 387, eq. 7-12; de Almeida
// et al. 2012, Water Resour. Res. 48, W05528, eq. 13-14 for the theta weighting):
//   hflow = max(eta_i, eta_j) - max(z_i, z_j)           (no flow if hflow <= h_dry)
//   q_avg = theta q_f + (1 - theta)/2 (q_{f-1} + q_{f+1})
//   q_new = (q_avg - g hflow dt (eta_j - eta_i)/d) / (1 + g dt n^2 |q_f| / hflow^(7/3))
// with hflow^(-7/3) = y^7, y = hflow^(-1/3) (inv_cbrt below, no pow()),
// g dt in both terms multiplied by the inertia reduction m where flow runs
// down the bed at Fr > inertia_froude (face_q); no depth limiter here (the
// sweep's dry check scales outflows).
#include "sim/flood/flood_kernels.hpp"

#include <bit>
#include <cmath>
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
/// positive side of the face. gn2dt: g dt n^2 at the face. limited: +1 when
/// the Froude bound reduced the discharge.
/// qt: the mean of the four transverse faces around this one (previous step),
/// used only by the 2-D friction (k2d).
template <bool k2d>
FLOODEVAC_INLINE float face_q(float hl, float hr, float zl, float zr, float qm, float q0, float qp,
                              float qt, float gn2dt, const FaceConsts& c, std::int32_t& limited) {
  const float el = hl + zl;
  const float er = hr + zr;
  const float hf = fmax_sel(el, er) - fmax_sel(zl, zr);
  const float hs = fmax_sel(hf, c.h_dry);  // keeps inv_cbrt away from 0 and denormals
  const float q_avg = c.theta * q0 + c.half_1m_theta * (qm + qp);
  const float y = inv_cbrt_inl(hs);
  const float y2 = y * y;
  const float y3 = y2 * y;
  const float y7 = (y2 * y2) * y3;  // hflow^(-7/3), 3 multiplications deep
  const float q0_abs = q0 < 0.0f ? -q0 : q0;
  // Froude-dependent inertia reduction where water runs down the bed
  // (q0 towards the lower bed): the momentum equation is advanced with
  // dt * m, m = max(1, Fr^2 / Fr_c^2), Fr^2 = q0^2 / (g hflow^3), i.e. its
  // inertia is divided by m and the steady state (gravity = friction, the
  // Manning normal depth) is unchanged. A linear stability analysis of the
  // local inertial equations with Manning friction on a slope (no advection
  // term) gives growth of perturbations for Fr > 0.6, the roll-wave-like
  // instability behind the spikes on steep planes; with the inertia scaled
  // by 1/m the same analysis is stable (docs/flood_solver.md). That the
  // local inertial form is only valid at low Froude numbers: de Almeida &
  // Bates (2013), Water Resour. Res. 49, 4833-4844; Bates et al. (2010).
  // Off: inv_frc2_g = 0.
  // |q0| floored at 1e-12 so that its square stays a normal float (a denormal
  // square of a decaying still-water discharge slowed the loop tenfold).
  const float q0_fl = fmax_sel(q0_abs, 1e-12f);
  const float fr2 = (q0_fl * q0_fl) * ((y3 * y3) * y3) * c.inv_frc2_g;
  const bool downhill = (q0 * (zl - zr)) > 0.0f;
  const float m = 1.0f + mask01(downhill) * fmax_sel(fr2 - 1.0f, 0.0f);  // mask multiply, see mask01
  const float num = q_avg - m * (c.g_dt_d * hf * (er - el));
  // Friction: 1-D (face-normal) |q0|, or the 2-D discharge magnitude
  // sqrt(q0^2 + qt^2) with qt the mean of the four transverse faces around
  // this one from the previous step: the default of LISFLOOD-FP's
  // acceleration solver (Bates, Horritt & Fewtrell 2010, J. Hydrol. 387;
  // LISFLOOD-FP 8 documentation, Shaw et al. 2021, Geosci. Model Dev. 14),
  // which makes the friction isotropic (flow along a grid diagonal meets the
  // same resistance as along an axis). Both squares use values floored at
  // 1e-12 so that they stay normal floats (see q0_fl); sqrt is correctly
  // rounded, hence the same on every SIMD width.
  float q_fric = q0_abs;
  if constexpr (k2d) {
    const float qt_abs = qt < 0.0f ? -qt : qt;
    const float qt_fl = fmax_sel(qt_abs, 1e-12f);
    q_fric = std::sqrt(q0_fl * q0_fl + qt_fl * qt_fl);
  }
  const float den = 1.0f + m * ((gn2dt * q_fric) * y7);
  const float q = num / den;
  // Counted where the face is wet and m > 1, with integer masks (a bool
  // expression here would bring control flow into the loop).
  const std::uint32_t wet_bits = std::bit_cast<std::uint32_t>(mask01(hf > c.h_dry));
  const std::uint32_t m_bits = std::bit_cast<std::uint32_t>(mask01(m > 1.0f));
  limited += static_cast<std::int32_t>((wet_bits & m_bits) >> 29);  // 0x3f800000 >> 29 = 1
  return hf > c.h_dry ? q : 0.0f;
}

// Face Manning coefficient from the two cell values: arithmetic mean of n.
FLOODEVAC_INLINE float face_gn2dt(float nl, float nr, const FaceConsts& c) {
  const float nf = 0.5f * (nl + nr);
  return c.gdt * (nf * nf);
}

// Transverse mean for the 2-D friction: the plain mean of four faces.
FLOODEVAC_INLINE float mean4(float a, float b, float c, float d) {
  return 0.25f * ((a + b) + (c + d));
}

template <bool kUniformN, bool k2d>
FLOODEVAC_INLINE std::int32_t flux_x_impl(std::int64_t n, const float* __restrict h,
                                  const float* __restrict z, const float* __restrict mn,
                                  const float* __restrict qo, const float* __restrict qyn,
                                  const float* __restrict qys, float* __restrict qn,
                                  const FaceConsts& c) {
  std::int32_t lim = 0;
  FLOODEVAC_IVDEP
  for (std::int64_t f = 1; f < n; ++f) {
    const float gn2dt = kUniformN ? c.gdt_n2 : face_gn2dt(mn[f - 1], mn[f], c);
    const float qt = k2d ? mean4(qyn[f - 1], qyn[f], qys[f - 1], qys[f]) : 0.0f;
    qn[f] = face_q<k2d>(h[f - 1], h[f], z[f - 1], z[f], qo[f - 1], qo[f], qo[f + 1], qt, gn2dt, c,
                        lim);
  }
  return lim;
}

template <bool kUniformN, bool k2d>
FLOODEVAC_INLINE std::int32_t flux_y_impl(std::int64_t n, const float* __restrict hu,
                                  const float* __restrict zu, const float* __restrict hd,
                                  const float* __restrict zd, const float* __restrict nu,
                                  const float* __restrict nd, const float* __restrict q_prev,
                                  const float* __restrict qo, const float* __restrict q_next,
                                  const float* __restrict qxu, const float* __restrict qxd,
                                  float* __restrict qn, const FaceConsts& c) {
  std::int32_t lim = 0;
  FLOODEVAC_IVDEP
  for (std::int64_t i = 0; i < n; ++i) {
    const float gn2dt = kUniformN ? c.gdt_n2 : face_gn2dt(nu[i], nd[i], c);
    const float qt = k2d ? mean4(qxu[i], qxu[i + 1], qxd[i], qxd[i + 1]) : 0.0f;
    qn[i] = face_q<k2d>(hu[i], hd[i], zu[i], zd[i], q_prev[i], qo[i], q_next[i], qt, gn2dt, c, lim);
  }
  return lim;
}

// x faces 1..n-1 of row "up" and the y faces between rows "up" and "dn" in
// one loop: two independent latency chains per iteration (the face update is
// latency bound), and the row's h, z are loaded once for both.
template <bool kUniformN, bool k2d>
FLOODEVAC_INLINE std::int32_t flux_xy_impl(std::int64_t n, const float* __restrict h,
                                   const float* __restrict z, const float* __restrict mn,
                                   const float* __restrict qxo, float* __restrict qxn,
                                   const float* __restrict hd, const float* __restrict zd,
                                   const float* __restrict nd, const float* __restrict qxd,
                                   const float* __restrict q_prev,
                                   const float* __restrict qyo, const float* __restrict q_next,
                                   float* __restrict qyn, const FaceConsts& cx,
                                   const FaceConsts& cy) {
  // Iteration i: x face i+1 (cells i, i+1) and y face i (cells up i, dn i).
  // 2-D friction: x face i+1 sees the y faces i, i+1 above (q_prev) and below
  // (qyo) the row; y face i the x faces i, i+1 of the rows above (qxo) and
  // below (qxd) it.
  std::int32_t lim = 0;
  FLOODEVAC_IVDEP
  for (std::int64_t i = 0; i + 1 < n; ++i) {
    const float gx = kUniformN ? cx.gdt_n2 : face_gn2dt(mn[i], mn[i + 1], cx);
    const float tx = k2d ? mean4(q_prev[i], q_prev[i + 1], qyo[i], qyo[i + 1]) : 0.0f;
    qxn[i + 1] = face_q<k2d>(h[i], h[i + 1], z[i], z[i + 1], qxo[i], qxo[i + 1], qxo[i + 2], tx,
                             gx, cx, lim);
    const float gy = kUniformN ? cy.gdt_n2 : face_gn2dt(mn[i], nd[i], cy);
    const float ty = k2d ? mean4(qxo[i], qxo[i + 1], qxd[i], qxd[i + 1]) : 0.0f;
    qyn[i] = face_q<k2d>(h[i], hd[i], z[i], zd[i], q_prev[i], qyo[i], q_next[i], ty, gy, cy, lim);
  }
  const std::int64_t i = n - 1;
  const float gy = kUniformN ? cy.gdt_n2 : face_gn2dt(mn[i], nd[i], cy);
  const float ty = k2d ? mean4(qxo[i], qxo[i + 1], qxd[i], qxd[i + 1]) : 0.0f;
  qyn[i] = face_q<k2d>(h[i], hd[i], z[i], zd[i], q_prev[i], qyo[i], q_next[i], ty, gy, cy, lim);
  return lim;
}

// Lane-wise sums in double and lane-wise max over a row that is in L1: the
// per-lane order is fixed by the row alone, so the result does not depend on
// the thread count nor on the SIMD width (8 independent chains, combined in
// lane order by RowAcc::sums). This keeps the double reductions out of the
// vectorised loops. Called on runs starting at multiples of 8, element i
// goes to lane i % 8 of the row.
constexpr int kLanes = RowAcc::kLanes;

FLOODEVAC_INLINE void lane_sum(std::int64_t n, const float* __restrict a, double* __restrict acc) {
  std::int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int j = 0; j < kLanes; ++j) acc[j] += static_cast<double>(a[i + j]);
  for (int j = 0; i < n; ++i, ++j) acc[j] += static_cast<double>(a[i]);
}

FLOODEVAC_INLINE void lane_sum_and_max(std::int64_t n, const float* __restrict a,
                                       double* __restrict acc, float* __restrict m) {
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
}

FLOODEVAC_INLINE void lane_max(std::int64_t n, const float* __restrict a, float* __restrict m) {
  std::int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int j = 0; j < kLanes; ++j) m[j] = fmax_sel(m[j], a[i + j]);
  for (int j = 0; i < n; ++i, ++j) m[j] = fmax_sel(m[j], a[i]);
}

FLOODEVAC_INLINE double lanes_total(const double* acc) {
  double s = 0.0;
  for (int j = 0; j < kLanes; ++j) s += acc[j];
  return s;
}

FLOODEVAC_INLINE float lanes_max(const float* m) {
  float mm = 0.0f;
  for (int j = 0; j < kLanes; ++j) mm = fmax_sel(mm, m[j]);
  return mm;
}

// Shared tail of both depth updates: running maxima and crossing count.
FLOODEVAC_INLINE std::int32_t track(float hn, float qw, float qe, float qn, float qs,
                                    float* __restrict max_h, float* __restrict max_v2,
                                    float* __restrict v2_row, std::int64_t i,
                                    const UpdateConsts& c) {
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
  v2_row[i] = v2;
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
    float* __restrict rain_added, float* __restrict loss_removed, float* __restrict v2_row,
    const UpdateConsts& cref) {
  const UpdateConsts c = cref;  // local copy: provably not aliased by the stores
  std::int32_t crossings = 0;
  FLOODEVAC_IVDEP
  for (std::int64_t i = 0; i < n; ++i) {
    const float qw = qx[i], qe = qx[i + 1], qn = qy_n[i], qs = qy_s[i];
    // Negative results can only come from rounding (outgoing fluxes scaled
    // by dry_check_row to kDryCheckShare of the water held).
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
    crossings += track(hn, qw, qe, qn, qs, max_h, max_v2, v2_row, i, c);
  }
  return crossings;
}

}  // namespace

float inv_cbrt(float x) { return inv_cbrt_inl(x); }

FLOODEVAC_CLONES
std::int32_t flux_x_row(std::int64_t n, const float* h, const float* z, const float* manning,
                        const float* q_old, const float* qy_n, const float* qy_s, float* q_new,
                        const FaceConsts& c) {
  if (c.friction_2d) {
    if (manning == nullptr)
      return flux_x_impl<true, true>(n, h, z, nullptr, q_old, qy_n, qy_s, q_new, c);
    return flux_x_impl<false, true>(n, h, z, manning, q_old, qy_n, qy_s, q_new, c);
  }
  if (manning == nullptr)
    return flux_x_impl<true, false>(n, h, z, nullptr, q_old, qy_n, qy_s, q_new, c);
  return flux_x_impl<false, false>(n, h, z, manning, q_old, qy_n, qy_s, q_new, c);
}

FLOODEVAC_CLONES
std::int32_t flux_y_row(std::int64_t n, const float* h_up, const float* z_up, const float* h_dn,
                        const float* z_dn, const float* n_up, const float* n_dn,
                        const float* q_prev, const float* q_old, const float* q_next,
                        const float* qx_up, const float* qx_dn, float* q_new,
                        const FaceConsts& c) {
  if (c.friction_2d) {
    if (n_up == nullptr)
      return flux_y_impl<true, true>(n, h_up, z_up, h_dn, z_dn, nullptr, nullptr, q_prev, q_old,
                                     q_next, qx_up, qx_dn, q_new, c);
    return flux_y_impl<false, true>(n, h_up, z_up, h_dn, z_dn, n_up, n_dn, q_prev, q_old, q_next,
                                    qx_up, qx_dn, q_new, c);
  }
  if (n_up == nullptr)
    return flux_y_impl<true, false>(n, h_up, z_up, h_dn, z_dn, nullptr, nullptr, q_prev, q_old,
                                    q_next, qx_up, qx_dn, q_new, c);
  return flux_y_impl<false, false>(n, h_up, z_up, h_dn, z_dn, n_up, n_dn, q_prev, q_old, q_next,
                                   qx_up, qx_dn, q_new, c);
}

FLOODEVAC_CLONES
std::int32_t flux_xy_row(std::int64_t n, const float* h, const float* z, const float* manning,
                         const float* qx_old, float* qx_new, const float* h_dn, const float* z_dn,
                         const float* n_dn, const float* qx_dn_old, const float* qy_prev,
                         const float* qy_old, const float* qy_next, float* qy_new,
                         const FaceConsts& cx, const FaceConsts& cy) {
  if (cx.friction_2d) {
    if (manning == nullptr)
      return flux_xy_impl<true, true>(n, h, z, nullptr, qx_old, qx_new, h_dn, z_dn, nullptr,
                                      qx_dn_old, qy_prev, qy_old, qy_next, qy_new, cx, cy);
    return flux_xy_impl<false, true>(n, h, z, manning, qx_old, qx_new, h_dn, z_dn, n_dn,
                                     qx_dn_old, qy_prev, qy_old, qy_next, qy_new, cx, cy);
  }
  if (manning == nullptr)
    return flux_xy_impl<true, false>(n, h, z, nullptr, qx_old, qx_new, h_dn, z_dn, nullptr,
                                     qx_dn_old, qy_prev, qy_old, qy_next, qy_new, cx, cy);
  return flux_xy_impl<false, false>(n, h, z, manning, qx_old, qx_new, h_dn, z_dn, n_dn, qx_dn_old,
                                    qy_prev, qy_old, qy_next, qy_new, cx, cy);
}

FLOODEVAC_CLONES
std::int32_t dry_check_row(std::int64_t n, const float* __restrict h, const float* __restrict qx,
                           const float* __restrict qy_n, const float* __restrict qy_s,
                           float dt_dx, float dt_dy, float* __restrict factor) {
  std::int32_t scaled = 0;
  FLOODEVAC_IVDEP
  for (std::int64_t i = 0; i < n; ++i) {
    const float out_x = fmax_sel(qx[i + 1], 0.0f) + fmax_sel(-qx[i], 0.0f);
    const float out_y = fmax_sel(qy_s[i], 0.0f) + fmax_sel(-qy_n[i], 0.0f);
    const float out = out_x * dt_dx + out_y * dt_dy;  // depth the outgoing faces take, m
    const float avail = kDryCheckShare * h[i];
    const bool over = out > avail;
    // out > avail >= 0 where over, so the division is safe; elsewhere divide by 1.
    const float f = avail / (over ? out : 1.0f);
    factor[i] = over ? f : 1.0f;
    scaled += static_cast<std::int32_t>(over);
  }
  return scaled;
}

FLOODEVAC_CLONES
void scale_x_row(std::int64_t n, const float* __restrict q, const float* __restrict factor,
                 float* __restrict out) {
  out[0] = q[0] < 0.0f ? q[0] * factor[0] : q[0];
  FLOODEVAC_IVDEP
  for (std::int64_t f = 1; f < n; ++f) {
    const float qf = q[f];
    out[f] = qf * (qf > 0.0f ? factor[f - 1] : factor[f]);
  }
  out[n] = q[n] > 0.0f ? q[n] * factor[n - 1] : q[n];
}

FLOODEVAC_CLONES
void scale_y_row(std::int64_t n, const float* __restrict q, const float* __restrict f_up,
                 const float* __restrict f_dn, float* __restrict out) {
  if (f_up != nullptr && f_dn != nullptr) {
    FLOODEVAC_IVDEP
    for (std::int64_t i = 0; i < n; ++i) out[i] = q[i] * (q[i] > 0.0f ? f_up[i] : f_dn[i]);
  } else if (f_dn != nullptr) {  // north edge: inflow (q > 0) comes from a ghost
    FLOODEVAC_IVDEP
    for (std::int64_t i = 0; i < n; ++i) out[i] = q[i] < 0.0f ? q[i] * f_dn[i] : q[i];
  } else if (f_up != nullptr) {  // south edge: inflow (q < 0) comes from a ghost
    FLOODEVAC_IVDEP
    for (std::int64_t i = 0; i < n; ++i) out[i] = q[i] > 0.0f ? q[i] * f_up[i] : q[i];
  } else {
    for (std::int64_t i = 0; i < n; ++i) out[i] = q[i];
  }
}

RowSums RowAcc::sums() const {
  RowSums out;
  out.crossings = crossings;
  out.v2_max = lanes_max(v2_max);
  out.h_max = lanes_max(h_max);
  out.storage = lanes_total(h) + lanes_total(h_lo);
  out.rain = lanes_total(rain);
  out.loss = lanes_total(loss);
  return out;
}

FLOODEVAC_CLONES
void dry_rain_row(std::int64_t n, const float* __restrict z, float inc, RowAcc& acc) {
  // The arithmetic of update_impl<true> on h = 0: h2 = 0 + inc * inside,
  // rain added h2 - 0, loss fmin(loss, h2) = h2, removed h2 - 0.
  std::int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int j = 0; j < kLanes; ++j) {
      const double v = static_cast<double>(inc * mask01(z[i + j] < kOutsideTest));
      acc.rain[j] += v;
      acc.loss[j] += v;
    }
  for (int j = 0; i < n; ++i, ++j) {
    const double v = static_cast<double>(inc * mask01(z[i] < kOutsideTest));
    acc.rain[j] += v;
    acc.loss[j] += v;
  }
}

FLOODEVAC_CLONES
void update_row_plain(std::int64_t n, float* h, float* h_lo, const float* qx, const float* qy_n,
                      const float* qy_s, float* max_h, float* max_v2, const UpdateConsts& c,
                      float* v2_row, RowAcc& acc) {
  acc.crossings += update_impl<false>(n, h, h_lo, qx, qy_n, qy_s, nullptr, nullptr, nullptr, max_h,
                                      max_v2, nullptr, nullptr, v2_row, c);
  lane_max(n, v2_row, acc.v2_max);
  lane_sum_and_max(n, h, acc.h, acc.h_max);
  lane_sum(n, h_lo, acc.h_lo);
}

FLOODEVAC_CLONES
void update_row_sources(std::int64_t n, float* h, float* h_lo, const float* qx, const float* qy_n,
                        const float* qy_s, const float* z, const float* grid_a,
                        const float* grid_b, float* max_h, float* max_v2,
                        const UpdateConsts& c, float* scratch, RowAcc& acc) {
  acc.crossings += update_impl<true>(n, h, h_lo, qx, qy_n, qy_s, z, grid_a, grid_b, max_h, max_v2,
                                     scratch, scratch + n, scratch + 2 * n, c);
  lane_max(n, scratch + 2 * n, acc.v2_max);
  lane_sum_and_max(n, h, acc.h, acc.h_max);
  lane_sum(n, h_lo, acc.h_lo);
  lane_sum(n, scratch, acc.rain);
  lane_sum(n, scratch + n, acc.loss);
}

}  // namespace floodevac::flood::kernels
