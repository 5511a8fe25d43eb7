// Gridlock (issue 9, item 1): a ring of full links whose front vehicles wait
// for each other is detected, reported and resolved (sim/evac/gridlock.hpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

#include "evac_test_util.hpp"
#include "sim/evac/queue_sim.hpp"

namespace floodevac::evac {
namespace {

using graph::NodeId;
using namespace testing;

//   7         6
//    \       /
//     3 <-- 2          one-way ring 0 -> 1 -> 2 -> 3 -> 0, 75 m links
//     |     ^          (storage 10 vehicles), 10 m/s, 1800 veh/h;
//     v     |          exit i -> 4 + i (10 m, 3600 veh/h) to shelter 4 + i
//     0 --> 1
//    /       \.
//   4         5
// Cars leave every ring node i for the shelter two ring links on, (i + 2) % 4:
// every link holds cars that need the next ring link, which is full of cars
// that need the one after.
// With `bypass`, also a 300 m link from every ring node i straight to the
// shelter node after the next, 4 + (i + 1) % 4: slower than the ring while it
// moves, the way round the jam once it is frozen.
graph::RoadGraph ring(bool bypass = false) {
  std::vector<test::E> es;
  for (NodeId i = 0; i < 4; ++i) {
    es.push_back({i, (i + 1) % 4, 75, 10, 1800});
    es.push_back({i, 4 + i, 10, 10, 3600});
    if (bypass) es.push_back({i, 4 + (i + 1) % 4, 300, 10, 3600});
  }
  return make_graph({0, 100, 100, 0, -10, 110, 110, -10}, {0, 0, 100, 100, -10, -10, 110, 110}, es);
}

std::vector<Shelter> ring_shelters() {
  std::vector<Shelter> s;
  for (NodeId i = 0; i < 4; ++i) s.push_back(shelter_at(4 + i, 1000));
  return s;
}

std::vector<Trip> ring_trips() {
  std::vector<Trip> trips;
  for (int k = 0; k < 30; ++k)
    for (NodeId i = 0; i < 4; ++i) trips.push_back(car(i, 0.5 * k, 1, (i + 2) % 4));
  return trips;
}

TEST(QueueSimGridlock, WithoutResolutionTheRingStaysFrozen) {
  const auto g = ring();
  SimConfig cfg = checked_config();
  cfg.gridlock_stuck_time_s = 0;  // off
  QueueSim sim(g, ring_shelters(), {}, ring_trips(), cfg);
  run_audited(sim, 3600);
  const auto r = sim.results();
  EXPECT_GT(r.totals.moving, 0.0) << "the case must gridlock for the test to mean anything";
  for (NodeId i = 0; i < 4; ++i) EXPECT_EQ(sim.vehicles_on_edge(edge_of(g, i, (i + 1) % 4)), 10u);
  EXPECT_TRUE(r.gridlocks.empty());
}

SimResults run_ring(int threads, std::vector<std::uint32_t>* states = nullptr,
                    bool bypass = false) {
  const auto g = ring(bypass);
  SimConfig cfg = checked_config(threads);
  cfg.gridlock_stuck_time_s = 120;
  QueueSim sim(g, ring_shelters(), {}, ring_trips(), cfg);
  while (!sim.done() && sim.time_s() < 7200) {
    sim.step();
    sim.audit();
  }
  if (states)
    for (std::uint32_t a = 0; a < sim.agent_count(); ++a)
      states->push_back(static_cast<std::uint32_t>(sim.agent(a).state));
  return sim.results();
}

TEST(QueueSimGridlock, RingIsDetectedReportedAndResolved) {
  std::vector<std::uint32_t> st1, st2;
  const SimResults r = run_ring(1, &st1);
  EXPECT_EQ(r.totals.sheltered, 120.0);
  EXPECT_EQ(r.totals.moving + r.totals.stranded, 0.0);
  ASSERT_FALSE(r.gridlocks.empty());
  const GridlockEvent& ev = r.gridlocks.front();
  EXPECT_TRUE(ev.cycle);
  const auto g = ring();
  for (NodeId i = 0; i < 4; ++i)
    EXPECT_TRUE(std::find(ev.edges.begin(), ev.edges.end(), edge_of(g, i, (i + 1) % 4)) !=
                ev.edges.end())
        << "ring link " << i;
  EXPECT_EQ(ev.peak_vehicles, 40u);
  EXPECT_GE(ev.detected_s - ev.start_s, 60.0 - 1e-9);  // jammed from half the stuck time
  EXPECT_TRUE(std::isfinite(ev.end_s));
  EXPECT_GT(ev.end_s, ev.detected_s);
  std::int64_t moved = 0;
  for (const auto& e : r.gridlocks) moved += e.moved_on;
  EXPECT_EQ(moved, r.moved_on);
  EXPECT_GT(r.moved_on, 0);
  // Frozen for good without it (above); resolved within a few stuck times.
  EXPECT_LT(r.clearance_s, 5 * 120.0);
  // Deterministic at 1 and 2 threads.
  const SimResults r2 = run_ring(2, &st2);
  EXPECT_EQ(st1, st2);
  EXPECT_EQ(r2.moved_on, r.moved_on);
  EXPECT_EQ(std::bit_cast<std::uint64_t>(r2.clearance_s),
            std::bit_cast<std::uint64_t>(r.clearance_s));
  ASSERT_EQ(r2.gridlocks.size(), r.gridlocks.size());
  for (std::size_t k = 0; k < r.gridlocks.size(); ++k) {
    EXPECT_EQ(r2.gridlocks[k].edges, r.gridlocks[k].edges);
    EXPECT_EQ(r2.gridlocks[k].start_s, r.gridlocks[k].start_s);
    EXPECT_EQ(r2.gridlocks[k].moved_on, r.gridlocks[k].moved_on);
  }
}

TEST(QueueSimGridlock, ReplanningAroundTheJamResolvesItWithoutMovingCarsOn) {
  const SimResults r = run_ring(2, nullptr, /*bypass=*/true);
  EXPECT_EQ(r.totals.sheltered, 120.0);
  ASSERT_FALSE(r.gridlocks.empty());
  EXPECT_TRUE(r.gridlocks.front().cycle);
  EXPECT_EQ(r.moved_on, 0);
  const auto g = ring(true);
  std::uint32_t bypassed = 0;
  for (NodeId i = 0; i < 4; ++i)
    bypassed += r.edges[edge_of(g, i, 4 + (i + 1) % 4)].vehicles_passed;
  EXPECT_GT(bypassed, 0u);
}

}  // namespace
}  // namespace floodevac::evac
