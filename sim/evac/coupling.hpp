#pragma once
// Flood -> road network coupling: which grid cells each edge crosses, the
// water on each edge, and the depth-dependent speed and closure rules.
#include <cstdint>
#include <span>
#include <vector>

#include "sim/core/grid.hpp"
#include "sim/graph/road_graph.hpp"

namespace floodevac::evac {

/// Vehicle speed in floodwater, km/h, at depth_mm of standing water:
/// v(d) = 0.0009 d^2 - 0.5529 d + 86.9448 (Pregnolato, Ford, Wilkinson & Dawson
/// 2017, "The impact of flooding on road transport: a depth-disruption
/// function", Transportation Research Part D 55:67-81). Valid on [0, 300] mm.
double pregnolato_speed_kmh(double depth_mm);

/// Share of free speed left at depth_m: v(d)/v(0) from the curve above, 1 when
/// dry (depth <= 0 or NaN), 0 (closed) at or above close_depth_m (default 0.3 m,
/// where the curve approaches 0 km/h).
double vehicle_speed_factor(double depth_m, double close_depth_m = 0.3);

/// True when an adult cannot safely walk: depth above max_depth_m or depth x
/// velocity above max_dv_m2s. Defaults 0.5 m and 0.6 m^2/s are the adult
/// stability limits chosen from Cox, Shand & Blacka 2010, "Stability of people
/// in flood waters" (Australian Rainfall & Runoff Project 10, Stage 1 report);
/// the 0.5 m depth limit is the conservative one of that report.
bool pedestrian_unsafe(double depth_m, double speed_mps, double max_depth_m = 0.5,
                       double max_dv_m2s = 0.6);

/// The cells each edge passes through: its polyline is sampled at equal
/// spacing of at most half a cell (min(dx, |dy|) / 2), from tail to head.
class LinkSampler {
 public:
  static constexpr std::uint32_t kOutside = 0xffffffffu;

  LinkSampler() = default;
  /// geo/rows/cols: the flood grid (north-up; rows*cols < 2^32 cells).
  LinkSampler(const graph::RoadGraph& g, const GeoTransform& geo, std::int64_t rows,
              std::int64_t cols);

  bool empty() const { return first_.empty(); }
  std::int64_t rows() const { return rows_; }
  std::int64_t cols() const { return cols_; }
  const GeoTransform& geo() const { return geo_; }
  double spacing_m() const { return spacing_m_; }
  std::uint32_t edge_count() const {
    return first_.empty() ? 0u : static_cast<std::uint32_t>(first_.size() - 1);
  }

  /// Cell index (row * cols + col) of every sample of edge e, kOutside off the grid.
  std::span<const std::uint32_t> samples(graph::EdgeId e) const {
    return {cell_.data() + first_[e], cell_.data() + first_[e + 1]};
  }
  /// True for an edge raised above the terrain (a bridge): water below does not reach it.
  bool raised(graph::EdgeId e) const { return !raised_.empty() && raised_[e] != 0; }
  /// True for an edge below ground (a tunnel or underpass): the water on the
  /// surface above it does not reach it, the water at its portals does.
  bool tunnel(graph::EdgeId e) const { return !tunnel_.empty() && tunnel_[e] != 0; }
  /// Cell at a fraction (0 = tail, 1 = head) of the edge's length.
  std::uint32_t cell_at(graph::EdgeId e, double fraction) const;
  /// Cell containing the point, kOutside off the grid.
  std::uint32_t cell_of(double x, double y) const;

  /// Per edge: max depth (m) and max depth*speed (m^2/s) over its samples.
  /// Grids are rows*cols row-major; NaN cells and cells off the grid count as
  /// dry (roads outside the flood model's extent are taken as dry). speed_mps
  /// may be null (then max_dv is 0). Bridges (RoadGraph::bridge) are raised
  /// above the water: always 0. Tunnels (RoadGraph::tunnel): the maxima over
  /// their portals only, the first and last samples (the cells of the tail
  /// and head nodes). Parallel over edges; deterministic.
  void edge_maxima(const float* depth_m, const float* speed_mps, std::vector<float>& max_depth_m,
                   std::vector<float>& max_dv_m2s, int threads = 0) const;

  std::size_t memory_bytes() const {
    return first_.capacity() * sizeof(std::uint32_t) + cell_.capacity() * sizeof(std::uint32_t);
  }

 private:
  GeoTransform geo_;
  std::int64_t rows_ = 0, cols_ = 0;
  double spacing_m_ = 0;
  std::vector<std::uint32_t> first_;  // edge_count()+1 (uint32 sample offsets)
  std::vector<std::uint32_t> cell_;
  std::vector<std::uint8_t> raised_;  // copy of RoadGraph::bridge (may be empty)
  std::vector<std::uint8_t> tunnel_;  // copy of RoadGraph::tunnel (may be empty)
};

}  // namespace floodevac::evac
