// Local inertial raster flood model: state, forcing, boundaries, breaches and
// the time loop. The per-row numerics live in flood_kernels.cpp.
//
// References:
//  - Bates, Horritt & Fewtrell (2010), J. Hydrol. 387, 33-45: local inertial
//    momentum equation, semi-implicit Manning friction, CFL time step
//    dt = alpha dx / sqrt(g h_max).
//  - de Almeida, Bates, Freer & Souvignet (2012), Water Resour. Res. 48,
//    W05528: theta weighting of the neighbouring face discharges.
//  - LISFLOOD-FP user manual (FREE boundary): outflow driven by a prescribed
//    water-surface slope through the same momentum equation; its steady state
//    is the Manning normal-depth flux q = h^(5/3) S^(1/2) / n.
//  - Amanatides & Woo (1987), Eurographics: grid traversal of a line segment
//    (cells crossed by line inflows).
//
// Step structure (one OpenMP parallel region per step, schedule(static) over rows):
//   1. dt from the max depth of the previous step (and the boundary ghost depths);
//   2. pass A: face discharges of all interior faces into the "new" buffers;
//      then (one thread) boundary faces and point/line inflows;
//   3. pass B: depth update, rain, losses, running maxima, per-row sums.
// Per-row sums are added in row order afterwards, so every result is bitwise
// identical for any thread count.
#include "sim/flood/flood_model.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <string>
#include <utility>

#include "sim/core/error.hpp"
#include "sim/flood/boundaries.hpp"
#include "sim/flood/flood_kernels.hpp"

namespace floodevac::flood {

namespace k = kernels;

double MassBalance::relative_error() const {
  const double sources = rain_m3 + inflow_m3 + boundary_in_m3 - boundary_out_m3 - losses_m3;
  const double scale = initial_storage_m3 + rain_m3 + inflow_m3 + boundary_in_m3;
  return (storage_m3 - initial_storage_m3 - sources) / std::max(scale, 1.0);
}

namespace {

constexpr double kMmPerHourToMs = 1e-3 / 3600.0;  // mm/h -> m/s
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr float kNaNf = std::numeric_limits<float>::quiet_NaN();
// Fewest cells per OpenMP thread (below this the fork/join costs more than it saves).
constexpr std::int64_t kMinCellsPerThread = 8192;

std::string side_name(Side s) {
  switch (s) {
    case Side::north: return "north";
    case Side::south: return "south";
    case Side::east: return "east";
    case Side::west: return "west";
  }
  return "?";
}

// One face on the grid edge with an open boundary.
struct BoundaryFace {
  std::size_t cell = 0;   // edge cell
  std::size_t face = 0;   // index into qx (x faces) or qy (y faces)
  bool x_face = true;
  Side side = Side::west; // which bq_* array receives the new discharge
  std::size_t pos = 0;    // row (west/east) or column (north/south)
  double out_sign = 1.0;  // +1 where a positive stored q leaves the domain
  double length = 0.0;    // face length, m
  double dist = 0.0;      // distance between the cell centre and the ghost centre, m
  std::size_t boundary = 0;  // index into config.boundaries
};

struct BreachCell {
  std::size_t cell = 0;
  double dist = 0.0;  // m from the breach point
  float crest = 0.0f; // bed at the start, m
};

struct BreachState {
  std::vector<BreachCell> cells;
  std::size_t nearest = 0;  // index into cells of the wall cell nearest the point
};

}  // namespace

struct FloodModel::Impl {
  // Geometry.
  std::int64_t rows = 0, cols = 0;
  double dx = 1.0, dy = 1.0, area = 1.0;
  FloodConfig cfg;
  Logger log;
  // Warnings raised while constructing, before a logger could be set; passed
  // on by set_logger().
  std::vector<std::string> pending_warnings;
  void warn(const std::string& m) {
    if (log.sink)
      log.warn(m);
    else
      pending_warnings.push_back(m);
  }

  // State (struct of arrays, float32).
  Grid<float> bed;            // NaN outside: what bed() returns
  std::vector<float> z;       // bed with kOutsideBed outside the domain
  std::vector<float> h;       // depth, m (0 outside)
  std::vector<float> h_lo;    // depth below float precision, m (compensated storage; see kernels)
  std::vector<float> qx;      // rows * (cols + 1), updated in place
  std::vector<float> qy;      // (rows + 1) * cols, updated in place
  // New discharges of the open boundary faces (0 where closed), per step.
  std::vector<float> bq_west, bq_east;    // rows
  std::vector<float> bq_north, bq_south;  // cols
  ManningField manning;
  std::vector<float> max_h, max_v2, arrival;
  std::vector<std::uint8_t> outside;  // 1 outside the domain
  bool any_outside = false;

  double t = 0.0;
  std::int64_t steps = 0;
  MassBalance mb;
  float h_max = 0.0f;  // max depth after the last step

  // Forcing.
  std::vector<BoundaryFace> bfaces;
  std::vector<std::vector<std::size_t>> inflow_cells;  // per inflow, sorted distinct cells
  // Per row: (cell, inflow) pairs in inflow order, applied by the row's thread.
  std::vector<std::vector<std::pair<std::size_t, std::size_t>>> row_inflows;
  std::vector<std::vector<float>> frames;              // rain frames mm/h, NaN -> 0, 0 outside
  std::vector<float> zero_row;                         // cols zeros (no gridded rain)
  std::vector<float> rain_mix;                         // more than two frames in one step
  std::vector<BreachState> breaches;

