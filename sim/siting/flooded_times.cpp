#include "sim/siting/flooded_times.hpp"

#include <algorithm>
#include <cmath>

#include "sim/core/error.hpp"

namespace floodevac::siting {

std::vector<double> free_edge_times(const graph::RoadGraph& g) {
  std::vector<double> t(g.edge_count());
  for (graph::EdgeId e = 0; e < g.edge_count(); ++e)
    t[e] = static_cast<double>(g.length_m[e]) / static_cast<double>(g.free_speed_mps[e]);
  return t;
}

std::vector<float> worst_edge_depths(const evac::LinkSampler& sampler,
                                     const std::vector<const float*>& depth_grids) {
  std::vector<float> worst(sampler.edge_count(), 0.0f), d, dv;
  for (const float* grid : depth_grids) {
    sampler.edge_maxima(grid, nullptr, d, dv, 1);
    for (std::size_t e = 0; e < worst.size(); ++e)
      if (d[e] > worst[e]) worst[e] = d[e];
  }
  return worst;
}

std::vector<double> flooded_edge_times(const graph::RoadGraph& g, const std::vector<float>& depth,
                                       double close_depth_m) {
  if (depth.size() != g.edge_count())
    throw InvariantError("flooded_edge_times: one depth per edge expected");
  auto t = free_edge_times(g);
  for (graph::EdgeId e = 0; e < g.edge_count(); ++e) {
    if (!g.ferry.empty() && g.ferry[e]) continue;
    const double f = evac::vehicle_speed_factor(depth[e], close_depth_m);
    t[e] = f > 0 ? t[e] / f : std::numeric_limits<double>::infinity();
  }
  return t;
}

}  // namespace floodevac::siting
