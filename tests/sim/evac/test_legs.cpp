// Trip legs in the queue model (issue 12): a leg ending at a node, follow-on legs
// (Trip::next), legs leaving a shelter (Trip::from_shelter, 回流) and counts by group.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "evac_test_util.hpp"
#include "sim/core/error.hpp"
#include "sim/evac/queue_sim.hpp"

namespace floodevac::evac {
namespace {

using graph::EdgeId;
using graph::NodeId;
using namespace testing;

// 0 <-> 1 <-> 2 on a line: 0 - 1 is 100 m, 1 - 2 is 200 m, 10 m/s, 3600 veh/h.
graph::RoadGraph line3() {
  return make_graph({0, 100, 300}, {0, 0, 0},
                    {{0, 1, 100, 10, 3600},
                     {1, 0, 100, 10, 3600},
                     {1, 2, 200, 10, 3600},
                     {2, 1, 200, 10, 3600}});
}

double series_arrived_at(const SimResults& r, double t) {
  for (const auto& row : r.series)
    if (row.t_s == t) return row.arrived;
  return std::nan("");
}

TEST(QueueSimLegs, GoHomeThenShelterChain) {
  // A worker group of 3 at work (node 0) goes home (node 1) at 0 s: 100 m at
  // 10 m/s, home at 10 s. Its shelter leg leaves home at 100 s for the shelter
  // at node 2: 200 m, sheltered at 120 s.
  const auto g = line3();
  Trip home = car(0, 0.0, 3);
  home.id = "home";
  home.dest_node = 1;
  home.route = {edge_of(g, 0, 1)};
  home.next = 1;
  home.group = 4;
  Trip go = car(1, 100.0, 99);  // its persons are the ones that arrived
  go.id = "to-shelter";
  go.group = 5;
  QueueSim sim(g, {shelter_at(2, 10)}, {}, {home, go}, checked_config());
  EXPECT_EQ(sim.totals().total, 3.0);
  EXPECT_TRUE(sim.agent(1).leg_pending);
  EXPECT_EQ(sim.agent(1).persons, 0.0f);
  run_audited(sim, 60);
  EXPECT_EQ(sim.agent(0).state, AgentState::arrived);
  EXPECT_DOUBLE_EQ(sim.agent(0).arrived_s, 10.0);
  EXPECT_EQ(sim.totals().arrived, 3.0);
  EXPECT_EQ(sim.totals().home, 0.0);
  EXPECT_FALSE(sim.done());  // the next leg is due
  const auto by = sim.persons_by_group();
  ASSERT_EQ(by.size(), 2u);
  EXPECT_EQ(by[0].group, 4);
  EXPECT_EQ(by[0].of(AgentState::arrived), 3.0);
  EXPECT_EQ(by[1].group, 5);
  EXPECT_EQ(by[1].of(AgentState::home), 0.0);
  run_audited(sim, 200);
  const auto r = sim.results();
  EXPECT_DOUBLE_EQ(r.clearance_s, 120.0);
  EXPECT_DOUBLE_EQ(sim.agent(1).arrived_s, 120.0);
  EXPECT_EQ(sim.agent(1).end_shelter, 0);
  EXPECT_EQ(sim.agent(1).state, AgentState::sheltered);
  EXPECT_EQ(sim.agent(1).persons, 3.0f);
  EXPECT_EQ(sim.agent(0).persons, 0.0f);  // counted once, in the leg that holds them
  EXPECT_EQ(r.totals.sheltered, 3.0);
  EXPECT_EQ(r.totals.arrived, 0.0);
  EXPECT_EQ(r.totals.departed, 3.0);
  EXPECT_EQ(series_arrived_at(r, 60.0), 3.0);
  EXPECT_EQ(series_arrived_at(r, 180.0), 0.0);
  EXPECT_TRUE(sim.done());
  const auto by2 = sim.persons_by_group();
  EXPECT_EQ(by2[0].of(AgentState::arrived), 0.0);
  EXPECT_EQ(by2[1].of(AgentState::sheltered), 3.0);
}

TEST(QueueSimLegs, LegAfterATrappedLegNeverDeparts) {
  // 0 -> 1 -> 2 on a 10 m grid (row 0). The first leg drives 0 -> 2 (dest_node);
  // at 150 s it is on 1 -> 2 at x = 1500, water ahead holds it, water at its
  // position traps it. Its next leg (back to the shelter at 0) never departs.
  const auto g = make_graph({5, 1005, 2005}, {5, 5, 5},
                            {{0, 1, 1000, 10, 3600},
                             {1, 2, 1000, 10, 3600},
                             {2, 1, 1000, 10, 3600},
                             {1, 0, 1000, 10, 3600}});
  Trip out = car(0, 0.0, 3);
  out.dest_node = 2;
  out.route = {edge_of(g, 0, 1), edge_of(g, 1, 2)};
  out.next = 1;
  Trip back = car(2, 300.0, 1);
  QueueSim sim(g, {shelter_at(0, 10)}, {}, {out, back}, checked_config());
  sim.set_flood_grid(GeoTransform{0.0, 10.0, 10.0, -10.0}, 1, 202);
  sim.advance_to(150);
  std::vector<float> depth(202, 0.0f);
  depth[180] = 0.4f;
  sim.apply_flood(depth.data(), nullptr, nullptr);
  sim.advance_to(200);
  depth[150] = 0.4f;
  sim.apply_flood(depth.data(), nullptr, nullptr);
  EXPECT_EQ(sim.agent(0).state, AgentState::trapped);
  run_audited(sim, 1000);
  EXPECT_TRUE(sim.agent(1).leg_pending);
  EXPECT_EQ(sim.agent(1).persons, 0.0f);
  EXPECT_TRUE(std::isnan(sim.agent(0).arrived_s));
  const auto t = sim.totals();
  EXPECT_EQ(t.total, 3.0);
  EXPECT_EQ(t.trapped, 3.0);
  EXPECT_EQ(t.home + t.moving + t.stranded + t.sheltered + t.arrived, 0.0);
  EXPECT_TRUE(sim.done());
}

TEST(QueueSimLegs, EarlyReturnFreesShelterPlaces) {
  // 3 persons drive 0 -> shelter at 1 (capacity 3): sheltered at 10 s, full. A
  // plain trip leaving 0 at 100 s finds no shelter with room and waits. At 200 s
  // the 回流 leg leaves the shelter for home (node 0): home at 210 s, and the
  // waiting car now gets the places.
  const auto g = line3();
  Trip in = car(0, 0.0, 3, 0);
  in.next = 1;
  Trip ret = car(1, 200.0, 0);
  ret.from_shelter = 0;
  ret.dest_node = 0;
  ret.route = {edge_of(g, 1, 0)};
  Trip late = car(0, 100.0, 2);
  QueueSim sim(g, {shelter_at(1, 3)}, {}, {in, ret, late}, checked_config());
  run_audited(sim, 150);
  EXPECT_EQ(sim.shelter_occupancy(0), 3.0);
  EXPECT_EQ(sim.agent(2).state, AgentState::stranded);
  run_audited(sim, 400);
  EXPECT_EQ(sim.agent(1).state, AgentState::arrived);
  EXPECT_DOUBLE_EQ(sim.agent(1).arrived_s, 210.0);
  EXPECT_EQ(sim.agent(1).node, 0u);
  EXPECT_EQ(sim.agent(2).state, AgentState::sheltered);
  const auto t = sim.totals();
  EXPECT_EQ(t.arrived, 3.0);
  EXPECT_EQ(t.sheltered, 2.0);
  EXPECT_EQ(sim.shelter_occupancy(0), 2.0);
}

TEST(QueueSimLegs, FirstLegInsideAShelter) {
  // 2 persons start inside the shelter at 1 and go home (node 0) at 50 s.
  const auto g = line3();
  Trip ret = car(1, 50.0, 2);
  ret.from_shelter = 0;
  ret.dest_node = 0;
  ret.route = {edge_of(g, 1, 0)};
  QueueSim sim(g, {shelter_at(1, 5)}, {}, {ret}, checked_config());
  EXPECT_EQ(sim.totals().sheltered, 2.0);
  EXPECT_EQ(sim.shelter_occupancy(0), 2.0);
  run_audited(sim, 100);
  EXPECT_EQ(sim.shelter_occupancy(0), 0.0);
  EXPECT_EQ(sim.totals().arrived, 2.0);
  EXPECT_EQ(sim.totals().departed, 0.0);  // they never left home
  EXPECT_DOUBLE_EQ(sim.agent(0).arrived_s, 60.0);
  // More persons than places left: an error naming the trip.
  Trip big = ret;
  big.persons = 6;
  big.id = "too-many";
  EXPECT_THROW(QueueSim(g, {shelter_at(1, 5)}, {}, {big}, checked_config()), InputError);
}

TEST(QueueSimLegs, FollowOnAfterAModelChosenShelterIsRoutedAtRelease) {
  // The first leg goes to the nearest shelter (node 2); the 回流 leg has no
  // route: it gets the fastest path home (node 0) when it leaves at 100 s.
  const auto g = line3();
  Trip in = car(0, 0.0, 1);
  in.next = 1;
  Trip ret = car(2, 100.0, 0);
  ret.dest_node = 0;
  QueueSim sim(g, {shelter_at(2, 5)}, {}, {in, ret}, checked_config());
  run_audited(sim, 200);
  EXPECT_EQ(sim.agent(1).state, AgentState::arrived);
  EXPECT_DOUBLE_EQ(sim.agent(1).arrived_s, 130.0);
  EXPECT_EQ(sim.shelter_occupancy(0), 0.0);
}

TEST(QueueSimLegs, ArrivedPersonsCountAsExposedAtTheirNode) {
  // Home again at node 1 (x = 105, cell 10 of a 1 x 31 grid of 10 m cells): a
  // hazard there exposes the 3 persons who arrived.
  const auto g = make_graph({5, 105, 305}, {5, 5, 5},
                            {{0, 1, 100, 10, 3600},
                             {1, 0, 100, 10, 3600},
                             {1, 2, 200, 10, 3600},
                             {2, 1, 200, 10, 3600}});
  Trip home = car(0, 0.0, 3);
  home.dest_node = 1;
  home.route = {edge_of(g, 0, 1)};
  QueueSim sim(g, {shelter_at(2, 10)}, {}, {home}, checked_config());
  sim.set_flood_grid(GeoTransform{0.0, 10.0, 10.0, -10.0}, 1, 31);
  run_audited(sim, 20);
  std::vector<float> depth(31, 0.0f);
  std::vector<std::uint8_t> hazard(31, 0);
  sim.apply_flood(depth.data(), nullptr, hazard.data());
  EXPECT_EQ(sim.totals().exposed, 0.0);
  hazard[10] = 4;
  sim.apply_flood(depth.data(), nullptr, hazard.data());
  EXPECT_EQ(sim.totals().exposed, 3.0);
  EXPECT_EQ(sim.agent(0).state, AgentState::arrived);
}

TEST(QueueSimLegs, BadLegsAreRejectedNamingTheTrip) {
  const auto g = line3();
  auto build = [&](std::vector<Trip> trips) {
    QueueSim sim(g, {shelter_at(2, 10)}, {}, std::move(trips), checked_config());
  };
  auto message = [&](std::vector<Trip> trips) -> std::string {
    try {
      build(std::move(trips));
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  };
  Trip a = car(0, 0.0, 1);
  a.id = "a";
  Trip b = car(2, 0.0, 1);
  b.id = "b";
  Trip c = car(2, 0.0, 1);
  c.id = "c";
  {  // next out of range
    Trip x = a;
    x.next = 5;
    EXPECT_NE(message({x}).find("'a'"), std::string::npos);
  }
  {  // a trip that is the next of two trips
    Trip x = a, y = a;
    y.id = "a2";
    x.next = 2;
    y.next = 2;
    EXPECT_NE(message({x, y, b}).find("next leg of both"), std::string::npos);
  }
  {  // a cycle
    Trip x = b, y = c;
    x.next = 1;
    y.next = 0;
    EXPECT_NE(message({x, y}).find("cycle"), std::string::npos);
  }
  {  // origin of a follow-on not where its predecessor ends
    Trip x = a;
    x.dest_node = 1;
    x.route = {edge_of(g, 0, 1)};
    x.next = 1;
    EXPECT_NE(message({x, b}).find("'b'"), std::string::npos);
  }
  {  // from_shelter not at the origin
    Trip x = a;
    x.from_shelter = 0;
    EXPECT_NE(message({x}).find("from_shelter"), std::string::npos);
  }
  {  // dest_node without a route ending there
    Trip x = a;
    x.dest_node = 1;
    EXPECT_NE(message({x}).find("route"), std::string::npos);
    x.route = {edge_of(g, 0, 1), edge_of(g, 1, 2)};
    EXPECT_NE(message({x}).find("not at its dest_node"), std::string::npos);
  }
}

}  // namespace
}  // namespace floodevac::evac
