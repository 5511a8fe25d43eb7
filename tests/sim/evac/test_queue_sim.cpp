// The queue model on tiny networks with hand-worked answers.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>

#include "evac_test_util.hpp"
#include "sim/core/error.hpp"
#include "sim/evac/coupling.hpp"
#include "sim/evac/demand.hpp"
#include "sim/evac/queue_sim.hpp"

namespace floodevac::evac {
namespace {

using graph::EdgeId;
using graph::NodeId;
using namespace testing;

// --- capacity and storage -----------------------------------------------------

TEST(QueueSim, BottleneckClearanceIsFreeTimePlusNOverCapacity) {
  // One edge 0 -> 1, 1000 m at 10 m/s (free time T = 100 s), capacity 3600
  // veh/h (one vehicle per second), storage 1000/7.5 = 133 >= N. N = 100 cars
  // leave node 0 at t = 0 and all enter at once; they reach the end at 100 s
  // and leave one headway apart: 100, 101, ..., 199. Clearance = T + (N-1)/c
  // = 199 s, within one step of T + N/c = 200 s. t50 = 50th arrival = 149 s,
  // t90 = 90th = 189 s.
  const auto g = make_graph({0, 1000}, {0, 0}, {{0, 1, 1000, 10, 3600}});
  std::vector<Trip> trips;
  for (int i = 0; i < 100; ++i) trips.push_back(car(0, 0.0));
  QueueSim sim(g, {shelter_at(1, 1000)}, {}, trips, checked_config());
  run_audited(sim, 400);
  const auto r = sim.results();
  EXPECT_DOUBLE_EQ(r.clearance_s, 199.0);
  EXPECT_LE(std::abs(r.clearance_s - (100.0 + 100.0 / 1.0)), 1.0);
  EXPECT_DOUBLE_EQ(r.t50_s, 149.0);
  EXPECT_DOUBLE_EQ(r.t90_s, 189.0);
  EXPECT_EQ(r.totals.sheltered, 100.0);
  EXPECT_EQ(r.edges[0].vehicles_passed, 100u);
  EXPECT_EQ(r.edges[0].peak_vehicles, 100u);
  // 100 vehicles left within the first 5-minute window: 1200 veh/h.
  EXPECT_FLOAT_EQ(r.edges[0].peak_flow_veh_h, 1200.0f);
  EXPECT_TRUE(sim.done());

  // Half the capacity (1800 veh/h: 2 s headway): 100 + 99 * 2 = 298 s.
  const auto g2 = make_graph({0, 1000}, {0, 0}, {{0, 1, 1000, 10, 1800}});
  QueueSim sim2(g2, {shelter_at(1, 1000)}, {}, trips, checked_config());
  sim2.advance_to(400);
  EXPECT_DOUBLE_EQ(sim2.results().clearance_s, 298.0);
}

TEST(QueueSim, SpillBackFormsAnUpstreamQueue) {
  // 0 -A-> 1 -B-> 2 (shelter). A: 1000 m, 10 m/s, 360000 veh/h (no capacity
  // limit in practice). B: 75 m at 10 m/s (7.5 s), one lane: storage
  // 75 / 7.5 = 10 vehicles, 360 veh/h (10 s headway). 50 cars enter A at 0
  // and reach its end at 100 s. Only 10 fit on B, so 40 wait on A: A's queue
  // peaks at 40. B is never starved afterwards (a freed place is refilled
  // the next step, 7.5 s < 10 s headway), so cars leave B at 107.5 + 10 k,
  // the last at 107.5 + 490 = 597.5 s.
  auto make = [](float b_length) {
    return make_graph({0, 1000, 1000 + b_length}, {0, 0, 0},
                      {{0, 1, 1000, 10, 360000}, {1, 2, b_length, 10, 360}});
  };
  std::vector<Trip> trips;
  for (int i = 0; i < 50; ++i) trips.push_back(car(0, 0.0));
  const auto g = make(75);
  QueueSim sim(g, {shelter_at(2, 1000)}, {}, trips, checked_config());
  const EdgeId a = edge_of(g, 0, 1), b = edge_of(g, 1, 2);
  EXPECT_EQ(sim.storage_veh(b), 10u);
  std::uint32_t max_on_b = 0;
  while (sim.time_s() < 700) {
    sim.step();
    sim.audit();  // also checks storage is never exceeded
    max_on_b = std::max(max_on_b, sim.vehicles_on_edge(b));
  }
  auto r = sim.results();
  EXPECT_EQ(max_on_b, 10u);
  EXPECT_EQ(r.edges[a].peak_queue_veh, 40u);
  EXPECT_EQ(r.edges[b].peak_vehicles, 10u);
  EXPECT_DOUBLE_EQ(r.clearance_s, 597.5);

  // Control: B of 750 m stores 100 vehicles, so nobody waits on A; the last
  // car leaves B at 100 + 75 + 49 * 10 = 665 s.
  const auto g2 = make(750);
  QueueSim sim2(g2, {shelter_at(2, 1000)}, {}, trips, checked_config());
  sim2.advance_to(800);
  r = sim2.results();
  EXPECT_EQ(r.edges[a].peak_queue_veh, 0u);
  EXPECT_EQ(r.edges[b].peak_queue_veh, 49u);
  EXPECT_DOUBLE_EQ(r.clearance_s, 665.0);
}

TEST(QueueSim, WalkersAreUncongested) {
  // 134 m at 1.34 m/s = 100 s, whatever the capacity (1 veh/h) and storage (1).
  const auto g = make_graph({0, 134}, {0, 0}, {{0, 1, 134, 10, 1}, {1, 0, 134, 10, 1}});
  std::vector<Trip> trips;
  for (int i = 0; i < 50; ++i) trips.push_back(walker(0, 0.0, 2));
  QueueSim sim(g, {shelter_at(1, 1000)}, {}, trips, checked_config());
  run_audited(sim, 150);
  const auto r = sim.results();
  EXPECT_NEAR(r.clearance_s, 100.0, 1e-9);
  EXPECT_EQ(r.totals.sheltered, 100.0);
  EXPECT_EQ(r.edges[edge_of(g, 0, 1)].walkers_passed, 50u);
  EXPECT_EQ(r.edges[edge_of(g, 0, 1)].vehicles_passed, 0u);
}

// --- shelters -------------------------------------------------------------------

TEST(QueueSim, FullShelterTransfersItsOverflow) {
  // 0 -> 1 (shelter A, 6 places) -> 2 (shelter B), 100 m each at 10 m/s and
  // no practical capacity limit. Three cars of 4 persons leave 0 at t = 0,
  // reach A at 10, 10.01 and 10.02 s (same step) and are admitted in trip
  // order: trip 0 takes 4 places, trip 1 gets the last 2 (its other 2 are sent
  // on), trip 2 finds A full (all 4 sent on). The groups leave A at the next
  // step (11 s) and reach B at 21 and 21.01 s.
  const auto g =
      make_graph({0, 100, 200}, {0, 0, 0}, {{0, 1, 100, 10, 360000}, {1, 2, 100, 10, 360000}});
  std::vector<Trip> trips = {car(0, 0, 4), car(0, 0, 4), car(0, 0, 4)};
  QueueSim sim(g, {shelter_at(1, 6), shelter_at(2, 100)}, {}, trips, checked_config());
  run_audited(sim, 60);
  const auto r = sim.results();
  EXPECT_EQ(sim.shelter_occupancy(0), 6.0);
  EXPECT_EQ(sim.shelter_occupancy(1), 6.0);
  EXPECT_EQ(r.shelters[0].arrivals_persons, 12.0);
  EXPECT_EQ(r.shelters[0].admitted_persons, 6.0);
  EXPECT_EQ(r.shelters[0].overflow_persons, 6.0);
  EXPECT_DOUBLE_EQ(r.shelters[0].time_full_s, 10.01);
  EXPECT_TRUE(std::isnan(r.shelters[1].time_full_s));
  ASSERT_EQ(r.transfers.size(), 2u);
  const EdgeId e12 = edge_of(g, 1, 2);
  for (std::size_t k = 0; k < 2; ++k) {
    const auto& t = r.transfers[k];
    EXPECT_EQ(t.trip, k + 1);
    EXPECT_EQ(t.from_shelter, 0);
    EXPECT_EQ(t.to_shelter, 1);
    EXPECT_EQ(t.arrived_shelter, 1);
    EXPECT_EQ(t.path_edges, std::vector<EdgeId>{e12});
    EXPECT_EQ(t.path_nodes, (std::vector<NodeId>{1, 2}));
  }
  EXPECT_EQ(r.transfers[0].persons, 2.0);
  EXPECT_EQ(r.transfers[1].persons, 4.0);
  EXPECT_DOUBLE_EQ(r.transfers[0].time_s, 10.01);
  EXPECT_DOUBLE_EQ(r.transfers[0].arrived_s, 21.0);
  EXPECT_DOUBLE_EQ(r.transfers[1].arrived_s, 21.01);
  EXPECT_EQ(r.totals.sheltered, 12.0);
  EXPECT_EQ(sim.agent(1).persons, 2.0f);  // the part still travelling when it arrived
}

TEST(QueueSim, AssignedShelterIsUsedUntilFull) {
  // Same line; trips 0 and 1 are assigned to B (index 1) and drive past A,
  // trip 2 has no assignment and stops at A.
  const auto g =
      make_graph({0, 100, 200}, {0, 0, 0}, {{0, 1, 100, 10, 360000}, {1, 2, 100, 10, 360000}});
  std::vector<Trip> trips = {car(0, 0, 1, 1), car(0, 0, 1, 1), car(0, 0, 1)};
  QueueSim sim(g, {shelter_at(1, 6), shelter_at(2, 1)}, {}, trips, checked_config());
  run_audited(sim, 60);
  // B holds 1: trip 0 is taken in; trip 1 arrives in the same step and is
  // sent on, but no edge leaves B (the line is one-way): no shelter can be
  // reached, so it waits at B, stranded.
  EXPECT_EQ(sim.shelter_occupancy(0), 1.0);
  EXPECT_EQ(sim.shelter_occupancy(1), 1.0);
  EXPECT_EQ(sim.agent(1).state, AgentState::stranded);
  EXPECT_EQ(sim.totals().stranded, 1.0);
  const auto r = sim.results();
  ASSERT_EQ(r.transfers.size(), 1u);
  EXPECT_EQ(r.transfers[0].to_shelter, -1);
}

TEST(QueueSim, ShelterOpeningLater) {
  // Nothing is open until 300 s: the car waits at its origin (stranded),
  // then drives 100 s.
  const auto g = make_graph({0, 1000}, {0, 0}, {{0, 1, 1000, 10, 3600}});
  QueueSim sim(g, {shelter_at(1, 10, 300.0)}, {}, {car(0, 0.0, 3)}, checked_config());
  sim.advance_to(100);
  EXPECT_EQ(sim.totals().stranded, 3.0);
  EXPECT_EQ(sim.agent(0).state, AgentState::stranded);
  sim.advance_to(600);
  EXPECT_DOUBLE_EQ(sim.results().clearance_s, 400.0);
  EXPECT_EQ(sim.totals().sheltered, 3.0);
}

// --- link conditions --------------------------------------------------------------

TEST(QueueSim, SpeedChangeAppliesToVehiclesAlreadyOnTheLink) {
  // 1000 m at 10 m/s: the car would arrive at 100 s. At 50 s (500 m left) the
  // speed halves: 500 m at 5 m/s = 100 s more, arrival at 150 s.
  const auto g = make_graph({0, 1000}, {0, 0}, {{0, 1, 1000, 10, 3600}});
  QueueSim sim(g, {shelter_at(1, 10)}, {}, {car(0, 0.0), car(0, 60.0)}, checked_config());
  sim.advance_to(50);
  EXPECT_DOUBLE_EQ(sim.agent(0).exit_s, 100.0);
  const std::vector<float> half = {0.5f};
  const std::vector<std::uint8_t> open = {0};
  sim.set_link_conditions(half, open);
  EXPECT_DOUBLE_EQ(sim.agent(0).exit_s, 150.0);
  sim.advance_to(100);
  EXPECT_EQ(sim.agent(0).state, AgentState::moving);  // without re-timing it would be in by now
  // The second car enters at 60 s at the new speed: 60 + 200 = 260 s.
  sim.advance_to(300);
  EXPECT_EQ(sim.agent(0).state, AgentState::sheltered);
  EXPECT_DOUBLE_EQ(sim.results().clearance_s, 260.0);
}

TEST(QueueSim, FloodSpeedFactorRetimesVehiclesOnTheLink) {
  // Same edge on a 10 m grid; 0.1 m of water over the whole edge gives the
  // Pregnolato factor f = 0.46759: at 50 s the remaining 500 m take 50 / f s.
  const auto g = make_graph({5, 1005}, {5, 5}, {{0, 1, 1000, 10, 3600}});
  QueueSim sim(g, {shelter_at(1, 10)}, {}, {car(0, 0.0)}, checked_config());
  sim.set_flood_grid(GeoTransform{0.0, 10.0, 10.0, -10.0}, 1, 101);
  sim.advance_to(50);
  std::vector<float> depth(101, 0.1f);
  sim.apply_flood(depth.data(), nullptr, nullptr);
  const double f = static_cast<float>(vehicle_speed_factor(0.1f));  // factors are stored as float
  EXPECT_NEAR(sim.agent(0).exit_s, 50.0 + 50.0 / f, 1e-9);
  sim.advance_to(300);
  EXPECT_NEAR(sim.results().clearance_s, 50.0 + 50.0 / f, 1e-9);
}

// Two routes from 0 to 3: north via 1 (600 + 600 m) and south via 2
// (800 + 800 m), all two-way, 10 m/s, 3600 veh/h. Grid 10 m, 100 x 100 cells
// over [0, 1000] x [0, 1000].
graph::RoadGraph two_routes() {
  return make_graph({0, 500, 500, 1000}, {500, 800, 200, 500},
                    {{0, 1, 600, 10, 3600},
                     {1, 0, 600, 10, 3600},
                     {1, 3, 600, 10, 3600},
                     {3, 1, 600, 10, 3600},
                     {0, 2, 800, 10, 3600},
                     {2, 0, 800, 10, 3600},
                     {2, 3, 800, 10, 3600},
                     {3, 2, 800, 10, 3600}});
}
const GeoTransform kGeo{0.0, 10.0, 1000.0, -10.0};

std::vector<float> pond(double cx, double cy, double radius_m, float depth_m) {
  std::vector<float> d(100 * 100, 0.0f);
  for (int r = 0; r < 100; ++r)
    for (int c = 0; c < 100; ++c)
      if (std::hypot(kGeo.cell_center_x(c) - cx, kGeo.cell_center_y(r) - cy) <= radius_m)
        d[static_cast<std::size_t>(r * 100 + c)] = depth_m;
  return d;
}

TEST(QueueSim, WaterOnALinkForcesAReroute) {
  // 0.5 m of water around (750, 650), the middle of 1 <-> 3, closes it. The
  // 20 cars leaving 0 at 10 s take the south route: 0 -> 2 exit at 90 s,
  // leave one per second (90..109), 2 -> 3 takes 80 s: last arrival 189 s.
  // (Dry, the north route would give 10 + 60 + 60 + 19 = 149 s.)
  const auto g = two_routes();
  std::vector<Trip> trips(20, car(0, 10.0));
  QueueSim sim(g, {shelter_at(3, 100)}, {}, trips, checked_config());
  sim.set_flood_grid(kGeo, 100, 100);
  const auto depth = pond(750, 650, 15, 0.5f);
  sim.apply_flood(depth.data(), nullptr, nullptr);
  run_audited(sim, 400);
  const auto r = sim.results();
  EXPECT_EQ(r.edges[edge_of(g, 1, 3)].persons_passed, 0.0);
  EXPECT_EQ(r.edges[edge_of(g, 0, 1)].persons_passed, 0.0);
  EXPECT_EQ(r.edges[edge_of(g, 2, 3)].persons_passed, 20.0);
  EXPECT_EQ(r.edges[edge_of(g, 1, 3)].first_closed_s, 0.0);
  EXPECT_TRUE(std::isnan(r.edges[edge_of(g, 0, 1)].first_closed_s));
  EXPECT_DOUBLE_EQ(r.clearance_s, 189.0);

  // Dry control.
  QueueSim dry(g, {shelter_at(3, 100)}, {}, trips, checked_config());
  dry.advance_to(400);
  EXPECT_DOUBLE_EQ(dry.results().clearance_s, 149.0);
}

TEST(QueueSim, BridgeIsNotCutByWaterBelow) {
  // The same pond under 1 <-> 3, but that link is a bridge: nothing closes,
  // the cars keep the north route (149 s, as dry).
  auto g = two_routes();
  g.bridge.assign(g.edge_count(), 0);
  g.bridge[edge_of(g, 1, 3)] = 1;
  g.bridge[edge_of(g, 3, 1)] = 1;
  g.validate();
  std::vector<Trip> trips(20, car(0, 10.0));
  QueueSim sim(g, {shelter_at(3, 100)}, {}, trips, checked_config());
  sim.set_flood_grid(kGeo, 100, 100);
  const auto depth = pond(750, 650, 15, 0.5f);
  sim.apply_flood(depth.data(), nullptr, nullptr);
  sim.advance_to(400);
  const auto r = sim.results();
  EXPECT_TRUE(std::isnan(r.edges[edge_of(g, 1, 3)].first_closed_s));
  EXPECT_EQ(r.edges[edge_of(g, 1, 3)].persons_passed, 20.0);
  EXPECT_DOUBLE_EQ(r.clearance_s, 149.0);
}

TEST(QueueSim, VehiclesPastTheForkTurnBackOnce) {
  // Cars leave 0 at 0 s on the north route (exit 0 -> 1 at 60 s). At 30 s
  // water closes 1 -> 3; at node 1 they turn back (one turn-back each):
  // leave 0 -> 1 at 60..79 s, 1 -> 0 takes 60 s, 0 -> 2 and 2 -> 3 80 s each:
  // last arrival 79 + 60 + 160 = 299 s.
  const auto g = two_routes();
  std::vector<Trip> trips(20, car(0, 0.0));
  QueueSim sim(g, {shelter_at(3, 100)}, {}, trips, checked_config());
  sim.set_flood_grid(kGeo, 100, 100);
  sim.advance_to(30);
  const auto depth = pond(750, 650, 15, 0.5f);
  sim.apply_flood(depth.data(), nullptr, nullptr);
  run_audited(sim, 500);
  const auto r = sim.results();
  EXPECT_DOUBLE_EQ(r.clearance_s, 299.0);
  EXPECT_EQ(r.edges[edge_of(g, 1, 0)].persons_passed, 20.0);
  EXPECT_EQ(sim.agent(19).turnbacks, 1);
  EXPECT_EQ(r.totals.sheltered, 20.0);
}

TEST(QueueSim, VehicleOnAClosingLinkIsHeldThenContinues) {
  // 0 -> 1 -> 2, 1000 m each at 10 m/s. The car enters 1 -> 2 at 100 s; at
  // 150 s (500 m left) the link closes: it is held there, counted stranded,
  // still on the edge. It reopens at 1000 s: arrival 1000 + 50 = 1050 s.
  const auto g =
      make_graph({0, 1000, 2000}, {0, 0, 0}, {{0, 1, 1000, 10, 3600}, {1, 2, 1000, 10, 3600}});
  QueueSim sim(g, {shelter_at(2, 10)}, {}, {car(0, 0.0, 2)}, checked_config());
  sim.advance_to(150);
  const EdgeId e12 = edge_of(g, 1, 2);
  std::vector<float> factor(g.edge_count(), 1.0f);
  std::vector<std::uint8_t> wclosed(g.edge_count(), 0);
  factor[e12] = 0.0f;
  sim.set_link_conditions(factor, wclosed);
  run_audited(sim, 1000);
  EXPECT_EQ(sim.agent(0).state, AgentState::stranded);
  EXPECT_TRUE(sim.agent(0).held);
  EXPECT_EQ(sim.agent(0).edge, e12);
  EXPECT_EQ(sim.vehicles_on_edge(e12), 1u);
  EXPECT_EQ(sim.totals().stranded, 2.0);
  factor[e12] = 1.0f;
  sim.set_link_conditions(factor, wclosed);
  EXPECT_EQ(sim.agent(0).state, AgentState::moving);
  run_audited(sim, 1200);
  const auto r = sim.results();
  EXPECT_DOUBLE_EQ(r.clearance_s, 1050.0);
  EXPECT_EQ(r.edges[e12].first_closed_s, 150.0);
  EXPECT_EQ(r.edges[e12].persons_at_close, 2.0);  // the car's 2 persons were on it
  EXPECT_EQ(r.edges[edge_of(g, 0, 1)].persons_at_close, 0.0);  // never closed
  EXPECT_EQ(r.totals.sheltered, 2.0);
}

TEST(QueueSim, PersonsByGroupKeepThoseAFullShelterTookIn) {
  // A car of 3 (group 4) reaches shelter A (node 1, 1 place): 1 is taken in, 2 are sent on
  // to B (node 2). By group, everybody is sheltered: 3, not just the 2 who went on.
  const auto g =
      make_graph({0, 1000, 2000}, {0, 0, 0}, {{0, 1, 1000, 10, 3600}, {1, 2, 1000, 10, 3600}});
  Trip t = car(0, 0.0, 3, 0);
  t.group = 4;
  QueueSim sim(g, {shelter_at(1, 1), shelter_at(2, 10)}, {}, {t}, checked_config());
  run_audited(sim, 1000);
  ASSERT_EQ(sim.totals().sheltered, 3.0);
  const auto by = sim.persons_by_group();
  ASSERT_EQ(by.size(), 1u);
  EXPECT_EQ(by[0].group, 4);
  EXPECT_EQ(by[0].of(AgentState::sheltered), 3.0);
}

TEST(QueueSim, PersonsOnALinkWhenTheWaterClosesItToCarsAndToWalkers) {
  // Same line. A car of 2 (leaves at 0) and 3 walkers of 1 (leave at 0, 1.34 m/s): at 150 s
  // the car is on 1 -> 2, the walkers on 0 -> 1 (201 m walked). 0 -> 1 closes to cars at
  // 150 s with the walkers on it (3 persons), and to walkers at 200 s (still 3). A later
  // closure of the same link does not count again: only the first.
  const auto g =
      make_graph({0, 1000, 2000}, {0, 0, 0}, {{0, 1, 1000, 10, 3600}, {1, 2, 1000, 10, 3600}});
  QueueSim sim(g, {shelter_at(2, 10)}, {},
               {car(0, 0.0, 2), walker(0, 0.0), walker(0, 0.0), walker(0, 0.0)},
               checked_config());
  sim.advance_to(150);
  const EdgeId e01 = edge_of(g, 0, 1), e12 = edge_of(g, 1, 2);
  std::vector<float> factor(g.edge_count(), 1.0f);
  std::vector<std::uint8_t> wclosed(g.edge_count(), 0);
  factor[e01] = 0.0f;
  sim.set_link_conditions(factor, wclosed);
  sim.advance_to(200);
  wclosed[e01] = 1;
  sim.set_link_conditions(factor, wclosed);
  sim.advance_to(300);
  wclosed[e01] = 0;
  factor[e01] = 1.0f;
  sim.set_link_conditions(factor, wclosed);
  sim.advance_to(400);
  factor[e01] = 0.0f;
  sim.set_link_conditions(factor, wclosed);
  const auto r = sim.results();
  EXPECT_EQ(r.edges[e01].first_closed_s, 150.0);
  EXPECT_EQ(r.edges[e01].persons_at_close, 3.0);
  EXPECT_EQ(r.edges[e01].first_walk_closed_s, 200.0);
  EXPECT_EQ(r.edges[e01].persons_at_walk_close, 3.0);
  EXPECT_TRUE(std::isnan(r.edges[e12].first_closed_s));
  EXPECT_EQ(r.edges[e12].persons_at_close, 0.0);
}

TEST(QueueSim, VehicleInDeepWaterIsTrappedNotDeleted) {
  // Same line on a 10 m grid (row 0, y in [0, 10]). At 150 s the car is at
  // x = 1500. Water ahead (x = 1800, 0.4 m) closes the edge: it is held.
  // Water at its position (x = 1500) traps it: counted trapped, off the queue,
  // never deleted; the run ends with everyone accounted for.
  const auto g =
      make_graph({5, 1005, 2005}, {5, 5, 5}, {{0, 1, 1000, 10, 3600}, {1, 2, 1000, 10, 3600}});
  const GeoTransform geo{0.0, 10.0, 10.0, -10.0};
  QueueSim sim(g, {shelter_at(2, 10)}, {}, {car(0, 0.0, 3), car(0, 400.0, 1)}, checked_config());
  sim.set_flood_grid(geo, 1, 202);
  sim.advance_to(150);
  std::vector<float> depth(202, 0.0f);
  depth[180] = 0.4f;
  sim.apply_flood(depth.data(), nullptr, nullptr);
  EXPECT_TRUE(sim.agent(0).held);
  EXPECT_EQ(sim.totals().stranded, 3.0);
  sim.advance_to(200);
  depth[150] = 0.4f;
  sim.apply_flood(depth.data(), nullptr, nullptr);
  EXPECT_EQ(sim.agent(0).state, AgentState::trapped);
  EXPECT_EQ(sim.totals().trapped, 3.0);
  EXPECT_EQ(sim.vehicles_on_edge(edge_of(g, 1, 2)), 0u);
  sim.audit();
  // The second car departs at 400 s with no route (1 -> 2 is closed): it
  // waits at its origin, stranded, counted.
  run_audited(sim, 800);
  EXPECT_EQ(sim.agent(1).state, AgentState::stranded);
  EXPECT_EQ(sim.agent(1).node, 0u);
  const auto t = sim.totals();
  EXPECT_EQ(t.trapped + t.stranded, 4.0);
  EXPECT_TRUE(sim.done());
  // Water gone: the waiting car goes (800 + 200 s); the trapped one stays.
  std::fill(depth.begin(), depth.end(), 0.0f);
  sim.apply_flood(depth.data(), nullptr, nullptr);
  run_audited(sim, 1100);
  EXPECT_DOUBLE_EQ(sim.results().clearance_s, 1000.0);
  EXPECT_EQ(sim.agent(1).state, AgentState::sheltered);
  EXPECT_EQ(sim.totals().trapped, 3.0);
}

TEST(QueueSim, FastShallowWaterStopsWalkersButOnlySlowsCars) {
  // 0 -> 1, 1000 m, on a 10 m grid. At 100 s a walker is at x = 5 + 134 =
  // 139 m (cell 13, next to 14) and a car (leaving at 90 s) at x = 105 m.
  // Water 0.2 m deep flowing at 4 m/s at x = 500..510: depth x velocity
  // 0.8 > 0.6 m^2/s closes the edge to walkers (held), while cars only slow
  // to the Pregnolato factor for 0.2 m (f = 0.1422: 900 m left take 633 s).
  // Then the same water at the walker's position traps it.
  const auto g = make_graph({5, 1005}, {5, 5}, {{0, 1, 1000, 10, 3600}});
  std::vector<Trip> trips = {walker(0, 0.0, 2), car(0, 90.0, 1)};
  QueueSim sim(g, {shelter_at(1, 10)}, {}, trips, checked_config());
  sim.set_flood_grid(GeoTransform{0.0, 10.0, 10.0, -10.0}, 1, 101);
  sim.advance_to(100);
  std::vector<float> depth(101, 0.0f), speed(101, 0.0f);
  depth[50] = 0.2f;
  speed[50] = 4.0f;
  sim.apply_flood(depth.data(), speed.data(), nullptr);
  EXPECT_TRUE(sim.agent(0).held);
  EXPECT_EQ(sim.agent(0).state, AgentState::stranded);
  EXPECT_EQ(sim.agent(1).state, AgentState::moving);
  const double f = static_cast<float>(vehicle_speed_factor(0.2f));
  // The car had 900 m left at 100 s.
  EXPECT_NEAR(sim.agent(1).exit_s, 100.0 + 900.0 / (10.0 * f), 1e-6);
  run_audited(sim, 200);
  EXPECT_TRUE(sim.agent(0).held);
  for (int c : {13, 14}) {  // positions are resolved to the 5 m samples
    depth[c] = 0.2f;
    speed[c] = 4.0f;
  }
  sim.apply_flood(depth.data(), speed.data(), nullptr);
  EXPECT_EQ(sim.agent(0).state, AgentState::trapped);
  EXPECT_EQ(sim.walkers_on_edge(0), 0u);
  run_audited(sim, 800);
  EXPECT_EQ(sim.agent(1).state, AgentState::sheltered);
  EXPECT_EQ(sim.totals().trapped, 2.0);
  EXPECT_EQ(sim.totals().sheltered, 1.0);
  EXPECT_TRUE(sim.done());
}

TEST(QueueSim, NoRouteWaitsAndIsCounted) {
  // The shelter is in another component: the car never moves, but is counted
  // stranded at its origin for the whole run.
  const auto g =
      make_graph({0, 100, 500, 600}, {0, 0, 0, 0}, {{0, 1, 100, 10, 3600}, {2, 3, 100, 10, 3600}});
  QueueSim sim(g, {shelter_at(3, 10)}, {}, {car(0, 5.0, 2)}, checked_config());
  run_audited(sim, 300);
  EXPECT_EQ(sim.agent(0).state, AgentState::stranded);
  EXPECT_EQ(sim.agent(0).node, 0u);
  EXPECT_EQ(sim.totals().stranded, 2.0);
  EXPECT_EQ(sim.totals().departed, 2.0);
  EXPECT_TRUE(sim.done());
  EXPECT_TRUE(std::isnan(sim.results().clearance_s));
}

// O=0 -> X=1, then X <-> A=2 and X <-> B=3 (1500 m each), A -> S=4 and
// B -> S (100 m). Every 100 s the closure flips: even periods A -> S closed,
// odd periods B -> S closed.
graph::RoadGraph fork() {
  return make_graph({0, 100, 1600, 1600, 1700}, {0, 0, 500, -500, 0},
                    {{0, 1, 100, 10, 3600},
                     {1, 2, 1500, 10, 3600},
                     {2, 1, 1500, 10, 3600},
                     {1, 3, 1500, 10, 3600},
                     {3, 1, 1500, 10, 3600},
                     {2, 4, 100, 10, 3600},
                     {3, 4, 100, 10, 3600}});
}

void run_flipping(QueueSim& sim, const graph::RoadGraph& g, double t_end) {
  std::vector<float> factor(g.edge_count(), 1.0f);
  std::vector<std::uint8_t> wclosed(g.edge_count(), 0);
  for (int k = 0; 100.0 * k < t_end; ++k) {
    factor[edge_of(g, 2, 4)] = k % 2 == 0 ? 0.0f : 1.0f;
    factor[edge_of(g, 3, 4)] = k % 2 == 0 ? 1.0f : 0.0f;
    sim.set_link_conditions(factor, wclosed);
    run_audited(sim, 100.0 * (k + 1));
  }
}

TEST(QueueSim, AlternatingClosuresDoNotMakeAnEndlessLoop) {
  // The car reaches X at 10 s (A closed): to B, at B 160 s (B closed): turns
  // back (1), X at 310 s (A open): to A, at A 460 s (A closed): turns back
  // (2), X at 610 s: to B, at B 760 s (B closed): no turn-back left, it waits
  // at B; B reopens at 800 s: in at 810 s. 7 edges driven in all.
  const auto g = fork();
  SimConfig cfg = checked_config();
  cfg.max_turnbacks = 2;
  QueueSim sim(g, {shelter_at(4, 10)}, {}, {car(0, 0.0)}, cfg);
  run_flipping(sim, g, 4000);
  const auto r = sim.results();
  EXPECT_EQ(sim.agent(0).state, AgentState::sheltered);
  EXPECT_DOUBLE_EQ(r.clearance_s, 810.0);
  EXPECT_EQ(sim.agent(0).turnbacks, 2);
  std::uint32_t driven = 0;
  for (const auto& e : r.edges) driven += e.vehicles_passed;
  EXPECT_EQ(driven, 7u);

  // Without the limit the same car oscillates for as long as the flipping
  // goes on (a 600 s cycle): the guard is what ends it.
  cfg.max_turnbacks = 255;
  QueueSim loop(g, {shelter_at(4, 10)}, {}, {car(0, 0.0)}, cfg);
  run_flipping(loop, g, 4000);
  EXPECT_EQ(loop.agent(0).state, AgentState::moving);
  EXPECT_GT(loop.agent(0).turnbacks, 5);
}

// --- exposure -------------------------------------------------------------------

TEST(QueueSim, ExposureAtHomeAndTrappedAtHome) {
  // Grid 1 x 10 cells of 10 m. Unit 0 at cell 0 (hazard 3): 10 persons, none
  // evacuate. Unit 1 at cell 9 (hazard 1, below the threshold 2).
  // Exposure held from each coupling to the next: 10 persons x 200 s.
  const auto g = make_graph({5, 95}, {5, 5}, {{0, 1, 90, 10, 3600}, {1, 0, 90, 10, 3600}});
  std::vector<PopulationUnit> units(2);
  units[0].x = 5;
  units[0].y = 5;
  units[0].node = 0;
  units[0].persons = 10;
  units[1].x = 95;
  units[1].y = 5;
  units[1].node = 1;
  units[1].persons = 4;
  const GeoTransform geo{0.0, 10.0, 10.0, -10.0};
  {
    QueueSim sim(g, {shelter_at(1, 100)}, units, {}, checked_config());
    sim.set_flood_grid(geo, 1, 10);
    std::vector<float> depth(10, 0.0f);
    std::vector<std::uint8_t> hazard(10, 0);
    hazard[0] = 3;
    hazard[9] = 1;
    sim.apply_flood(depth.data(), nullptr, hazard.data());
    EXPECT_EQ(sim.totals().exposed, 10.0);
    EXPECT_EQ(sim.totals().staying, 14.0);
    sim.advance_to(100);
    sim.apply_flood(depth.data(), nullptr, hazard.data());
    sim.advance_to(200);
    const auto r = sim.results();
    EXPECT_DOUBLE_EQ(r.exposed_person_s_by_class[3], 2000.0);
    EXPECT_DOUBLE_EQ(r.exposed_person_s_by_class[1], 0.0);
    EXPECT_DOUBLE_EQ(r.units[0].exposed_person_s, 2000.0);
    EXPECT_DOUBLE_EQ(r.units[1].exposed_person_s, 0.0);
    ASSERT_EQ(r.exposure_cells_person_h.size(), 1u);
    EXPECT_EQ(r.exposure_cells_person_h[0].first, 0u);
    EXPECT_DOUBLE_EQ(r.exposure_cells_person_h[0].second, 2000.0 / 3600.0);
    const auto grid = r.exposure_grid(geo, 1, 10);
    EXPECT_FLOAT_EQ(grid.data[0], static_cast<float>(2000.0 / 3600.0));
  }
  {
    // Unit 0 now has a car trip (3 persons) leaving at 500 s. Water 0.4 m in
    // cell 5 closes 0 -> 1, the only edge out of node 0, and the home cell is
    // class 3: the 3 persons are trapped at home and never leave.
    std::vector<Trip> trips = {car(0, 500.0, 3)};
    trips[0].unit = 0;
    QueueSim sim(g, {shelter_at(1, 100)}, units, trips, checked_config());
    sim.set_flood_grid(geo, 1, 10);
    std::vector<float> depth(10, 0.0f);
    depth[5] = 0.4f;
    std::vector<std::uint8_t> hazard(10, 0);
    hazard[0] = 3;
    sim.apply_flood(depth.data(), nullptr, hazard.data());
    EXPECT_EQ(sim.totals().trapped, 3.0);
    EXPECT_EQ(sim.totals().home, 0.0);
    EXPECT_EQ(sim.totals().exposed, 10.0);  // 7 staying + 3 trapped at home
    run_audited(sim, 700);
    const auto r = sim.results();
    EXPECT_EQ(r.units[0].trapped_persons, 3.0);
    EXPECT_EQ(r.units[0].departed_persons, 0.0);
    EXPECT_EQ(r.units[0].staying_persons, 7.0);
    EXPECT_EQ(sim.agent(0).state, AgentState::trapped);
    EXPECT_DOUBLE_EQ(r.units[0].exposed_person_s, 7000.0);
  }
}

// --- conservation and determinism ---------------------------------------------------

struct Scenario {
  graph::RoadGraph g;
  std::vector<Shelter> shelters;
  std::vector<PopulationUnit> units;
  std::vector<Trip> trips;
  GeoTransform geo;
  int rows = 0, cols = 0;
};

Scenario busy_scenario() {
  Scenario s;
  s.g = grid_graph(12, 12, 200.0, 13.89f, 1800.0f, 1.0f);
  // Shelters: two small ones (they fill and send people on), one large, one
  // opening late.
  s.shelters = {shelter_at(66, 400), shelter_at(11, 300), shelter_at(143, 100000),
                shelter_at(132, 500, 1500.0)};
  for (int i = 0; i < 144; i += 3) {
    PopulationUnit u;
    u.id = std::to_string(i);
    u.id.insert(0, 1, 'u');
    u.node = static_cast<NodeId>(i);
    u.x = s.g.node_x[u.node] + 20.0;
    u.y = s.g.node_y[u.node] + 20.0;
    u.persons = 40 + (i % 7) * 5;
    s.units.push_back(u);
  }
  s.trips = make_trips(s.units, MobilisationCurve::logistic(900.0, 300.0, 2700.0), 0.0, 0.9, 0.7,
                       1.5, 11);
  for (std::size_t k = 0; k < s.trips.size(); k += 17) s.trips[k].dest_shelter = 1;  // assigned
  s.geo = GeoTransform{-100.0, 20.0, 2300.0, -20.0};
  s.rows = 120;
  s.cols = 120;
  return s;
}

// Water rising from the south-west corner.
void flood_at(const Scenario& s, double t, std::vector<float>& depth, std::vector<float>& speed,
              std::vector<std::uint8_t>& hazard) {
  depth.assign(static_cast<std::size_t>(s.rows * s.cols), 0.0f);
  speed.assign(depth.size(), 0.0f);
  hazard.assign(depth.size(), 0);
  const double radius = t * 0.4;
  for (int r = 0; r < s.rows; ++r)
    for (int c = 0; c < s.cols; ++c) {
      const double d = std::hypot(s.geo.cell_center_x(c) - 0.0, s.geo.cell_center_y(r) - 0.0);
      const auto k = static_cast<std::size_t>(r * s.cols + c);
      if (r == 0) {
        depth[k] = std::nanf("");  // nodata row
        hazard[k] = 255;
        continue;
      }
      if (d < radius) {
        depth[k] = static_cast<float>(std::min(1.5, (radius - d) / 400.0));
        speed[k] = 0.8f;
        hazard[k] = static_cast<std::uint8_t>(std::min(4.0, 1.0 + (radius - d) / 200.0));
      }
    }
}

SimResults run_busy(int threads, bool audit_each_step) {
  const Scenario s = busy_scenario();
  SimConfig cfg;
  cfg.threads = threads;
  cfg.check_every_step = true;
  QueueSim sim(s.g, s.shelters, s.units, s.trips, cfg);
  sim.set_flood_grid(s.geo, s.rows, s.cols);
  std::vector<float> depth, speed;
  std::vector<std::uint8_t> hazard;
  for (double t = 0; t < 5400; t += 300) {
    flood_at(s, t, depth, speed, hazard);
    sim.apply_flood(depth.data(), speed.data(), hazard.data());
    if (audit_each_step) {
      while (sim.time_s() < t + 300) {
        sim.step();
        sim.audit();
        const auto x = sim.totals();
        EXPECT_NEAR(x.home + x.moving + x.stranded + x.sheltered + x.trapped, x.total, 1e-9);
      }
    } else {
      sim.advance_to(t + 300);
    }
  }
  return sim.results();
}

TEST(QueueSim, PeopleAreConservedAtEveryStep) {
  const auto r = run_busy(2, true);
  const double total = r.totals.total;
  EXPECT_GT(total, 1000.0);
  for (const auto& row : r.series) {
    EXPECT_NEAR(row.home + row.moving + row.stranded + row.sheltered + row.trapped, total, 1e-9)
        << row.t_s;
    double occ = 0;
    for (double o : row.shelter_occupancy) occ += o;
    EXPECT_NEAR(occ, row.sheltered, 1e-9);
  }
  // The scenario does exercise every path.
  EXPECT_GT(r.totals.sheltered, 0.0);
  EXPECT_GT(r.totals.trapped, 0.0);
  EXPECT_FALSE(r.transfers.empty());
  EXPECT_FALSE(std::isnan(r.shelters[0].time_full_s));
  double exposed = 0;
  for (double x : r.exposed_person_s_by_class) exposed += x;
  EXPECT_GT(exposed, 0.0);
}

bool same(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

TEST(QueueSim, BitwiseIdenticalAtOneAndTwoThreads) {
  const auto a = run_busy(1, false);
  const auto b = run_busy(2, false);
  ASSERT_EQ(a.series.size(), b.series.size());
  for (std::size_t i = 0; i < a.series.size(); ++i) {
    const auto &x = a.series[i], &y = b.series[i];
    EXPECT_TRUE(same(x.t_s, y.t_s) && same(x.home, y.home) && same(x.moving, y.moving) &&
                same(x.sheltered, y.sheltered) && same(x.exposed, y.exposed) &&
                same(x.trapped, y.trapped) && same(x.stranded, y.stranded) &&
                same(x.departed, y.departed))
        << "row " << i;
    EXPECT_EQ(x.shelter_occupancy, y.shelter_occupancy);
  }
  ASSERT_EQ(a.edges.size(), b.edges.size());
  for (std::size_t e = 0; e < a.edges.size(); ++e) {
    const auto &x = a.edges[e], &y = b.edges[e];
    EXPECT_TRUE(x.peak_flow_veh_h == y.peak_flow_veh_h && x.peak_queue_veh == y.peak_queue_veh &&
                x.peak_vehicles == y.peak_vehicles && x.vehicles_passed == y.vehicles_passed &&
                x.walkers_passed == y.walkers_passed && same(x.persons_passed, y.persons_passed) &&
                same(x.first_closed_s, y.first_closed_s) &&
                same(x.first_walk_closed_s, y.first_walk_closed_s) &&
                same(x.persons_at_close, y.persons_at_close) &&
                same(x.persons_at_walk_close, y.persons_at_walk_close))
        << "edge " << e;
  }
  for (std::size_t s = 0; s < a.shelters.size(); ++s) {
    EXPECT_TRUE(same(a.shelters[s].admitted_persons, b.shelters[s].admitted_persons));
    EXPECT_TRUE(same(a.shelters[s].time_full_s, b.shelters[s].time_full_s));
    EXPECT_TRUE(same(a.shelters[s].overflow_persons, b.shelters[s].overflow_persons));
  }
  ASSERT_EQ(a.transfers.size(), b.transfers.size());
  for (std::size_t k = 0; k < a.transfers.size(); ++k) {
    EXPECT_EQ(a.transfers[k].trip, b.transfers[k].trip);
    EXPECT_TRUE(same(a.transfers[k].time_s, b.transfers[k].time_s));
    EXPECT_EQ(a.transfers[k].path_edges, b.transfers[k].path_edges);
  }
  for (std::size_t u = 0; u < a.units.size(); ++u)
    EXPECT_TRUE(same(a.units[u].exposed_person_s, b.units[u].exposed_person_s) &&
                same(a.units[u].sheltered_persons, b.units[u].sheltered_persons));
  EXPECT_TRUE(same(a.clearance_s, b.clearance_s));
  EXPECT_TRUE(same(a.t50_s, b.t50_s));
  EXPECT_TRUE(same(a.t90_s, b.t90_s));
  EXPECT_EQ(a.exposure_cells_person_h, b.exposure_cells_person_h);
}

// --- inputs ------------------------------------------------------------------------

TEST(QueueSim, RejectsBadInputs) {
  const auto g = make_graph({0, 100}, {0, 0}, {{0, 1, 100, 10, 3600}});
  EXPECT_THROW(QueueSim(g, {shelter_at(5, 10)}, {}, {}), InputError);
  EXPECT_THROW(QueueSim(g, {shelter_at(1, -1)}, {}, {}), InputError);
  EXPECT_THROW(QueueSim(g, {shelter_at(1, 10)}, {}, {car(7, 0)}), InputError);
  EXPECT_THROW(QueueSim(g, {shelter_at(1, 10)}, {}, {car(0, 0, 1, 3)}), InputError);
  Trip bad = car(0, 0);
  bad.unit = 2;
  EXPECT_THROW(QueueSim(g, {shelter_at(1, 10)}, {}, {bad}), InputError);
  SimConfig c;
  c.step_s = 0;
  EXPECT_THROW(QueueSim(g, {shelter_at(1, 10)}, {}, {}, c), ConfigError);
  c = SimConfig{};
  c.exposure_class_min = 7;
  EXPECT_THROW(c.validate(), ConfigError);
  QueueSim ok(g, {shelter_at(1, 10)}, {}, {car(0, 0)});
  EXPECT_THROW(ok.apply_flood(nullptr, nullptr, nullptr), ConfigError);  // no grid declared
}

TEST(QueueSim, AgentMemoryStaysCompact) {
  const auto g = make_graph({0, 100}, {0, 0}, {{0, 1, 100, 10, 3600}});
  std::vector<Trip> trips(10000, car(0, 0));
  QueueSim sim(g, {shelter_at(1, 100000)}, {}, trips);
  EXPECT_LE(static_cast<double>(sim.agent_bytes()) / 10000.0, 150.0);
}

}  // namespace
}  // namespace floodevac::evac
