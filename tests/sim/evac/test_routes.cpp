// Explicit routes per trip (Trip::route) in the queue model.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <string>
#include <vector>

#include "evac_test_util.hpp"
#include "sim/core/error.hpp"
#include "sim/evac/queue_sim.hpp"

namespace floodevac::evac {
namespace {

using graph::EdgeId;
using graph::NodeId;
using namespace testing;

// 0 -> 1 -> 3 (10 s + 10 s) is the fastest way to the shelter at 3;
// 0 -> 2 -> 3 (15 s + 15 s) the longer one; 2 -> 1 (10 s) links the two.
// 3 -> 1 (10 s) leads away from the shelter. 10 m/s everywhere, 3600 veh/h, one lane.
graph::RoadGraph diamond() {
  return make_graph({0, 100, 0, 100}, {0, 0, 100, 100},
                    {{0, 1, 100, 10, 3600},
                     {1, 3, 100, 10, 3600},
                     {0, 2, 150, 10, 3600},
                     {2, 3, 150, 10, 3600},
                     {2, 1, 100, 10, 3600},
                     {3, 1, 100, 10, 3600}});
}

TEST(QueueSimRoutes, ExplicitLongerRouteIsTaken) {
  const auto g = diamond();
  const EdgeId e02 = edge_of(g, 0, 2), e23 = edge_of(g, 2, 3), e01 = edge_of(g, 0, 1);
  for (const std::int32_t dest : {-1, 0}) {
    Trip t = car(0, 0.0, 1, dest);
    t.id = "routed";
    t.route = {e02, e23};
    QueueSim sim(g, {shelter_at(3, 10)}, {}, {t}, checked_config());
    EXPECT_TRUE(sim.agent(0).following_route);
    run_audited(sim, 100);
    const auto r = sim.results();
    // Arrival = sum of the free travel times of the route: 15 + 15 s.
    EXPECT_DOUBLE_EQ(r.clearance_s, 30.0);
    EXPECT_EQ(r.totals.sheltered, 1.0);
    EXPECT_EQ(r.edges[e02].vehicles_passed, 1u);
    EXPECT_EQ(r.edges[e23].vehicles_passed, 1u);
    EXPECT_EQ(r.edges[e01].vehicles_passed, 0u);
    EXPECT_FALSE(sim.agent(0).following_route);
    EXPECT_EQ(sim.agent(0).state, AgentState::sheltered);
  }
  // The same trip without a route takes the fastest path: 20 s.
  QueueSim plain(g, {shelter_at(3, 10)}, {}, {car(0, 0.0)}, checked_config());
  run_audited(plain, 100);
  EXPECT_DOUBLE_EQ(plain.results().clearance_s, 20.0);
}

TEST(QueueSimRoutes, ClosedRouteEdgeMakesTheAgentReroute) {
  const auto g = diamond();
  const EdgeId e02 = edge_of(g, 0, 2), e23 = edge_of(g, 2, 3), e21 = edge_of(g, 2, 1);
  Trip t = car(0, 0.0, 1, 0);
  t.route = {e02, e23};
  QueueSim sim(g, {shelter_at(3, 10)}, {}, {t}, checked_config());
  run_audited(sim, 5);
  EXPECT_EQ(sim.agent(0).edge, e02);
  EXPECT_TRUE(sim.agent(0).following_route);
  // 2 -> 3 floods while the car is on 0 -> 2.
  std::vector<float> factor(g.edge_count(), 1.0f);
  std::vector<std::uint8_t> wclosed(g.edge_count(), 0);
  factor[e23] = 0.0f;
  sim.set_link_conditions(factor, wclosed);
  sim.step();
  EXPECT_FALSE(sim.agent(0).following_route);  // dropped at once, not at node 2
  run_audited(sim, 100);
  const auto r = sim.results();
  // Reaches node 2 at 15 s, then 2 -> 1 -> 3: 15 + 10 + 10 s.
  EXPECT_DOUBLE_EQ(r.clearance_s, 35.0);
  EXPECT_EQ(r.totals.sheltered, 1.0);
  EXPECT_EQ(r.edges[e21].vehicles_passed, 1u);
  EXPECT_EQ(r.edges[e23].vehicles_passed, 0u);
}

TEST(QueueSimRoutes, FirstRouteEdgeClosedBeforeDeparture) {
  const auto g = diamond();
  const EdgeId e02 = edge_of(g, 0, 2), e23 = edge_of(g, 2, 3);
  Trip t = car(0, 10.0);
  t.route = {e02, e23};
  QueueSim sim(g, {shelter_at(3, 10)}, {}, {t}, checked_config());
  std::vector<float> factor(g.edge_count(), 1.0f);
  std::vector<std::uint8_t> wclosed(g.edge_count(), 0);
  factor[e02] = 0.0f;
  sim.set_link_conditions(factor, wclosed);
  run_audited(sim, 100);
  // 0 -> 1 -> 3 from the departure at 10 s.
  EXPECT_DOUBLE_EQ(sim.results().clearance_s, 30.0);
  EXPECT_EQ(sim.results().edges[e02].vehicles_passed, 0u);
}

TEST(QueueSimRoutes, RouteEndingAwayFromAShelterFallsBackToTrees) {
  const auto g = diamond();
  const EdgeId e02 = edge_of(g, 0, 2), e23 = edge_of(g, 2, 3);
  Trip t = car(0, 0.0);
  t.route = {e02};  // ends at node 2, no shelter there
  QueueSim sim(g, {shelter_at(3, 10)}, {}, {t}, checked_config());
  run_audited(sim, 100);
  // 15 s on the route, then the fastest way on: 2 -> 3, 15 s.
  EXPECT_DOUBLE_EQ(sim.results().clearance_s, 30.0);
  EXPECT_EQ(sim.results().edges[e23].vehicles_passed, 1u);

  // A route ending at a full shelter: the group is sent on like any arrival
  // at a full shelter; here to the second shelter at node 1 (3 -> 1: 10 s).
  Trip u = car(0, 0.0, 1, 0);
  u.route = {e02, e23};
  QueueSim full(g, {shelter_at(3, 0), shelter_at(1, 10)}, {}, {u}, checked_config());
  run_audited(full, 100);
  EXPECT_EQ(full.results().totals.sheltered, 1.0);
  EXPECT_EQ(full.shelter_occupancy(1), 1.0);
  // Reaches 3 at 30 s; sent on from the next step (31 s), 3 -> 1: 10 s.
  EXPECT_DOUBLE_EQ(full.results().clearance_s, 41.0);
  ASSERT_EQ(full.results().transfers.size(), 1u);
  EXPECT_EQ(full.results().transfers[0].arrived_shelter, 1);
}

TEST(QueueSimRoutes, InvalidRoutesNameTheTrip) {
  const auto g = diamond();
  const EdgeId e01 = edge_of(g, 0, 1), e13 = edge_of(g, 1, 3), e23 = edge_of(g, 2, 3);
  auto expect_rejected = [&](std::vector<EdgeId> route, const std::string& what) {
    Trip t = car(0, 0.0);
    t.id = "trip-42";
    t.route = std::move(route);
    try {
      QueueSim sim(g, {shelter_at(3, 10)}, {}, {car(0, 0.0), t}, checked_config());
      ADD_FAILURE() << "accepted a route " << what;
    } catch (const InputError& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find("trip-42"), std::string::npos) << msg;
      EXPECT_NE(msg.find("trip 1 "), std::string::npos) << msg;
    }
  };
  expect_rejected({e01, 99}, "with an edge out of range");
  expect_rejected({e13}, "not starting at the origin");
  expect_rejected({e01, e23}, "with a gap");
}

// --- determinism ----------------------------------------------------------------

struct RunOut {
  SimResults r;
  std::vector<AgentView> agents;
  int dropped = 0;  // routes dropped when the edges closed
};

// 12 x 12 grid (200 m, 10 m/s, 1800 veh/h, one lane: storage 26), shelters at
// two corners, 3000 cars; two thirds follow L-shaped routes (x first or y
// first) to the nearest corner, the rest use the trees. A few central edges
// close at 600 s, so routes crossing them are dropped.
RunOut run_grid(int threads) {
  const int nx = 12, ny = 12;
  const auto g = grid_graph(nx, ny, 200.0, 10.0f, 1800.0f, 1.0f);
  auto id = [&](int i, int j) { return static_cast<NodeId>(j * nx + i); };
  const std::vector<std::pair<int, int>> corners = {{0, 0}, {nx - 1, ny - 1}};
  std::vector<Shelter> shelters;
  for (const auto& [ci, cj] : corners) shelters.push_back(shelter_at(id(ci, cj), 1000000));
  std::vector<Trip> trips;
  std::uint64_t rng = 12345;
  auto next = [&]() {
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>(rng >> 33);
  };
  for (int k = 0; k < 3000; ++k) {
    const int i = static_cast<int>(next() % nx), j = static_cast<int>(next() % ny);
    Trip t = car(id(i, j), static_cast<double>(next() % 900));
    t.id = std::to_string(k);
    t.id.insert(0, 1, 't');  // not "t" + ...: GCC 12 warns falsely (-Wrestrict)
    const int s = (i + j <= nx - 1) ? 0 : 1;
    if (k % 3 != 0 && id(i, j) != shelters[static_cast<std::size_t>(s)].node) {
      const auto [si, sj] = corners[static_cast<std::size_t>(s)];
      int ci = i, cj = j;
      const bool x_first = (next() & 1) != 0;
      for (int leg = 0; leg < 2; ++leg) {
        const bool along_x = (leg == 0) == x_first;
        while (along_x ? ci != si : cj != sj) {
          const int ni = along_x ? ci + (si > ci ? 1 : -1) : ci;
          const int nj = along_x ? cj : cj + (sj > cj ? 1 : -1);
          t.route.push_back(edge_of(g, id(ci, cj), id(ni, nj)));
          ci = ni;
          cj = nj;
        }
      }
      if (k % 2 == 0) t.dest_shelter = s;
    }
    trips.push_back(std::move(t));
  }
  QueueSim sim(g, shelters, {}, trips, checked_config(threads));
  std::vector<float> factor(g.edge_count(), 1.0f);
  std::vector<std::uint8_t> wclosed(g.edge_count(), 0);
  for (int i = 4; i < 8; ++i) {
    factor[edge_of(g, id(i, 5), id(i, 6))] = 0.0f;
    factor[edge_of(g, id(5, i), id(4, i))] = 0.0f;
  }
  auto following = [&] {
    int c = 0;
    for (std::uint32_t a = 0; a < sim.agent_count(); ++a) c += sim.agent(a).following_route;
    return c;
  };
  while (sim.time_s() < 600.0) sim.step();
  sim.set_link_conditions(factor, wclosed);
  const int before = following();
  sim.step();  // drops the routes at its start; arrivals in it end a few more
  sim.audit();
  RunOut out;
  out.dropped = before - following();
  while (sim.time_s() < 4000.0 && !sim.done()) {
    sim.step();
    if (sim.steps_taken() % 97 == 0) sim.audit();
  }
  sim.audit();
  out.r = sim.results();
  for (std::uint32_t a = 0; a < sim.agent_count(); ++a) out.agents.push_back(sim.agent(a));
  return out;
}

TEST(QueueSimRoutes, BitwiseIdenticalAcrossThreadCounts) {
  const RunOut a = run_grid(1), b = run_grid(2);
  // Cars on a closing edge are held there for good; everybody else arrives.
  EXPECT_GT(a.r.totals.sheltered, 2900.0);
  EXPECT_EQ(a.r.totals.sheltered + a.r.totals.stranded, 3000.0);
  EXPECT_GT(a.dropped, 20);
  EXPECT_EQ(a.dropped, b.dropped);
  EXPECT_EQ(std::bit_cast<std::uint64_t>(a.r.clearance_s),
            std::bit_cast<std::uint64_t>(b.r.clearance_s));
  EXPECT_EQ(std::bit_cast<std::uint64_t>(a.r.t50_s), std::bit_cast<std::uint64_t>(b.r.t50_s));
  EXPECT_EQ(std::bit_cast<std::uint64_t>(a.r.t90_s), std::bit_cast<std::uint64_t>(b.r.t90_s));
  EXPECT_EQ(a.r.steps, b.r.steps);
  ASSERT_EQ(a.r.edges.size(), b.r.edges.size());
  for (std::size_t e = 0; e < a.r.edges.size(); ++e) {
    EXPECT_EQ(a.r.edges[e].vehicles_passed, b.r.edges[e].vehicles_passed) << "edge " << e;
    EXPECT_EQ(a.r.edges[e].peak_queue_veh, b.r.edges[e].peak_queue_veh) << "edge " << e;
  }
  ASSERT_EQ(a.r.series.size(), b.r.series.size());
  for (std::size_t k = 0; k < a.r.series.size(); ++k)
    EXPECT_EQ(std::bit_cast<std::uint64_t>(a.r.series[k].sheltered),
              std::bit_cast<std::uint64_t>(b.r.series[k].sheltered));
  ASSERT_EQ(a.agents.size(), b.agents.size());
  for (std::size_t k = 0; k < a.agents.size(); ++k) {
    EXPECT_EQ(a.agents[k].state, b.agents[k].state);
    EXPECT_EQ(a.agents[k].goal_shelter, b.agents[k].goal_shelter);
    EXPECT_EQ(std::bit_cast<std::uint64_t>(a.agents[k].exit_s),
              std::bit_cast<std::uint64_t>(b.agents[k].exit_s));
  }
}

}  // namespace
}  // namespace floodevac::evac
