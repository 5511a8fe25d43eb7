// The typhoon-day timeline on the tiny inline town (town.hpp).
#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>

#include "sim/core/error.hpp"
#include "sim/policy/islands.hpp"
#include "sim/policy/timeline.hpp"
#include "tests/sim/policy/town.hpp"

namespace floodevac::policy {
namespace {

using testing::order;
using testing::town_graph;
using testing::town_inputs;

constexpr double kHour = 3600.0;
// Local 10:00 on landfall day: the clock starts at 20:00 the evening before.
constexpr double k10am = 14 * kHour;

void expect_conserved(const TimelinePlan& plan, double t) {
  const PresenceCounts c = plan.presence.counts(t);
  EXPECT_NEAR(c.total(), plan.residents + plan.tourists, 1e-6) << "t = " << t;
  EXPECT_GE(c.home, -1e-9);
  EXPECT_GE(c.elsewhere, -1e-9);
}

std::size_t count_legs(const TimelinePlan& plan, LegKind k, Activity a) {
  std::size_t n = 0;
  for (const TripTag& t : plan.tags) n += t.leg == k && t.activity == a ? 1 : 0;
  return n;
}

TEST(Timeline, WithoutOrdersPeopleFollowTheProfile) {
  const auto g = town_graph();
  const TimelineInputs in = town_inputs(g);
  const TimelinePlan plan = build_timeline(in);
  EXPECT_TRUE(plan.trips.empty());
  EXPECT_DOUBLE_EQ(plan.residents, 1500.0);
  EXPECT_DOUBLE_EQ(plan.tourists, 50.0);
  EXPECT_DOUBLE_EQ(plan.unplaced_persons, 0.0);
  // 10:00: everyone at school and work; 22:00 the evening before: all at home.
  EXPECT_NEAR(plan.presence.at_place(0, k10am), 300.0, 1e-9);
  EXPECT_NEAR(plan.presence.at_place(1, k10am), 200.0, 1e-9);
  EXPECT_NEAR(plan.presence.at_place(3, k10am), 100.0, 1e-9);
  const PresenceCounts day = plan.presence.counts(k10am);
  EXPECT_NEAR(day.home, 1500.0 - 600.0, 1e-9);
  EXPECT_NEAR(day.at_activity[static_cast<int>(Activity::tourist)], 25.0, 1e-9);  // hotel 0.5
  EXPECT_NEAR(day.elsewhere, 25.0, 1e-9);
  const PresenceCounts night = plan.presence.counts(2 * kHour);
  EXPECT_NEAR(night.home, 1500.0, 1e-9);
  // The island's 200 residents are all on the island: nobody there goes to a mainland place.
  for (std::uint32_t k = 0; k < plan.assignment.base.size(); ++k)
    EXPECT_NE(plan.assignment.base[k], 1);
  for (double t = 0; t <= in.duration_s; t += 1800.0) expect_conserved(plan, t);
}

TEST(Timeline, OrderAfterLandfallHasNoEffectBeforeIt) {
  const auto g = town_graph();
  TimelineInputs in = town_inputs(g);
  const TimelinePlan quiet = build_timeline(in);
  const double issue = parse_time("T+1h", in.clock, "orders[0].time");
  in.orders = {order(OrderKind::stop_work, issue), order(OrderKind::transfer, issue),
               order(OrderKind::stop_transport, issue)};
  const TimelinePlan plan = build_timeline(in);
  ASSERT_FALSE(plan.trips.empty());
  for (const auto& t : plan.trips) EXPECT_GE(t.depart_s, issue);
  std::vector<double> a_p, a_u, b_p, b_u;
  for (double t = 0; t < issue; t += 900.0) {
    quiet.presence.sample(t, a_p, a_u);
    plan.presence.sample(t, b_p, b_u);
    EXPECT_EQ(a_p, b_p) << t;
    EXPECT_EQ(a_u, b_u) << t;
  }
  for (const auto& f : plan.ferries)
    for (double d : f.departures_s) EXPECT_LT(d, issue);
}

TEST(Timeline, StopClassesTheEveningBeforeKeepsStudentsHome) {
  const auto g = town_graph();
  TimelineInputs in = town_inputs(g);
  in.warning.broadcast_share = 1.0;  // everyone hears it on the evening news
  in.orders = {order(OrderKind::stop_classes, parse_time("2026-08-11T21:00", in.clock, "t"))};
  const TimelinePlan plan = build_timeline(in);
  EXPECT_TRUE(plan.trips.empty());  // no school trips at all
  EXPECT_EQ(count_legs(plan, LegKind::go_home, Activity::school), 0u);
  EXPECT_NEAR(plan.presence.at_place(0, k10am), 0.0, 1e-12);
  EXPECT_NEAR(plan.presence.at_place(3, k10am), 0.0, 1e-12);
  EXPECT_NEAR(plan.presence.at_place(1, k10am), 200.0, 1e-9);  // work goes on
  EXPECT_NEAR(plan.presence.counts(k10am).home, 1500.0 - 200.0, 1e-9);
  EXPECT_DOUBLE_EQ(plan.orders[0].persons_moved, 0.0);
  EXPECT_DOUBLE_EQ(plan.orders[0].persons_complied, 400.0);
}

TEST(Timeline, StopClassesAtTenSendsStudentsHomeAfterTheChainDelay) {
  const auto g = town_graph();
  TimelineInputs in = town_inputs(g);
  in.orders = {order(OrderKind::stop_classes, k10am)};
  const TimelinePlan plan = build_timeline(in);
  const WarningChain& w = in.warning;
  const double earliest =
      k10am +
      std::min(w.broadcast_delay_s, w.county_delay_s + w.township_delay_s + w.village_delay_s);
  double moved = 0;
  std::size_t legs = 0;
  for (std::size_t i = 0; i < plan.trips.size(); ++i) {
    const auto& t = plan.trips[i];
    ASSERT_EQ(plan.tags[i].leg, LegKind::go_home);
    ASSERT_EQ(plan.tags[i].activity, Activity::school);
    EXPECT_GE(t.depart_s, earliest);
    EXPECT_EQ(t.group, static_cast<std::uint16_t>(Activity::school));
    // Explicit route from the school to the home node.
    ASSERT_FALSE(t.route.empty());
    EXPECT_EQ(g.tails()[t.route.front()], t.origin);
    EXPECT_EQ(g.head[t.route.back()], t.dest_node);
    EXPECT_EQ(t.dest_node, in.units[t.unit].node);
    moved += t.persons;
    ++legs;
  }
  ASSERT_GT(legs, 0u);
  // Nobody has left at 10:00; all reached and complying students are gone by 16:00.
  EXPECT_NEAR(plan.presence.at_place(0, k10am + 1.0), 300.0, 1e-9);
  const double reached = plan.orders[0].persons_reached;
  // School compliance is 1: every reached student leaves, on a leg unless the school is at
  // the home's node (E1 and unit u2 share node 3: those are home at once).
  EXPECT_LE(moved, reached + 1e-3);
  EXPECT_GT(moved, 0.7 * reached);
  EXPECT_NEAR(plan.presence.at_place(0, k10am + 5.9 * kHour) +
                  plan.presence.at_place(3, k10am + 5.9 * kHour),
              400.0 - reached, 1e-6);
  // About the share the chain reaches (R(inf) = 0.98).
  EXPECT_NEAR(reached / 400.0, w.share_ever_reached(), 0.05);
  for (double t = k10am; t < k10am + 8 * kHour; t += 600.0) expect_conserved(plan, t);
}

TEST(Timeline, WarningShareReachedMatchesTheFormula) {
  WarningChain w;
  w.broadcast_share = 0.5;
  w.broadcast_delay_s = 600;
  w.county_delay_s = 1000;
  w.township_delay_s = 1000;
  w.village_delay_s = 1000;
  w.household_spread_s = 4000;
  w.chain_reach = 0.8;
  EXPECT_EQ(w.share_reached(-1.0), 0.0);
  EXPECT_EQ(w.share_reached(599.0), 0.0);
  EXPECT_DOUBLE_EQ(w.share_reached(600.0), 0.5);
  EXPECT_DOUBLE_EQ(w.share_reached(3000.0), 0.5);
  // Half way through the household calls: 1 - 0.5 * (1 - 0.4) = 0.7.
  EXPECT_DOUBLE_EQ(w.share_reached(5000.0), 0.7);
  EXPECT_DOUBLE_EQ(w.share_reached(1e9), 1.0 - 0.5 * 0.2);
  EXPECT_DOUBLE_EQ(w.share_ever_reached(), 0.9);
  // reach_time over a grid of uniform pairs has distribution function R.
  const int n = 400;
  for (double tau : {300.0, 600.0, 3500.0, 4000.0, 5000.0, 6500.0, 8000.0}) {
    int hit = 0;
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) hit += w.reach_time((i + 0.5) / n, (j + 0.5) / n) <= tau ? 1 : 0;
    EXPECT_NEAR(static_cast<double>(hit) / (n * n), w.share_reached(tau), 2.0 / n) << tau;
  }
  w.chain_reach = 1.5;
  EXPECT_THROW(w.validate(), ConfigError);
}

TEST(Timeline, TimelineShareReachedFollowsTheWarning) {
  const auto g = town_graph();
  TimelineInputs in = town_inputs(g);
  in.orders = {order(OrderKind::transfer, 2 * kHour)};
  const TimelinePlan plan = build_timeline(in);
  EXPECT_DOUBLE_EQ(plan.share_reached(in, 0, 2 * kHour + 5400.0 + 3600.0),
                   in.warning.share_reached(5400.0 + 3600.0));
  EXPECT_NEAR(plan.orders[0].persons_reached / plan.orders[0].persons_applied,
              in.warning.share_ever_reached(), 0.04);
}

const graph::RoadGraph& returns_graph() {
  static const graph::RoadGraph g = town_graph();
  return g;
}
graph::NodeId g_head(graph::EdgeId e) {
  return returns_graph().head[e];
}

TimelinePlan returns_plan(bool enforcement, double share) {
  const graph::RoadGraph& g = returns_graph();
  TimelineInputs in = town_inputs(g);
  in.units[0].persons = 4000;  // enough trips for a share
  in.zones[0].enforcement = enforcement;
  in.returns.share = share;
  in.orders = {order(OrderKind::transfer, 2 * kHour, {0})};
  return build_timeline(in);
}

TEST(Timeline, EnforcementStopsReturns) {
  const TimelinePlan on = returns_plan(true, 0.3);
  std::size_t transfers = 0;
  for (const auto& t : on.tags) {
    EXPECT_NE(t.leg, LegKind::return_home);
    transfers += t.leg == LegKind::transfer ? 1 : 0;
  }
  EXPECT_GT(transfers, 1000u);
}

TEST(Timeline, WithoutEnforcementTheConfiguredShareReturns) {
  const TimelinePlan off = returns_plan(false, 0.3);
  std::size_t returnable = 0, returns = 0;
  for (std::size_t i = 0; i < off.trips.size(); ++i) {
    const auto& t = off.trips[i];
    const auto& tag = off.tags[i];
    if (tag.leg == LegKind::transfer && tag.unit >= 0 && t.origin == 0u) ++returnable;
    if (tag.leg != LegKind::return_home) continue;
    ++returns;
    // Chained after the transfer into the shelter it leaves.
    std::int32_t prev = -1;
    for (std::size_t j = 0; j < off.trips.size(); ++j)
      if (off.trips[j].next == static_cast<std::int32_t>(i)) prev = static_cast<std::int32_t>(j);
    ASSERT_GE(prev, 0);
    if (off.trips[prev].dest_shelter >= 0) {
      // From the planned shelter (S0 at node 3) with a route home.
      EXPECT_EQ(t.from_shelter, off.trips[prev].dest_shelter);
      EXPECT_EQ(t.origin, 3u);
      ASSERT_FALSE(t.route.empty());
      EXPECT_EQ(g_head(t.route.back()), 0u);
    } else {
      // Beyond the plan's 2000 places: the queue model's shelter, routed on release.
      EXPECT_EQ(t.from_shelter, -1);
      EXPECT_TRUE(t.route.empty());
    }
    EXPECT_EQ(t.dest_node, 0u);
    EXPECT_GE(t.depart_s, off.trips[prev].depart_s + 3 * kHour);
    EXPECT_LE(t.depart_s, off.trips[prev].depart_s + 8 * kHour);
    EXPECT_FALSE(tag.first_leg);
  }
  ASSERT_GT(returnable, 1000u);
  const double share = static_cast<double>(returns) / static_cast<double>(returnable);
  const double sigma = std::sqrt(0.3 * 0.7 / static_cast<double>(returnable));
  EXPECT_NEAR(share, 0.3, 4 * sigma);
  EXPECT_TRUE(returns_plan(false, 0.0).trips.size() < off.trips.size());
}

TEST(Timeline, StopTransportCutsFerriesAndSendsIslandTouristsAshore) {
  const auto g = town_graph();
  TimelineInputs in = town_inputs(g);
  const double cut = parse_time("2026-08-12T12:00", in.clock, "t");
  in.orders = {order(OrderKind::stop_transport, cut)};
  const TimelinePlan plan = build_timeline(in);
  std::size_t before = 0, after = 0;
  for (const auto& f : in.ferries) before += f.departures_s.size();
  for (const auto& f : plan.ferries) {
    after += f.departures_s.size();
    for (double d : f.departures_s) EXPECT_LT(d, cut);
  }
  EXPECT_LT(after, before);
  EXPECT_EQ(static_cast<std::size_t>(plan.orders[0].ferry_departures_cut), before - after);
  // 06:30..11:30 out, 07:00..11:00 back on landfall day (6 + 5 = 11).
  EXPECT_EQ(after, 11u);
  double ashore = 0;
  for (std::size_t i = 0; i < plan.trips.size(); ++i) {
    ASSERT_EQ(plan.tags[i].leg, LegKind::leave_island);
    EXPECT_EQ(plan.trips[i].dest_shelter, 0);  // the mainland shelter, not the island's
    EXPECT_EQ(plan.tags[i].hotel, 2);
    ashore += plan.trips[i].persons;
  }
  EXPECT_GT(ashore, 0.0);
  EXPECT_NEAR(ashore, plan.orders[0].persons_complied, 1e-3);
}

TEST(Timeline, SchoolThatIsAShelterKeepsItsStudents) {
  const auto g = town_graph();
  TimelineInputs in = town_inputs(g);
  in.orders = {order(OrderKind::transfer, k10am, {2})};
  const TimelinePlan plan = build_timeline(in);
  double kept = 0;
  for (std::size_t i = 0; i < plan.trips.size(); ++i) {
    if (plan.tags[i].place != 3) continue;
    EXPECT_NE(plan.tags[i].leg, LegKind::go_home);
    if (plan.tags[i].leg == LegKind::shelter_in_place) {
      EXPECT_EQ(plan.trips[i].dest_shelter, 0);
      EXPECT_EQ(plan.trips[i].origin, 3u);
      EXPECT_TRUE(plan.trips[i].route.empty());
      kept += plan.trips[i].persons;
    }
  }
  EXPECT_GT(kept, 50.0);
}

TEST(Timeline, TransferCallsMembersHomeFromPlacesOutsideTheZone) {
  const auto g = town_graph();
  TimelineInputs in = town_inputs(g);
  in.orders = {order(OrderKind::transfer, k10am, {0})};
  const TimelinePlan plan = build_timeline(in);
  std::size_t chains = 0;
  for (std::size_t i = 0; i < plan.trips.size(); ++i) {
    const auto& t = plan.trips[i];
    if (plan.tags[i].leg == LegKind::go_home) {
      // V0 workers at the V2 factory, V0 students at the V2 school.
      EXPECT_TRUE(plan.tags[i].place == 1 || plan.tags[i].place == 3);
      EXPECT_EQ(plan.tags[i].zone, 0);
      ASSERT_GE(t.next, 0);
      const auto& n = plan.trips[t.next];
      EXPECT_EQ(plan.tags[t.next].leg, LegKind::transfer);
      EXPECT_EQ(n.origin, t.dest_node);
      EXPECT_EQ(n.dest_shelter, 0);  // V0's plan
      EXPECT_FALSE(plan.tags[t.next].first_leg);
      ++chains;
    }
    // The V0 school is in the zone: its students go to a shelter directly.
    if (plan.tags[i].place == 0) {
      EXPECT_EQ(plan.tags[i].leg, LegKind::transfer);
    }
    // Only V0 residents and people at V0 places move; V2 has no plan, V0's is S0.
    if (plan.tags[i].leg == LegKind::transfer) {
      EXPECT_TRUE(plan.tags[i].zone == 0 || plan.tags[i].place == 0);
      EXPECT_EQ(t.dest_shelter, 0);
    }
  }
  EXPECT_GT(chains, 0u);
  for (double t = k10am; t < k10am + 10 * kHour; t += 600.0) expect_conserved(plan, t);
}

TEST(Timeline, PeopleAreConservedWithEveryOrder) {
  const auto g = town_graph();
  TimelineInputs in = town_inputs(g);
  in.orders = {order(OrderKind::stop_classes, k10am - 2 * kHour),
               order(OrderKind::stop_work, k10am), order(OrderKind::stop_transport, k10am + kHour),
               order(OrderKind::transfer, k10am + 2 * kHour, {0, 1}),
               order(OrderKind::transfer, k10am + 4 * kHour)};
  const TimelinePlan plan = build_timeline(in);
  for (double t = 0; t <= in.duration_s; t += 900.0) expect_conserved(plan, t);
  // Every chained leg starts where the leg before ends.
  for (std::size_t i = 0; i < plan.trips.size(); ++i) {
    const auto& t = plan.trips[i];
    if (t.next < 0) continue;
    const auto& n = plan.trips[t.next];
    if (t.dest_node != graph::kInvalid) {
      EXPECT_EQ(n.origin, t.dest_node);
    } else if (t.dest_shelter >= 0) {
      EXPECT_EQ(n.origin, in.shelters[t.dest_shelter].node);
    } else {
      // After the queue model's choice of shelter only a return home may follow; it is
      // routed when released.
      EXPECT_EQ(plan.tags[t.next].leg, LegKind::return_home);
      EXPECT_TRUE(n.route.empty());
    }
  }
}

TEST(Timeline, SameSeedSamePlanOtherSeedOtherPlan) {
  const auto g = town_graph();
  TimelineInputs in = town_inputs(g);
  in.orders = {order(OrderKind::stop_work, k10am), order(OrderKind::transfer, k10am + kHour)};
  const TimelinePlan a = build_timeline(in), b = build_timeline(in);
  ASSERT_EQ(a.trips.size(), b.trips.size());
  for (std::size_t i = 0; i < a.trips.size(); ++i) {
    EXPECT_EQ(a.trips[i].depart_s, b.trips[i].depart_s);
    EXPECT_EQ(a.trips[i].persons, b.trips[i].persons);
    EXPECT_EQ(a.trips[i].origin, b.trips[i].origin);
    EXPECT_EQ(a.trips[i].dest_shelter, b.trips[i].dest_shelter);
    EXPECT_EQ(a.trips[i].route, b.trips[i].route);
    EXPECT_EQ(a.trips[i].next, b.trips[i].next);
  }
  EXPECT_EQ(a.presence.handover_t, b.presence.handover_t);
  // The only threaded part (make_trips' split) gives the same plan at 1 and 2 threads.
  const int threads = omp_get_max_threads();
  omp_set_num_threads(1);
  const TimelinePlan one = build_timeline(in);
  omp_set_num_threads(2);
  const TimelinePlan two = build_timeline(in);
  omp_set_num_threads(threads);
  ASSERT_EQ(one.trips.size(), a.trips.size());
  ASSERT_EQ(two.trips.size(), a.trips.size());
  for (std::size_t i = 0; i < a.trips.size(); ++i) {
    EXPECT_EQ(one.trips[i].depart_s, a.trips[i].depart_s);
    EXPECT_EQ(two.trips[i].depart_s, a.trips[i].depart_s);
    EXPECT_EQ(two.trips[i].persons, a.trips[i].persons);
  }
  in.seed = 8;
  const TimelinePlan c = build_timeline(in);
  bool differs = c.trips.size() != a.trips.size();
  for (std::size_t i = 0; !differs && i < a.trips.size(); ++i)
    differs = a.trips[i].depart_s != c.trips[i].depart_s;
  EXPECT_TRUE(differs);
}

TEST(Timeline, BadInputsNameTheField) {
  const auto g = town_graph();
  TimelineInputs in = town_inputs(g);
  in.orders = {order(OrderKind::transfer, k10am, {5})};
  try {
    build_timeline(in);
    ADD_FAILURE();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.context().field, "orders[0].zones[0]");
  }
  in = town_inputs(g);
  in.places[0].kind = "primary";
  in.profile.columns[1] = "colleges";  // no "schools" column any more
  try {
    build_timeline(in);
    ADD_FAILURE();
  } catch (const ConfigError& e) {
    EXPECT_NE(e.context().field.find("places[0]"), std::string::npos);
  }
  in = town_inputs(g);
  in.unit_zone.pop_back();
  EXPECT_THROW(build_timeline(in), ConfigError);
}

