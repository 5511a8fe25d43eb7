#include "sim/graph/road_graph.hpp"

#include <algorithm>
#include <string>

#include "sim/core/csr.hpp"
#include "sim/core/error.hpp"

namespace floodevac::graph {

std::vector<NodeId> RoadGraph::tails() const {
  std::vector<NodeId> t(edge_count());
  for (NodeId u = 0; u < node_count(); ++u)
    for (EdgeId e = first_out[u]; e < first_out[u + 1]; ++e) t[e] = u;
  return t;
}

void RoadGraph::validate() const {
  const auto n = node_count();
  const auto m = edge_count();
  auto fail = [](const std::string& what) { throw InvariantError("road graph: " + what); };
  if (node_y.size() != n) fail("node_x and node_y differ in length");
  if (first_out.size() != static_cast<std::size_t>(n) + 1) fail("first_out must have node_count+1 entries");
  if (first_out.front() != 0) fail("first_out[0] must be 0");
  if (first_out.back() != m) fail("first_out.back() must equal edge_count");
  for (std::size_t i = 1; i < first_out.size(); ++i)
    if (first_out[i] < first_out[i - 1]) fail("first_out must be non-decreasing");
  for (auto* v : {&length_m, &free_speed_mps, &capacity_veh_h, &lanes})
    if (v->size() != m) fail("a per-edge attribute has the wrong length");
  if (road_class.size() != m || source_id.size() != m) fail("road_class/source_id have the wrong length");
  if (!bridge.empty() && bridge.size() != m) fail("bridge must be empty or have edge_count entries");
  if (!tunnel.empty() && tunnel.size() != m) fail("tunnel must be empty or have edge_count entries");
  if (!ferry.empty() && ferry.size() != m) fail("ferry must be empty or have edge_count entries");
  if (!bridge.empty() && !tunnel.empty())
    for (EdgeId e = 0; e < m; ++e)
      if (bridge[e] && tunnel[e]) fail("edge " + std::to_string(e) + " is both a bridge and a tunnel");
  if (geom_first.size() != static_cast<std::size_t>(m) + 1) fail("geom_first must have edge_count+1 entries");
  if (geom_x.size() != geom_y.size() || geom_first.back() != geom_x.size())
    fail("geometry arrays are inconsistent");
  for (EdgeId e = 0; e < m; ++e) {
    if (head[e] >= n) fail("edge " + std::to_string(e) + " points to a node that does not exist");
    if (!(length_m[e] > 0)) fail("edge " + std::to_string(e) + " has length_m <= 0");
    if (!(free_speed_mps[e] > 0)) fail("edge " + std::to_string(e) + " has free_speed_mps <= 0");
    if (!(capacity_veh_h[e] > 0)) fail("edge " + std::to_string(e) + " has capacity_veh_h <= 0");
    if (!(lanes[e] >= 1)) fail("edge " + std::to_string(e) + " has lanes < 1");
    if (geom_first[e + 1] < geom_first[e] + 2) fail("edge " + std::to_string(e) + " has fewer than 2 geometry points");
  }
}

RoadGraph build_graph(std::vector<double> node_x, std::vector<double> node_y, std::vector<EdgeInput> edges) {
  RoadGraph g;
  const auto n = static_cast<NodeId>(node_x.size());
  if (node_y.size() != node_x.size()) throw InvariantError("build_graph: node_x and node_y differ in length");
  for (const auto& e : edges)
    if (e.tail >= n || e.head >= n) throw InvariantError("build_graph: edge refers to a node that does not exist");
  // Edges grouped by tail, input order inside a group.
  auto by_tail = csr::group_by_key<EdgeId>(edges.size(), n, [&](std::size_t k) { return edges[k].tail; });
  g.first_out = std::move(by_tail.first);
  const std::vector<EdgeId> order = std::move(by_tail.items);

  const auto m = edges.size();
  g.head.reserve(m);
  g.length_m.reserve(m);
  g.free_speed_mps.reserve(m);
  g.capacity_veh_h.reserve(m);
  g.lanes.reserve(m);
  g.road_class.reserve(m);
  g.source_id.reserve(m);
  const bool any_bridge = std::any_of(edges.begin(), edges.end(), [](const EdgeInput& e) { return e.bridge; });
  if (any_bridge) g.bridge.reserve(m);
  const bool any_tunnel = std::any_of(edges.begin(), edges.end(), [](const EdgeInput& e) { return e.tunnel; });
  if (any_tunnel) g.tunnel.reserve(m);
  const bool any_ferry = std::any_of(edges.begin(), edges.end(), [](const EdgeInput& e) { return e.ferry; });
  if (any_ferry) g.ferry.reserve(m);
  g.geom_first.reserve(m + 1);
  g.geom_first.push_back(0);
  for (const EdgeId k : order) {
    const auto& e = edges[k];
    g.head.push_back(e.head);
    g.length_m.push_back(e.length_m);
    g.free_speed_mps.push_back(e.free_speed_mps);
    g.capacity_veh_h.push_back(e.capacity_veh_h);
    g.lanes.push_back(e.lanes);
    g.road_class.push_back(e.road_class);
    g.source_id.push_back(e.source_id);
    if (any_bridge) g.bridge.push_back(e.bridge ? 1 : 0);
    if (any_tunnel) g.tunnel.push_back(e.tunnel ? 1 : 0);
    if (any_ferry) g.ferry.push_back(e.ferry ? 1 : 0);
    if (e.geom_x.size() >= 2 && e.geom_x.size() == e.geom_y.size()) {
      g.geom_x.insert(g.geom_x.end(), e.geom_x.begin(), e.geom_x.end());
      g.geom_y.insert(g.geom_y.end(), e.geom_y.begin(), e.geom_y.end());
    } else {
      g.geom_x.insert(g.geom_x.end(), {node_x[e.tail], node_x[e.head]});
      g.geom_y.insert(g.geom_y.end(), {node_y[e.tail], node_y[e.head]});
    }
    g.geom_first.push_back(static_cast<std::uint32_t>(g.geom_x.size()));
  }
  g.node_x = std::move(node_x);
  g.node_y = std::move(node_y);
  g.validate();
  return g;
}

}  // namespace floodevac::graph
