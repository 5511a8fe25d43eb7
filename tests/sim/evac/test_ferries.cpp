// Ferry services in the queue model (issue 12: 停运 and islands): timetable, boat
// capacity, routing weights, closure after the last departure; legs and ferries
// give the same results at any thread count.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <set>
#include <vector>

#include "evac_test_util.hpp"
#include "sim/core/error.hpp"
#include "sim/evac/queue_sim.hpp"
#include "sim/graph/routing.hpp"

namespace floodevac::evac {
namespace {

using graph::EdgeId;
using graph::NodeId;
using namespace testing;

// A graph whose edges with an index in `ferries` are ferry crossings.
graph::RoadGraph with_ferries(std::vector<double> x, std::vector<double> y,
                              const std::vector<E>& es, const std::set<std::size_t>& ferries) {
  std::vector<graph::EdgeInput> in;
  for (std::size_t k = 0; k < es.size(); ++k) {
    graph::EdgeInput ei;
    ei.tail = es[k].tail;
    ei.head = es[k].head;
    ei.length_m = es[k].length_m;
    ei.free_speed_mps = es[k].speed_mps;
    ei.capacity_veh_h = es[k].capacity_veh_h;
    ei.lanes = es[k].lanes;
    ei.ferry = ferries.count(k) > 0;
    in.push_back(ei);
  }
  return graph::build_graph(std::move(x), std::move(y), std::move(in));
}

FerryService service(EdgeId e, std::vector<double> departures, double crossing_s, double cap) {
  FerryService f;
  f.edge = e;
  f.departures_s = std::move(departures);
  f.crossing_s = crossing_s;
  f.boat_capacity_persons = cap;
  return f;
}

TEST(QueueSimFerries, BoatCapacityAndTimetable) {
  // Pier 0 -> 1 by ferry (capacity 10, departures 100 s and 200 s, crossing
  // 300 s), then 1 -> 2 by road to the shelter. 25 single-person cars wait at
  // the pier from 0 s: 10 leave at 100 s, 10 at 200 s, 5 are left behind and,
  // with the ferry closed and no other way, wait stranded at the pier.
  const auto g = with_ferries({0, 1000, 1100}, {0, 0, 0},
                              {{0, 1, 1000, 10, 3600}, {1, 2, 100, 10, 3600}}, {0});
  const EdgeId ferry = edge_of(g, 0, 1);
  std::vector<Trip> trips;
  for (int k = 0; k < 25; ++k) trips.push_back(car(0, 0.0, 1));
  QueueSim sim(g, {shelter_at(2, 100)}, {}, trips, checked_config());
  sim.set_ferries({service(ferry, {100.0, 200.0}, 300.0, 10.0)});
  run_audited(sim, 150);
  EXPECT_EQ(sim.totals().moving, 25.0);  // at the pier or on board
  EXPECT_EQ(sim.agent(0).edge, ferry);   // on board
  EXPECT_EQ(sim.agent(10).node, 0u);     // at the pier
  run_audited(sim, 1000);
  const auto r = sim.results();
  ASSERT_EQ(r.ferries.size(), 1u);
  EXPECT_EQ(r.ferries[0].edge, ferry);
  ASSERT_EQ(r.ferries[0].carried_persons.size(), 2u);
  EXPECT_EQ(r.ferries[0].carried_persons[0], 10.0);
  EXPECT_EQ(r.ferries[0].carried_persons[1], 10.0);
  EXPECT_EQ(r.ferries[0].left_at_last_departure_persons, 5.0);
  EXPECT_EQ(r.totals.sheltered, 20.0);
  EXPECT_EQ(r.totals.stranded, 5.0);
  // The first boat lands at 400 s; its first car reaches the shelter 10 s later.
  EXPECT_DOUBLE_EQ(sim.agent(0).arrived_s, 410.0);
  EXPECT_GE(sim.agent(10).arrived_s, 510.0);
  EXPECT_EQ(sim.agent(24).state, AgentState::stranded);
  EXPECT_EQ(r.edges[ferry].persons_passed, 20.0);
}

TEST(QueueSimFerries, NobodyBoardsAfterTheLastDepartureAndRoutingAvoidsIt) {
  // Ferry 0 -> 1 (crossing 60 s, one departure at 50 s) or the road 0 -> 2 -> 1
  // (400 s). A car leaving at 0 s waits for the boat: 50 + 60 = 110 s. A car
  // leaving at 100 s finds the ferry closed and drives: 100 + 400 = 500 s.
  const auto g = with_ferries({0, 1000, 500}, {0, 0, 1000},
                              {{0, 1, 1000, 10, 3600}, {0, 2, 2000, 10, 3600},
                               {2, 1, 2000, 10, 3600}},
                              {0});
  const EdgeId ferry = edge_of(g, 0, 1), road = edge_of(g, 0, 2);
  QueueSim sim(g, {shelter_at(1, 10)}, {}, {car(0, 0.0, 1), car(0, 100.0, 1)},
               checked_config());
  sim.set_ferries({service(ferry, {50.0}, 60.0, 10.0)});
  run_audited(sim, 600);
  const auto r = sim.results();
  EXPECT_DOUBLE_EQ(sim.agent(0).arrived_s, 110.0);
  EXPECT_DOUBLE_EQ(sim.agent(1).arrived_s, 500.0);
  EXPECT_EQ(r.ferries[0].carried_persons[0], 1.0);
  EXPECT_EQ(r.ferries[0].missed_persons, 0.0);
  EXPECT_EQ(r.edges[road].vehicles_passed, 1u);
  EXPECT_EQ(r.edges[ferry].first_closed_s, 50.0);
  // The water never closes a ferry edge.
  std::vector<float> factor(g.edge_count(), 0.0f);
  std::vector<std::uint8_t> wclosed(g.edge_count(), 1);
  QueueSim wet(g, {shelter_at(1, 10)}, {}, {car(0, 0.0, 1)}, checked_config());
  wet.set_ferries({service(ferry, {50.0}, 60.0, 10.0)});
  wet.set_link_conditions(factor, wclosed);
  run_audited(wet, 200);
  EXPECT_DOUBLE_EQ(wet.agent(0).arrived_s, 110.0);
}

TEST(QueueSimFerries, BadServicesAreRejected) {
  const auto g = with_ferries({0, 1000}, {0, 0}, {{0, 1, 1000, 10, 3600}, {1, 0, 1000, 10, 3600}},
                              {0});
  const EdgeId ferry = edge_of(g, 0, 1), road = edge_of(g, 1, 0);
  QueueSim sim(g, {shelter_at(1, 10)}, {}, {car(0, 0.0, 1)}, checked_config());
  EXPECT_THROW(sim.set_ferries({service(road, {10.0}, 60.0, 10.0)}), InputError);
  EXPECT_THROW(sim.set_ferries({service(99, {10.0}, 60.0, 10.0)}), InputError);
  EXPECT_THROW(sim.set_ferries({service(ferry, {20.0, 10.0}, 60.0, 10.0)}), InputError);
  EXPECT_THROW(sim.set_ferries({service(ferry, {10.0}, 60.0, 0.0)}), InputError);
  EXPECT_THROW(sim.set_ferries({service(ferry, {10.0}, 60.0, 10.0),
                                service(ferry, {20.0}, 60.0, 10.0)}),
               InputError);
  sim.step();
  EXPECT_THROW(sim.set_ferries({service(ferry, {10.0}, 60.0, 10.0)}), InvariantError);
}

// A 4 x 4 grid town (nodes 0..15, 200 m apart) and an island (nodes 16, 17) by
// ferry from node 3; shelters at 12 (mainland) and 17 (island, small). Workers
// go home, then to a shelter; some go home again from the shelter (回流);
// islanders cross by ferry.
struct Town {
  graph::RoadGraph g;
  std::vector<Shelter> shelters;
  std::vector<Trip> trips;
  EdgeId ferry_out = graph::kInvalid, ferry_back = graph::kInvalid;
};

Town town() {
  Town t;
  std::vector<double> x, y;
  std::vector<E> es;
  for (int j = 0; j < 4; ++j)
    for (int i = 0; i < 4; ++i) {
      x.push_back(i * 200.0);
      y.push_back(j * 200.0);
    }
  x.push_back(1600);
  y.push_back(0);
  x.push_back(1800);
  y.push_back(0);
  auto id = [](int i, int j) { return static_cast<NodeId>(j * 4 + i); };
  for (int j = 0; j < 4; ++j)
    for (int i = 0; i < 4; ++i) {
      if (i + 1 < 4) {
        es.push_back({id(i, j), id(i + 1, j), 200, 10, 600});
        es.push_back({id(i + 1, j), id(i, j), 200, 10, 600});
      }
      if (j + 1 < 4) {
        es.push_back({id(i, j), id(i, j + 1), 200, 10, 600});
        es.push_back({id(i, j + 1), id(i, j), 200, 10, 600});
      }
    }
  const std::size_t f0 = es.size();
  es.push_back({3, 16, 1000, 10, 600});
  es.push_back({16, 3, 1000, 10, 600});
  es.push_back({16, 17, 200, 10, 600});
  es.push_back({17, 16, 200, 10, 600});
  t.g = with_ferries(x, y, es, {f0, f0 + 1});
  t.ferry_out = edge_of(t.g, 3, 16);
  t.ferry_back = edge_of(t.g, 16, 3);
  t.shelters = {shelter_at(12, 40), shelter_at(17, 15)};
  for (int k = 0; k < 12; ++k) {
    const auto work = static_cast<NodeId>(k % 4);
    const auto home = static_cast<NodeId>(4 + (k % 8));
    Trip go = car(work, 10.0 * k, 1 + static_cast<float>(k % 3));
    go.dest_node = home;
    graph::Router r(t.g);
    graph::ShortestPathTree tree;
    std::vector<double> w(t.g.edge_count());
    for (EdgeId e = 0; e < t.g.edge_count(); ++e) w[e] = t.g.length_m[e] / t.g.free_speed_mps[e];
    r.tree_to(w, home, tree);
    go.route = tree.path_edges(t.g, work);
    go.group = 1;
    go.next = static_cast<std::int32_t>(t.trips.size() + 1);
    t.trips.push_back(go);
    Trip shelter = car(home, 300.0 + 20.0 * k, 0);
    shelter.group = 2;
    if (k % 4 == 0) shelter.next = static_cast<std::int32_t>(t.trips.size() + 1);
    t.trips.push_back(shelter);
    if (k % 4 == 0) {
      Trip back = walker(12, 900.0 + k, 0);
      back.dest_node = home;
      back.group = 3;
      t.trips.push_back(back);
    }
  }
  for (int k = 0; k < 20; ++k) {
    Trip island = k % 2 ? walker(static_cast<NodeId>(k % 4), 5.0 * k, 2) : car(3, 5.0 * k, 2);
    island.dest_shelter = 1;
    island.group = 4;
    t.trips.push_back(island);
  }
  return t;
}

void run_town(int threads, std::vector<AgentView>& views, SimResults& res,
              std::vector<GroupCounts>& groups) {
  Town t = town();
  QueueSim sim(t.g, t.shelters, {}, t.trips, checked_config(threads));
  sim.set_ferries({service(t.ferry_out, {60.0, 400.0, 800.0}, 120.0, 8.0),
                   service(t.ferry_back, {200.0}, 120.0, 8.0)});
  while (sim.time_s() < 2000) {
    sim.step();
    sim.audit();
    const StateTotals x = sim.totals();
    EXPECT_NEAR(x.home + x.moving + x.stranded + x.sheltered + x.trapped + x.arrived, x.total,
                1e-9);
  }
  views.clear();
  for (std::uint32_t a = 0; a < sim.agent_count(); ++a) views.push_back(sim.agent(a));
  res = sim.results();
  groups = sim.persons_by_group();
}

TEST(QueueSimFerries, LegsAndFerriesAreThreadIndependent) {
  std::vector<AgentView> v1, v2;
  SimResults r1, r2;
  std::vector<GroupCounts> g1, g2;
  run_town(1, v1, r1, g1);
  run_town(2, v2, r2, g2);
  ASSERT_EQ(v1.size(), v2.size());
  for (std::size_t a = 0; a < v1.size(); ++a) {
    EXPECT_EQ(v1[a].state, v2[a].state) << a;
    EXPECT_EQ(std::memcmp(&v1[a].arrived_s, &v2[a].arrived_s, sizeof(double)), 0) << a;
    EXPECT_EQ(v1[a].persons, v2[a].persons) << a;
    EXPECT_EQ(v1[a].node, v2[a].node) << a;
  }
  ASSERT_EQ(r1.series.size(), r2.series.size());
  for (std::size_t k = 0; k < r1.series.size(); ++k) {
    EXPECT_EQ(r1.series[k].arrived, r2.series[k].arrived);
    EXPECT_EQ(r1.series[k].sheltered, r2.series[k].sheltered);
    EXPECT_EQ(r1.series[k].moving, r2.series[k].moving);
  }
  ASSERT_EQ(r1.ferries.size(), 2u);
  EXPECT_EQ(r1.ferries[0].carried_persons, r2.ferries[0].carried_persons);
  EXPECT_EQ(r1.ferries[0].left_at_last_departure_persons,
            r2.ferries[0].left_at_last_departure_persons);
  ASSERT_EQ(g1.size(), 4u);
  for (std::size_t k = 0; k < g1.size(); ++k) EXPECT_EQ(g1[k].persons, g2[k].persons);
  // Something happened on every path: persons arrived home, islanders crossed.
  double carried = 0;
  for (double c : r1.ferries[0].carried_persons) carried += c;
  EXPECT_GT(carried, 0.0);
  EXPECT_GT(g1[2].of(AgentState::arrived), 0.0);  // the 回流 walkers got home
  EXPECT_EQ(r1.totals.total, r2.totals.total);
}

}  // namespace
}  // namespace floodevac::evac