  // Work space.
  struct RowResult {
    k::RowSums sums;
    double inflow = 0.0;  // depth added by inflows on the row, m (sum over cells)
  };
  std::vector<RowResult> row_sums;
  // Per-thread row buffers of the fused sweep (all O(cols), stay in L1/L2).
  struct ThreadBuffers {
    std::vector<float> qx_new;   // cols + 1: new x faces of the current row
    std::vector<float> qy_a;     // cols: new y faces, alternating with qy_b
    std::vector<float> qy_b;
    std::vector<float> qy_top;   // cols: new top face row of the block
    std::vector<float> qy_bot;   // cols: new bottom face row of the block
    std::vector<float> qy_old_bot;  // cols: old discharges of the bottom face row
    std::vector<float> scratch;  // 2 * cols for the source kernel
  };
  std::vector<ThreadBuffers> thread_buffers;

  std::size_t idx(std::int64_t r, std::int64_t c) const {
    return static_cast<std::size_t>(r * cols + c);
  }

  void validate_and_build(const Grid<float>& dem, Roughness roughness, const Grid<float>& h0);
  void build_boundaries();
  void build_inflows();
  void build_breaches();
  void apply_breaches(double time);
  double ghost_depth_max(double time) const;
  double do_step(double t_cap);
  void boundary_fluxes(double dt, double t_mid, double& vin, double& vout);
};

// ---------------------------------------------------------------------------
// Construction and validation.

void FloodModel::Impl::validate_and_build(const Grid<float>& dem, Roughness roughness,
                                          const Grid<float>& h0) {
  dem.validate("flood model: dem");
  rows = dem.rows;
  cols = dem.cols;
  dx = dem.geo.dx;
  dy = -dem.geo.dy;
  area = dx * dy;
  const std::size_t n = static_cast<std::size_t>(rows * cols);
  if (!h0.data.empty() && (h0.rows != rows || h0.cols != cols || h0.data.size() != n))
    throw InputError("flood model: initial_depth must be empty or have the DEM's shape");

  const FloodParams& p = cfg.params;
  auto need = [](bool ok, const std::string& what) {
    if (!ok) throw ConfigError("flood params: " + what);
  };
  need(p.g > 0.0, "g must be > 0");
  need(p.theta >= 0.0 && p.theta <= 1.0, "theta must be within [0, 1] (de Almeida et al. 2012)");
  need(p.cfl_alpha > 0.0 && p.cfl_alpha <= 1.0, "cfl_alpha must be within (0, 1]");
  need(p.max_dt_s > 0.0, "max_dt_s must be > 0");
  need(p.h_dry_m > 0.0, "h_dry_m must be > 0");
  need(p.infiltration_mm_h >= 0.0, "infiltration_mm_h must be >= 0");
  need(p.drainage_mm_h >= 0.0, "drainage_mm_h must be >= 0");
  need(p.inundation_threshold_m >= 0.0, "inundation_threshold_m must be >= 0");

  bed = dem;
  z.assign(n, k::kOutsideBed);
  h.assign(n, 0.0f);
  h_lo.assign(n, 0.0f);
  outside.assign(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isnan(dem.data[i])) {
      outside[i] = 1;
      any_outside = true;
    } else {
      if (!std::isfinite(dem.data[i]) || std::fabs(dem.data[i]) > 1.0e5f)
        throw InputError("flood model: dem value out of range at cell " + std::to_string(i) +
                         " (row " + std::to_string(static_cast<std::int64_t>(i) / cols) + ")");
      z[i] = dem.data[i];
    }
  }
  roughness.validate(dem);
  manning = manning_field(std::move(roughness), dem);
  // Initial depth: NaN counts as dry; negative is an error.
  if (!h0.data.empty()) {
    for (std::size_t i = 0; i < n; ++i) {
      const float v = h0.data[i];
      if (outside[i] || std::isnan(v)) continue;
      if (v < 0.0f || !std::isfinite(v))
        throw InputError("flood model: initial_depth is negative or infinite at row " +
                         std::to_string(static_cast<std::int64_t>(i) / cols) + ", col " +
                         std::to_string(static_cast<std::int64_t>(i) % cols));
      h[i] = v;
    }
  }
  qx.assign(static_cast<std::size_t>(rows * (cols + 1)), 0.0f);
  qy.assign(static_cast<std::size_t>((rows + 1) * cols), 0.0f);
  bq_west.assign(static_cast<std::size_t>(rows), 0.0f);
  bq_east.assign(static_cast<std::size_t>(rows), 0.0f);
  bq_north.assign(static_cast<std::size_t>(cols), 0.0f);
  bq_south.assign(static_cast<std::size_t>(cols), 0.0f);
  max_h = h;
  max_v2.assign(n, 0.0f);
  arrival.assign(n, kNaNf);
  const float thr = static_cast<float>(p.inundation_threshold_m);
  double storage = 0.0;
  float hm = 0.0f;
  for (std::size_t i = 0; i < n; ++i) {
    if (outside[i]) {
      arrival[i] = kNaNf;
      continue;
    }
    if (h[i] > thr) arrival[i] = 0.0f;
    hm = std::max(hm, h[i]);
  }
  // Initial storage with the same lane-wise row sums as the time loop.
  row_sums.assign(static_cast<std::size_t>(rows), RowResult{});
  for (std::int64_t r = 0; r < rows; ++r) {
    double s = 0.0;
    for (std::int64_t c = 0; c < cols; ++c) s += static_cast<double>(h[idx(r, c)]);
    storage += s;
  }
  h_max = hm;
  mb = MassBalance{};
  mb.initial_storage_m3 = storage * area;
  mb.storage_m3 = mb.initial_storage_m3;
  zero_row.assign(static_cast<std::size_t>(cols), 0.0f);

