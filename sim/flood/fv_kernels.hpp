#pragma once
// Kernels of the finite-volume shallow-water solver (flood.solver.scheme: fv),
// internal to sim/flood: the Riemann solver of one face, the face states,
// and the row passes of one step. The threaded loop that calls them is in
// fv_sweep.cpp.
//
// Equations (2-D shallow water, conservative form, Toro 2001, ch. 3):
//   h_t + (hu)_x + (hv)_y = R - L
//   (hu)_t + (hu^2 + g h^2/2)_x + (huv)_y = -g h z_x - g n^2 u |u| / h^(1/3)
//   (hv)_t + (huv)_x + (hv^2 + g h^2/2)_y = -g h z_y - g n^2 v |u| / h^(1/3)
// with v positive towards increasing row index (south), as qy of the
// inertial kernels (flood_kernels.hpp).
//
// Scheme (one explicit Euler step per time step, dt from the CFL condition):
//  - HLLC fluxes (Toro 2001, Shock-Capturing Methods for Free-Surface Shallow
//    Flows, sec. 10.3) with the wave-speed estimates of Toro (2001) eq. 10.22
//    and 10.24 for wet and dry neighbours;
//  - face states by hydrostatic reconstruction (Audusse, Bouchut, Bristeau,
//    Klein & Perthame 2004, SIAM J. Sci. Comput. 25, 2050-2065): depth at the
//    face max(0, eta - z_face), so a lake at rest stays at rest and no depth
//    goes negative. Audusse's face bed max(z_L, z_R) under-estimates the
//    bed-slope force on steep coarse grids (the error is about dz / 2h per
//    face and reaches 50 % once the bed step exceeds the depth: Delestre,
//    Cordier, Darboux & James 2012, C. R. Acad. Sci. Paris I 350, 677-681).
//    So where both cells are wet and the bed step is at most twice the
//    smaller depth, the face bed is the mean of the two beds and the water
//    surface is reconstructed linearly inside each cell with a minmod-limited
//    slope (the surface-gradient idea of Zhou, Causon, Mingham & Ingram 2001,
//    J. Comput. Phys. 168, 1-25), the bed-slope force inside the cell being
//    g h times that slope: uniform flow down an inclined plane is then an
//    exact steady state of the discrete equations at any slope, and the lake
//    at rest still is (its surface slopes are exactly zero). Elsewhere (dry
//    neighbour, steps) the face is Audusse's.
//  - cells outside the domain and closed edges are walls: the face state on
//    the wall side mirrors the wet side (normal velocity reversed);
//  - Manning friction implicit after the flux update, solved exactly for the
//    magnitude: q_new (1 + dt g n^2 |q_new| / h^(7/3)) = q* (the point-implicit
//    form of the inertial solver, Bates et al. 2010, with the new |q|: steady
//    uniform flow balances exactly whatever dt, and newly wetted thin cells
//    cannot take up unbounded speeds);
//  - a cell at or below h_dry has no velocity (its momentum is set to 0).
#include <cstdint>

namespace floodevac::flood::fv {

/// Fluxes through one face in the face-normal frame, per unit face length:
/// mass (m^2/s), normal momentum (m^3/s^2, including g h^2 / 2) and tangential
/// momentum (m^3/s^2).
struct FaceFlux {
  float h = 0.0f;
  float qn = 0.0f;
  float qt = 0.0f;
};

/// HLLC flux between the left state (hl, ul, vl) and the right state
/// (hr, ur, vr): depth (m), normal velocity (m/s, positive from left to right)
/// and tangential velocity (m/s). Both depths >= 0; zero where both are 0.
/// Equal states give exactly the physical flux (the lake at rest balances
/// bitwise).
FaceFlux hllc(float hl, float ul, float vl, float hr, float ur, float vr, float g);

/// g h^2 / 2 (the same float operations wherever it is needed).
inline float pressure(float h, float half_g) { return (half_g * h) * h; }

/// Per-step constants of the kernels.
struct Consts {
  float g = 9.81f;
  float half_g = 4.905f;
  float h_dry = 1e-3f;       // m: no velocity at or below
  float dt = 0.0f;           // s
  float dt_dx = 0.0f;        // s/m
  float dt_dy = 0.0f;        // s/m
  float gdt_n2 = 0.0f;       // g dt n^2 for a uniform n
  float gdt = 0.0f;          // g dt (per-cell n)
  float threshold = 0.1f;    // m: inundation threshold (arrival time)
  // Sources (rain uniform + up to two weighted grids, losses).
  float rain_uniform = 0.0f;
  float grid_w_a = 0.0f;
  float grid_w_b = 0.0f;
  float loss = 0.0f;
};

/// Outputs of one face for the two cells: mass flux fh (m^2/s, positive from
/// left to right), normal momentum flux minus the pressure of each side's own
/// face state (gl: seen by the left cell, gr: by the right cell; the cells'
/// own g h^2 / 2 cancels between their two faces and is left out), and the
/// tangential momentum flux ft.
struct FaceArrays {
  float* fh;
  float* gl;
  float* gr;
  float* ft;
};

/// Velocities (0 at or below h_dry and outside) and the limited water-surface
/// slopes of one row (the change of eta across the cell, m): sx from the row
/// itself, sy from the rows above (up) and below (dn), nullptr at the grid
/// edge (slope 0).
void velocities_and_slopes_row(std::int64_t n, const float* h, const float* z, const float* hu,
                               const float* hv, const float* h_up, const float* z_up,
                               const float* h_dn, const float* z_dn, const Consts& c, float* u,
                               float* v, float* sx, float* sy);

/// Interior x faces 1..n-1 of a row (faces 0 and n are boundary faces).
void x_faces_row(std::int64_t n, const float* h, const float* z, const float* u, const float* v,
                 const float* sx, const Consts& c, FaceArrays out);

/// y faces between row "up" (left, north) and row "dn" (right, south).
void y_faces_row(std::int64_t n, const float* h_up, const float* z_up, const float* u_up,
                 const float* v_up, const float* sy_up, const float* h_dn, const float* z_dn,
                 const float* u_dn, const float* v_dn, const float* sy_dn, const Consts& c,
                 FaceArrays out);

/// Per-row results of the update (summed by the caller in row order).
struct RowSums {
  double storage = 0.0;  // sum of new depths (h + h_lo), m
  double rain = 0.0;     // sum of depth added by rain, m
  double loss = 0.0;     // sum of depth removed by losses, m
  float h_max = 0.0f;    // max new depth, m
  float speed_max = 0.0f;  // max over wet cells of max(|u|, |v|) + sqrt(g h), m/s
  std::int32_t crossings = 0;  // cells above the inundation threshold for the first time
};

/// Cell update of a row: fluxes (x faces of the row: n+1 entries; y face rows
/// north and south: n entries), bed-slope force inside the cell, rain and
/// losses (ga/gb: rain grid rows), point-implicit friction (manning: nullptr
/// for uniform c.gdt_n2), running maxima. Cells outside (z >= kOutsideTest)
/// are left untouched.
void update_row(std::int64_t n, float* h, float* h_lo, float* hu, float* hv, const float* z,
                const float* sx, const float* sy, const float* manning, FaceArrays fx_row,
                FaceArrays fy_n, FaceArrays fy_s, const float* ga, const float* gb, float* max_h,
                float* max_v2, const Consts& c, RowSums& out);

}  // namespace floodevac::flood::fv
