#pragma once
// Row kernels of the local inertial flood engine (internal to sim/flood).
//
// Every kernel works on one grid row of float arrays, has no reductions over
// floats that the compiler would need to reorder, and uses selects instead of
// branches so that GCC vectorises it. With -ffp-contract=off every operation
// is a single IEEE-rounded float operation, so the scalar, SSE and AVX2
// versions (target_clones) give bitwise identical results.
//
// Conventions: qx[f] on the vertical face f of a row (f = 0 west edge,
// f = cols east edge), positive towards +x (east). qy on horizontal face row r
// (r = 0 north edge, r = rows south edge), positive towards increasing row
// index (south). Unit-width discharges in m^2/s.
#include <cstdint>

namespace floodevac::flood::kernels {

/// Bed elevation stored for cells outside the domain (NaN in the DEM): a wall
/// no water surface can reach, so hflow = max(eta) - max(z) is exactly 0 on
/// their faces and they never hold water.
inline constexpr float kOutsideBed = 1.0e7f;
/// Cells with z above this are outside the domain.
inline constexpr float kOutsideTest = 0.5e7f;

/// Share of its water a cell may lose through all its faces in one step when
/// its outgoing fluxes are scaled down (dry_check_row): 1 minus a margin of a
/// few float roundings, so that the depth update never rounds below zero.
inline constexpr float kDryCheckShare = 0.99999f;

/// Per-step constants of the face momentum update, for one direction.
struct FaceConsts {
  float g_dt_d = 0.0f;      // g * dt / d, d = distance between cell centres (m), s^-1 * m / m
  float gdt = 0.0f;         // g * dt (m/s)
  float gdt_n2 = 0.0f;      // g * dt * n^2 for a uniform Manning n
  float theta = 1.0f;       // de Almeida et al. (2012) weight of the face itself
  float half_1m_theta = 0.0f;  // (1 - theta) / 2, weight of each neighbouring face
  float h_dry = 1e-3f;      // m
  // 1 / (Fr_c^2 g) of the inertia reduction (s^2/m), 0 when it is off.
  float inv_frc2_g = 0.0f;
  // Friction from the discharge magnitude (2-D, the default) or from the
  // face-normal discharge alone (1-D); see face_q in flood_kernels.cpp.
  bool friction_2d = true;
};

/// Per-step constants of the depth update.
struct UpdateConsts {
  float dt_dx = 0.0f;       // dt / dx (s/m)
  float dt_dy = 0.0f;       // dt / dy (s/m)
  float h_dry = 1e-3f;      // m: speed is 0 at or below this depth
  float threshold = 0.1f;   // m: inundation threshold for the arrival time
  // Sources (general kernel only).
  float rain_uniform = 0.0f;  // m added this step on every domain cell
  float grid_w_a = 0.0f;      // weight of grid_a (m per grid unit)
  float grid_w_b = 0.0f;      // weight of grid_b
  float loss = 0.0f;          // m that may be removed this step where water stands
};

/// Per-row results of the depth update, summed by the caller in row order.
struct RowSums {
  double storage = 0.0;  // sum of new depths (m); times cell area gives m^3
  double rain = 0.0;     // sum of depth actually added by rain (m)
  double loss = 0.0;     // sum of depth actually removed by losses (m)
  float h_max = 0.0f;    // max new depth (m)
  float v2_max = 0.0f;   // max cell speed squared of the new state (m^2/s^2)
  std::int32_t crossings = 0;  // cells whose depth rose above the threshold for the first time
};

/// Lane accumulators of a row's sums, carried over the runs of one row
/// (dry tiles skipped): element i of the row always goes to lane i % 8, in
/// increasing i, so a row done in runs that start at multiples of 8 sums
/// bitwise as the whole row in one call. clear() per row, sums() at its end.
struct RowAcc {
  static constexpr int kLanes = 8;
  double h[kLanes], h_lo[kLanes], rain[kLanes], loss[kLanes];
  float h_max[kLanes], v2_max[kLanes];
  std::int32_t crossings;
  void clear() {
    for (int j = 0; j < kLanes; ++j) {
      h[j] = h_lo[j] = rain[j] = loss[j] = 0.0;
      h_max[j] = v2_max[j] = 0.0f;
    }
    crossings = 0;
  }
  RowSums sums() const;
};

/// The flux kernels return the number of faces whose inertia was reduced
/// (fast flow down the bed, see face_q; 0 when it is off).

/// x faces 1..n-1 of a row of n cells (faces 0 and n are boundary faces, untouched).
/// manning: nullptr for a uniform n (c.gdt_n2 used), else the row's n (s/m^(1/3)).
/// qy_n/qy_s: the old y-face rows north and south of the row (n faces each),
/// read only with c.friction_2d.
std::int32_t flux_x_row(std::int64_t n, const float* h, const float* z, const float* manning,
                        const float* q_old, const float* qy_n, const float* qy_s, float* q_new,
                        const FaceConsts& c);

/// y faces between row "up" (north) and row "dn" (south), n cells wide.
/// q_prev/q_old/q_next: old discharges of the face rows above, at and below this one.
/// qx_up/qx_dn: the old x faces (n + 1) of rows up and dn, read only with c.friction_2d.
std::int32_t flux_y_row(std::int64_t n, const float* h_up, const float* z_up, const float* h_dn,
                        const float* z_dn, const float* n_up, const float* n_dn,
                        const float* q_prev, const float* q_old, const float* q_next,
                        const float* qx_up, const float* qx_dn, float* q_new,
                        const FaceConsts& c);

/// flux_x_row of row "up" and flux_y_row of the faces below it in one pass
/// (bitwise the same results as the two calls). qx_dn_old: the old x faces of
/// row dn; cx.friction_2d selects the friction for both directions.
std::int32_t flux_xy_row(std::int64_t n, const float* h, const float* z, const float* manning,
                         const float* qx_old, float* qx_new, const float* h_dn, const float* z_dn,
                         const float* n_dn, const float* qx_dn_old, const float* qy_prev,
                         const float* qy_old, const float* qy_next, float* qy_new,
                         const FaceConsts& cx, const FaceConsts& cy);

/// Outgoing-flux factor of each cell of a row (the idea of LISFLOOD-FP's
/// DryCheck, Bates et al. 2010 code; here a separate pass so that every face
/// can use its donor's factor): with out = dt/dx (max(qx_e,0) + max(-qx_w,0))
/// + dt/dy (max(qy_s,0) + max(-qy_n,0)) the depth the cell's outgoing faces
/// would take, factor = kDryCheckShare h / out where out > kDryCheckShare h,
/// else 1. qx: the row's n+1 faces; qy_n/qy_s: the face rows north and south.
/// Returns the number of cells whose factor is below 1.
std::int32_t dry_check_row(std::int64_t n, const float* h, const float* qx, const float* qy_n,
                           const float* qy_s, float dt_dx, float dt_dy, float* factor);

/// Scales the n+1 x faces of a row by their donor cell's factor (the cell on
/// the side the water leaves). The west face 0 and the east face n take the
/// edge cell's factor for outflow and 1 for inflow (from a boundary ghost).
void scale_x_row(std::int64_t n, const float* q, const float* factor, float* out);

/// Scales a row of n y faces between the cells north (f_up) and south (f_dn)
/// of it by the donor's factor; nullptr stands for a boundary ghost (factor 1).
void scale_y_row(std::int64_t n, const float* q, const float* f_up, const float* f_dn, float* out);

/// Depth update of a row (or of a run of it starting at a column that is a
/// multiple of 8) without sources: h += dt*div(q); running maxima; the row's
/// sums added to acc. qx: the n+1 x faces; qy_n/qy_s: the face rows north
/// and south of it. h_lo: the part of each depth below float precision
/// (compensated storage: the depth is h + h_lo; only h is seen by the
/// fluxes). v2_row: n floats of scratch (the cells' speed squared).
void update_row_plain(std::int64_t n, float* h, float* h_lo, const float* qx, const float* qy_n,
                      const float* qy_s, float* max_h, float* max_v2, const UpdateConsts& c,
                      float* v2_row, RowAcc& acc);

/// Depth update with rain (uniform + up to two weighted grid rows), losses and
/// the domain mask (z >= kOutsideTest receives nothing). scratch: 3*n floats.
void update_row_sources(std::int64_t n, float* h, float* h_lo, const float* qx, const float* qy_n,
                        const float* qy_s, const float* z, const float* grid_a,
                        const float* grid_b, float* max_h, float* max_v2,
                        const UpdateConsts& c, float* scratch, RowAcc& acc);

/// The row sums of n dry cells of a skipped tile (DryTiles) under a uniform
/// rain of inc m per step that the losses take back at once (inc <= loss):
/// each cell inside the domain (z < kOutsideTest) receives inc and loses inc,
/// as the depth update would book it; its state does not change. Added to
/// acc like update_row_sources (runs starting at multiples of 8).
void dry_rain_row(std::int64_t n, const float* z, float inc, RowAcc& acc);

/// x^(-1/3) for normal positive floats to about 2 ulp, vectorisable: a
/// bit-level first guess (the exponent divided by -3 through the float's bit
/// pattern read as an integer, the same idea as the well-known fast inverse
/// square root; constant fitted by us for a max error of 3.5 %) and three
/// Newton steps y <- y (4 - x y^3) / 3 (quadratic convergence:
/// 3.5e-2 -> 2.4e-3 -> 1.2e-5 -> 3e-10, then float rounding: measured max
/// relative error 1.9e-7, i.e. < 2 ulp, over [1e-3, 2e4]). No division.
float inv_cbrt(float x);

}  // namespace floodevac::flood::kernels
