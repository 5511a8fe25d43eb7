#pragma once
// Shortest-path trees on the CSR road graph (Dijkstra 1959) and a
// connectivity report.
//
// The evacuation model needs, for every node, "which edge do I take next to
// reach the nearest shelter": one backward search from all shelters at once
// on the reversed graph (multi-source Dijkstra) gives exactly that tree.
// The reverse CSR is built once (RoutingKit keeps a transposed graph the same
// way); a Router owns its heap and is reused across calls, so a search
// allocates nothing once its buffers have grown.
//
// Determinism: the heap is ordered by (time, node id); an edge relaxation only
// replaces a label when it is strictly better, so ties go to the neighbour
// settled first (smaller time, then smaller node id) and, among parallel
// edges, to the smaller edge id. A node that is several targets at once gets
// the smallest target index. Results never depend on thread count.
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <vector>

#include "sim/graph/road_graph.hpp"

namespace floodevac::graph {

inline constexpr double kInfTime = std::numeric_limits<double>::infinity();

/// Transposed CSR: the edges entering each node.
struct ReverseGraph {
  std::vector<EdgeId> first_in;  // node_count()+1
  std::vector<EdgeId> in_edge;   // edge ids grouped by head node, ascending edge id in a group
  std::vector<NodeId> tail;      // tail node of every edge, indexed by edge id

  static ReverseGraph build(const RoadGraph& g);
  std::uint32_t node_count() const { return static_cast<std::uint32_t>(first_in.size()) - 1; }
};

/// Result of a backward search: per node, the travel time to the nearest
/// target, that target and the first edge of the path to it.
struct ShortestPathTree {
  std::vector<double> time_s;         // s; kInfTime where no target can be reached
  std::vector<std::uint32_t> target;  // index into the target list; kInvalid if unreachable
  std::vector<EdgeId> next_edge;  // edge to take next; kInvalid at targets and unreachable nodes

  bool reaches(NodeId u) const { return target[u] != kInvalid; }
  /// Edges from `from` to its target along the tree (empty at a target or if unreachable).
  std::vector<EdgeId> path_edges(const RoadGraph& g, NodeId from) const;
  /// Nodes from `from` to its target, both included (just {from} at a target; empty if
  /// unreachable).
  std::vector<NodeId> path_nodes(const RoadGraph& g, NodeId from) const;
};

/// Dijkstra searches towards targets. Edge travel times are seconds per edge
/// id: >= 0, +infinity for a closed edge; NaN or negative throws InvariantError.
class Router {
 public:
  explicit Router(const RoadGraph& g);
  /// Shares an already built reverse graph (one per graph, one Router per thread).
  Router(const RoadGraph& g, std::shared_ptr<const ReverseGraph> reverse);

  /// (a) Multi-target backward search: every node gets its travel time to the
  /// nearest of `targets`, which one (its index in `targets`) and the next edge.
  void tree_to_nearest(std::span<const double> edge_time_s, std::span<const NodeId> targets,
                       ShortestPathTree& out);
  /// (b) The same towards a single target (out.target is 0 where reachable).
  void tree_to(std::span<const double> edge_time_s, NodeId target, ShortestPathTree& out);

  const ReverseGraph& reverse() const { return *reverse_; }
  std::shared_ptr<const ReverseGraph> reverse_ptr() const { return reverse_; }
  /// Nodes settled by the last search (for benchmarks).
  std::uint64_t settled_last() const { return settled_; }

 private:
  struct HeapItem {
    double key;
    NodeId node;
  };
  const RoadGraph* g_;
  std::shared_ptr<const ReverseGraph> reverse_;
  std::vector<HeapItem> heap_;
  std::uint64_t settled_ = 0;
};

/// Forward search (Dijkstra 1959) from one source over the edges as they leave each
/// node: time_s[v] the travel time from `source` to v (kInfTime where it cannot be
/// reached), on edge_time_s (per edge id, >= 0, +inf = closed; NaN or negative throws
/// InvariantError). The evacuation searches towards shelters (Router); this one
/// searches away from a depot (sim/evac/supplies.hpp). Heap order (time, node id).
void times_from(const RoadGraph& g, std::span<const double> edge_time_s, NodeId source,
                std::vector<double>& time_s);

/// Weakly connected components and nodes cut off from every shelter.
struct ConnectivityReport {
  std::uint32_t component_count = 0;
  std::vector<std::uint32_t> component;  // per node; components numbered by their smallest node id
  std::vector<std::uint32_t> component_size;   // nodes per component
  std::uint32_t largest_component = kInvalid;  // id of the biggest (smallest id on ties)
  std::vector<NodeId>
      cannot_reach_shelter;  // ascending node ids with no directed path to any shelter node
};

/// Weakly connected components of g, and the nodes with no directed path to
/// any of `shelter_nodes`. With `edge_time_s` (optional, per edge) edges with
/// an infinite time are treated as missing for the reachability part.
ConnectivityReport connectivity_report(const RoadGraph& g, std::span<const NodeId> shelter_nodes,
                                       std::span<const double> edge_time_s = {});

}  // namespace floodevac::graph
