#pragma once
// Weakly connected components of the road graph (edge directions ignored), by
// union-find with path halving (Tarjan & van Leeuwen 1984, "Worst-case
// analysis of set union algorithms", JACM 31(2)).
//
// Invariants of the result:
//  - label has node_count() entries, each in 0..count-1;
//  - components are numbered in the order of their smallest node id, so the
//    labels depend only on which nodes are connected, never on edge order;
//  - size[c] is the number of nodes labelled c (size has count entries).
#include <cstdint>
#include <vector>

#include "sim/graph/road_graph.hpp"

namespace floodevac::graph {

struct Components {
  std::uint32_t count = 0;
  std::vector<std::uint32_t> label;  // per node
  std::vector<std::uint32_t> size;   // nodes per component

  /// The component with the most nodes (the smallest label on ties); kInvalid
  /// for a graph without nodes.
  std::uint32_t largest() const;
};

Components weak_components(const RoadGraph& g);

}  // namespace floodevac::graph
