#pragma once
// Small road networks built in code, shared by the graph and evacuation tests.
#include <utility>
#include <vector>

#include "sim/graph/road_graph.hpp"

namespace floodevac::test {

/// One directed edge of a hand-made network.
struct E {
  graph::NodeId tail, head;
  float length_m, speed_mps, capacity_veh_h, lanes = 1;
};

inline graph::RoadGraph make_graph(std::vector<double> x, std::vector<double> y,
                                   const std::vector<E>& es) {
  std::vector<graph::EdgeInput> in;
  for (const E& e : es) {
    graph::EdgeInput ei;
    ei.tail = e.tail;
    ei.head = e.head;
    ei.length_m = e.length_m;
    ei.free_speed_mps = e.speed_mps;
    ei.capacity_veh_h = e.capacity_veh_h;
    ei.lanes = e.lanes;
    in.push_back(ei);
  }
  return graph::build_graph(std::move(x), std::move(y), std::move(in));
}

/// Edge id of the edge tail -> head (the first one); kInvalid if there is none.
inline graph::EdgeId edge_of(const graph::RoadGraph& g, graph::NodeId tail, graph::NodeId head) {
  for (graph::EdgeId e = g.first_out[tail]; e < g.first_out[tail + 1]; ++e)
    if (g.head[e] == head) return e;
  return graph::kInvalid;
}

/// nx x ny grid, spacing_m apart, two-way edges between 4-neighbours.
inline graph::RoadGraph grid_graph(int nx, int ny, double spacing_m, float speed_mps,
                                   float cap_veh_h, float lanes) {
  std::vector<double> x, y;
  std::vector<E> es;
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) {
      x.push_back(i * spacing_m);
      y.push_back(j * spacing_m);
    }
  auto id = [&](int i, int j) { return static_cast<graph::NodeId>(j * nx + i); };
  const auto L = static_cast<float>(spacing_m);
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) {
      if (i + 1 < nx) {
        es.push_back({id(i, j), id(i + 1, j), L, speed_mps, cap_veh_h, lanes});
        es.push_back({id(i + 1, j), id(i, j), L, speed_mps, cap_veh_h, lanes});
      }
      if (j + 1 < ny) {
        es.push_back({id(i, j), id(i, j + 1), L, speed_mps, cap_veh_h, lanes});
        es.push_back({id(i, j + 1), id(i, j), L, speed_mps, cap_veh_h, lanes});
      }
    }
  return make_graph(std::move(x), std::move(y), es);
}

}  // namespace floodevac::test
