// Timeline plans run through the queue model (evac::QueueSim with trip legs and ferries).
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "sim/evac/queue_sim.hpp"
#include "sim/policy/timeline.hpp"
#include "tests/sim/policy/town.hpp"

namespace floodevac::policy {
namespace {

using testing::order;
using testing::town_graph;
using testing::town_inputs;

constexpr double kHour = 3600.0;

evac::SimConfig config(int threads, double step_s, bool check) {
  evac::SimConfig c;
  c.step_s = step_s;
  c.threads = threads;
  c.check_every_step = check;
  return c;
}

std::vector<double> arrivals(const evac::QueueSim& sim, std::size_t n) {
  std::vector<double> a(n);
  for (std::size_t i = 0; i < n; ++i) a[i] = sim.agent(static_cast<std::uint32_t>(i)).arrived_s;
  return a;
}

TimelineInputs day_inputs(const graph::RoadGraph& g) {
  TimelineInputs in = town_inputs(g);
  const double ten = 14 * kHour;  // 10:00 local
  in.orders = {order(OrderKind::stop_classes, ten),
               order(OrderKind::stop_work, ten),
               order(OrderKind::transfer, ten - 3 * kHour, {1}),
               order(OrderKind::stop_transport, ten + 2 * kHour),
               order(OrderKind::transfer, ten + 3 * kHour, {0}),
               order(OrderKind::transfer, ten - 0.5 * kHour, {2})};
  in.returns.share = 0.5;
  return in;
}

TEST(TimelineQueue, PlanRunsThroughTheQueueModel) {
  const auto g = town_graph();
  const TimelineInputs in = day_inputs(g);
  const TimelinePlan plan = build_timeline(in);
  const std::size_t n = plan.trips.size();
  ASSERT_GT(n, 100u);
  double first_persons = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (plan.tags[i].first_leg) first_persons += plan.trips[i].persons;
  evac::QueueSim sim(g, in.shelters, in.units, plan.trips, config(2, 10.0, true));
  sim.set_ferries(plan.ferries);
  // Presence + the queue model's persons by activity account for everybody: the persons
  // the presence model has handed over are the queue model's departed persons (up to the
  // trips departing within a step of the time).
  const double mid = 15.5 * kHour;
  while (sim.time_s() < mid) {
    sim.step();
    sim.audit();
  }
  double departed = 0;
  for (const evac::GroupCounts& gc : sim.persons_by_group())
    for (std::size_t s = 0; s < evac::kAgentStateCount; ++s)
      if (s != static_cast<std::size_t>(evac::AgentState::home)) departed += gc.persons[s];
  double near_now = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (plan.tags[i].first_leg && std::abs(plan.trips[i].depart_s - sim.time_s()) <= 20.0)
      near_now += plan.trips[i].persons;
  const PresenceCounts pc = plan.presence.counts(sim.time_s());
  EXPECT_NEAR(pc.handed_over, departed, near_now + 1e-3);
  EXPECT_NEAR(pc.total() - pc.handed_over + departed, plan.residents + plan.tourists,
              near_now + 1e-3);
  const double end = 14 * kHour + 14 * kHour;  // midnight after landfall
  while (sim.time_s() < end) {
    sim.step();
    sim.audit();
  }
  const evac::StateTotals tot = sim.totals();
  EXPECT_NEAR(tot.total, first_persons, 1e-2 * first_persons);
  EXPECT_NEAR(tot.home + tot.moving + tot.stranded + tot.sheltered + tot.trapped + tot.arrived,
              tot.total, 1e-3);
  std::size_t home_legs = 0, returned = 0, kept = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const evac::AgentView a = sim.agent(static_cast<std::uint32_t>(i));
    switch (plan.tags[i].leg) {
      case LegKind::go_home:
        // Routes of 50-150 s on empty streets: every go-home leg has ended.
        if (plan.tags[i].first_leg) {
          EXPECT_FALSE(std::isnan(a.arrived_s)) << plan.trips[i].id;
          ++home_legs;
        }
        break;
      case LegKind::shelter_in_place:
        EXPECT_FALSE(std::isnan(a.arrived_s));
        EXPECT_EQ(a.end_shelter, plan.trips[i].dest_shelter);
        ++kept;
        break;
      case LegKind::return_home:
        returned += std::isnan(a.arrived_s) ? 0 : 1;
        break;
      default:
        break;
    }
  }
  EXPECT_GT(home_legs, 10u);
  EXPECT_GT(kept, 0u);
  EXPECT_GT(returned, 0u);  // 回流 legs got home
  // The island transfer (07:00, before 停运 at 12:00) took island people across.
  const evac::SimResults r = sim.results();
  ASSERT_EQ(r.ferries.size(), 2u);
  double carried = 0;
  for (const auto& f : r.ferries)
    carried += std::accumulate(f.carried_persons.begin(), f.carried_persons.end(), 0.0);
  EXPECT_GT(carried, 0.0);
}

TEST(TimelineQueue, SameResultsAtOneAndTwoThreads) {
  const auto g = town_graph();
  const TimelineInputs in = day_inputs(g);
  const TimelinePlan plan = build_timeline(in);
  auto run = [&](int threads) {
    evac::QueueSim sim(g, in.shelters, in.units, plan.trips, config(threads, 10.0, false));
    sim.set_ferries(plan.ferries);
    sim.advance_to(26 * kHour);
    return arrivals(sim, plan.trips.size());
  };
  const auto one = run(1), two = run(2);
  ASSERT_EQ(one.size(), two.size());
  for (std::size_t i = 0; i < one.size(); ++i) {
    if (std::isnan(one[i])) {
      EXPECT_TRUE(std::isnan(two[i])) << i;
    } else {
      EXPECT_EQ(one[i], two[i]) << i;
    }
  }
}

// One village, worked by hand: 10 residents 1 000 m (100 s at 10 m/s) from their shelter;
// the broadcast reaches everyone 600 s after the order, they all comply and leave 300 s
// later (a logistic curve 1 s wide), 4 cars of 2.5. The last car reaches the shelter at
// issue + 600 + 300 + 100 s, give or take the curve's spread, the 2 s car headway at
// 1 800 veh/h and the 1 s step.
TEST(TimelineQueue, VillageCompletionTimeByHand) {
  std::vector<graph::EdgeInput> es;
  for (graph::NodeId a : {0u, 1u}) {
    graph::EdgeInput e;
    e.tail = a;
    e.head = a + 1;
    e.length_m = 500;
    e.free_speed_mps = 10;
    e.capacity_veh_h = 1800;
    es.push_back(e);
  }
  const auto g = graph::build_graph({0, 500, 1000}, {0, 0, 0}, std::move(es));
  TimelineInputs in;
  in.clock = make_clock("2026-08-11T20:00", 480, "2026-08-12T20:00");
  in.graph = &g;
  evac::Shelter s;
  s.node = 2;
  s.capacity_persons = 100;
  in.shelters = {s};
  evac::PopulationUnit u;
  u.node = 0;
  u.persons = 10;
  in.units = {u};
  in.unit_zone = {0};
  Zone z;
  z.id = "V0";
  z.plan_shelters = {0};
  in.zones = {z};
  in.warning.broadcast_share = 1.0;
  in.warning.broadcast_delay_s = 600;
  in.warning.chain_reach = 0.0;
  in.compliance.by_activity.fill(1.0);
  in.response.transfer_curve = evac::MobilisationCurve::logistic(300.0, 1.0, 600.0);
  in.response.car_share = 1.0;
  in.response.occupancy = 2.5;
  in.duration_s = 4 * kHour;
  const double issue = kHour;
  in.orders = {order(OrderKind::transfer, issue)};
  const TimelinePlan plan = build_timeline(in);
  ASSERT_EQ(plan.trips.size(), 4u);
  evac::QueueSim sim(g, in.shelters, in.units, plan.trips, config(1, 1.0, true));
  sim.advance_to(2 * kHour);
  EXPECT_DOUBLE_EQ(sim.totals().sheltered, 10.0);
  double last = 0;
  for (double a : arrivals(sim, plan.trips.size())) last = std::max(last, a);
  const double by_hand = issue + 600.0 + 300.0 + 100.0;
  EXPECT_GE(last, by_hand - 10.0);
  EXPECT_LE(last, by_hand + 15.0);
}

}  // namespace
}  // namespace floodevac::policy
