#include "sim/flood/state.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "sim/core/error.hpp"
#include "sim/flood/flood_kernels.hpp"

namespace floodevac::flood {

FloodState make_state(const Grid<float>& dem, const Grid<float>& h0, float threshold_m) {
  dem.validate("flood model: dem");
  FloodState s;
  s.rows = dem.rows;
  s.cols = dem.cols;
  s.dx = dem.geo.dx;
  s.dy = -dem.geo.dy;
  s.area = s.dx * s.dy;
  const std::int64_t cols = s.cols;
  const std::size_t n = static_cast<std::size_t>(s.rows * cols);
  if (!h0.data.empty() && (h0.rows != s.rows || h0.cols != cols || h0.data.size() != n))
    throw InputError("flood model: initial_depth must be empty or have the DEM's shape");

  s.bed = dem;
  s.z.assign(n, kernels::kOutsideBed);
  s.h.assign(n, 0.0f);
  s.h_lo.assign(n, 0.0f);
  s.outside.assign(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isnan(dem.data[i])) {
      s.outside[i] = 1;
    } else {
      if (!std::isfinite(dem.data[i]) || std::fabs(dem.data[i]) > 1.0e5f)
        throw InputError("flood model: dem value out of range at cell " + std::to_string(i) +
                         " (row " + std::to_string(static_cast<std::int64_t>(i) / cols) + ")");
      s.z[i] = dem.data[i];
    }
  }
  // Initial depth: NaN counts as dry; negative is an error.
  if (!h0.data.empty()) {
    for (std::size_t i = 0; i < n; ++i) {
      const float v = h0.data[i];
      if (s.outside[i] || std::isnan(v)) continue;
      if (v < 0.0f || !std::isfinite(v))
        throw InputError("flood model: initial_depth is negative or infinite at row " +
                         std::to_string(static_cast<std::int64_t>(i) / cols) + ", col " +
                         std::to_string(static_cast<std::int64_t>(i) % cols));
      s.h[i] = v;
    }
  }
  s.qx.assign(static_cast<std::size_t>(s.rows * (cols + 1)), 0.0f);
  s.qy.assign(static_cast<std::size_t>((s.rows + 1) * cols), 0.0f);
  s.max_h = s.h;
  s.max_v2.assign(n, 0.0f);
  s.arrival.assign(n, std::numeric_limits<float>::quiet_NaN());
  for (std::size_t i = 0; i < n; ++i)
    if (!s.outside[i] && s.h[i] > threshold_m) s.arrival[i] = 0.0f;
  return s;
}

float deepest_water(const FloodState& s) {
  float m = 0.0f;
  for (std::size_t i = 0; i < s.h.size(); ++i)
    if (!s.outside[i]) m = std::max(m, s.h[i]);
  return m;
}

double state_bytes(const FloodState& s) {
  double bytes = 0.0;
  auto add = [&](const auto& v) { bytes += static_cast<double>(v.size() * sizeof(v[0])); };
  add(s.bed.data);
  add(s.z);
  add(s.h);
  add(s.h_lo);
  add(s.qx);
  add(s.qy);
  add(s.max_h);
  add(s.max_v2);
  add(s.arrival);
  add(s.outside);
  return bytes;
}

float cell_speed(const FloodState& s, std::size_t i, float h_dry) {
  const std::size_t C = static_cast<std::size_t>(s.cols);
  const std::size_t r = i / C, c = i % C;
  const std::size_t ox = r * (C + 1) + c;
  // Same arithmetic as the kernels' running maximum.
  const float qxc = 0.5f * (s.qx[ox] + s.qx[ox + 1]);
  const float qyc = 0.5f * (s.qy[i] + s.qy[i + C]);
  const float hn = s.h[i];
  return hn > h_dry ? std::sqrt((qxc * qxc + qyc * qyc) / (hn * hn)) : 0.0f;
}

Grid<float> speed_field(const FloodState& s, double h_dry_m) {
  Grid<float> g = Grid<float>::like(s.bed, std::numeric_limits<float>::quiet_NaN());
  const float h_dry = static_cast<float>(h_dry_m);
  for (std::int64_t r = 0; r < s.rows; ++r)
    for (std::int64_t c = 0; c < s.cols; ++c) {
      const std::size_t i = s.idx(r, c);
      if (!s.outside[i]) g.data[i] = cell_speed(s, i, h_dry);
    }
  return g;
}

}  // namespace floodevac::flood
