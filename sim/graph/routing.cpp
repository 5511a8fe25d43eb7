#include "sim/graph/routing.hpp"

#include <algorithm>
#include <string>

#include "sim/core/csr.hpp"
#include "sim/core/error.hpp"
#include "sim/graph/components.hpp"

namespace floodevac::graph {

ReverseGraph ReverseGraph::build(const RoadGraph& g) {
  // Edges grouped by head, ascending edge id inside a group.
  auto by_head = csr::group_by_key<EdgeId>(g.edge_count(), g.node_count(),
                                           [&](std::size_t e) { return g.head[e]; });
  ReverseGraph r;
  r.first_in = std::move(by_head.first);
  r.in_edge = std::move(by_head.items);
  r.tail = g.tails();
  return r;
}

std::vector<EdgeId> ShortestPathTree::path_edges(const RoadGraph& g, NodeId from) const {
  std::vector<EdgeId> p;
  if (from >= next_edge.size() || !reaches(from)) return p;
  NodeId u = from;
  // A tree path has at most node_count edges; the bound guards corrupt input.
  for (std::size_t k = 0; k <= next_edge.size(); ++k) {
    const EdgeId e = next_edge[u];
    if (e == kInvalid) return p;
    p.push_back(e);
    u = g.head[e];
  }
  throw InvariantError("shortest path tree: next_edge pointers form a cycle");
}

std::vector<NodeId> ShortestPathTree::path_nodes(const RoadGraph& g, NodeId from) const {
  std::vector<NodeId> nodes;
  if (from >= next_edge.size() || !reaches(from)) return nodes;
  nodes.push_back(from);
  for (EdgeId e : path_edges(g, from)) nodes.push_back(g.head[e]);
  return nodes;
}

Router::Router(const RoadGraph& g)
    : g_(&g), reverse_(std::make_shared<const ReverseGraph>(ReverseGraph::build(g))) {}

Router::Router(const RoadGraph& g, std::shared_ptr<const ReverseGraph> reverse)
    : g_(&g), reverse_(std::move(reverse)) {
  if (!reverse_ || reverse_->first_in.size() != static_cast<std::size_t>(g.node_count()) + 1 ||
      reverse_->in_edge.size() != g.edge_count())
    throw InvariantError("Router: the reverse graph does not belong to this road graph");
}

namespace {
// Min-heap order on (key, node): std heap functions build a max-heap, so the
// comparison is "greater".
struct HeapGreater {
  template <class T>
  bool operator()(const T& a, const T& b) const {
    return a.key > b.key || (a.key == b.key && a.node > b.node);
  }
};
}  // namespace

void Router::tree_to_nearest(std::span<const double> w, std::span<const NodeId> targets,
                             ShortestPathTree& out) {
  const NodeId n = g_->node_count();
  if (w.size() != g_->edge_count())
    throw InvariantError("Router: edge_time_s has " + std::to_string(w.size()) +
                         " entries, the graph has " + std::to_string(g_->edge_count()) + " edges");
  out.time_s.assign(n, kInfTime);
  out.target.assign(n, kInvalid);
  out.next_edge.assign(n, kInvalid);
  heap_.clear();
  settled_ = 0;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const NodeId t = targets[i];
    if (t >= n)
      throw InvariantError("Router: target " + std::to_string(i) + " is not a node of the graph");
    if (out.target[t] != kInvalid) continue;  // duplicate node: smallest target index wins
    out.time_s[t] = 0.0;
    out.target[t] = static_cast<std::uint32_t>(i);
    heap_.push_back({0.0, t});
  }
  std::make_heap(heap_.begin(), heap_.end(), HeapGreater{});
  const auto& fi = reverse_->first_in;
  const auto& ie = reverse_->in_edge;
  const auto& tail = reverse_->tail;
  while (!heap_.empty()) {
    std::pop_heap(heap_.begin(), heap_.end(), HeapGreater{});
    const HeapItem top = heap_.back();
    heap_.pop_back();
    const NodeId v = top.node;
    if (top.key > out.time_s[v]) continue;  // stale entry (lazy deletion)
    ++settled_;
    const double dv = out.time_s[v];
    const std::uint32_t tv = out.target[v];
    for (EdgeId k = fi[v]; k < fi[v + 1]; ++k) {
      const EdgeId e = ie[k];
      const double we = w[e];
      if (!(we >= 0.0))
        throw InvariantError("Router: edge " + std::to_string(e) +
                             " has a negative or NaN travel time (use +inf for a closed edge)");
      const double cand = dv + we;
      const NodeId u = tail[e];
      if (cand < out.time_s[u]) {
        out.time_s[u] = cand;
        out.target[u] = tv;
        out.next_edge[u] = e;
        heap_.push_back({cand, u});
        std::push_heap(heap_.begin(), heap_.end(), HeapGreater{});
      }
    }
  }
}

