// People exposed by hazard class and activity group in a timeline run
// (policy::count_exposed over the presence model and QueueSim::exposed_away_by_group):
// everybody not travelling counts at the cell where the presence model has them, the
// queue model adds the people stopped on the roads or arrived; nobody twice, nobody
// below the class threshold, the same at 1 and 2 threads.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "sim/evac/coupling.hpp"
#include "sim/evac/queue_sim.hpp"
#include "sim/policy/exposed.hpp"
#include "sim/policy/timeline.hpp"
#include "tests/sim/policy/town.hpp"

namespace floodevac::policy {
namespace {

using testing::order;
using testing::town_graph;
using testing::town_inputs;

constexpr double kHour = 3600.0;
constexpr std::int64_t kRows = 2, kCols = 48;
const GeoTransform kGeo{-100.0, 100.0, 100.0, -100.0};

TimelineInputs day_inputs(const graph::RoadGraph& g) {
  TimelineInputs in = town_inputs(g);
  const double ten = 14 * kHour;  // 10:00 local
  in.orders = {order(OrderKind::stop_work, ten), order(OrderKind::transfer, ten + 1 * kHour, {1}),
               order(OrderKind::transfer, ten + 2 * kHour, {0})};
  in.returns.share = 0.5;
  return in;
}

struct Exposures {
  std::vector<ExposedCounts> rows;
  std::vector<PresenceCounts> presence;
  std::vector<std::vector<double>> place_persons;
};

// Couples every 30 min with depth 0 (roads open) and the hazard class `cls` at the cells
// of the nodes in `wet` (every cell when empty), from 08:00 to 14:00 local.
Exposures run(int threads, std::uint8_t cls, std::uint8_t class_min, std::vector<graph::NodeId> wet) {
  const auto g = town_graph();
  const TimelineInputs in = day_inputs(g);
  const TimelinePlan plan = build_timeline(in);
  evac::SimConfig cfg;
  cfg.step_s = 10.0;
  cfg.threads = threads;
  cfg.check_every_step = true;
  cfg.exposure_class_min = class_min;
  evac::QueueSim sim(g, in.shelters, in.units, plan.trips, cfg);
  sim.set_ferries(plan.ferries);
  sim.set_flood_grid(kGeo, kRows, kCols);
  const evac::LinkSampler cells(g, kGeo, kRows, kCols);
  auto node_cell = [&](graph::NodeId n) { return cells.cell_of(g.node_x[n], g.node_y[n]); };
  std::vector<std::uint32_t> place_cell, unit_cell;
  for (const auto& p : in.places) place_cell.push_back(node_cell(p.node));
  for (const auto& u : in.units) unit_cell.push_back(node_cell(u.node));
  const std::vector<float> depth(kRows * kCols, 0.0f), speed(kRows * kCols, 0.0f);
  std::vector<std::uint8_t> hazard(kRows * kCols, wet.empty() ? cls : 0);
  for (graph::NodeId n : wet) hazard[node_cell(n)] = cls;
  Exposures r;
  sim.advance_to(12 * kHour);
  for (double t = 12 * kHour; t <= 18 * kHour + 1; t += 0.5 * kHour) {
    sim.advance_to(t);
    sim.apply_flood(depth.data(), speed.data(), hazard.data());
    r.rows.push_back(count_exposed(plan.presence, sim.time_s(), place_cell, unit_cell,
                                   hazard.data(), class_min, sim.exposed_away_by_group()));
    std::vector<double> pp, uu;
    r.presence.push_back(plan.presence.sample(sim.time_s(), pp, uu));
    r.place_persons.push_back(pp);
  }
  return r;
}

double sum(const auto& a) { return std::accumulate(a.begin(), a.end(), 0.0); }

TEST(TimelineExposed, EverybodyNotTravellingCountsWhereTheyAre) {
  const Exposures r = run(1, 3, 2, {});
  bool any_travelling = false, any_at_work = false;
  for (std::size_t k = 0; k < r.rows.size(); ++k) {
    const ExposedCounts& x = r.rows[k];
    const PresenceCounts& p = r.presence[k];
    SCOPED_TRACE(x.t_s);
    // Every cell wet: the present persons are all of the presence model's but those
    // "elsewhere" (no known cell), all in class 3.
    EXPECT_NEAR(x.present, p.home + sum(p.at_activity), 1e-6);
    EXPECT_NEAR(x.by_class[3], x.total(), 1e-6);
    EXPECT_NEAR(sum(x.by_group), x.total(), 1e-6);
    // Nobody twice: the exposed are at most everybody not sheltered, and the queue model's
    // share is at most the persons it holds.
    EXPECT_LE(x.total(), p.total() - p.elsewhere + 1e-6);
    EXPECT_LE(x.travelling, p.handed_over + 1e-6);
    any_travelling |= x.travelling > 0.0;
    any_at_work |= x.by_group[static_cast<int>(Activity::work)] > 0.0;
  }
  EXPECT_TRUE(any_travelling);  // workers arrived home after 停工 count in the queue's share
  EXPECT_TRUE(any_at_work);
  // Before any order (08:00): everybody is present, so all but the tourists elsewhere.
  EXPECT_NEAR(r.rows[0].total(), r.presence[0].total() - r.presence[0].elsewhere, 1e-6);
  EXPECT_DOUBLE_EQ(r.rows[0].travelling, 0.0);
}

TEST(TimelineExposed, PlacesCountAtTheirOwnCell) {
  // Water only at the factory (node 2) and the school E0 (node 1): the present exposed are
  // exactly the persons at those two places, workers and students.
  const Exposures r = run(1, 4, 2, {1, 2});
  double seen = 0;
  for (std::size_t k = 0; k < r.rows.size(); ++k) {
    const ExposedCounts& x = r.rows[k];
    EXPECT_NEAR(x.present, r.place_persons[k][0] + r.place_persons[k][1], 1e-6) << x.t_s;
    EXPECT_NEAR(x.by_class[4], x.total(), 1e-6);
    seen += r.place_persons[k][1];
  }
  EXPECT_GT(seen, 0.0);
  EXPECT_GT(r.rows[0].by_group[static_cast<int>(Activity::work)], 0.0);  // 08:00 at work
}

TEST(TimelineExposed, BelowTheClassThresholdNobody) {
  for (const ExposedCounts& x : run(1, 2, 3, {}).rows) EXPECT_EQ(x.total(), 0.0) << x.t_s;
}

TEST(TimelineExposed, SameAtOneAndTwoThreads) {
  const Exposures a = run(1, 3, 2, {}), b = run(2, 3, 2, {});
  ASSERT_EQ(a.rows.size(), b.rows.size());
  for (std::size_t k = 0; k < a.rows.size(); ++k) {
    EXPECT_EQ(a.rows[k].by_class, b.rows[k].by_class);
    EXPECT_EQ(a.rows[k].by_group, b.rows[k].by_group);
    EXPECT_EQ(a.rows[k].travelling, b.rows[k].travelling);
  }
}

}  // namespace
}  // namespace floodevac::policy
