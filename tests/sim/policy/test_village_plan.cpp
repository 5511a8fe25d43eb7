// 一村一策 per village (issue 13 §1): the margin arithmetic (water arrival - completion),
// the flags, the 90 % / 100 % times, people left behind and exposed, the latest safe order
// time; the water arrival tracker; and the tiny inline town run through the queue model
// with the routes it recorded.
#include <gtest/gtest.h>

#include <cmath>

#include "sim/core/error.hpp"
#include "sim/evac/queue_sim.hpp"
#include "sim/policy/timeline.hpp"
#include "sim/policy/village_plan.hpp"
#include "tests/sim/policy/town.hpp"

namespace floodevac::policy {
namespace {

constexpr double kHour = 3600.0;

/// A plan of hand-made legs and their outcomes.
struct Case {
  TimelinePlan plan;
  std::vector<evac::AgentView> agents;
  std::vector<std::vector<graph::EdgeId>> paths;

  void leg(std::int32_t zone, LegKind kind, std::int32_t order, double persons, double depart_s,
           double arrived_s, std::int32_t shelter, std::vector<graph::EdgeId> path = {},
           bool tourist = false) {
    evac::Trip t;
    t.persons = static_cast<float>(persons);
    t.depart_s = depart_s;
    TripTag tag;
    tag.zone = zone;
    tag.leg = kind;
    tag.order = order;
    tag.hotel = tourist ? 0 : -1;
    evac::AgentView a;
    a.arrived_s = arrived_s;
    a.end_shelter = shelter;
    a.state = shelter >= 0 ? evac::AgentState::sheltered : evac::AgentState::stranded;
    plan.trips.push_back(t);
    plan.tags.push_back(tag);
    agents.push_back(a);
    paths.push_back(std::move(path));
  }
};

Order transfer_order(double issue_s, std::vector<std::int32_t> zones) {
  Order o;
  o.kind = OrderKind::transfer;
  o.issue_s = issue_s;
  o.zones = std::move(zones);
  return o;
}

VillagePlanInputs five_villages() {
  VillagePlanInputs in;
  in.zones.resize(5);
  for (int z = 0; z < 5; ++z) in.zones[static_cast<std::size_t>(z)].id = "V" + std::to_string(z);
  in.orders = {transfer_order(1000, {0}), transfer_order(2000, {1})};
  in.unit_zone = {0, 1, 2, 3, 0};
  in.unit_persons = {100, 100, 50, 10, 20};  // V0 has 120 residents
  in.shelter_capacity = {500, 100};
  in.duration_s = 10000;
  return in;
}

TEST(VillagePlan, MarginArithmeticAndFlags) {
  VillagePlanInputs in = five_villages();
  Case c;
  // V0: 100 persons to transfer, sheltered at 1500, 2500, 4000 (all of them).
  c.leg(0, LegKind::transfer, 0, 10, 1100, 1500, 0, {0, 1});
  c.leg(0, LegKind::transfer, 0, 30, 1200, 2500, 1, {3});
  c.leg(0, LegKind::transfer, 0, 60, 1300, 4000, 0, {1, 2});
  c.leg(0, LegKind::go_home, 0, 5, 900, 950, -1);  // not a leg to a shelter: not counted
  // V1: 20 never sheltered, 80 sheltered at 3000.
  c.leg(1, LegKind::transfer, 1, 20, 2100, std::nan(""), -1);
  c.leg(1, LegKind::transfer, 1, 80, 2200, 3000, 1);
  // V3: not ordered out; two of its people worked in a transferred village and were moved.
  c.leg(3, LegKind::transfer, 0, 2, 1100, 1900, 0);
  const std::vector<double> water = {5000, 2500, std::nan(""), 6000, std::nan("")};
  const std::vector<float> len = {100, 200, 300, 400};
  const VillagePlan vp = village_plan(in, c.plan, c.agents, c.paths, {}, water, len);
  ASSERT_EQ(vp.villages.size(), 5u);

  const VillageRecord& v0 = vp.villages[0];
  EXPECT_DOUBLE_EQ(v0.residents, 120);
  EXPECT_DOUBLE_EQ(v0.to_transfer, 100);
  EXPECT_DOUBLE_EQ(v0.ordered_s, 1000);
  EXPECT_DOUBLE_EQ(v0.sheltered, 100);
  EXPECT_DOUBLE_EQ(v0.sheltered_90_s, 4000);   // 10 + 30 = 40 < 90 until the last group
  EXPECT_DOUBLE_EQ(v0.sheltered_100_s, 4000);
  EXPECT_DOUBLE_EQ(v0.completion_s, 4000);
  EXPECT_DOUBLE_EQ(v0.margin_s, 5000 - 4000);  // water arrival - completion
  EXPECT_EQ(v0.flag, "small");                 // 0 <= 1000 s < 3600 s
  EXPECT_DOUBLE_EQ(v0.left_behind, 20);        // 120 residents, 100 sheltered
  EXPECT_DOUBLE_EQ(v0.exposed_at_water, 20);   // all 100 were in before 5000 s
  EXPECT_DOUBLE_EQ(v0.transfer_duration_s, 3000);
  EXPECT_DOUBLE_EQ(v0.latest_order_s, 5000 - 1.5 * 3000);
  ASSERT_EQ(v0.shelters.size(), 2u);
  EXPECT_EQ(v0.shelters[0].shelter, 0);
  EXPECT_DOUBLE_EQ(v0.shelters[0].persons, 70);
  EXPECT_EQ(v0.shelters[0].groups, 2);
  EXPECT_EQ(v0.shelters[0].edges, (std::vector<graph::EdgeId>{0, 1, 2}));
  EXPECT_EQ(v0.shelters[0].main_path, (std::vector<graph::EdgeId>{1, 2}));  // the 60 persons
  EXPECT_NEAR(v0.shelters[0].mean_route_m, (10 * 300.0 + 60 * 500.0) / 70.0, 1e-9);
  EXPECT_NEAR(v0.shelters[0].mean_travel_s, (10 * 400.0 + 60 * 2700.0) / 70.0, 1e-9);
  EXPECT_DOUBLE_EQ(v0.shelters[1].persons, 30);

  // V1: 80 of 100 sheltered, never 90 %: the run's end stands in for completion.
  const VillageRecord& v1 = vp.villages[1];
  EXPECT_TRUE(std::isnan(v1.sheltered_90_s));
  EXPECT_TRUE(std::isnan(v1.sheltered_100_s));
  EXPECT_DOUBLE_EQ(v1.completion_s, 10000);
  EXPECT_DOUBLE_EQ(v1.margin_s, 2500 - 10000);
  EXPECT_EQ(v1.flag, "negative");
  EXPECT_DOUBLE_EQ(v1.left_behind, 20);
  EXPECT_DOUBLE_EQ(v1.exposed_at_water, 100);  // nobody was in a shelter at 2500 s
  // Not completed: the duration runs to the last group taken in (3000 s).
  EXPECT_DOUBLE_EQ(v1.last_sheltered_s, 3000);
  EXPECT_DOUBLE_EQ(v1.transfer_duration_s, 1000);
  EXPECT_DOUBLE_EQ(v1.latest_order_s, 2500 - 1.5 * 1000);

  EXPECT_EQ(vp.villages[2].flag, "dry");
  EXPECT_TRUE(std::isnan(vp.villages[2].margin_s));
  EXPECT_DOUBLE_EQ(vp.villages[2].left_behind, 0);  // never ordered to leave
  EXPECT_EQ(vp.villages[3].flag, "no_transfer");  // flooded, no transfer order for it
  EXPECT_FALSE(vp.villages[3].ordered);
  EXPECT_DOUBLE_EQ(vp.villages[3].to_transfer, 2);
  EXPECT_TRUE(std::isnan(vp.villages[3].margin_s));
  EXPECT_DOUBLE_EQ(vp.villages[3].left_behind, 0);
  EXPECT_DOUBLE_EQ(vp.villages[3].exposed_at_water, 8);  // 2 of its 10 were in a shelter
  EXPECT_TRUE(v0.completed);
  EXPECT_FALSE(v1.completed);
  EXPECT_EQ(vp.villages[4].flag, "empty");
  EXPECT_EQ(vp.negative, 1);
  EXPECT_EQ(vp.small, 1);
  EXPECT_EQ(vp.ok, 0);
  EXPECT_EQ(vp.dry, 1);
  EXPECT_EQ(vp.no_transfer, 1);
  EXPECT_EQ(vp.empty, 1);
  EXPECT_DOUBLE_EQ(vp.left_behind, 40);

  // A smaller threshold makes V0's 1000 s margin ok; a later water arrival too.
  in.rule.small_margin_s = 900;
  EXPECT_EQ(village_plan(in, c.plan, c.agents, c.paths, {}, water, len).villages[0].flag, "ok");
  EXPECT_EQ(margin_flag(-1, in.rule), "negative");
  EXPECT_EQ(margin_flag(0, in.rule), "small");
  EXPECT_EQ(margin_flag(900, in.rule), "ok");
  EXPECT_EQ(margin_flag(std::nan(""), in.rule), "");
}

TEST(VillagePlan, NinetyPercentBeforeAllAndHalfAPersonTolerance) {
  VillagePlanInputs in = five_villages();
  Case c;
  c.leg(0, LegKind::transfer, 0, 45, 1100, 2000, 0);
  c.leg(0, LegKind::shelter_in_place, 0, 45, 1100, 3000, 0);
  c.leg(0, LegKind::transfer, 0, 9.7f, 1100, 3500, 0);
  c.leg(0, LegKind::transfer, 0, 0.3f, 1100, std::nan(""), -1);  // under half a person out
  c.leg(0, LegKind::leave_island, -1, 10, 1100, 3600, 1, {}, true);  // tourists count too
  const std::vector<double> water = {3000, kNoValue, kNoValue, kNoValue, kNoValue};
  const VillagePlan vp = village_plan(in, c.plan, c.agents, {}, {}, water, {});
  const VillageRecord& v0 = vp.villages[0];
  EXPECT_NEAR(v0.to_transfer, 110, 1e-5);
  EXPECT_DOUBLE_EQ(v0.sheltered_90_s, 3500);   // 45 + 45 = 90 < 99: the 9.7 at 3500
  EXPECT_DOUBLE_EQ(v0.sheltered_100_s, 3600);  // 109.7 >= 110 - 0.5
  EXPECT_DOUBLE_EQ(v0.margin_s, -600);
  EXPECT_EQ(v0.flag, "negative");
  // Residents only: 90 of the 120 were in by 3000 s (the tourists are not residents).
  EXPECT_NEAR(v0.exposed_at_water, 30, 1e-5);
  EXPECT_NEAR(v0.left_behind, 120 - 99.7, 1e-5);
  EXPECT_TRUE(std::isnan(v0.shelters[0].mean_route_m));  // no paths recorded
}

TEST(VillagePlan, WaterArrivalIsTheFirstCouplingAtTheDepth) {
  // Zone 0: cells of 10, 10 and 80 residents; share 0.15. Zone 1: one cell, wet at the
  // start (the sea): never counts. Zone 2: no cell.
  WaterArrival w({0, 0, 0, 1, -1}, {10, 10, 80, 50, 5}, 3, 0.3, 0.15);
  w.observe(0, std::vector<float>{0.0f, 0.0f, 0.0f, 1.0f, 5.0f});
  w.observe(100, std::vector<float>{0.4f, 0.29f, std::nanf(""), 1.0f, 5.0f});
  EXPECT_TRUE(std::isnan(w.first_s()[0]));  // 10 of 100 residents < 15 %
  w.observe(200, std::vector<float>{0.4f, 0.3f, 0.0f, 1.0f, 5.0f});
  w.observe(300, std::vector<float>{1.0f, 1.0f, 1.0f, 1.0f, 1.0f});
  EXPECT_DOUBLE_EQ(w.first_s()[0], 200);    // 20 of 100 >= 15 %
  EXPECT_TRUE(std::isnan(w.first_s()[1]));  // water from the start
  EXPECT_TRUE(std::isnan(w.first_s()[2]));  // no watched cell
  EXPECT_THROW(w.observe(400, std::vector<float>{1.0f}), InvariantError);
  EXPECT_THROW(WaterArrival({3}, {1}, 3, 0.3, 0.1), InvariantError);
  EXPECT_THROW(WaterArrival({0}, {}, 3, 0.3, 0.1), InvariantError);
  MarginRule bad;
  bad.safety_factor = 0.5;
  EXPECT_THROW(bad.validate(), ConfigError);
}

// The tiny inline town: V0's residents are transferred to S0 at 10:00 local; the queue
// model records the routes. Completion is the last V0 group's arrival, and the margin is
// the water's arrival less it, at any thread count.
TEST(VillagePlan, TinyTownThroughTheQueueModel) {
  const auto g = testing::town_graph();
  TimelineInputs in = testing::town_inputs(g);
  const double ten = 14 * kHour;
  in.orders = {testing::order(OrderKind::transfer, ten, {0})};
  in.returns.share = 0;
  const TimelinePlan plan = build_timeline(in);
  VillagePlanInputs vi;
  vi.zones = in.zones;
  vi.orders = in.orders;
  vi.unit_zone = in.unit_zone;
  for (const auto& u : in.units) vi.unit_persons.push_back(u.persons);
  vi.duration_s = in.duration_s;
  std::vector<VillageRecord> first;
  for (int threads : {1, 2}) {
    evac::SimConfig cfg;
    cfg.step_s = 10.0;
    cfg.threads = threads;
    cfg.record_paths = true;
    evac::QueueSim sim(g, in.shelters, in.units, plan.trips, cfg);
    sim.set_ferries(plan.ferries);
    while (sim.time_s() < vi.duration_s && !(sim.done() && sim.time_s() > ten)) sim.step();
    std::vector<evac::AgentView> agents;
    std::vector<std::vector<graph::EdgeId>> paths;
    double last = 0, persons = 0, route_pm = 0;
    for (std::uint32_t i = 0; i < plan.trips.size(); ++i) {
      agents.push_back(sim.agent(i));
      const auto p = sim.path(i);
      paths.emplace_back(p.begin(), p.end());
      if (plan.tags[i].zone == 0 && plan.tags[i].leg == LegKind::transfer) {
        persons += plan.trips[i].persons;
        ASSERT_FALSE(std::isnan(agents.back().arrived_s)) << "trip " << i;
        last = std::max(last, agents.back().arrived_s);
        // From home (node 0) or the school (node 1) along the street to S0 at node 3.
        const graph::NodeId from = plan.trips[i].origin;
        ASSERT_LE(from, 1u) << "trip " << i;
        ASSERT_EQ(paths.back().size(), 3u - from) << "trip " << i;
        EXPECT_EQ(paths.back().front(), testing::town_edge(g, from, from + 1));
        EXPECT_EQ(paths.back().back(), testing::town_edge(g, 2, 3));
        route_pm += plan.trips[i].persons * 500.0 * static_cast<double>(3u - from);
      }
    }
    ASSERT_GT(persons, 500);  // most of the 1 000 residents comply
    const double water_s = last + 1800;
    const std::vector<double> water = {water_s, kNoValue, kNoValue};
    const VillagePlan vp =
        village_plan(vi, plan, agents, paths, sim.results().units, water, g.length_m);
    const VillageRecord& v0 = vp.villages[0];
    EXPECT_NEAR(v0.to_transfer, persons, 1e-3);
    EXPECT_DOUBLE_EQ(v0.ordered_s, ten);
    EXPECT_DOUBLE_EQ(v0.sheltered_100_s, last);
    EXPECT_DOUBLE_EQ(v0.margin_s, 1800);
    EXPECT_EQ(v0.flag, "small");
    EXPECT_DOUBLE_EQ(v0.latest_order_s, water_s - 1.5 * (last - ten));
    ASSERT_EQ(v0.shelters.size(), 1u);
    EXPECT_EQ(v0.shelters[0].shelter, 0);
    EXPECT_EQ(v0.shelters[0].edges.size(), 3u);
    EXPECT_NEAR(v0.shelters[0].mean_route_m, route_pm / persons, 1e-3);
    EXPECT_NEAR(v0.left_behind, 1000 - persons, 1e-3);  // the non-compliers stayed
    EXPECT_EQ(vp.villages[1].flag, "dry");
    if (first.empty()) {
      first = vp.villages;
    } else {
      EXPECT_EQ(first[0].sheltered_100_s, v0.sheltered_100_s);
      EXPECT_EQ(first[0].shelters[0].edges, v0.shelters[0].edges);
    }
  }
}

}  // namespace
}  // namespace floodevac::policy