  // Rain.
  const Rain& rain = cfg.rain;
  rain.uniform_mm_h.validate("rain.uniform_mm_h");
  for (double v : rain.uniform_mm_h.value)
    if (!(v >= 0.0)) throw ConfigError("rain.uniform_mm_h: values must be >= 0 mm/h");
  if (rain.frame_t_s.size() != rain.frames_mm_h.size())
    throw ConfigError("rain: frame_t_s and frames_mm_h differ in length");
  for (std::size_t f = 0; f < rain.frames_mm_h.size(); ++f) {
    const auto& fr = rain.frames_mm_h[f];
    if (f > 0 && !(rain.frame_t_s[f] > rain.frame_t_s[f - 1]))
      throw ConfigError("rain.frame_t_s: times must be strictly increasing (entry " +
                        std::to_string(f) + ")");
    if (fr.rows != rows || fr.cols != cols || fr.data.size() != n)
      throw ConfigError("rain.frames_mm_h[" + std::to_string(f) +
                        "]: must have the DEM's shape; resample the rain grid onto the DEM");
    std::vector<float> v(n, 0.0f);
    for (std::size_t i = 0; i < n; ++i) {
      const float x = fr.data[i];
      if (outside[i] || std::isnan(x)) continue;
      if (x < 0.0f || !std::isfinite(x))
        throw ConfigError("rain.frames_mm_h[" + std::to_string(f) + "]: negative or infinite rain");
      v[i] = x;
    }
    frames.push_back(std::move(v));
  }
}

void FloodModel::Impl::build_boundaries() {
  // Face list: the last boundary listed wins where several cover one face.
  const std::size_t nb = cfg.boundaries.size();
  std::vector<int> west(static_cast<std::size_t>(rows), -1), east(static_cast<std::size_t>(rows), -1);
  std::vector<int> north(static_cast<std::size_t>(cols), -1), south(static_cast<std::size_t>(cols), -1);
  for (std::size_t b = 0; b < nb; ++b) {
    const Boundary& bd = cfg.boundaries[b];
    const std::string what = "boundaries[" + std::to_string(b) + "]" +
                             (bd.name.empty() ? std::string() : " '" + bd.name + "'");
    if (bd.kind == Boundary::Kind::water_level) {
      if (bd.level_m.empty()) throw ConfigError(what + ": water_level needs a level_m series");
      bd.level_m.validate(what + ".level_m");
      for (double v : bd.level_m.value)
        if (!std::isfinite(v)) throw ConfigError(what + ".level_m: values must be finite");
    }
    if (bd.kind == Boundary::Kind::free_outflow && !(bd.slope > 0.0))
      throw ConfigError(what + ": free_outflow needs slope > 0");
    const std::vector<EdgeCell> covered = boundary_edge_cells(bd, bed);
    const bool along_x = bd.side == Side::north || bd.side == Side::south;
    std::vector<int>& winner = bd.side == Side::north  ? north
                               : bd.side == Side::south ? south
                               : bd.side == Side::west  ? west
                                                        : east;
    for (const EdgeCell& e : covered)
      winner[static_cast<std::size_t>(along_x ? e.col : e.row)] = static_cast<int>(b);
    if (covered.empty())
      warn("flood: " + what + " on the " + side_name(bd.side) +
               " side covers no cell centre (check from/to)");
  }
  auto add = [&](int b, std::int64_t r, std::int64_t c, Side side, std::size_t face, double sign) {
    const bool xf = side == Side::west || side == Side::east;
    if (b < 0) return;
    if (cfg.boundaries[static_cast<std::size_t>(b)].kind == Boundary::Kind::closed) return;
    const std::size_t cell = idx(r, c);
    if (outside[cell]) return;  // the edge cell is a wall
    BoundaryFace f;
    f.cell = cell;
    f.face = face;
    f.x_face = xf;
    f.side = side;
    f.pos = static_cast<std::size_t>(xf ? r : c);
    f.out_sign = sign;
    f.length = xf ? dy : dx;
    f.dist = xf ? dx : dy;
    f.boundary = static_cast<std::size_t>(b);
    bfaces.push_back(f);
  };
  const std::size_t cp1 = static_cast<std::size_t>(cols + 1);
  for (std::int64_t r = 0; r < rows; ++r) {
    const std::size_t ru = static_cast<std::size_t>(r);
    add(west[ru], r, 0, Side::west, ru * cp1, -1.0);
    add(east[ru], r, cols - 1, Side::east, ru * cp1 + static_cast<std::size_t>(cols), 1.0);
  }
  for (std::int64_t c = 0; c < cols; ++c) {
    const std::size_t cu = static_cast<std::size_t>(c);
    add(north[cu], 0, c, Side::north, cu, -1.0);
    add(south[cu], rows - 1, c, Side::south, static_cast<std::size_t>(rows * cols) + cu, 1.0);
  }
}

