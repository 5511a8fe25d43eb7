#pragma once
// Directed road graph in compressed sparse row (CSR) form, RoutingKit layout.
//
// Invariants (checked by validate()):
//  - node ids are 0..node_count()-1, edge ids 0..edge_count()-1 (uint32);
//  - first_out has node_count()+1 entries, first_out[0] == 0,
//    first_out.back() == edge_count(), non-decreasing;
//  - edges of node u are first_out[u] .. first_out[u+1]-1, head[e] is the
//    node the edge leads to; every per-edge vector has edge_count() entries;
//  - node_x/node_y in the scenario CRS, metres;
//  - geometry of edge e: points geom_first[e] .. geom_first[e+1]-1 of
//    geom_x/geom_y, from tail to head (>= 2 points), CRS metres;
//  - length_m > 0, free_speed_mps > 0, capacity_veh_h > 0 (all lanes together),
//    lanes >= 1; storage is derived: lanes * length_m / vehicle spacing.
//  - loops and parallel edges are allowed and must be handled by algorithms.
#include <cstdint>
#include <string>
#include <vector>

namespace floodevac::graph {

using NodeId = std::uint32_t;
using EdgeId = std::uint32_t;
inline constexpr std::uint32_t kInvalid = 0xffffffffu;

struct RoadGraph {
  std::vector<EdgeId> first_out;   // node_count()+1
  std::vector<NodeId> head;        // edge_count()
  std::vector<float> length_m;     // m
  std::vector<float> free_speed_mps;  // m/s
  std::vector<float> capacity_veh_h;  // veh/h over all lanes of this direction
  std::vector<float> lanes;           // lanes in this direction (>= 1)
  std::vector<std::uint8_t> road_class;  // RoadClass value (see road_class.hpp)
  std::vector<std::int64_t> source_id;   // feature id / OSM way id the edge came from
  /// 1 where the edge is a bridge or otherwise raised above the terrain (the flood
  /// does not slow or cut it); empty = no bridges anywhere.
  std::vector<std::uint8_t> bridge;
  /// 1 where the edge runs below ground: a tunnel or underpass (OSM tunnel=yes,
  /// or layer < 0 without bridge). Water reaches it through its portals, the
  /// two end nodes (evac::LinkSampler), and it closes at a lower depth
  /// (evac::SimConfig::tunnel_close_depth_m). Empty = no tunnels anywhere; no
  /// edge is both a bridge and a tunnel.
  std::vector<std::uint8_t> tunnel;
  /// 1 where the edge is a ferry crossing (not a road: the flood does not slow or cut it;
  /// the queue model serves it by timetable, evac::FerryService). Empty = no ferries.
  std::vector<std::uint8_t> ferry;
  std::vector<double> node_x, node_y;    // m
  std::vector<std::uint32_t> geom_first; // edge_count()+1
  std::vector<double> geom_x, geom_y;    // m

  std::uint32_t node_count() const { return static_cast<std::uint32_t>(node_x.size()); }
  std::uint32_t edge_count() const { return static_cast<std::uint32_t>(head.size()); }
  /// tail[e] for every edge (computed, size edge_count()).
  std::vector<NodeId> tails() const;
  /// Throws InvariantError naming the first broken invariant.
  void validate() const;
};

/// Builds a CSR graph from an unordered edge list (the builder the gis layer
/// and the tests use). Edges are stably sorted by tail, so edge ids follow the
/// order of tails then input order.
struct EdgeInput {
  NodeId tail = 0, head = 0;
  float length_m = 0, free_speed_mps = 0, capacity_veh_h = 0, lanes = 1;
  std::uint8_t road_class = 0;
  std::int64_t source_id = -1;
  bool bridge = false;
  bool tunnel = false;
  bool ferry = false;
  std::vector<double> geom_x, geom_y;  // optional; empty = straight line between nodes
};
RoadGraph build_graph(std::vector<double> node_x, std::vector<double> node_y,
                      std::vector<EdgeInput> edges);

}  // namespace floodevac::graph
