#include "app/evac_run.hpp"

#include "app/scenario_errors.hpp"

#include <algorithm>

#include "sim/core/error.hpp"

namespace floodevac::app {

namespace {

evac::SimConfig movement_config(const Scenario& sc) {
  evac::SimConfig cfg = sc.evac->movement;
  cfg.check_every_step =
      true;  // every person in exactly one state, checked every step (O(shelters))
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
      inputs_(read_evac_inputs(sc, dem, log, warnings, progress)) {
  if (sc.with_flood)
    coupling_.emplace(inputs_.graph, dem, sc.flood.config.params.inundation_threshold_m, hazard);
  sim_ = at_scenario_fields(sc.sources, movement_fields(), [&] {
    return std::make_unique<evac::QueueSim>(inputs_.graph, inputs_.shelters, inputs_.units,
                                            std::move(inputs_.trips), movement_config(sc));
  });
  sim_->set_logger(warnings.counting("evacuation"));
  if (coupling_) sim_->set_flood_grid(dem.geo, dem.rows, dem.cols);
}

bool EvacRun::couple_and_advance(const flood::FloodModel& flood, double t_s,
                                 const Progress& progress) {
  if (!coupling_) throw InvariantError("evacuation: a run without a flood model was coupled");
  coupling_->apply(flood, *sim_, inputs_.units);
  return sim_->advance_to(t_s, progress);
}

bool EvacRun::advance(double t_s, const Progress& progress) {
  return sim_->advance_to(t_s, progress);
}

bool EvacRun::settled() const {
  if (!sim_->done()) return false;
  const auto x = sim_->totals();
  return x.stranded <= 1e-9 * std::max(1.0, x.total);
}

}  // namespace floodevac::app