void FloodModel::Impl::build_inflows() {
  const GeoTransform& g = bed.geo;
  for (std::size_t q = 0; q < cfg.inflows.size(); ++q) {
    const Inflow& in = cfg.inflows[q];
    const std::string what = "inflows[" + std::to_string(q) + "]" +
                             (in.name.empty() ? std::string() : " '" + in.name + "'");
    in.q_m3s.validate(what + ".q_m3s");
    for (double v : in.q_m3s.value)
      if (!(v >= 0.0) || !std::isfinite(v)) throw ConfigError(what + ".q_m3s: discharge must be >= 0 m^3/s");
    if (in.line_x.size() != in.line_y.size())
      throw ConfigError(what + ": line_x and line_y differ in length");
    std::vector<std::size_t> cells;
    if (in.line_x.size() >= 2) {
      // Cells crossed by each segment (Amanatides & Woo 1987 traversal in
      // fractional column/row coordinates).
      std::size_t outside_count = 0;
      for (std::size_t s = 0; s + 1 < in.line_x.size(); ++s) {
        const double fx0 = (in.line_x[s] - g.x0) / g.dx, fx1 = (in.line_x[s + 1] - g.x0) / g.dx;
        const double fy0 = (in.line_y[s] - g.y0) / g.dy, fy1 = (in.line_y[s + 1] - g.y0) / g.dy;
        if (!std::isfinite(fx0) || !std::isfinite(fx1) || !std::isfinite(fy0) || !std::isfinite(fy1))
          throw ConfigError(what + ": line coordinates must be finite");
        std::int64_t c = static_cast<std::int64_t>(std::floor(fx0));
        std::int64_t r = static_cast<std::int64_t>(std::floor(fy0));
        const std::int64_t c1 = static_cast<std::int64_t>(std::floor(fx1));
        const std::int64_t r1 = static_cast<std::int64_t>(std::floor(fy1));
        const double ddx = fx1 - fx0, ddy = fy1 - fy0;
        const std::int64_t sc = ddx > 0 ? 1 : (ddx < 0 ? -1 : 0);
        const std::int64_t sr = ddy > 0 ? 1 : (ddy < 0 ? -1 : 0);
        const double inf = std::numeric_limits<double>::infinity();
        double tmc = sc > 0 ? (static_cast<double>(c + 1) - fx0) / ddx
                            : (sc < 0 ? (fx0 - static_cast<double>(c)) / -ddx : inf);
        double tmr = sr > 0 ? (static_cast<double>(r + 1) - fy0) / ddy
                            : (sr < 0 ? (fy0 - static_cast<double>(r)) / -ddy : inf);
        const double tdc = sc != 0 ? 1.0 / std::fabs(ddx) : inf;
        const double tdr = sr != 0 ? 1.0 / std::fabs(ddy) : inf;
        const std::int64_t nsteps = std::llabs(c1 - c) + std::llabs(r1 - r);
        for (std::int64_t it = 0;; ++it) {
          if (r >= 0 && r < rows && c >= 0 && c < cols && !outside[idx(r, c)])
            cells.push_back(idx(r, c));
          else
            ++outside_count;
          if (it >= nsteps) break;
          if (tmc < tmr) {
            c += sc;
            tmc += tdc;
          } else {
            r += sr;
            tmr += tdr;
          }
        }
      }
      if (outside_count > 0)
        warn("flood: " + what + ": parts of the line lie outside the domain and are ignored");
    } else {
      const std::int64_t r = g.row_of(in.y), c = g.col_of(in.x);
      if (r >= 0 && r < rows && c >= 0 && c < cols && !outside[idx(r, c)]) cells.push_back(idx(r, c));
    }
    std::sort(cells.begin(), cells.end());
    cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
    if (cells.empty())
      throw ConfigError(what + ": the inflow point/line lies outside the domain (check x/y and the CRS)");
    inflow_cells.push_back(std::move(cells));
  }
  row_inflows.assign(static_cast<std::size_t>(rows), {});
  for (std::size_t q = 0; q < inflow_cells.size(); ++q)
    for (std::size_t cell : inflow_cells[q])
      row_inflows[cell / static_cast<std::size_t>(cols)].emplace_back(cell, q);
}

