// Relief supplies (issue 13 §2): depot -> shelter travel times over the network as the
// water leaves it (QueueSim::vehicle_free_times_s), the delivery limits, ferries after
// their last departure (停运), and the check times.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <set>
#include <vector>

#include "evac_test_util.hpp"
#include "sim/core/error.hpp"
#include "sim/evac/coupling.hpp"
#include "sim/evac/queue_sim.hpp"
#include "sim/evac/supplies.hpp"
#include "sim/graph/routing.hpp"

namespace floodevac::evac {
namespace {

using graph::EdgeId;
using graph::NodeId;
using namespace testing;

Depot depot_at(NodeId node, double limit_s, const char* id = "D1") {
  Depot d;
  d.id = id;
  d.level = "county";
  d.node = node;
  d.limit_s = limit_s;
  d.stock_person_days = 1000;
  return d;
}

// Depot at node 0, shelter at node 2: 0 -> 1 -> 2, 1000 m each at 10 m/s (and back), on a
// one-row grid of 10 m cells (x = 5 .. 2005 m).
graph::RoadGraph line_road() {
  return make_graph({5, 1005, 2005}, {5, 5, 5},
                    {{0, 1, 1000, 10, 3600},
                     {1, 2, 1000, 10, 3600},
                     {2, 1, 1000, 10, 3600},
                     {1, 0, 1000, 10, 3600}});
}

SupplyCheck check_now(const QueueSim& sim, const graph::RoadGraph& g, const Depot& d,
                      NodeId shelter) {
  const std::vector<double> w = sim.vehicle_free_times_s();
  const std::vector<Depot> depots{d};
  const std::vector<NodeId> nodes{shelter};
  const std::vector<double> occ{sim.shelter_occupancy(0)};
  return check_supplies(g, w, depots, nodes, occ, sim.time_s(), sim.time_s());
}

TEST(Supplies, RouteCutByWaterMakesShelterUnreachableAfterTheCutAndReachableBefore) {
  const auto g = line_road();
  // 5 persons drive from node 1 to the shelter at node 2 and are in it by 200 s.
  QueueSim sim(g, {shelter_at(2, 100)}, {}, {car(1, 0.0, 5)}, checked_config());
  sim.set_flood_grid(GeoTransform{0.0, 10.0, 10.0, -10.0}, 1, 202);
  std::vector<float> depth(202, 0.0f);
  sim.apply_flood(depth.data(), nullptr, nullptr);
  run_audited(sim, 240);
  ASSERT_NEAR(sim.shelter_occupancy(0), 5.0, 1e-9);
  const Depot d = depot_at(0, 3600);

  const SupplyCheck before = check_now(sim, g, d, 2);
  EXPECT_EQ(before.reachable[0], 1);
  EXPECT_NEAR(before.travel_s[0], 200.0, 1e-9);  // 2 x 1000 m at 10 m/s
  EXPECT_EQ(before.occupied, 1u);
  EXPECT_EQ(before.unreachable_occupied, 0u);

  // 0.4 m of water at x = 1505 m, on the only road to the shelter: closed to vehicles.
  depth[150] = 0.4f;
  sim.apply_flood(depth.data(), nullptr, nullptr);
  run_audited(sim, 360);
  const SupplyCheck after = check_now(sim, g, d, 2);
  EXPECT_EQ(after.reachable[0], 0);
  EXPECT_TRUE(std::isinf(after.travel_s[0]));
  EXPECT_EQ(after.depot[0], -1);
  EXPECT_EQ(after.unreachable_occupied, 1u);
  EXPECT_NEAR(after.unreachable_persons, 5.0, 1e-9);

  // The water goes down: reachable again.
  depth[150] = 0.0f;
  sim.apply_flood(depth.data(), nullptr, nullptr);
  EXPECT_EQ(check_now(sim, g, d, 2).reachable[0], 1);

  const std::vector<SupplyCheck> checks{before, after};
  const std::vector<Depot> depots{d};
  const SupplySummary x = summarize_supplies(checks, depots);
  EXPECT_EQ(x.checks, 2u);
  EXPECT_EQ(x.unreachable_shelters, 1u);
  EXPECT_EQ(x.max_unreachable_at_once, 1u);
  EXPECT_DOUBLE_EQ(x.first_unreachable_s, after.t_s);
  EXPECT_NEAR(x.days_of_stock, 1000.0 / 5.0, 1e-9);
}

TEST(Supplies, ShallowWaterSlowsTheRoutePastTheLimit) {
  // 0.1 m on 1 -> 2: Pregnolato et al. 2017 speed 40.65 of 86.94 km/h, so the edge takes
  // 1000 / (10 x 0.4676) = 213.9 s and the trip 313.9 s: past a 300 s limit.
  const auto g = line_road();
  QueueSim sim(g, {shelter_at(2, 100)}, {}, {}, checked_config());
  sim.set_flood_grid(GeoTransform{0.0, 10.0, 10.0, -10.0}, 1, 202);
  std::vector<float> depth(202, 0.0f);
  depth[150] = 0.1f;
  sim.apply_flood(depth.data(), nullptr, nullptr);
  const SupplyCheck c = check_now(sim, g, depot_at(0, 300), 2);
  const double factor = pregnolato_speed_kmh(100) / pregnolato_speed_kmh(0);
  EXPECT_NEAR(c.travel_s[0], 100.0 + 1000.0 / (10.0 * factor), 1e-3);
  EXPECT_EQ(c.reachable[0], 0);
  EXPECT_EQ(c.depot[0], 0);          // the fastest depot is still named
  EXPECT_EQ(c.unreachable_occupied, 0u);  // nobody in it: no failure
}

TEST(Supplies, TheFastestDepotWithinItsLimitServes) {
  // Shelter at 2; D1 (county, 6 h) at 0 is 200 s away, D2 (city, 8 h) at 3 is 100 s.
  // D1's limit of 150 s is missed, D2 serves.
  const auto g = make_graph({0, 1000, 2000, 3000}, {0, 0, 0, 0},
                            {{0, 1, 1000, 10, 3600}, {1, 2, 1000, 10, 3600},
                             {3, 2, 1000, 10, 3600}});
  std::vector<double> w(g.edge_count());
  for (EdgeId e = 0; e < g.edge_count(); ++e) w[e] = g.length_m[e] / g.free_speed_mps[e];
  const std::vector<Depot> depots{depot_at(0, 150, "D1"), depot_at(3, 600, "D2")};
  const std::vector<NodeId> shelters{2, 1};
  const std::vector<double> occ{10, 0};
  const SupplyCheck c = check_supplies(g, w, depots, shelters, occ, 0, 0);
  EXPECT_EQ(c.depot[0], 1);
  EXPECT_EQ(c.reachable[0], 1);
  EXPECT_NEAR(c.travel_s[0 * 2 + 0], 200.0, 1e-9);
  EXPECT_NEAR(c.travel_s[0 * 2 + 1], 100.0, 1e-9);
  // Shelter at 1: only D1 (100 s, within 150 s); D2 cannot get there (one-way roads).
  EXPECT_EQ(c.depot[1], 0);
  EXPECT_TRUE(std::isinf(c.travel_s[1 * 2 + 1]));
  EXPECT_EQ(c.occupied, 1u);
  // A closed edge is left out; a NaN time is refused.
  w[0] = std::numeric_limits<double>::infinity();
  EXPECT_EQ(check_supplies(g, w, depots, shelters, occ, 0, 0).reachable[1], 0);
  w[0] = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(check_supplies(g, w, depots, shelters, occ, 0, 0), InvariantError);
}

TEST(Supplies, IslandUnreachableAfterTheLastFerry) {
  // Depot on the mainland (0), shelter on the island (1), a ferry 0 -> 1 leaving at 100 s
  // and 200 s, crossing 300 s. Before the last departure the supplies wait for the next
  // boat; after it (停运 cut the later ones) the island is cut off.
  std::vector<graph::EdgeInput> in(2);
  in[0].tail = 0, in[0].head = 1, in[0].length_m = 3000, in[0].free_speed_mps = 5,
  in[0].capacity_veh_h = 100, in[0].ferry = true;
  in[1].tail = 1, in[1].head = 0, in[1].length_m = 3000, in[1].free_speed_mps = 5,
  in[1].capacity_veh_h = 100, in[1].ferry = true;
  const auto g = graph::build_graph({0, 3000}, {0, 0}, in);
  QueueSim sim(g, {shelter_at(1, 100)}, {}, {}, checked_config());
  FerryService f;
  f.edge = edge_of(g, 0, 1);
  f.departures_s = {100, 200};
  f.crossing_s = 300;
  sim.set_ferries({f});
  const std::vector<Depot> depots{depot_at(0, 3600)};
  const std::vector<NodeId> shelters{1};
  const std::vector<double> occ{50};
  auto w = sim.vehicle_free_times_s();
  EXPECT_NEAR(w[edge_of(g, 0, 1)], 400.0, 1e-9);  // wait 100 s + crossing 300 s
  EXPECT_TRUE(std::isinf(w[edge_of(g, 1, 0)]));   // no service: closed
  EXPECT_EQ(check_supplies(g, w, depots, shelters, occ, 0, 0).reachable[0], 1);
  sim.advance_to(250);
  w = sim.vehicle_free_times_s();
  EXPECT_TRUE(std::isinf(w[edge_of(g, 0, 1)]));
  const SupplyCheck c = check_supplies(g, w, depots, shelters, occ, 250, 250);
  EXPECT_EQ(c.reachable[0], 0);
  EXPECT_EQ(c.unreachable_occupied, 1u);
}

TEST(Supplies, CheckTimes) {
  const std::vector<double> none;
  EXPECT_EQ(supply_check_times(none, 86400, 10800, 151200, "f"),
            (std::vector<double>{86400, 97200, 108000, 118800, 129600, 140400, 151200}));
  const std::vector<double> given{7200, -5, 3600, 3600, 99999};
  EXPECT_EQ(supply_check_times(given, 0, 10800, 10000, "f"), (std::vector<double>{3600, 7200}));
  EXPECT_THROW(supply_check_times(none, 0, 0, 100, "f"), ConfigError);
}

TEST(Supplies, ForwardSearchFollowsEdgeDirection) {
  const auto g = make_graph({0, 1, 2}, {0, 0, 0},
                            {{0, 1, 10, 1, 100}, {1, 2, 10, 1, 100}, {2, 0, 5, 1, 100}});
  const std::vector<double> w{10, 10, 5};
  std::vector<double> t;
  graph::times_from(g, w, 1, t);
  EXPECT_EQ(t, (std::vector<double>{15, 0, 10}));
  EXPECT_THROW(graph::times_from(g, w, 7, t), InvariantError);
}

}  // namespace
}  // namespace floodevac::evac
