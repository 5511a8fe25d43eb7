#pragma once
// State of the flood model: struct of arrays, float32, row-major (face
// conventions in flood_kernels.hpp). Plain data; the steps that change it
// take it as an argument.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "sim/core/grid.hpp"

namespace floodevac::flood {

/// A cell by row (0 = north) and column (0 = west).
struct GridCell {
  std::int64_t row = 0;
  std::int64_t col = 0;
  bool operator==(const GridCell&) const = default;
};

struct FloodState {
  std::int64_t rows = 0, cols = 0;
  double dx = 1.0, dy = 1.0;   // cell width and height, m (both > 0)
  double area = 1.0;           // cell area, m^2
  Grid<float> bed;             // bed in use (after breaches), NaN outside: what bed() returns
  std::vector<float> z;        // the same bed with kernels::kOutsideBed outside the domain
  std::vector<float> h;        // depth, m (0 outside)
  std::vector<float> h_lo;     // depth below float precision, m (compensated storage; see kernels)
  std::vector<float> qx;       // rows * (cols + 1) x-face discharges, m^2/s, updated in place
  std::vector<float> qy;       // (rows + 1) * cols y-face discharges, m^2/s, updated in place
  std::vector<float> max_h;    // running maximum depth, m
  std::vector<float> max_v2;   // running maximum speed squared, m^2/s^2
  std::vector<float> arrival;  // first time above the inundation threshold, s (NaN: not yet)
  std::vector<std::uint8_t> outside;  // 1 outside the domain (NaN in the DEM)

  std::size_t idx(std::int64_t r, std::int64_t c) const {
    return static_cast<std::size_t>(r * cols + c);
  }
};

/// The state at t = 0 from the DEM (NaN = outside the domain, else finite and
/// within +-1e5 m) and the optional initial depth (empty = dry; NaN = dry;
/// DEM shape; >= 0). Cells deeper than threshold_m arrive at t = 0.
/// Throws InputError naming the offending cell.
FloodState make_state(const Grid<float>& dem, const Grid<float>& initial_depth, float threshold_m);

/// Deepest water on the grid, m.
float deepest_water(const FloodState& s);

/// Bytes held by the state's arrays.
double state_bytes(const FloodState& s);

/// DEM-shaped grid of value(cell) inside the domain, NaN outside.
template <class F>
Grid<float> inside_field(const FloodState& s, F value) {
  Grid<float> g = Grid<float>::like(s.bed, std::numeric_limits<float>::quiet_NaN());
  for (std::size_t i = 0; i < s.h.size(); ++i)
    if (!s.outside[i]) g.data[i] = value(i);
  return g;
}

/// Cell-centred speed |(qx_w + qx_e)/2, (qy_n + qy_s)/2| / h where h > h_dry_m, else 0
/// (the arithmetic of the kernels' running maximum); NaN outside.
Grid<float> speed_field(const FloodState& s, double h_dry_m);
/// The same at one cell (row-major index i), with h_dry as a float.
float cell_speed(const FloodState& s, std::size_t i, float h_dry);

}  // namespace floodevac::flood