void FloodModel::Impl::build_breaches() {
  if (cfg.breaches.empty()) return;
  const Grid<std::uint8_t>& wm = cfg.wall_mask;
  if (wm.rows != rows || wm.cols != cols || wm.data.size() != static_cast<std::size_t>(rows * cols))
    throw ConfigError("breaches: config.wall_mask must have the DEM's shape (burn the walls first)");
  const GeoTransform& g = bed.geo;
  for (std::size_t b = 0; b < cfg.breaches.size(); ++b) {
    const Breach& br = cfg.breaches[b];
    const std::string what = "breaches[" + std::to_string(b) + "]" +
                             (br.name.empty() ? std::string() : " '" + br.name + "'");
    if (!(br.duration_s >= 0.0)) throw ConfigError(what + ": duration_s must be >= 0");
    if (!(br.final_width_m > 0.0)) throw ConfigError(what + ": final_width_m must be > 0");
    if (!std::isfinite(br.final_crest_m) || !std::isfinite(br.start_s))
      throw ConfigError(what + ": final_crest_m and start_s must be finite");
    BreachState st;
    double best = std::numeric_limits<double>::infinity();
    std::size_t best_cell = 0;
    for (std::int64_t r = 0; r < rows; ++r)
      for (std::int64_t c = 0; c < cols; ++c) {
        const std::size_t i = idx(r, c);
        if (wm.data[i] != 1 || outside[i]) continue;
        const double d = std::hypot(g.cell_center_x(c) - br.x, g.cell_center_y(r) - br.y);
        if (d < best) {
          best = d;
          best_cell = i;
        }
        if (d <= 0.5 * br.final_width_m) st.cells.push_back(BreachCell{i, d, z[i]});
      }
    const double diag = std::hypot(dx, dy);
    if (!(best <= std::max(0.5 * br.final_width_m, diag)))
      throw ConfigError(what + ": no wall cell (wall_mask == 1) within final_width_m/2 or one cell of (x, y)");
    // The wall cell nearest the point always opens, so breaches narrower than
    // a cell still open (our choice; the opening then widens as specified).
    auto it = std::find_if(st.cells.begin(), st.cells.end(),
                           [&](const BreachCell& c) { return c.cell == best_cell; });
    if (it == st.cells.end()) {
      st.cells.push_back(BreachCell{best_cell, best, z[best_cell]});
      st.nearest = st.cells.size() - 1;
    } else {
      st.nearest = static_cast<std::size_t>(it - st.cells.begin());
    }
    breaches.push_back(std::move(st));
  }
}

