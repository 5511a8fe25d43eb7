#pragma once
// Small builders shared by the flood tests.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
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

/// Manning's n of value n in every cell.
inline Roughness uniform_n(double n) { return Roughness::uniform(n, "test n"); }

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