TEST(Timeline, IslandSummaryAfterStopTransport) {
  const auto g = town_graph();
  TimelineInputs in = town_inputs(g);
  const double cut = parse_time("2026-08-12T12:00", in.clock, "t");
  in.orders = {order(OrderKind::stop_transport, cut)};
  const TimelinePlan plan = build_timeline(in);
  const auto islands = island_summaries(in, plan);
  ASSERT_EQ(islands.size(), 1u);
  const IslandSummary& s = islands[0];
  EXPECT_EQ(s.zones, (std::vector<std::int32_t>{1}));
  EXPECT_DOUBLE_EQ(s.residents, 200.0);
  EXPECT_DOUBLE_EQ(s.tourists, 50.0);
  EXPECT_DOUBLE_EQ(s.shelter_places, 50.0);
  EXPECT_DOUBLE_EQ(s.shortfall(), 200.0);
  // The last boats before 12:00 on landfall day: 11:00 from the island, 11:30 to it.
  EXPECT_DOUBLE_EQ(s.last_departure_from_s, parse_time("2026-08-12T11:00", in.clock, "t"));
  EXPECT_DOUBLE_EQ(s.last_departure_to_s, parse_time("2026-08-12T11:30", in.clock, "t"));
}

TEST(Timeline, UnsnappedPeopleAndOneWayStreets) {
  // Home 0 -> school 1 -> shelter 2, one way: no way home from the school.
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
  evac::PopulationUnit home, lost;
  home.node = 0;
  home.persons = 50;
  lost.persons = 7;  // not snapped: not simulated
  in.units = {home, lost};
  in.unit_zone = {0, 0};
  ActivityPlace school, nowhere;
  school.activity = nowhere.activity = Activity::school;
  school.kind = nowhere.kind = "primary";
  school.node = 1;
  school.persons = 20;
  nowhere.persons = 5;  // not snapped: unplaced
  in.places = {school, nowhere};
  in.profile = testing::town_profile();
  Zone z;
  z.id = "V0";
  in.zones = {z};
  in.warning.broadcast_share = 1.0;
  in.duration_s = 42 * kHour;
  in.orders = {order(OrderKind::stop_classes, k10am), order(OrderKind::transfer, k10am + kHour)};
  const TimelinePlan plan = build_timeline(in);
  EXPECT_DOUBLE_EQ(plan.residents, 50.0);
  EXPECT_DOUBLE_EQ(plan.unplaced_persons, 5.0);
  EXPECT_GT(plan.unroutable_legs, 0);
  for (std::size_t i = 0; i < plan.trips.size(); ++i) {
    const auto& t = plan.trips[i];
    if (plan.tags[i].leg != LegKind::go_home) continue;
    // No way home: the leg heads for the nearest shelter, and nothing follows it.
    EXPECT_EQ(t.dest_node, graph::kInvalid);
    EXPECT_EQ(t.dest_shelter, -1);
    EXPECT_EQ(t.next, -1);
  }
  for (double t = 0; t <= in.duration_s; t += 1800.0) expect_conserved(plan, t);
}

}  // namespace
}  // namespace floodevac::policy
