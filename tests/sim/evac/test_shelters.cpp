// Shelters: admission in trip order, refusals and the transfers they start.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "evac_test_util.hpp"
#include "sim/evac/link_queue.hpp"
#include "sim/evac/person_ledger.hpp"
#include "sim/evac/shelters.hpp"
#include "sim/graph/routing.hpp"

namespace floodevac::evac::detail {
namespace {

using namespace evac::testing;

// Two groups (3 and 4 persons) driving 0 -> 1 towards a shelter for 5 at node 1
// that opens at t = 10 s.
struct ShelterArrivals : ::testing::Test {
  graph::RoadGraph g = make_graph({0, 100}, {0, 0}, {{0, 1, 100, 10, 3600}});
  graph::ReverseGraph rev = graph::ReverseGraph::build(g);
  Shelters sh{{shelter_at(1, 5, 10.0)}, g.node_count()};
  Agents ag;
  ExplicitRoutes routes;
  PersonLedger ledger;
  LinkQueues q;

  void SetUp() override {
    load_trips({car(0, 0.0, 3), car(0, 0.0, 4)}, g, 1, 0, ag, routes);
    ledger = PersonLedger(ag.persons, ag.unit, {});
    q = LinkQueues(g, rev, 7.5, ag.size());
    for (std::uint32_t a = 0; a < 2; ++a) {
      ledger.move(AgentState::home, AgentState::moving, ag.persons[a], ag.unit[a]);
      ag.state[a] = kOnEdge;
      ag.edge[a] = 0;
    }
  }
  // Both groups arrive at t, listed with the higher trip index first.
  bool arrive(double t) {
    std::vector<Event> ev = {{1, 0, t, kEvArrive, 0}, {0, 0, t, kEvArrive, 0}};
    return sh.admit(ev, g, ag, q, ledger);
  }
};

TEST_F(ShelterArrivals, ClosedShelterRefusesEveryoneAndSendsThemOn) {
  EXPECT_FALSE(sh.open_due(2.0));
  EXPECT_FALSE(arrive(2.0));
  EXPECT_EQ(sh.occupancy[0], 0.0);
  EXPECT_EQ(sh.stats[0].arrivals_persons, 7.0);
  EXPECT_EQ(sh.stats[0].overflow_persons, 7.0);
  ASSERT_EQ(sh.transfers.size(), 2u);
  EXPECT_EQ(sh.transfers[0].trip, 0u);  // trip order, not event order
  EXPECT_EQ(sh.transfers[0].persons, 3.0);
  EXPECT_EQ(sh.transfers[0].path_nodes, (std::vector<graph::NodeId>{1}));
  // Both wait in the departure queue of the shelter's node, still moving.
  EXPECT_EQ(q.dep_head[0][1], 0u);
  EXPECT_EQ(q.next[0], 1u);
  EXPECT_EQ(ag.state[0], kQueue);
  EXPECT_TRUE(ag.flags[0] & kTracked);
  EXPECT_EQ(ledger.moving(), 7.0);
  EXPECT_EQ(sh.available_at(1, -1), -1);
}

TEST_F(ShelterArrivals, RoomGoesInTripOrderAndTheRestIsSentOn) {
  EXPECT_TRUE(sh.open_due(10.0));
  EXPECT_EQ(sh.available_at(1, -1), 0);
  EXPECT_EQ(sh.available_at(0, -1), -1);
  EXPECT_TRUE(arrive(11.0));  // full now
  EXPECT_EQ(sh.occupancy[0], 5.0);
  EXPECT_EQ(ag.state[0], kSheltered);  // trip 0 first: all 3 in
  EXPECT_EQ(ag.state[1], kQueue);      // trip 1: 2 of 4 in, 2 sent on
  EXPECT_EQ(ag.persons[1], 2.0f);
  EXPECT_EQ(ledger.sheltered(), 5.0);
  EXPECT_EQ(ledger.moving(), 2.0);
  EXPECT_EQ(sh.stats[0].admitted_persons, 5.0);
  EXPECT_EQ(sh.stats[0].overflow_persons, 2.0);
  EXPECT_EQ(sh.stats[0].time_full_s, 11.0);
  EXPECT_EQ(sh.stats[0].peak_occupancy_persons, 5.0);
  ASSERT_EQ(sh.transfers.size(), 1u);
  EXPECT_EQ(sh.transfers[0].trip, 1u);
  EXPECT_EQ(sh.transfers[0].persons, 2.0);
  EXPECT_EQ(sh.available_at(1, -1), -1);
  // 5 of 7 sheltered at 11 s: t50 then, t90 not yet.
  EXPECT_EQ(sh.t50_s, 11.0);
  EXPECT_TRUE(std::isnan(sh.t90_s));
  EXPECT_EQ(sh.clearance_s, 11.0);
}

TEST_F(ShelterArrivals, AGroupSentOnIsFollowedUntilTakenIn) {
  EXPECT_FALSE(arrive(2.0));  // closed: both sent on, tracked
  sh.record_path(0, 0, 1);
  EXPECT_EQ(sh.transfers[0].path_edges, (std::vector<graph::EdgeId>{0}));
  EXPECT_EQ(sh.transfers[0].path_nodes, (std::vector<graph::NodeId>{1, 1}));
  q = LinkQueues(g, rev, 7.5, ag.size());  // as if both had driven round and come back
  EXPECT_TRUE(sh.open_due(10.0));
  EXPECT_TRUE(arrive(12.0));
  EXPECT_EQ(sh.transfers[0].arrived_shelter, 0);
  EXPECT_EQ(sh.transfers[0].arrived_s, 12.0);
  EXPECT_EQ(sh.transfers[1].arrived_shelter, 0);  // 2 of trip 1's 4 taken in
  EXPECT_FALSE(ag.flags[0] & kTracked);
}

TEST(Shelters, RejectsUnsnappedAndNegativeCapacity) {
  Shelter s = shelter_at(3, 10);
  EXPECT_THROW(Shelters({s}, 3), InputError);
  s.node = 0;
  s.capacity_persons = -1;
  EXPECT_THROW(Shelters({s}, 3), InputError);
  s.capacity_persons = 1;
  s.open_s = NAN;
  EXPECT_THROW(Shelters({s}, 3), InputError);
}

}  // namespace
}  // namespace floodevac::evac::detail
