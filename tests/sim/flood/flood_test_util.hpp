#pragma once
// Small builders shared by the flood tests.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/grid.hpp"
#include "sim/flood/flood_model.hpp"
#include "sim/flood/roughness.hpp"

namespace floodevac::flood::test {

inline constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

/// North-up grid of rows x cols cells of size d metres, west edge at x = 0,
/// south edge at y = 0 (so cell (r, c) has centre x = (c+0.5) d,
/// y = (rows - r - 0.5) d).
inline GeoTransform geo(std::int64_t rows, double d) {
  return GeoTransform{0.0, d, static_cast<double>(rows) * d, -d};
}

inline Grid<float> grid(std::int64_t rows, std::int64_t cols, double d, float fill) {
  return Grid<float>(rows, cols, geo(rows, d), fill);
}

/// The same grid with cell (r, c) set to value(r, c).
template <class F>
Grid<float> grid_of(std::int64_t rows, std::int64_t cols, double d, F value) {
  Grid<float> g = grid(rows, cols, d, 0.0f);
  for (std::int64_t r = 0; r < rows; ++r)
    for (std::int64_t c = 0; c < cols; ++c) g(r, c) = static_cast<float>(value(r, c));
  return g;
}

/// Manning's n of value n in every cell.
inline Roughness uniform_n(double n) {
  return Roughness::uniform(n, "test n");
}

/// A prescribed water level along the whole side.
inline Boundary water_level(Side side, TimeSeries level_m) {
  Boundary b;
  b.side = side;
  b.kind = Boundary::Kind::water_level;
  b.level_m = std::move(level_m);
  return b;
}

/// A free outflow (LISFLOOD-FP FREE) with the given slope along the whole side.
inline Boundary free_outflow(Side side, double slope) {
  Boundary b;
  b.side = side;
  b.kind = Boundary::Kind::free_outflow;
  b.slope = slope;
  return b;
}

/// A point inflow at (x, y) with discharge q_m3s.
inline Inflow point_inflow(double x, double y, TimeSeries q_m3s) {
  Inflow in;
  in.x = x;
  in.y = y;
  in.q_m3s = std::move(q_m3s);
  return in;
}

inline double max_abs(const Grid<float>& g) {
  double m = 0.0;
  for (float v : g.data)
    if (!std::isnan(v)) m = std::max(m, static_cast<double>(std::fabs(v)));
  return m;
}

inline double min_value(const std::vector<float>& v) {
  double m = std::numeric_limits<double>::infinity();
  for (float x : v) m = std::min(m, static_cast<double>(x));
  return m;
}

/// The message of the E that f throws (a test failure if it throws none).
template <class E, class F>
std::string message_of(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  ADD_FAILURE() << "no exception";
  return {};
}

inline bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

}  // namespace floodevac::flood::test
