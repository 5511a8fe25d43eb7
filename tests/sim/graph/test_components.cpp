// The weakly-connected-components labeller.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "sim/graph/components.hpp"
#include "tests/support/road_graphs.hpp"

namespace floodevac::graph {
namespace {

using test::make_graph;

// Reference: breadth-first search over edges taken both ways, starting from
// the nodes in ascending order.
std::vector<std::uint32_t> bfs_labels(const RoadGraph& g) {
  const NodeId n = g.node_count();
  std::vector<std::vector<NodeId>> adj(n);
  const auto tail = g.tails();
  for (EdgeId e = 0; e < g.edge_count(); ++e) {
    adj[tail[e]].push_back(g.head[e]);
    adj[g.head[e]].push_back(tail[e]);
  }
  std::vector<std::uint32_t> label(n, kInvalid);
  std::uint32_t next = 0;
  for (NodeId s = 0; s < n; ++s) {
    if (label[s] != kInvalid) continue;
    std::vector<NodeId> todo{s};
    label[s] = next;
    while (!todo.empty()) {
      const NodeId v = todo.back();
      todo.pop_back();
      for (NodeId w : adj[v])
        if (label[w] == kInvalid) {
          label[w] = next;
          todo.push_back(w);
        }
    }
    ++next;
  }
  return label;
}

TEST(Components, DirectionIsIgnoredAndLabelsFollowSmallestNode) {
  // 3 -> 0 and 3 -> 4 join {0, 3, 4}; 2 -> 1 joins {1, 2}; 5 alone. Labels in
  // the order of the smallest node of each component: {0,3,4} = 0, {1,2} = 1, {5} = 2.
  const RoadGraph g =
      make_graph({0, 1, 2, 3, 4, 5}, {0, 0, 0, 0, 0, 0},
                 {{3, 0, 10, 10, 1000}, {3, 4, 10, 10, 1000}, {2, 1, 10, 10, 1000}});
  const Components c = weak_components(g);
  EXPECT_EQ(c.count, 3u);
  EXPECT_EQ(c.label, (std::vector<std::uint32_t>{0, 1, 1, 0, 0, 2}));
  EXPECT_EQ(c.size, (std::vector<std::uint32_t>{3, 2, 1}));
  EXPECT_EQ(c.largest(), 0u);
}

TEST(Components, LargestTakesTheSmallestLabelOnTiesAndEmptyGraphHasNone) {
  const RoadGraph g =
      make_graph({0, 1, 2, 3}, {0, 0, 0, 0},
                 {{2, 3, 10, 10, 1000}, {1, 0, 10, 10, 1000}, {0, 0, 10, 10, 1000}});
  const Components c = weak_components(g);
  EXPECT_EQ(c.size, (std::vector<std::uint32_t>{2, 2}));
  EXPECT_EQ(c.largest(), 0u);
  const Components none = weak_components(make_graph({}, {}, {}));
  EXPECT_EQ(none.count, 0u);
  EXPECT_TRUE(none.label.empty());
  EXPECT_EQ(none.largest(), kInvalid);
}

TEST(Components, MatchesBreadthFirstSearchOnRandomGraphs) {
  std::mt19937_64 rng(7);
  for (int rep = 0; rep < 50; ++rep) {
    const NodeId n = 1 + static_cast<NodeId>(rng() % 60);
    const auto m = static_cast<std::size_t>(rng() % (2 * n));
    std::vector<double> x(n, 0.0), y(n, 0.0);
    std::vector<test::E> es;
    for (std::size_t k = 0; k < m; ++k)
      es.push_back({static_cast<NodeId>(rng() % n), static_cast<NodeId>(rng() % n), 10, 10, 1000});
    const RoadGraph g = make_graph(x, y, es);
    const Components c = weak_components(g);
    const auto ref = bfs_labels(g);
    ASSERT_EQ(c.label, ref);
    std::vector<std::uint32_t> size(c.count, 0);
    for (auto l : ref) ++size[l];
    EXPECT_EQ(c.size, size);
  }
}

}  // namespace
}  // namespace floodevac::graph