void Router::tree_to(std::span<const double> edge_time_s, NodeId target, ShortestPathTree& out) {
  const NodeId t[1] = {target};
  tree_to_nearest(edge_time_s, t, out);
}

void times_from(const RoadGraph& g, std::span<const double> w, NodeId source,
                std::vector<double>& time_s) {
  const NodeId n = g.node_count();
  if (w.size() != g.edge_count())
    throw InvariantError("times_from: edge_time_s has " + std::to_string(w.size()) +
                         " entries, the graph has " + std::to_string(g.edge_count()) + " edges");
  if (source >= n) throw InvariantError("times_from: the source is not a node of the graph");
  struct Item {
    double key;
    NodeId node;
  };
  time_s.assign(n, kInfTime);
  std::vector<Item> heap{{0.0, source}};
  time_s[source] = 0.0;
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), HeapGreater{});
    const Item top = heap.back();
    heap.pop_back();
    const NodeId u = top.node;
    if (top.key > time_s[u]) continue;  // stale entry (lazy deletion)
    for (EdgeId e = g.first_out[u]; e < g.first_out[u + 1]; ++e) {
      const double we = w[e];
      if (!(we >= 0.0))
        throw InvariantError("times_from: edge " + std::to_string(e) +
                             " has a negative or NaN travel time (use +inf for a closed edge)");
      const double cand = top.key + we;
      const NodeId v = g.head[e];
      if (cand < time_s[v]) {
        time_s[v] = cand;
        heap.push_back({cand, v});
        std::push_heap(heap.begin(), heap.end(), HeapGreater{});
      }
    }
  }
}

ConnectivityReport connectivity_report(const RoadGraph& g, std::span<const NodeId> shelter_nodes,
                                       std::span<const double> edge_time_s) {
  const NodeId n = g.node_count();
  const EdgeId m = g.edge_count();
  if (!edge_time_s.empty() && edge_time_s.size() != m)
    throw InvariantError(
        "connectivity_report: edge_time_s must be empty or have one entry per edge");
  ConnectivityReport rep;
  Components comp = weak_components(g);
  rep.component_count = comp.count;
  rep.largest_component = comp.largest();
  rep.component = std::move(comp.label);
  rep.component_size = std::move(comp.size);

  // Backward breadth-first search from the shelters over open edges.
  const ReverseGraph rev = ReverseGraph::build(g);
  std::vector<std::uint8_t> seen(n, 0);
  std::vector<NodeId> stack;
  for (NodeId s : shelter_nodes) {
    if (s >= n)
      throw InvariantError("connectivity_report: a shelter node is not a node of the graph");
    if (!seen[s]) {
      seen[s] = 1;
      stack.push_back(s);
    }
  }
  while (!stack.empty()) {
    const NodeId v = stack.back();
    stack.pop_back();
    for (EdgeId k = rev.first_in[v]; k < rev.first_in[v + 1]; ++k) {
      const EdgeId e = rev.in_edge[k];
      if (!edge_time_s.empty() && !(edge_time_s[e] < kInfTime)) continue;
      const NodeId u = rev.tail[e];
      if (!seen[u]) {
        seen[u] = 1;
        stack.push_back(u);
      }
    }
  }
  for (NodeId u = 0; u < n; ++u)
    if (!seen[u]) rep.cannot_reach_shelter.push_back(u);
  return rep;
}

}  // namespace floodevac::graph
