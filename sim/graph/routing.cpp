#include "sim/graph/routing.hpp"

#include <algorithm>
#include <numeric>
#include <string>

#include "sim/core/error.hpp"

namespace floodevac::graph {

ReverseGraph ReverseGraph::build(const RoadGraph& g) {
  ReverseGraph r;
  const NodeId n = g.node_count();
  const EdgeId m = g.edge_count();
  r.first_in.assign(static_cast<std::size_t>(n) + 1, 0);
  for (EdgeId e = 0; e < m; ++e) ++r.first_in[g.head[e] + 1];
  for (std::size_t i = 1; i < r.first_in.size(); ++i) r.first_in[i] += r.first_in[i - 1];
  r.in_edge.resize(m);
  std::vector<EdgeId> fill(r.first_in.begin(), r.first_in.end() - 1);
  // Counting sort by head, scanning edges in id order: stable, so edge ids
  // ascend inside each group.
  for (EdgeId e = 0; e < m; ++e) r.in_edge[fill[g.head[e]]++] = e;
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

ConnectivityReport connectivity_report(const RoadGraph& g, std::span<const NodeId> shelter_nodes,
                                       std::span<const double> edge_time_s) {
  const NodeId n = g.node_count();
  const EdgeId m = g.edge_count();
  if (!edge_time_s.empty() && edge_time_s.size() != m)
    throw InvariantError(
        "connectivity_report: edge_time_s must be empty or have one entry per edge");
  ConnectivityReport rep;
  // Union-find with path halving; the root of a set is always its smallest
  // node id, so numbering is independent of the edge order.
  std::vector<NodeId> parent(n);
  std::iota(parent.begin(), parent.end(), 0u);
  auto find = [&](NodeId x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  const auto tail = g.tails();
  for (EdgeId e = 0; e < m; ++e) {
    NodeId a = find(tail[e]), b = find(g.head[e]);
    if (a == b) continue;
    if (a > b) std::swap(a, b);
    parent[b] = a;
  }
  rep.component.assign(n, kInvalid);
  for (NodeId u = 0; u < n; ++u) {
    const NodeId r = find(u);
    if (rep.component[r] == kInvalid) {
      rep.component[r] = rep.component_count++;
      rep.component_size.push_back(0);
    }
    rep.component[u] = rep.component[r];
    ++rep.component_size[rep.component[u]];
  }
  for (std::uint32_t c = 0; c < rep.component_count; ++c)
    if (rep.largest_component == kInvalid ||
        rep.component_size[c] > rep.component_size[rep.largest_component])
      rep.largest_component = c;

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
