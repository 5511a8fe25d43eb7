#include "app/evac_run.hpp"

#include "app/inputs.hpp"
#include "app/scenario_errors.hpp"

#include <algorithm>
#include <limits>

#include "sim/core/error.hpp"
#include "sim/policy/activities.hpp"

namespace floodevac::app {

namespace {

evac::SimConfig movement_config(const Scenario& sc) {
  evac::SimConfig cfg = sc.evac->movement;
  cfg.check_every_step =
      true;  // every person in exactly one state, checked every step (O(shelters))
  cfg.record_paths = sc.timeline.has_value();  // the routes taken, per village
  return cfg;
}

}  // namespace

EvacRun::EvacRun(const Scenario& sc, const Grid<float>& dem, const flood::HazardParams& hazard,
                 const Logger& log, RunWarnings& warnings, const Progress& progress)
    : spec_(*sc.evac),
      geo_(dem.geo),
      rows_(dem.rows),
      cols_(dem.cols),
      crs_wkt_(dem.crs_wkt),
      inputs_(read_evac_inputs(sc, dem, log, warnings, progress)),
      water_s_(std::numeric_limits<double>::quiet_NaN()) {
  if (sc.with_flood)
    coupling_.emplace(inputs_.graph, dem, sc.flood.config.params.inundation_threshold_m, hazard);
  sim_ = at_scenario_fields(sc.sources, movement_fields(), [&] {
    return std::make_unique<evac::QueueSim>(inputs_.graph, inputs_.shelters, inputs_.units,
                                            std::move(inputs_.trips), movement_config(sc));
  });
  sim_->set_logger(warnings.counting("evacuation"));
  if (!inputs_.ferry_services.empty())
    at_scenario_fields(sc.sources, movement_fields(), [&] { sim_->set_ferries(inputs_.ferry_services); });
  if (coupling_) sim_->set_flood_grid(dem.geo, dem.rows, dem.cols);
  if (coupling_ && inputs_.plan) {
    for (const auto& xy : inputs_.place_xy) place_cells_.push_back(coupling_->cell_of(xy[0], xy[1]));
    for (const auto& u : inputs_.units) unit_cells_.push_back(coupling_->cell_of(u.x, u.y));
    std::vector<std::uint32_t> cells = place_cells_;
    cells.insert(cells.end(), unit_cells_.begin(), unit_cells_.end());
    coupling_->read_also(cells);
    exposure_class_min_ = movement_config(sc).exposure_class_min;
    // Water arrival per village: the depth at its home units' cells.
    std::vector<std::int32_t> cell_zone;
    std::vector<double> cell_persons;
    for (std::size_t u = 0; u < unit_cells_.size(); ++u) {
      if (unit_cells_[u] >= static_cast<std::uint64_t>(rows_ * cols_)) continue;  // off the grid
      water_cells_.push_back(unit_cells_[u]);
      cell_zone.push_back(inputs_.village.unit_zone[u]);
      cell_persons.push_back(inputs_.village.unit_persons[u]);
    }
    water_depth_.resize(water_cells_.size());
    water_speed_.resize(water_cells_.size());
    const auto& rule = inputs_.village.rule;
    water_ = policy::WaterArrival(std::move(cell_zone), std::move(cell_persons),
                                  inputs_.village.zones.size(), rule.depth_m, rule.residents_share);
  } else if (inputs_.plan) {
    water_ = policy::WaterArrival({}, {}, inputs_.village.zones.size(), 0.3, 0.05);  // no flood
  }
  if (sc.supplies) {
    stop_if_asked(progress, "reading the supply depots");
    supplies_.emplace(*sc.supplies, dem.crs_wkt, inputs_.graph, inputs_.shelters, log);
  }
  sample_interval_s_ = sc.output_interval_s;
  if (sc.viewer)
    viewer_ = std::make_unique<ViewerSamples>(*sim_, sc.viewer_persons, sc.viewer_interval_s);
  sample_timeline();
}

std::vector<std::string> EvacRun::group_names() const {
  if (!inputs_.plan) return {"resident"};
  std::vector<std::string> names;
  for (int a = 0; a < policy::kActivityCount; ++a)
    names.emplace_back(policy::activity_name(static_cast<policy::Activity>(a)));
  return names;
}

bool EvacRun::advance_sim(double t_s, const Progress& progress) {
  if (!viewer_) return sim_->advance_to(t_s, progress);
  // The same whole steps as QueueSim::advance_to, each observed.
  const double step = spec_.movement.step_s;
  const double t0 = sim_->time_s();
  std::int64_t k = 0;
  while (sim_->time_s() < t_s - 1e-9 * step) {
    sim_->step();
    viewer_->observe(*sim_, inputs_.graph);
    if (progress.fn && (++k % 100 == 0))
      if (!progress.update(std::min(1.0, (sim_->time_s() - t0) / (t_s - t0)), "evacuation"))
        return false;
  }
  return true;
}

void EvacRun::sample_timeline() {
  if (!inputs_.plan) return;
  const double t = sim_->time_s();
  if (!samples_.empty() && t < samples_.back().t_s + sample_interval_s_ - 1e-6) return;
  TimelineSample sample{t, inputs_.plan->presence.counts(t), sim_->persons_by_group(), {}};
  const auto& plan = *inputs_.plan;
  for (std::uint32_t i = 0; i < plan.trips.size(); ++i) {
    const evac::Trip& trip = plan.trips[i];
    if (!plan.tags[i].first_leg || trip.depart_s <= t || trip.group >= policy::kActivityCount)
      continue;
    if (sim_->agent(i).state == evac::AgentState::trapped)
      sample.trapped_before_leaving[trip.group] += trip.persons;
  }
  samples_.push_back(std::move(sample));
}

void EvacRun::sample_exposed() {
  if (!inputs_.plan || !coupling_) return;
  const double t = sim_->time_s();
  if (!exposed_.empty() && t < exposed_.back().t_s + sample_interval_s_ - 1e-6) return;
  exposed_.push_back(policy::count_exposed(inputs_.plan->presence, t, place_cells_, unit_cells_,
                                           coupling_->hazard_class().data.data(),
                                           exposure_class_min_, sim_->exposed_away_by_group()));
}

bool EvacRun::couple_and_advance(const flood::FloodModel& flood, double t_s,
                                 const Progress& progress) {
  if (!coupling_) throw InvariantError("evacuation: a run without a flood model was coupled");
  coupling_->apply(flood, *sim_, inputs_.units);
  water_s_ = sim_->time_s();
  sample_exposed();
  if (inputs_.plan) {
    flood.sample(water_cells_, water_depth_.data(), water_speed_.data());
    water_.observe(flood.time_s(), water_depth_);
  }
  if (supplies_) supplies_->check_due(*sim_, water_s_);
  const bool finished = advance_sim(t_s, progress);
  if (finished) sample_timeline();
  return finished;
}

bool EvacRun::advance(double t_s, const Progress& progress) {
  if (supplies_) supplies_->check_due(*sim_, water_s_);
  const bool finished = advance_sim(t_s, progress);
  if (finished) sample_timeline();
  return finished;
}

policy::VillagePlan EvacRun::village_plan() const {
  if (!inputs_.plan) return {};
  const auto& plan = *inputs_.plan;
  const auto n = static_cast<std::uint32_t>(plan.trips.size());
  std::vector<evac::AgentView> agents;
  std::vector<std::vector<graph::EdgeId>> paths;
  agents.reserve(n);
  paths.reserve(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    agents.push_back(sim_->agent(i));
    const auto p = sim_->path(i);
    paths.emplace_back(p.begin(), p.end());
  }
  const evac::SimResults res = sim_->results();
  return policy::village_plan(inputs_.village, plan, agents, paths, res.units, water_.first_s(),
                              inputs_.graph.length_m);
}

void EvacRun::finish() {
  if (supplies_) supplies_->check_rest(*sim_, water_s_);
}

bool EvacRun::settled() const {
  if (!sim_->done()) return false;
  const auto x = sim_->totals();
  return x.stranded <= 1e-9 * std::max(1.0, x.total);
}

}  // namespace floodevac::app
