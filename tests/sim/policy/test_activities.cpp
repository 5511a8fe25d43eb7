// Activity places: the daily profile and the gravity assignment of place persons to homes.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "sim/core/error.hpp"
#include "sim/policy/assignment.hpp"
#include "sim/policy/timeline.hpp"
#include "tests/sim/policy/town.hpp"

namespace floodevac::policy {
namespace {

using testing::town_graph;
using testing::town_inputs;

evac::PopulationUnit unit_at(graph::NodeId n, double persons) {
  evac::PopulationUnit u;
  u.node = n;
  u.persons = persons;
  return u;
}

ActivityPlace place_at(graph::NodeId n, double persons, Activity a = Activity::work) {
  ActivityPlace p;
  p.node = n;
  p.persons = persons;
  p.activity = a;
  p.kind = "factory";
  return p;
}

std::vector<double> persons_by_base(const PlaceAssignment& a, std::size_t place,
                                    std::size_t bases) {
  std::vector<double> out(bases, 0.0);
  for (std::uint32_t k = a.first[place]; k < a.first[place + 1]; ++k)
    out[a.base[k]] += a.persons[k];
  return out;
}

TEST(Activities, CountyDailyProfileReads) {
  std::ifstream f(std::string(FLOODEVAC_SOURCE_DIR) + "/data/county/daily_profile.csv");
  ASSERT_TRUE(f.good());
  std::stringstream ss;
  ss << f.rdbuf();
  const DailyProfile p = DailyProfile::from_csv(ss.str(), "daily_profile.csv");
  EXPECT_EQ(p.columns.size(), 21u);
  const std::int32_t boarding = p.find("schools", "high_boarding");
  ASSERT_GE(boarding, 0);
  EXPECT_EQ(p.columns[boarding], "schools.high_boarding");
  EXPECT_DOUBLE_EQ(p.share(boarding, 3), 1.0);
  EXPECT_EQ(p.columns[p.find("workplaces", "factory")], "workplaces");  // L.K else L
  EXPECT_EQ(p.columns[p.find("tourists", "hotel")], "tourists.hotel");
  EXPECT_EQ(p.find("tourists", "camping"), -1);  // no plain "tourists" column
  EXPECT_THROW(p.column_for("tourists", "camping", "places[3].kind"), ConfigError);
  EXPECT_DOUBLE_EQ(p.share(p.find("outdoor", "fishing_boats"), 12), 0.9);
}

TEST(Activities, ProfileCsvErrorsGiveLineAndColumn) {
  std::string csv = "hour,schools\n";
  for (int h = 0; h < 24; ++h) csv += std::to_string(h) + (h == 5 ? ",1.5\n" : ",0.5\n");
  try {
    DailyProfile::from_csv(csv, "p.csv");
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_EQ(e.context().file, "p.csv");
    EXPECT_EQ(e.context().line, 7);
    EXPECT_EQ(e.context().column, 2);
  }
  EXPECT_THROW(DailyProfile::from_csv("hour,a\n0,0\n", "p.csv"), InputError);
}

TEST(Activities, GravityRuleSharesByTravelTime) {
  const auto g = testing::town_graph();
  // A factory at node 2; 1000 residents each at node 1 (50 s away) and node 0 (100 s).
  const std::vector<evac::PopulationUnit> units = {unit_at(1, 1000), unit_at(0, 1000)};
  const std::vector<ActivityPlace> places = {place_at(2, 100)};
  const PlaceAssignment a = assign_places(g, units, places, GravityRule{900.0}, 1);
  // Quotas 100 / (1 + e^(-50/900)) = 51.39 and 48.61: floors 51, 48; the larger remainder
  // (0.61) gets the last person.
  const auto by = persons_by_base(a, 0, 2);
  EXPECT_DOUBLE_EQ(by[0], 51.0);
  EXPECT_DOUBLE_EQ(by[1], 49.0);
  EXPECT_DOUBLE_EQ(a.unplaced[0], 0.0);
}

TEST(Activities, GravityRuleRespectsResidentsAndLandMasses) {
  const auto g = testing::town_graph();
  // 10 residents next to a 100-job factory, 60 further away, 500 on the island.
  const std::vector<evac::PopulationUnit> units = {unit_at(1, 10), unit_at(0, 60), unit_at(6, 500)};
  const std::vector<ActivityPlace> places = {place_at(2, 100), place_at(5, 20)};
  const PlaceAssignment a = assign_places(g, units, places, GravityRule{900.0}, 1);
  const auto factory = persons_by_base(a, 0, 3);
  EXPECT_DOUBLE_EQ(factory[0], 10.0);
  EXPECT_DOUBLE_EQ(factory[1], 60.0);
  EXPECT_DOUBLE_EQ(factory[2], 0.0);  // the island is not reachable without the ferry
  EXPECT_DOUBLE_EQ(a.unplaced[0], 30.0);
  const auto island = persons_by_base(a, 1, 3);
  EXPECT_DOUBLE_EQ(island[2], 20.0);
  EXPECT_EQ(land_masses(g), (std::vector<std::uint32_t>{0, 0, 0, 0, 0, 1, 1}));
}

TEST(Activities, TiesAreBrokenByTheSeed) {
  const auto g = testing::town_graph();
  const std::vector<evac::PopulationUnit> units = {unit_at(1, 5), unit_at(3, 5)};  // both 50 s
  const std::vector<ActivityPlace> places = {place_at(2, 1)};
  int first = 0;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    const PlaceAssignment a = assign_places(g, units, places, GravityRule{900.0}, seed);
    ASSERT_EQ(a.base.size(), 1u);
    first += a.base[0] == 0 ? 1 : 0;
    EXPECT_EQ(assign_places(g, units, places, GravityRule{900.0}, seed).base, a.base);
  }
  EXPECT_GT(first, 5);
  EXPECT_LT(first, 35);
}

TEST(Activities, CarShareHoldsOverSmallCohorts) {
  const auto g = town_graph();
  TimelineInputs in = town_inputs(g);
  in.warning.broadcast_share = 1.0;
  in.compliance.by_activity.fill(1.0);
  in.orders = {testing::order(OrderKind::transfer, 14 * 3600.0)};
  const TimelinePlan plan = build_timeline(in);
  double car = 0, all = 0;
  for (std::size_t i = 0; i < plan.trips.size(); ++i) {
    if (!plan.tags[i].first_leg) continue;
    all += plan.trips[i].persons;
    car += plan.trips[i].mode == evac::Mode::car ? plan.trips[i].persons : 0.0;
  }
  ASSERT_GT(all, 1000.0);
  EXPECT_NEAR(car / all, in.response.car_share, 0.05);
}

}  // namespace
}  // namespace floodevac::policy
