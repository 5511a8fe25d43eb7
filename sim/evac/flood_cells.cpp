#include "sim/evac/flood_cells.hpp"

#include <algorithm>

namespace floodevac::evac::detail {

FloodCells::FloodCells(const graph::RoadGraph& g, const std::vector<PopulationUnit>& units,
                       const GeoTransform& geo, std::int64_t rows, std::int64_t cols)
    : sampler(g, geo, rows, cols) {
  node_cell.resize(g.node_count());
  for (NodeId u = 0; u < g.node_count(); ++u)
    node_cell[u] = sampler.cell_of(g.node_x[u], g.node_y[u]);
  unit_cell.resize(units.size());
  for (std::size_t i = 0; i < units.size(); ++i)
    unit_cell[i] = sampler.cell_of(units[i].x, units[i].y);
}

double AgentCells::fraction(std::uint32_t a) const {
  const EdgeId e = ag.edge[a];
  double rem = 0.0;
  if (ag.state[a] == kHeld || ag.state[a] == kTrappedEdge) {
    rem = ag.rem_m[a];
  } else if (ag.exit_s[a] > t) {
    const double v = ag.mode[a] == 0 ? q.car_speed_mps[e] : walk_speed_mps;
    rem = (ag.exit_s[a] - t) * v;
  }
  return std::clamp(1.0 - rem / q.len_m[e], 0.0, 1.0);
}

std::uint32_t AgentCells::of(std::uint32_t a) const {
  switch (ag.state[a]) {
    case kOnEdge:
    case kHeld:
    case kTrappedEdge:
      if (cells.sampler.raised(ag.edge[a])) return LinkSampler::kOutside;
      return cells.sampler.cell_at(ag.edge[a], fraction(a));
    case kHome:
    case kTrappedHome:
      return ag.unit[a] >= 0 ? cells.unit_cell[static_cast<std::size_t>(ag.unit[a])]
                             : cells.node_cell[ag.origin[a]];
    default:
      return cells.node_cell[ag.node(g, a)];
  }
}

}  // namespace floodevac::evac::detail
