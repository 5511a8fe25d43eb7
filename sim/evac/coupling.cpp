#include "sim/evac/coupling.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "sim/core/error.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace floodevac::evac {

double pregnolato_speed_kmh(double d_mm) {
  return 0.0009 * d_mm * d_mm - 0.5529 * d_mm + 86.9448;
}

double vehicle_speed_factor(double depth_m, double close_depth_m) {
  if (!(depth_m > 0.0)) return 1.0;  // dry or NaN
  if (depth_m >= close_depth_m) return 0.0;
  const double v = pregnolato_speed_kmh(depth_m * 1000.0);
  return std::clamp(v / pregnolato_speed_kmh(0.0), 0.0, 1.0);
}

bool pedestrian_unsafe(double depth_m, double speed_mps, double max_depth_m, double max_dv_m2s) {
  if (!(depth_m > 0.0)) return false;
  const double v = std::isfinite(speed_mps) ? std::abs(speed_mps) : 0.0;
  return depth_m > max_depth_m || depth_m * v > max_dv_m2s;
}

LinkSampler::LinkSampler(const graph::RoadGraph& g, const GeoTransform& geo, std::int64_t rows,
                         std::int64_t cols)
    : geo_(geo), rows_(rows), cols_(cols) {
  if (rows <= 0 || cols <= 0) throw InvariantError("LinkSampler: the flood grid has no cells");
  if (!(geo.dx > 0.0) || !(geo.dy < 0.0))
    throw InvariantError("LinkSampler: the flood grid must be north-up");
  if (rows * cols >= static_cast<std::int64_t>(kOutside))
    throw InvariantError("LinkSampler: grids of 2^32 cells or more are not supported");
  spacing_m_ = 0.5 * std::min(geo.dx, -geo.dy);
  raised_ = g.bridge;
  // Ferry crossings are not roads: like bridges, the water does not reach them.
  if (!g.ferry.empty()) {
    raised_.resize(g.edge_count(), 0);
    for (graph::EdgeId e = 0; e < g.edge_count(); ++e)
      if (g.ferry[e]) raised_[e] = 1;
  }
  tunnel_ = g.tunnel;
  const graph::EdgeId m = g.edge_count();
  first_.assign(static_cast<std::size_t>(m) + 1, 0);
  std::vector<double> cum;
  for (graph::EdgeId e = 0; e < m; ++e) {
    const std::uint32_t p0 = g.geom_first[e], p1 = g.geom_first[e + 1];
    cum.assign(1, 0.0);
    for (std::uint32_t p = p0 + 1; p < p1; ++p)
      cum.push_back(cum.back() +
                    std::hypot(g.geom_x[p] - g.geom_x[p - 1], g.geom_y[p] - g.geom_y[p - 1]));
    const double len = cum.back();
    const auto n = static_cast<std::size_t>(std::max(2.0, std::ceil(len / spacing_m_) + 1.0));
    std::size_t seg = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double s = len * static_cast<double>(i) / static_cast<double>(n - 1);
      while (seg + 2 < cum.size() && cum[seg + 1] < s) ++seg;
      const double l = cum[seg + 1] - cum[seg];
      const double w = l > 0.0 ? std::clamp((s - cum[seg]) / l, 0.0, 1.0) : 0.0;
      const double x = g.geom_x[p0 + seg] + w * (g.geom_x[p0 + seg + 1] - g.geom_x[p0 + seg]);
      const double y = g.geom_y[p0 + seg] + w * (g.geom_y[p0 + seg + 1] - g.geom_y[p0 + seg]);
      cell_.push_back(cell_of(x, y));
    }
    if (cell_.size() >= kOutside) throw InvariantError("LinkSampler: too many samples");
    first_[e + 1] = static_cast<std::uint32_t>(cell_.size());
  }
}

std::uint32_t LinkSampler::cell_of(double x, double y) const {
  if (!std::isfinite(x) || !std::isfinite(y)) return kOutside;
  const std::int64_t r = geo_.row_of(y), c = geo_.col_of(x);
  if (r < 0 || r >= rows_ || c < 0 || c >= cols_) return kOutside;
  return static_cast<std::uint32_t>(r * cols_ + c);
}

std::uint32_t LinkSampler::cell_at(graph::EdgeId e, double fraction) const {
  const auto s = samples(e);
  const double f = std::clamp(std::isfinite(fraction) ? fraction : 0.0, 0.0, 1.0);
  const auto i = static_cast<std::size_t>(std::lround(f * static_cast<double>(s.size() - 1)));
  return s[i];
}

void LinkSampler::edge_maxima(const float* depth_m, const float* speed_mps,
                              std::vector<float>& max_depth_m, std::vector<float>& max_dv_m2s,
                              int threads) const {
  if (depth_m == nullptr) throw InvariantError("LinkSampler::edge_maxima: depth grid is null");
  const auto m = static_cast<std::int64_t>(edge_count());
  max_depth_m.assign(static_cast<std::size_t>(m), 0.0f);
  max_dv_m2s.assign(static_cast<std::size_t>(m), 0.0f);
  int nt = threads;
#ifdef _OPENMP
  if (nt <= 0) nt = omp_get_max_threads();
#else
  nt = 1;
#endif
#pragma omp parallel for schedule(static) num_threads(nt)
  for (std::int64_t e = 0; e < m; ++e) {
    float dmax = 0.0f, dvmax = 0.0f;
    if (raised(static_cast<graph::EdgeId>(e))) {
      max_depth_m[static_cast<std::size_t>(e)] = 0.0f;
      max_dv_m2s[static_cast<std::size_t>(e)] = 0.0f;
      continue;
    }
    const auto all = samples(static_cast<graph::EdgeId>(e));
    const std::uint32_t portals[2] = {all.front(), all.back()};
    const std::span<const std::uint32_t> cells =
        tunnel(static_cast<graph::EdgeId>(e)) ? std::span<const std::uint32_t>(portals, 2) : all;
    for (std::uint32_t c : cells) {
      if (c == kOutside) continue;
      const float d = depth_m[c];
      if (!(d > 0.0f)) continue;  // dry or NaN
      dmax = std::max(dmax, d);
      if (speed_mps != nullptr) {
        const float v = speed_mps[c];
        if (std::isfinite(v)) dvmax = std::max(dvmax, d * std::abs(v));
      }
    }
    max_depth_m[static_cast<std::size_t>(e)] = dmax;
    max_dv_m2s[static_cast<std::size_t>(e)] = dvmax;
  }
}

}  // namespace floodevac::evac
