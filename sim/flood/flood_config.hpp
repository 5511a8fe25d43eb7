#pragma once
// Plain configuration of the flood engine: every field with its unit.
// Filled by the scenario loader (app/) or by tests; the parameters are
// checked by validate(), the boundaries, inflows, rain and breaches by the
// FloodModel steps that use them (boundaries.cpp, inflows.cpp, rain.cpp,
// breaches.cpp).
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "sim/core/grid.hpp"
#include "sim/core/series.hpp"

namespace floodevac::flood {

enum class Side { north, south, east, west };

/// Boundary condition on (part of) one edge of the grid.
struct Boundary {
  enum class Kind {
    closed,       // no flow (the default everywhere not listed)
    free_outflow, // water leaves at normal depth with the local bed slope (LISFLOOD-FP "FREE")
    water_level   // prescribed water-surface elevation (sea, tide, storm surge): level_m series
  };
  Side side = Side::west;
  Kind kind = Kind::closed;
  TimeSeries level_m;  // water-surface elevation in metres (same datum as the DEM), for water_level
  double slope = 0.001; // slope used for the normal-depth outflow of free_outflow, m/m
  // Extent along the side in CRS units (x for north/south, y for east/west);
  // NaN means the whole side.
  double from = std::numeric_limits<double>::quiet_NaN();
  double to = std::numeric_limits<double>::quiet_NaN();
  std::string name;
};

/// River (or any) inflow hydrograph in m^3/s entering at a point, or spread
/// evenly over the cells crossed by a polyline when line_x/line_y have >= 2 points.
struct Inflow {
  std::string name;
  double x = 0.0, y = 0.0;              // CRS metres (point form)
  std::vector<double> line_x, line_y;   // CRS metres (line form)
  TimeSeries q_m3s;                     // discharge, m^3/s (>= 0)
};

/// Rainfall: uniform series (mm/h) and/or gridded frames (mm/h) valid from t_s
/// until the next frame. Gridded frames must have the DEM's shape.
struct Rain {
  TimeSeries uniform_mm_h;  // may be empty
  std::vector<double> frame_t_s;
  std::vector<Grid<float>> frames_mm_h;
};

/// A breach in a wall/levee that was burned into the DEM: the crest cells
/// within final_width_m/2 of (x, y) along the wall are lowered linearly from
/// their crest to final_crest_m between start_s and start_s + duration_s,
/// the opening widening linearly from 0 to final_width_m over the same time.
struct Breach {
  std::string name;
  double x = 0.0, y = 0.0;       // CRS metres, on or next to the wall
  double start_s = 0.0;          // s from scenario start
  double duration_s = 600.0;     // s to open fully
  double final_width_m = 50.0;   // m
  double final_crest_m = 0.0;    // m, same datum as the DEM
};

/// The flood solver (flood.solver.scheme): the local inertial scheme
/// (flood_kernels.hpp; gentle floodplains, coasts, towns: the cheaper one) or
/// the finite-volume shallow-water scheme (fv_kernels.hpp; steep ground, fast
/// and supercritical water, dam breaks and flash floods).
enum class Scheme { inertial, fv };

/// Friction of the inertial scheme (flood.solver.friction): from the
/// discharge magnitude at each face (2-D, LISFLOOD-FP's default acceleration
/// solver; isotropic) or from the face-normal discharge alone (1-D,
/// LISFLOOD-FP's 1Dfriction option; flow along the diagonals meets too little
/// resistance).
enum class Friction { two_d, one_d };

struct FloodParams {
  double g = 9.81;                  // m/s^2
  double theta = 0.7;               // de Almeida et al. (2012) weighting, 0..1 (1 = Bates et al. 2010)
  double cfl_alpha = 0.5;           // time step coefficient; Bates et al. (2010) suggest 0.2-0.7, but the
                                    // 2-D explicit staggered scheme is only stable below 1/sqrt(2), and
                                    // deep, low-friction water (the sea) oscillated at 0.7 in our tests
  double max_dt_s = 10.0;           // upper bound on the time step, s
  double h_dry_m = 1e-3;            // depth below which no flow leaves a face, m
  bool dt_speed = false;            // dt from |u|max + sqrt(g h_max) (true) or sqrt(g h_max) alone
  double inertia_froude = 0.6;      // Fr above which the inertia of flow down the bed is reduced
                                    // (kernels face_q); 0 = off
  double infiltration_mm_h = 0.0;   // constant loss, mm/h (only where water stands)
  double drainage_mm_h = 0.0;       // urban drainage capacity, mm/h
  double inundation_threshold_m = 0.1;  // depth that counts as "inundated" for first-arrival time, m
  Scheme scheme = Scheme::inertial;     // solver; fv: dt = cfl_alpha min(dx, dy) / max(|u|, |v|) + sqrt(g h)
  Friction friction = Friction::two_d;  // inertial scheme: 2-D (magnitude) or 1-D (face-normal) friction
  // Inertial scheme: skip tiles with no water and no wet neighbour (sim/flood/dry_tiles.hpp);
  // bitwise the same results either way. Not a scenario option (tests and benches compare).
  bool skip_dry_tiles = true;
};

/// Throws ConfigError naming the first parameter out of range.
void validate(const FloodParams& p);

struct FloodConfig {
  FloodParams params;
  std::vector<Boundary> boundaries;
  std::vector<Inflow> inflows;
  Rain rain;
  std::vector<Breach> breaches;
  /// Cells belonging to burned walls (1) or not (0), DEM shape; needed by breaches.
  /// Empty when there are no walls.
  Grid<std::uint8_t> wall_mask;
};

}  // namespace floodevac::flood
