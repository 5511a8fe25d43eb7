// Transfer routes: the route that stays open longest, then the fastest; shelters cut off.
#include <gtest/gtest.h>

#include <limits>

#include "sim/siting/flooded_times.hpp"
#include "sim/siting/transfer_routes.hpp"

using namespace floodevac;

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();

graph::EdgeInput edge(graph::NodeId a, graph::NodeId b, float len) {
  graph::EdgeInput e;
  e.tail = a;
  e.head = b;
  e.length_m = len;
  e.free_speed_mps = 10;
  e.capacity_veh_h = 1000;
  return e;
}
}  // namespace

TEST(TransferRoutes, LongestOpenThenFastest) {
  // 0 -> 1 -> 3 short (200 m) but edge 1->3 closes at 100 s; 0 -> 2 -> 3 long (2 km), never
  // closes; 0 -> 4 (100 m) closes at 50 s.
  std::vector<graph::EdgeInput> es = {edge(0, 1, 100), edge(1, 3, 100), edge(0, 2, 1000), edge(2, 3, 1000),
                                      edge(0, 4, 100)};
  const auto g = graph::build_graph({0, 1, 2, 3, 4}, {0, 0, 1, 0, 2}, es);
  std::vector<double> close(g.edge_count(), kInf);
  for (graph::EdgeId e = 0; e < g.edge_count(); ++e) {
    const auto t = g.tails()[e];
    if (t == 1 && g.head[e] == 3) close[e] = 100;
    if (t == 0 && g.head[e] == 4) close[e] = 50;
  }
  // Shelters at nodes 0, 3 and 4; shelter 0 fills at 3600 s.
  const auto tr = siting::transfer_routes(g, {0, 3, 4}, close, {3600, kInf, kInf}, 3);
  ASSERT_EQ(tr[0].backups.size(), 2u);
  EXPECT_EQ(tr[0].backups[0].to, 1u);
  EXPECT_EQ(tr[0].backups[0].open_until_s, kInf);
  EXPECT_DOUBLE_EQ(tr[0].backups[0].length_m, 2000);
  EXPECT_DOUBLE_EQ(tr[0].backups[0].free_time_s, 200);
  EXPECT_EQ(tr[0].backups[1].to, 2u);
  EXPECT_EQ(tr[0].backups[1].open_until_s, 50);
  EXPECT_FALSE(tr[0].cut_off);
  // Node 3 and 4 have no way out: no backups; 3 never fills so it is not "cut off".
  EXPECT_TRUE(tr[1].backups.empty());
  EXPECT_FALSE(tr[1].cut_off);
  // Closing the long way too at 1000 s: shelter 0 (full at 3600 s) is cut off.
  for (graph::EdgeId e = 0; e < g.edge_count(); ++e)
    if (g.tails()[e] == 2) close[e] = 1000;
  const auto tr2 = siting::transfer_routes(g, {0, 3, 4}, close, {3600, kInf, kInf}, 3);
  EXPECT_EQ(tr2[0].backups[0].open_until_s, 1000);
  EXPECT_TRUE(tr2[0].cut_off);
}

TEST(FloodedTimes, SlowsAndCloses) {
  const auto g = graph::build_graph({0, 1}, {0, 0}, {edge(0, 1, 100), edge(1, 0, 100)});
  const auto t = siting::flooded_edge_times(g, {0.0f, 0.35f}, 0.3);
  EXPECT_DOUBLE_EQ(t[0], 10);
  EXPECT_EQ(t[1], kInf);
  const auto t2 = siting::flooded_edge_times(g, {0.1f, 0.0f}, 0.3);
  EXPECT_GT(t2[0], 10);  // slowed (Pregnolato: about 38 % slower at 0.1 m)
}
