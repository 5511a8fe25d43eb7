// Kernels of the finite-volume shallow-water solver. See fv_kernels.hpp for
// the scheme and its references.
#include "sim/flood/fv_kernels.hpp"

#include <algorithm>
#include <cmath>

#include "sim/flood/flood_kernels.hpp"

namespace floodevac::flood::fv {
namespace {

inline float minmod(float a, float b) {
  if (!(a * b > 0.0f)) return 0.0f;
  return std::fabs(a) < std::fabs(b) ? a : b;
}

inline bool outside(float z) { return z >= kernels::kOutsideTest; }

// Face states of one face from the two cells (l: negative side, r: positive
// side): depth, normal and tangential velocity; sl, sr: the cells' limited
// surface slopes along the face normal. Walls (cells outside the domain)
// mirror the other side.
struct FaceStates {
  float hl, ul, vl, hr, ur, vr;
};

inline FaceStates face_states(float hl, float zl, float ul, float vl, float sl, float hr, float zr,
                              float ur, float vr, float sr, const Consts& c) {
  const bool out_l = outside(zl), out_r = outside(zr);
  const bool wet_l = !out_l && hl > c.h_dry, wet_r = !out_r && hr > c.h_dry;
  const float el = hl + zl, er = hr + zr;
  FaceStates f{0.0f, ul, vl, 0.0f, ur, vr};
  if (wet_l && wet_r && std::fabs(zl - zr) <= 2.0f * std::min(hl, hr)) {
    // Linear surface, mean face bed (see the header).
    const float zf = 0.5f * (zl + zr);
    f.hl = std::clamp((el + 0.5f * sl) - zf, 0.0f, 2.0f * hl);
    f.hr = std::clamp((er - 0.5f * sr) - zf, 0.0f, 2.0f * hr);
    return f;
  }
  // Audusse et al. (2004): face bed max(z_l, z_r); walls take the other side's bed.
  const float zf = std::max(out_l ? zr : zl, out_r ? zl : zr);
  f.hl = std::max(0.0f, el - zf);
  f.hr = std::max(0.0f, er - zf);
  if (out_r) f = {f.hl, ul, vl, f.hl, -ul, vl};
  if (out_l) f = {f.hr, -ur, vr, f.hr, ur, vr};
  return f;
}


// The HLLC flux (see hllc() in the header), inlined into the face loops.
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
inline FaceFlux hllc_inl(float hl, float ul, float vl, float hr, float ur, float vr, float g) {
  FaceFlux f;
  if (!(hl > 0.0f) && !(hr > 0.0f)) return f;
  const float half_g = 0.5f * g;
  const float cl = std::sqrt(g * hl), cr = std::sqrt(g * hr);
  // Wave speeds (Toro 2001, ch. 10): the two-rarefaction estimates of the
  // star region, and the dry-bed speeds u -+ 2c where one side is dry.
  float sl, sr;
  if (!(hl > 0.0f)) {
    sl = ur - 2.0f * cr;
    sr = ur + cr;
  } else if (!(hr > 0.0f)) {
    sl = ul - cl;
    sr = ul + 2.0f * cl;
  } else {
    const float us = 0.5f * (ul + ur) + (cl - cr);
    const float cs = 0.5f * (cl + cr) + 0.25f * (ul - ur);
    sl = std::min(ul - cl, us - cs);
    sr = std::max(ur + cr, us + cs);
  }
  const float ql = hl * ul, qr = hr * ur;
  const float fl_h = ql, fr_h = qr;
  const float fl_m = ql * ul + pressure(hl, half_g);
  const float fr_m = qr * ur + pressure(hr, half_g);
  if (sl >= 0.0f) return {fl_h, fl_m, ql * vl};
  if (sr <= 0.0f) return {fr_h, fr_m, qr * vr};
  // HLL flux written as the mean plus corrections, so that equal states give
  // exactly the physical flux (no rounding: the lake at rest stays at rest).
  const float inv = 1.0f / (sr - sl);
  const float a = 0.5f * (sr + sl) * inv;
  const float b = sl * sr * inv;
  f.h = 0.5f * (fl_h + fr_h) + a * (fl_h - fr_h) + b * (hr - hl);
  f.qn = 0.5f * (fl_m + fr_m) + a * (fl_m - fr_m) + b * (qr - ql);
  // HLLC: the tangential velocity is carried by the contact wave S* (Toro 2001, sec. 10.3).
  const float den = hr * (ur - sr) - hl * (ul - sl);
  const float num = sl * hr * (ur - sr) - sr * hl * (ul - sl);
  const float s_star = den != 0.0f ? num / den : 0.0f;
  f.qt = f.h * (s_star >= 0.0f ? vl : vr);
  return f;
}

inline void store_face(const FaceStates& s, bool wall, const Consts& c, FaceArrays out,
                       std::int64_t k) {
  const FaceFlux f = hllc_inl(s.hl, s.ul, s.vl, s.hr, s.ur, s.vr, c.g);
  out.fh[k] = wall ? 0.0f : f.h;
  out.gl[k] = f.qn - pressure(s.hl, c.half_g);
  out.gr[k] = f.qn - pressure(s.hr, c.half_g);
  out.ft[k] = wall ? 0.0f : f.qt;
}

}  // namespace

FaceFlux hllc(float hl, float ul, float vl, float hr, float ur, float vr, float g) {
  return hllc_inl(hl, ul, vl, hr, ur, vr, g);
}

void velocities_and_slopes_row(std::int64_t n, const float* h, const float* z, const float* hu,
                               const float* hv, const float* h_up, const float* z_up,
                               const float* h_dn, const float* z_dn, const Consts& c, float* u,
                               float* v, float* sx, float* sy) {
  auto wet = [&](float hh, float zz) { return hh > c.h_dry && !outside(zz); };
  for (std::int64_t i = 0; i < n; ++i) {
    const bool w = wet(h[i], z[i]);
    const float inv_h = w ? 1.0f / h[i] : 0.0f;
    u[i] = hu[i] * inv_h;
    v[i] = hv[i] * inv_h;
    const float e = h[i] + z[i];
    float s = 0.0f;
    if (w && i > 0 && i + 1 < n && wet(h[i - 1], z[i - 1]) && wet(h[i + 1], z[i + 1]))
      s = minmod((h[i + 1] + z[i + 1]) - e, e - (h[i - 1] + z[i - 1]));
    sx[i] = s;
    s = 0.0f;
    if (w && h_up && h_dn && wet(h_up[i], z_up[i]) && wet(h_dn[i], z_dn[i]))
      s = minmod((h_dn[i] + z_dn[i]) - e, e - (h_up[i] + z_up[i]));
    sy[i] = s;
  }
}

void x_faces_row(std::int64_t n, const float* h, const float* z, const float* u, const float* v,
                 const float* sx, const Consts& c, FaceArrays out) {
  for (std::int64_t f = 1; f < n; ++f) {
    const std::int64_t l = f - 1, r = f;
    const FaceStates s =
        face_states(h[l], z[l], u[l], v[l], sx[l], h[r], z[r], u[r], v[r], sx[r], c);
    store_face(s, outside(z[l]) || outside(z[r]), c, out, f);
  }
}

void y_faces_row(std::int64_t n, const float* h_up, const float* z_up, const float* u_up,
                 const float* v_up, const float* sy_up, const float* h_dn, const float* z_dn,
                 const float* u_dn, const float* v_dn, const float* sy_dn, const Consts& c,
                 FaceArrays out) {
  // Normal velocity v (south), tangential u.
  for (std::int64_t i = 0; i < n; ++i) {
    const FaceStates s = face_states(h_up[i], z_up[i], v_up[i], u_up[i], sy_up[i], h_dn[i],
                                     z_dn[i], v_dn[i], u_dn[i], sy_dn[i], c);
    store_face(s, outside(z_up[i]) || outside(z_dn[i]), c, out, i);
  }
}

void update_row(std::int64_t n, float* h, float* h_lo, float* hu, float* hv, const float* z,
                const float* sx, const float* sy, const float* manning, FaceArrays fx,
                FaceArrays fy_n, FaceArrays fy_s, const float* ga, const float* gb, float* max_h,
                float* max_v2, const Consts& c, RowSums& out) {
  double storage = 0.0, rain = 0.0, loss = 0.0;
  float h_max = 0.0f, s_max = 0.0f;
  std::int32_t crossings = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    if (outside(z[i])) continue;
    const float h0 = h[i];
    // Mass: the same compensated (TwoSum) update as the inertial kernels.
    const float inc = (fx.fh[i] - fx.fh[i + 1]) * c.dt_dx + (fy_n.fh[i] - fy_s.fh[i]) * c.dt_dy;
    const float y = inc + h_lo[i];
    const float t = h0 + y;
    const float bp = t - h0;
    const float err = (h0 - (t - bp)) + (y - bp);
    float hn = t > 0.0f ? t : 0.0f;
    h_lo[i] = t > 0.0f ? err : 0.0f;
    // Momentum: face fluxes minus each face's own pressure, and the bed-slope
    // force along the reconstructed surface inside the cell.
    const float gh = c.g * h0;
    float qx = hu[i] - c.dt_dx * ((fx.gl[i + 1] - fx.gr[i]) + gh * sx[i]) -
               c.dt_dy * (fy_s.ft[i] - fy_n.ft[i]);
    float qy = hv[i] - c.dt_dy * ((fy_s.gl[i] - fy_n.gr[i]) + gh * sy[i]) -
               c.dt_dx * (fx.ft[i + 1] - fx.ft[i]);
    // Rain and losses (depth only).
    const float r_in = c.rain_uniform + (c.grid_w_a * ga[i] + c.grid_w_b * gb[i]);
    const float h2 = hn + r_in;
    const float l = std::min(c.loss, h2);
    const float h3 = h2 - l;
    rain += static_cast<double>(h2 - hn);
    loss += static_cast<double>(h2 - h3);
    hn = h3;
    // Implicit Manning friction, solved exactly for the magnitude:
    // q (1 + a |q|) = q*, a = dt g n^2 / h^(7/3), so |q| = 2 |q*| / (1 + sqrt(1 + 4 a |q*|))
    // (the stable root). Steady uniform flow balances exactly whatever dt,
    // and a cell that has just been wetted (old q = 0) cannot take up an
    // unbounded speed, as it would with |q_old| in the denominator.
    // No velocity at or below h_dry.
    if (hn > c.h_dry) {
      const float h73 = hn * hn * std::cbrt(hn);
      const float gdt_n2 = manning ? c.gdt * manning[i] * manning[i] : c.gdt_n2;
      const float qm = std::sqrt(qx * qx + qy * qy);
      const float inv_den = 2.0f / (1.0f + std::sqrt(1.0f + 4.0f * (gdt_n2 / h73) * qm));
      qx *= inv_den;
      qy *= inv_den;
      const float inv_h = 1.0f / hn;
      const float ux = qx * inv_h, uy = qy * inv_h;
      const float v2 = ux * ux + uy * uy;
      max_v2[i] = std::max(max_v2[i], v2);
      s_max = std::max(s_max, std::max(std::fabs(ux), std::fabs(uy)) + std::sqrt(c.g * hn));
    } else {
      qx = 0.0f;
      qy = 0.0f;
    }
    hu[i] = qx;
    hv[i] = qy;
    h[i] = hn;
    crossings += (max_h[i] <= c.threshold) & (hn > c.threshold);
    max_h[i] = std::max(max_h[i], hn);
    h_max = std::max(h_max, hn);
    storage += static_cast<double>(hn) + static_cast<double>(h_lo[i]);
  }
  out.storage = storage;
  out.rain = rain;
  out.loss = loss;
  out.h_max = h_max;
  out.speed_max = s_max;
  out.crossings = crossings;
}

}  // namespace floodevac::flood::fv