void FloodModel::Impl::apply_breaches(double time) {
  for (std::size_t b = 0; b < breaches.size(); ++b) {
    const Breach& br = cfg.breaches[b];
    if (!(time > br.start_s)) continue;
    const double frac =
        br.duration_s > 0.0 ? std::clamp((time - br.start_s) / br.duration_s, 0.0, 1.0) : 1.0;
    const double radius = 0.5 * br.final_width_m * frac;
    BreachState& st = breaches[b];
    for (std::size_t j = 0; j < st.cells.size(); ++j) {
      const BreachCell& c = st.cells[j];
      if (!(c.dist <= radius) && j != st.nearest) continue;
      // Linear lowering from the crest; never raised; depth h kept (volume conserved).
      const float target =
          static_cast<float>(static_cast<double>(c.crest) + (br.final_crest_m - c.crest) * frac);
      if (target < z[c.cell]) {
        z[c.cell] = target;
        bed.data[c.cell] = target;
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Time stepping.

double FloodModel::Impl::ghost_depth_max(double time) const {
  double m = 0.0;
  for (const BoundaryFace& f : bfaces) {
    const Boundary& b = cfg.boundaries[f.boundary];
    if (b.kind != Boundary::Kind::water_level) continue;
    m = std::max(m, b.level_m.at(time) - static_cast<double>(z[f.cell]));
  }
  return m;
}

void FloodModel::Impl::boundary_fluxes(double dt, double t_mid, double& vin, double& vout) {
  // Scalar, serial, in list order: deterministic. Same momentum equation as
  // the interior faces, written in the outward-positive frame.
  const double g = cfg.params.g;
  const double h_dry = cfg.params.h_dry_m;
  for (const BoundaryFace& f : bfaces) {
    const Boundary& b = cfg.boundaries[f.boundary];
    const double q_old = f.out_sign * static_cast<double>(f.x_face ? qx[f.face] : qy[f.face]);
    const double hi = h[f.cell];
    const double zi = z[f.cell];
    const double eta = hi + zi;
    double hf = 0.0, grad_out = 0.0;
    if (b.kind == Boundary::Kind::water_level) {
      // Ghost cell outside the edge: water surface level_m, bed = the edge cell's bed.
      const double level = b.level_m.at(t_mid);
      hf = std::max(eta, level) - zi;
      grad_out = (level - eta) / f.dist;
    } else {
      // LISFLOOD-FP FREE: water-surface slope = the given bed slope, falling outwards.
      hf = hi;
      grad_out = -b.slope;
    }
    double q = 0.0;
    if (hf > h_dry) {
      const double n = manning.at(f.cell);
      const double h73 = hf * hf * std::cbrt(hf);  // hflow^(7/3) without pow()
      q = (q_old - g * hf * dt * grad_out) / (1.0 + g * dt * n * n * std::fabs(q_old) / h73);
      if (b.kind == Boundary::Kind::free_outflow) q = std::max(q, 0.0);
      // Outflow limited like the interior faces; inflow comes from an unlimited ghost.
      const double lim = static_cast<double>(k::kFaceVolumeFraction) * hi * f.dist / dt;
      q = std::min(q, lim);
    }
    const float stored = static_cast<float>(f.out_sign * q);
    switch (f.side) {
      case Side::west: bq_west[f.pos] = stored; break;
      case Side::east: bq_east[f.pos] = stored; break;
      case Side::north: bq_north[f.pos] = stored; break;
      case Side::south: bq_south[f.pos] = stored; break;
    }
    const double vol = f.out_sign * static_cast<double>(stored) * dt * f.length;
    if (vol > 0.0)
      vout += vol;
    else
      vin -= vol;
  }
}

double FloodModel::Impl::do_step(double t_cap) {
  const FloodParams& p = cfg.params;
  // 1. Time step (Bates et al. 2010, eq. 14), capped by max_dt and t_cap.
  const double hm = std::max(static_cast<double>(h_max), ghost_depth_max(t));
  double dt = p.max_dt_s;
  if (hm > 0.0) dt = std::min(dt, p.cfl_alpha * std::min(dx, dy) / std::sqrt(p.g * hm));
  if (!(dt >= 1e-4))
    throw NumericalError("flood model: time step collapsed to " + std::to_string(dt) +
                         " s at t = " + std::to_string(t) + " s (max depth " + std::to_string(hm) +
                         " m); check the DEM, the boundary levels and cfl_alpha");
  double t1 = t + dt;
  if (t1 >= t_cap) {
    dt = t_cap - t;
    t1 = t_cap;
  }
  if (!(dt > 0.0)) return 0.0;
  const double t0 = t;
  const double t_mid = t0 + 0.5 * dt;

  // Per-step constants (computed in double, rounded once to float).
  k::FaceConsts cx, cy;
  const double theta = p.theta;
  for (int d = 0; d < 2; ++d) {
    k::FaceConsts& c = d == 0 ? cx : cy;
    const double dist = d == 0 ? dx : dy;
    c.g_dt_d = static_cast<float>(p.g * dt / dist);
    c.gdt = static_cast<float>(p.g * dt);
    c.gdt_n2 = static_cast<float>(p.g * dt * static_cast<double>(manning.uniform) * manning.uniform);
    c.theta = static_cast<float>(theta);
    c.half_1m_theta = static_cast<float>(0.5 * (1.0 - theta));
    c.h_dry = static_cast<float>(p.h_dry_m);
    c.q_limit = static_cast<float>(static_cast<double>(k::kFaceVolumeFraction) * dist / dt);
  }
  k::UpdateConsts cu;
  cu.dt_dx = static_cast<float>(dt / dx);
  cu.dt_dy = static_cast<float>(dt / dy);
  cu.h_dry = static_cast<float>(p.h_dry_m);
  cu.threshold = static_cast<float>(p.inundation_threshold_m);
  // Rain: exact integral of the series over the step (mm/h * s -> m).
  cu.rain_uniform = static_cast<float>(cfg.rain.uniform_mm_h.integral(t0, t1) * kMmPerHourToMs);
  // Gridded frames: frame f valid on [t_f, t_{f+1}), the last one held.
  std::vector<std::pair<std::size_t, double>> fw;  // frame, weight (m per mm/h)
  for (std::size_t f = 0; f < frames.size(); ++f) {
    const double a = cfg.rain.frame_t_s[f];
    const double b = f + 1 < frames.size() ? cfg.rain.frame_t_s[f + 1]
                                           : std::numeric_limits<double>::infinity();
    const double overlap = std::min(b, t1) - std::max(a, t0);
    if (overlap > 0.0) fw.emplace_back(f, overlap * kMmPerHourToMs);
  }
  const float* grid_a = zero_row.data();
  const float* grid_b = zero_row.data();
  bool grid_rows = false;  // grid_a/grid_b index whole grids (else the zero row)
  if (fw.size() == 1 || fw.size() == 2) {
    grid_a = frames[fw[0].first].data();
    cu.grid_w_a = static_cast<float>(fw[0].second);
    grid_b = fw.size() == 2 ? frames[fw[1].first].data() : grid_a;
    cu.grid_w_b = fw.size() == 2 ? static_cast<float>(fw[1].second) : 0.0f;
    grid_rows = true;
  } else if (fw.size() > 2) {
    rain_mix.assign(h.size(), 0.0f);
    for (std::size_t i = 0; i < h.size(); ++i) {
      double s = 0.0;
      for (const auto& [f, w] : fw) s += w * frames[f][i];
      rain_mix[i] = static_cast<float>(s);
    }
    grid_a = grid_b = rain_mix.data();
    cu.grid_w_a = 1.0f;
    cu.grid_w_b = 0.0f;
    grid_rows = true;
  }
  cu.loss = static_cast<float>((p.infiltration_mm_h + p.drainage_mm_h) * kMmPerHourToMs * dt);
  const bool sources = cu.rain_uniform > 0.0f || grid_rows || cu.loss > 0.0f;

  // Inflow volumes over the step (exact integral of the hydrograph).
  std::vector<float> inflow_dh(cfg.inflows.size(), 0.0f);
  for (std::size_t q = 0; q < cfg.inflows.size(); ++q) {
    const double vol = cfg.inflows[q].q_m3s.integral(t0, t1);
    inflow_dh[q] = static_cast<float>(vol / (area * static_cast<double>(inflow_cells[q].size())));
  }

  const std::int64_t R = rows, C = cols;
  const std::size_t uC = static_cast<std::size_t>(C);
  const float* zp = z.data();
  float* hp = h.data();
  float* qxp = qx.data();
  float* qyp = qy.data();
  double vin = 0.0, vout = 0.0;
  // Small grids run on one thread: a parallel region and its barriers cost
  // more than the work (the result is the same for any thread count).
  const int nthreads = static_cast<int>(std::clamp<std::int64_t>(
      R * C / kMinCellsPerThread, 1, std::max(1, omp_get_max_threads())));
  if (thread_buffers.size() < static_cast<std::size_t>(nthreads)) thread_buffers.resize(static_cast<std::size_t>(nthreads));
  for (ThreadBuffers& tb : thread_buffers) {
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
  auto man = [&](std::int64_t r) { return manning.row(r, C); };
  // New discharges of y-face row f (between cell rows f-1 and f), 1 <= f < R,
  // from the old state; q_next: old discharges of face row f+1.
  auto face_row_y = [&](std::int64_t f, const float* q_next, float* out) {
    k::flux_y_row(C, row(hp, f - 1), row(zp, f - 1), row(hp, f), row(zp, f), man(f - 1), man(f),
                  row(qyp, f - 1), row(qyp, f), q_next, out, cy);
  };

  // One fused, row-lagged sweep per thread over a contiguous block of rows
  // [a, b): for row r, the x faces of r and the y faces below r are computed
  // from the old state, then r is updated. In-place discharges stay correct
  // because the only cross-thread data (the two face rows at the block edges
  // and the old discharges below the block) are computed/saved before the
  // barrier. Face rows at block edges are computed by both neighbouring
  // threads from identical inputs with the same kernel: identical values, so
  // the result does not depend on the partition (nor the thread count).
#pragma omp parallel num_threads(nthreads)
  {
    const int nt = omp_get_num_threads();
    const int tid = omp_get_thread_num();
    const std::int64_t chunk = (R + nt - 1) / nt;
    const std::int64_t a = std::min<std::int64_t>(R, chunk * tid);
    const std::int64_t b = std::min<std::int64_t>(R, a + chunk);
    ThreadBuffers& tb = thread_buffers[static_cast<std::size_t>(tid)];

#pragma omp single nowait
    boundary_fluxes(dt, t_mid, vin, vout);  // few faces: one thread, list order
    if (a < b) {
      if (a > 0) face_row_y(a, row(qyp, a + 1), tb.qy_top.data());
      if (b < R) face_row_y(b, row(qyp, b + 1), tb.qy_bot.data());
      std::copy_n(row(qyp, b), uC, tb.qy_old_bot.data());
    }
#pragma omp barrier
    if (a < b) {
      const float* top = a == 0 ? bq_north.data() : tb.qy_top.data();
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
          bottom = b == R ? bq_south.data() : tb.qy_bot.data();
        }
        qxn[0] = bq_west[static_cast<std::size_t>(r)];
        qxn[uC] = bq_east[static_cast<std::size_t>(r)];
        // The old top face row r is no longer needed: store its new values.
        std::copy_n(top, uC, qyp + o);
        // Point/line inflows of this row (added after the faces used the old depth).
        RowResult& rr = row_sums[static_cast<std::size_t>(r)];
        rr.inflow = 0.0;
        for (const auto& [cell, q] : row_inflows[static_cast<std::size_t>(r)]) {
          if (!(inflow_dh[q] > 0.0f)) continue;
          const float before = hp[cell];
          const float after = before + inflow_dh[q];
          hp[cell] = after;
          rr.inflow += static_cast<double>(after) - static_cast<double>(before);
        }
        k::RowSums sums;
        if (sources) {
          const float* ga = grid_rows ? grid_a + o : grid_a;
          const float* gb = grid_rows ? grid_b + o : grid_b;
          k::update_row_sources(C, hp + o, h_lo.data() + o, qxn, top, bottom, zp + o, ga, gb, max_h.data() + o,
                                max_v2.data() + o, cu, tb.scratch.data(), sums);
        } else {
          k::update_row_plain(C, hp + o, h_lo.data() + o, qxn, top, bottom, max_h.data() + o, max_v2.data() + o,
                              cu, sums);
        }
        std::copy_n(qxn, uC + 1, qxp + ox);
        if (sums.crossings > 0) {
          for (std::size_t i = o; i < o + uC; ++i)
            if (max_h[i] > thr && std::isnan(arrival[i])) arrival[i] = t1f;
        }
        rr.sums = sums;
        top = bottom;
      }
      if (b == R) std::copy_n(bq_south.data(), uC, row(qyp, R));
    }
  }

  // Mass balance: rows added in row order.
  double storage = 0.0, rain = 0.0, loss = 0.0, vinflow = 0.0;
  float hmax = 0.0f;
  for (const RowResult& rr : row_sums) {
    storage += rr.sums.storage;
    rain += rr.sums.rain;
    loss += rr.sums.loss;
    vinflow += rr.inflow;
    hmax = std::max(hmax, rr.sums.h_max);
  }
  if (!std::isfinite(storage))
    throw NumericalError("flood model: depth became NaN or infinite at t = " + std::to_string(t1) +
                         " s; reduce cfl_alpha or max_dt_s, or check the inputs");
  if (hmax > 1.0e4f)
    throw NumericalError("flood model: depth exceeds 10 km at t = " + std::to_string(t1) +
                         " s: the solution is unstable; reduce cfl_alpha");
  h_max = hmax;
  mb.storage_m3 = storage * area;
  mb.rain_m3 += rain * area;
  mb.losses_m3 += loss * area;
  mb.inflow_m3 += vinflow * area;
  mb.boundary_in_m3 += vin;
  mb.boundary_out_m3 += vout;
  t = t1;
  mb.time_s = t;
  ++steps;
  apply_breaches(t);
  return dt;
}

// ---------------------------------------------------------------------------
// Public interface.

FloodModel::FloodModel(Grid<float> dem, Roughness roughness, FloodConfig config,
                       Grid<float> initial_depth)
    : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.cfg = std::move(config);
  m.validate_and_build(dem, std::move(roughness), initial_depth);
  m.build_boundaries();
  m.build_inflows();
  m.build_breaches();
  m.apply_breaches(0.0);
}

FloodModel::~FloodModel() = default;
FloodModel::FloodModel(FloodModel&&) noexcept = default;
FloodModel& FloodModel::operator=(FloodModel&&) noexcept = default;

std::int64_t FloodModel::advance_to(double t_end_s) {
  std::int64_t n = 0;
  while (impl_->t < t_end_s) {
    if (impl_->do_step(t_end_s) <= 0.0) break;
    ++n;
  }
  return n;
}

double FloodModel::step() { return impl_->do_step(std::numeric_limits<double>::infinity()); }

double FloodModel::time_s() const { return impl_->t; }
std::int64_t FloodModel::steps_taken() const { return impl_->steps; }
const MassBalance& FloodModel::mass_balance() const { return impl_->mb; }
const Grid<float>& FloodModel::bed() const { return impl_->bed; }
const std::vector<float>& FloodModel::h() const { return impl_->h; }

void FloodModel::set_logger(Logger logger) {
  impl_->log = std::move(logger);
  const Impl& m = *impl_;
  std::ostringstream os;
  os << "flood: local inertial model " << m.rows << " x " << m.cols << " cells of " << m.dx << " x "
     << m.dy << " m, " << m.bfaces.size() << " open boundary faces, " << m.cfg.inflows.size()
     << " inflows, " << m.frames.size() << " rain frames, " << m.breaches.size() << " breaches, "
     << (m.manning.per_cell.empty() ? "uniform" : "variable") << " Manning n";
  m.log.info(os.str());
  for (const std::string& w : m.pending_warnings) m.log.warn(w);
  impl_->pending_warnings.clear();
}

double FloodModel::state_bytes_per_cell() const {
  const Impl& m = *impl_;
  const double cells = static_cast<double>(m.h.size());
  double bytes = 0.0;
  auto add = [&](const auto& v) { bytes += static_cast<double>(v.size() * sizeof(v[0])); };
  add(m.bed.data);
  add(m.z);
  add(m.h);
  add(m.h_lo);
  add(m.qx);
  add(m.qy);
  add(m.manning.per_cell);
  add(m.max_h);
  add(m.max_v2);
  add(m.arrival);
  add(m.outside);
  for (const auto& f : m.frames) add(f);
  add(m.rain_mix);
  return bytes / cells;
}

namespace {
Grid<float> like_dem(const Grid<float>& bed) { return Grid<float>::like(bed, kNaNf); }
}  // namespace

Grid<float> FloodModel::depth() const {
  const Impl& m = *impl_;
  Grid<float> g = like_dem(m.bed);
  for (std::size_t i = 0; i < m.h.size(); ++i)
    if (!m.outside[i]) g.data[i] = m.h[i];
  return g;
}

Grid<float> FloodModel::speed() const {
  const Impl& m = *impl_;
  Grid<float> g = like_dem(m.bed);
  const std::vector<float>& qx = m.qx;
  const std::vector<float>& qy = m.qy;
  const float h_dry = static_cast<float>(m.cfg.params.h_dry_m);
  const std::size_t C = static_cast<std::size_t>(m.cols);
  for (std::int64_t r = 0; r < m.rows; ++r)
    for (std::int64_t c = 0; c < m.cols; ++c) {
      const std::size_t i = m.idx(r, c);
      if (m.outside[i]) continue;
      const std::size_t ox = static_cast<std::size_t>(r) * (C + 1) + static_cast<std::size_t>(c);
      // Same arithmetic as the kernels' running maximum.
      const float qxc = 0.5f * (qx[ox] + qx[ox + 1]);
      const float qyc = 0.5f * (qy[i] + qy[i + C]);
      const float hn = m.h[i];
      g.data[i] = hn > h_dry ? std::sqrt((qxc * qxc + qyc * qyc) / (hn * hn)) : 0.0f;
    }
  return g;
}

Grid<float> FloodModel::water_surface() const {
  const Impl& m = *impl_;
  Grid<float> g = like_dem(m.bed);
  for (std::size_t i = 0; i < m.h.size(); ++i)
    if (!m.outside[i]) g.data[i] = m.h[i] + m.z[i];
  return g;
}

Grid<float> FloodModel::max_depth() const {
  const Impl& m = *impl_;
  Grid<float> g = like_dem(m.bed);
  for (std::size_t i = 0; i < m.h.size(); ++i)
    if (!m.outside[i]) g.data[i] = m.max_h[i];
  return g;
}

Grid<float> FloodModel::max_speed() const {
  const Impl& m = *impl_;
  Grid<float> g = like_dem(m.bed);
  for (std::size_t i = 0; i < m.h.size(); ++i)
    if (!m.outside[i]) g.data[i] = std::sqrt(m.max_v2[i]);
  return g;
}

Grid<float> FloodModel::first_inundation_s() const {
  const Impl& m = *impl_;
  Grid<float> g = like_dem(m.bed);
  for (std::size_t i = 0; i < m.h.size(); ++i)
    if (!m.outside[i]) g.data[i] = m.arrival[i];
  return g;
}

}  // namespace floodevac::flood
