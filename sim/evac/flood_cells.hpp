#pragma once
// Where the queue model meets the flood grid: the cells every edge crosses
// (LinkSampler), the cell of every node and population unit, and the cell an
// agent stands in now (read for traps and exposure). Internal to QueueSim.
#include <cstdint>
#include <vector>

#include "sim/core/grid.hpp"
#include "sim/evac/agents.hpp"
#include "sim/evac/coupling.hpp"
#include "sim/evac/evac_types.hpp"
#include "sim/evac/link_queue.hpp"
#include "sim/graph/road_graph.hpp"

namespace floodevac::evac::detail {

struct FloodCells {
  LinkSampler sampler;
  std::vector<std::uint32_t> node_cell, unit_cell;  // LinkSampler::kOutside off the grid

  FloodCells() = default;
  FloodCells(const graph::RoadGraph& g, const std::vector<PopulationUnit>& units,
             const GeoTransform& geo, std::int64_t rows, std::int64_t cols);
  bool empty() const { return sampler.empty(); }
};

/// The cell each agent stands in at time t: on an edge, the sample at its
/// position (none on a bridge: above the water); at home, its unit's cell (or
/// its origin node's); elsewhere the cell of its node.
struct AgentCells {
  const FloodCells& cells;
  const graph::RoadGraph& g;
  const Agents& ag;
  const LinkQueues& q;
  double walk_speed_mps;
  double t;

  std::uint32_t of(std::uint32_t a) const;
  /// Position along its edge, 0 = tail, 1 = head.
  double fraction(std::uint32_t a) const;
};

}  // namespace floodevac::evac::detail
