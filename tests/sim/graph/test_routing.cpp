// Shortest-path trees and the connectivity report.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "sim/core/error.hpp"
#include "sim/graph/routing.hpp"
#include "tests/support/road_graphs.hpp"

namespace floodevac::graph {
namespace {

using test::E;
using test::edge_of;
using test::make_graph;

// Backward multi-source Bellman-Ford: the brute-force reference.
std::vector<double> bellman_ford_to(const RoadGraph& g, const std::vector<double>& w,
                                    const std::vector<NodeId>& targets) {
  std::vector<double> d(g.node_count(), kInfTime);
  for (NodeId t : targets) d[t] = 0.0;
  const auto tail = g.tails();
  for (NodeId it = 0; it < g.node_count(); ++it) {
    bool changed = false;
    for (EdgeId e = 0; e < g.edge_count(); ++e) {
      const double c = d[g.head[e]] + w[e];
      if (c < d[tail[e]]) {
        d[tail[e]] = c;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return d;
}

RoadGraph random_graph(std::mt19937_64& rng, NodeId n, EdgeId m) {
  std::vector<double> x(n), y(n);
  std::uniform_real_distribution<double> pos(0.0, 1000.0);
  for (NodeId i = 0; i < n; ++i) {
    x[i] = pos(rng);
    y[i] = pos(rng);
  }
  std::uniform_int_distribution<NodeId> node(0, n - 1);
  std::vector<E> es;
  for (EdgeId k = 0; k < m; ++k) es.push_back({node(rng), node(rng), 100.0f, 10.0f, 1800.0f, 1.0f});
  // A few parallel edges and a loop: algorithms must cope.
  es.push_back(es[0]);
  es.push_back({3, 3, 50.0f, 10.0f, 1800.0f, 1.0f});
  return make_graph(std::move(x), std::move(y), es);
}

TEST(Routing, MultiTargetTreeMatchesBellmanFordOnRandomGraphs) {
  std::mt19937_64 rng(12345);
  for (int round = 0; round < 5; ++round) {
    const RoadGraph g = random_graph(rng, 300, 1200);
    std::uniform_real_distribution<double> wt(0.5, 60.0);
    std::uniform_real_distribution<double> u01(0.0, 1.0);
    std::vector<double> w(g.edge_count());
    for (double& x : w) x = u01(rng) < 0.1 ? kInfTime : wt(rng);  // 10 % closed
    w[5] = 0.0;                                                   // zero-time edges are allowed
    std::vector<NodeId> targets = {7, 42, 199, 42};               // a duplicate too
    Router r(g);
    ShortestPathTree tree;
    r.tree_to_nearest(w, targets, tree);
    const auto ref = bellman_ford_to(g, w, targets);
    std::size_t reachable = 0;
    for (NodeId u = 0; u < g.node_count(); ++u) {
      if (std::isinf(ref[u])) {
        EXPECT_FALSE(tree.reaches(u)) << "node " << u;
        EXPECT_EQ(tree.next_edge[u], kInvalid);
        continue;
      }
      ++reachable;
      ASSERT_TRUE(tree.reaches(u)) << "node " << u;
      EXPECT_NEAR(tree.time_s[u], ref[u], 1e-9 * (1.0 + ref[u])) << "node " << u;
      // The tree is consistent: following next_edge reaches the reported target.
      const auto path = tree.path_edges(g, u);
      double sum = 0.0;
      NodeId v = u;
      for (EdgeId e : path) {
        EXPECT_EQ(r.reverse().tail[e], v);
        sum += w[e];
        v = g.head[e];
      }
      EXPECT_EQ(v, targets[tree.target[u]]);
      EXPECT_NEAR(sum, tree.time_s[u], 1e-9 * (1.0 + sum));
      if (tree.next_edge[u] != kInvalid) {
        const EdgeId e = tree.next_edge[u];
        EXPECT_EQ(tree.time_s[u], tree.time_s[g.head[e]] + w[e]);
        EXPECT_EQ(tree.target[u], tree.target[g.head[e]]);
      }
    }
    EXPECT_GT(reachable, 100u);
    // Duplicate target node: the smallest index wins.
    EXPECT_EQ(tree.target[42], 1u);
    // Single target (b) against the reference too.
    r.tree_to(w, 199, tree);
    const auto ref1 = bellman_ford_to(g, w, {199});
    for (NodeId u = 0; u < g.node_count(); ++u) {
      if (std::isinf(ref1[u])) {
        EXPECT_FALSE(tree.reaches(u));
      } else {
        EXPECT_NEAR(tree.time_s[u], ref1[u], 1e-9 * (1.0 + ref1[u]));
        EXPECT_EQ(tree.target[u], 0u);
      }
    }
  }
}

TEST(Routing, TiesGoToTheSmallerNodeId) {
  // 0 -> 1 -> 3 and 0 -> 2 -> 3, every edge 1 s: both paths take 2 s. Node 1
  // is settled before node 2 (same time, smaller id), so 0 goes via 1.
  // Added in the order 0->2 first, so edge ids alone would pick node 2.
  const RoadGraph g = make_graph(
      {0, 1, 1, 2}, {0, 1, -1, 0},
      {{0, 2, 10, 10, 1000}, {0, 1, 10, 10, 1000}, {1, 3, 10, 10, 1000}, {2, 3, 10, 10, 1000}});
  std::vector<double> w(g.edge_count(), 1.0);
  Router r(g);
  ShortestPathTree t;
  r.tree_to(w, 3, t);
  EXPECT_EQ(t.time_s[0], 2.0);
  EXPECT_EQ(t.next_edge[0], edge_of(g, 0, 1));
  EXPECT_EQ(t.path_nodes(g, 0), (std::vector<NodeId>{0, 1, 3}));
  // Repeated searches on the same router give the same tree.
  ShortestPathTree t2;
  r.tree_to(w, 3, t2);
  EXPECT_EQ(t.next_edge, t2.next_edge);
  EXPECT_EQ(t.time_s, t2.time_s);
}

TEST(Routing, ClosedEdgesAndBadTimes) {
  const RoadGraph g =
      make_graph({0, 1, 2}, {0, 0, 0}, {{0, 1, 10, 10, 1000}, {1, 2, 10, 10, 1000}});
  Router r(g);
  ShortestPathTree t;
  std::vector<double> w = {1.0, kInfTime};
  r.tree_to(w, 2, t);
  EXPECT_FALSE(t.reaches(0));
  EXPECT_FALSE(t.reaches(1));
  EXPECT_TRUE(t.reaches(2));
  EXPECT_TRUE(t.path_edges(g, 0).empty());
  w[0] = std::nan("");
  w[1] = 1.0;
  EXPECT_THROW(r.tree_to(w, 2, t), InvariantError);
  w[0] = -1.0;
  EXPECT_THROW(r.tree_to(w, 2, t), InvariantError);
  EXPECT_THROW(r.tree_to(std::vector<double>{1.0}, 2, t), InvariantError);
  EXPECT_THROW(r.tree_to(std::vector<double>{1.0, 1.0}, 9, t), InvariantError);
}

TEST(Routing, ConnectivityReport) {
  // Nodes 0..4 form one weak component: 0 -> 1 -> 2 (shelter), 3 -> 1, and
  // 2 -> 4 (one way out of the shelter, so 4 cannot reach it). 5 <-> 6 is a
  // second component without a shelter.
  const RoadGraph g = make_graph({0, 1, 2, 3, 4, 5, 6}, {0, 0, 0, 0, 0, 0, 0},
                                 {{0, 1, 10, 10, 1000},
                                  {1, 2, 10, 10, 1000},
                                  {3, 1, 10, 10, 1000},
                                  {2, 4, 10, 10, 1000},
                                  {5, 6, 10, 10, 1000},
                                  {6, 5, 10, 10, 1000}});
  const NodeId shelters[] = {2};
  const auto rep = connectivity_report(g, shelters);
  EXPECT_EQ(rep.component_count, 2u);
  EXPECT_EQ(rep.component, (std::vector<std::uint32_t>{0, 0, 0, 0, 0, 1, 1}));
  EXPECT_EQ(rep.component_size, (std::vector<std::uint32_t>{5, 2}));
  EXPECT_EQ(rep.largest_component, 0u);
  EXPECT_EQ(rep.cannot_reach_shelter, (std::vector<NodeId>{4, 5, 6}));
  // Closing 1 -> 2 cuts off 0, 1 and 3 too.
  std::vector<double> w(g.edge_count(), 1.0);
  w[edge_of(g, 1, 2)] = kInfTime;
  const auto rep2 = connectivity_report(g, shelters, w);
  EXPECT_EQ(rep2.cannot_reach_shelter, (std::vector<NodeId>{0, 1, 3, 4, 5, 6}));
}

}  // namespace
}  // namespace floodevac::graph
