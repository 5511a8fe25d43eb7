// reroute_interval_s is honoured (issue 9, item 3): the trees are rebuilt at
// that interval and at once when a link closes or reopens, not every time the
// link conditions are handed in.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "evac_test_util.hpp"
#include "sim/evac/queue_sim.hpp"

namespace floodevac::evac {
namespace {

using namespace testing;

// 0 -> 1 -> 3: 2 x 100 m at 10 m/s, 360 veh/h (one car per 10 s);
// 0 -> 2 -> 3: 2 x 300 m at 10 m/s, 3600 veh/h. Empty, the short way is
// 40 s faster; with congestion-aware routing the queue on 0 -> 1 soon makes
// the long way faster, but only for routes rebuilt after the queue formed.
graph::RoadGraph two_ways() {
  return make_graph(
      {0, 100, 0, 100}, {0, 0, 100, 100},
      {{0, 1, 100, 10, 360}, {1, 3, 100, 10, 360}, {0, 2, 300, 10, 3600}, {2, 3, 300, 10, 3600}});
}

struct Outcome {
  std::int64_t reroutes = 0;
  std::uint32_t long_way = 0;
  double clearance_s = 0;
};

// 60 cars from 0 at t = 0 .. 59 s; the conditions (all open, unchanged) are
// handed in every 10 s, as the flood coupling does.
Outcome run_with_interval(double interval_s, int threads = 2) {
  const auto g = two_ways();
  SimConfig cfg = checked_config(threads);
  cfg.reroute_interval_s = interval_s;
  std::vector<Trip> trips;
  for (int k = 0; k < 60; ++k) trips.push_back(car(0, k));
  QueueSim sim(g, {shelter_at(3, 1000)}, {}, trips, cfg);
  const std::vector<float> open(g.edge_count(), 1.0f);
  const std::vector<std::uint8_t> dry(g.edge_count(), 0);
  for (int k = 0; k < 120; ++k) {
    sim.set_link_conditions(open, dry);
    run_audited(sim, 10.0 * (k + 1));
  }
  const auto r = sim.results();
  EXPECT_EQ(r.totals.sheltered, 60.0);
  return {r.reroutes, r.edges[edge_of(g, 0, 2)].vehicles_passed, r.clearance_s};
}

TEST(QueueSimRerouteInterval, RebuildsFollowTheIntervalAndChangeResults) {
  const Outcome every_30 = run_with_interval(30);
  const Outcome every_300 = run_with_interval(300);
  const Outcome never = run_with_interval(1e5);
  // 1200 s simulated: rebuilds at 0, 30, ..., 1170 s; 0, 300, ..., 900 s; 0 s.
  EXPECT_EQ(every_30.reroutes, 40);
  EXPECT_EQ(every_300.reroutes, 4);
  EXPECT_EQ(never.reroutes, 1);
  // Without rebuilds everybody queues on the short way; rebuilt often, the
  // later cars take the long way and the last one arrives earlier.
  EXPECT_EQ(never.long_way, 0u);
  EXPECT_GT(every_30.long_way, 0u);
  EXPECT_LT(every_30.clearance_s, never.clearance_s);
  EXPECT_NE(every_30.long_way, every_300.long_way);
  // Deterministic whatever the thread count.
  const Outcome one_thread = run_with_interval(30, 1);
  EXPECT_EQ(one_thread.long_way, every_30.long_way);
  EXPECT_EQ(one_thread.clearance_s, every_30.clearance_s);
}

TEST(QueueSimRerouteInterval, AClosureRebuildsAtOnce) {
  const auto g = two_ways();
  SimConfig cfg = checked_config();
  cfg.reroute_interval_s = 1e5;
  QueueSim sim(g, {shelter_at(3, 10)}, {}, {car(0, 100)}, cfg);
  std::vector<float> factor(g.edge_count(), 1.0f);
  const std::vector<std::uint8_t> dry(g.edge_count(), 0);
  run_audited(sim, 50);
  EXPECT_EQ(sim.results().reroutes, 1);
  factor[edge_of(g, 1, 3)] = 0.5f;  // slower, still open: waits for the interval
  sim.set_link_conditions(factor, dry);
  run_audited(sim, 60);
  EXPECT_EQ(sim.results().reroutes, 1);
  factor[edge_of(g, 1, 3)] = 0.0f;  // closed: rebuilt at the next step
  sim.set_link_conditions(factor, dry);
  run_audited(sim, 70);
  EXPECT_EQ(sim.results().reroutes, 2);
  run_audited(sim, 300);
  EXPECT_EQ(sim.agent(0).state, AgentState::sheltered);
  EXPECT_EQ(sim.results().edges[edge_of(g, 0, 2)].vehicles_passed, 1u);
}

}  // namespace
}  // namespace floodevac::evac
