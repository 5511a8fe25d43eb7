// Dead ends and the turn-back limit: an agent with no turn-back left never
// drives into a dead-end spur to wait there for good (issue 9, item 2).
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "evac_test_util.hpp"
#include "sim/evac/queue_sim.hpp"

namespace floodevac::evac {
namespace {

using graph::NodeId;
using namespace testing;

//            D (3)
//            |  20 m spur
//  B --500-- O --100-- u --100-- A
// (4)       (0)  \    (1)       (2)
//                 150   /150
//                   (5)
// All two-way, 10 m/s, 3600 veh/h. A (1 person) is the nearest shelter from
// O; B (100 persons) the other. Once A is full the trees point from u back to
// O; with no turn-back allowed, the old rule took the cheapest edge not
// leading back: the spur u -> D (20 + 20 + 600 m) and waited at D for good.
graph::RoadGraph spur_beside_route() {
  const std::vector<std::pair<NodeId, NodeId>> two_way = {{0, 1}, {1, 2}, {1, 3},
                                                          {0, 4}, {1, 5}, {5, 0}};
  const float len[] = {100, 100, 20, 500, 150, 150};
  std::vector<test::E> es;
  for (std::size_t k = 0; k < two_way.size(); ++k) {
    es.push_back({two_way[k].first, two_way[k].second, len[k], 10, 3600});
    es.push_back({two_way[k].second, two_way[k].first, len[k], 10, 3600});
  }
  return make_graph({0, 100, 200, 100, -500, 50}, {0, 0, 0, 20, 0, -100}, es);
}

TEST(QueueSimDeadEnds, NoAgentEntersADeadEndSpurAndStays) {
  const auto g = spur_beside_route();
  for (const int threads : {1, 2}) {
    SimConfig cfg = checked_config(threads);
    cfg.max_turnbacks = 0;
    std::vector<Trip> trips;
    for (int k = 0; k < 10; ++k) trips.push_back(car(0, 2.0 * k));
    QueueSim sim(g, {shelter_at(2, 1), shelter_at(4, 100)}, {}, trips, cfg);
    run_audited(sim, 600);
    const auto r = sim.results();
    EXPECT_EQ(r.totals.stranded, 0.0) << threads << " threads";
    EXPECT_EQ(r.totals.sheltered, 10.0) << threads << " threads";
    EXPECT_EQ(r.edges[edge_of(g, 1, 3)].vehicles_passed, 0u) << "a car entered the spur";
    // Some cars were at u when A filled and went round by 5 (not back to O).
    EXPECT_GT(r.edges[edge_of(g, 1, 5)].vehicles_passed, 0u);
    for (std::uint32_t a = 0; a < 10; ++a) EXPECT_EQ(sim.agent(a).turnbacks, 0) << a;
  }
}

// The line O - u - A with A full and nothing else on: no onward edge at u and
// no closed edge ahead, so the agent turns back after all (past the limit)
// instead of waiting at a dead end of a dry network.
TEST(QueueSimDeadEnds, DeadEndOfTheNetworkTurnsBackPastTheLimit) {
  const auto g = make_graph({-500, 0, 100, 200}, {0, 0, 0, 0},
                            {{0, 1, 500, 10, 3600},
                             {1, 0, 500, 10, 3600},
                             {1, 2, 100, 10, 3600},
                             {2, 1, 100, 10, 3600},
                             {2, 3, 100, 10, 3600},
                             {3, 2, 100, 10, 3600}});
  SimConfig cfg = checked_config();
  cfg.max_turnbacks = 0;
  std::vector<Trip> trips;
  for (int k = 0; k < 6; ++k) trips.push_back(car(1, 10.0 * k));
  QueueSim sim(g, {shelter_at(3, 1), shelter_at(0, 100)}, {}, trips, cfg);
  run_audited(sim, 900);
  const auto r = sim.results();
  EXPECT_EQ(r.totals.stranded, 0.0);
  EXPECT_EQ(r.totals.sheltered, 6.0);
  int turned = 0;
  for (std::uint32_t a = 0; a < 6; ++a) turned += sim.agent(a).turnbacks;
  EXPECT_GT(turned, 0) << "nobody turned back at node 2";
  EXPECT_EQ(r.edges[edge_of(g, 2, 3)].vehicles_passed, 2u) << "only cars 0 and 1 drive to 3";
}

}  // namespace
}  // namespace floodevac::evac
