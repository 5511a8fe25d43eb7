#pragma once
// The evacuation half of a run: its inputs (evac_inputs), the queue model
// (sim/evac) built on them, and the coupling with the flood (evac_coupling).
// Its outputs are written by evac_outputs, its summary by evac_summary.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "app/evac_coupling.hpp"
#include "app/evac_inputs.hpp"
#include "app/scenario.hpp"
#include "app/supply_run.hpp"
#include "app/viewer_samples.hpp"
#include "app/warnings.hpp"
#include "sim/core/grid.hpp"
#include "sim/core/log.hpp"
#include "sim/evac/queue_sim.hpp"
#include "sim/flood/flood_model.hpp"
#include "sim/flood/hazard.hpp"
#include "sim/policy/exposed.hpp"
#include "sim/policy/village_plan.hpp"

namespace floodevac::app {

/// People by activity and state at one time (timeline runs): who is not travelling
/// (policy::Presence), and the queue model's persons by activity group and state.
struct TimelineSample {
  double t_s = 0;
  policy::PresenceCounts presence;
  std::vector<evac::GroupCounts> groups;  // Trip::group = policy::Activity
  /// Per activity: persons the water trapped before their first leg's departure time, who
  /// are both "present" (policy::Presence) and "trapped" (the queue model).
  std::array<double, policy::kActivityCount> trapped_before_leaving{};
};

class EvacRun {
 public:
  /// Reads every evacuation input onto the DEM's grid and CRS and builds the
  /// model; warnings of the readers and of the model go to `warnings`. In an
  /// evacuation-only scenario (no `flood`) `dem` is the frame of evac_frame()
  /// and the run has no flood coupling (with_flood() false). `progress` is
  /// asked between the readers (CancelledError when it says stop).
  EvacRun(const Scenario& scenario, const Grid<float>& dem, const flood::HazardParams& hazard,
          const Logger& logger, RunWarnings& warnings, const Progress& progress = {});
  EvacRun(const EvacRun&) = delete;
  EvacRun& operator=(const EvacRun&) = delete;

  /// Hands the current flood state to the movement model, then advances it to
  /// t_s. False when `progress` asked to stop on the way (a cancelled run).
  bool couple_and_advance(const flood::FloodModel& flood, double t_s, const Progress& progress = {});
  /// Advances the movement model to t_s with no flood (evacuation-only runs);
  /// false when `progress` asked to stop on the way.
  bool advance(double t_s, const Progress& progress = {});
  /// After the last step: the supply checks left (those after the last coupling) on
  /// the link conditions of the end.
  void finish();
  /// Everybody accounted for: nobody at home waiting to leave, on the roads or
  /// stranded (all sheltered, trapped or staying); nothing more will happen
  /// unless the flood changes the roads.
  bool settled() const;
  double time_s() const { return sim_->time_s(); }
  bool with_flood() const { return coupling_.has_value(); }

  const EvacSpec& spec() const { return spec_; }
  const EvacInputs& inputs() const { return inputs_; }
  /// The flood coupling (only with_flood()).
  const EvacCoupling& coupling() const { return *coupling_; }
  evac::SimResults results() const { return sim_->results(); }
  // The flood grid (the DEM's) the outputs are mapped on.
  /// Timeline runs: a sample at the start and every time.output_interval_s (empty otherwise).
  const std::vector<TimelineSample>& timeline_samples() const { return samples_; }
  /// Timeline runs with a flood: persons exposed by hazard class and activity group
  /// (policy::count_exposed) at the first coupling and then at the first coupling at
  /// least time.output_interval_s after the last row.
  const std::vector<policy::ExposedCounts>& exposed_samples() const { return exposed_; }
  /// Timeline runs: per village, the first coupling time the home units' cells of
  /// timeline.margin.residents_share of its residents had timeline.margin.depth_m of water
  /// (policy::WaterArrival; NaN: never; all NaN without a flood). Empty without a timeline.
  const std::vector<double>& water_arrival_s() const { return water_.first_s(); }
  /// Timeline runs: the 一村一策 record of every village now (policy::village_plan, with
  /// the routes the movement model recorded); empty without a timeline.
  policy::VillagePlan village_plan() const;
  /// The edges trip `i` entered (SimConfig::record_paths: on in timeline runs).
  std::span<const graph::EdgeId> path(std::uint32_t trip) const { return sim_->path(trip); }
  /// The relief-supply checks (null without a `supplies` section).
  const SupplyRun* supplies() const { return supplies_ ? &*supplies_ : nullptr; }
  const GeoTransform& geo() const { return geo_; }
  std::int64_t rows() const { return rows_; }
  std::int64_t cols() const { return cols_; }
  const std::string& crs_wkt() const { return crs_wkt_; }
  /// With outputs.viewer: the sampled trajectories and link states (null otherwise).
  const ViewerSamples* viewer_samples() const { return viewer_.get(); }
  /// Names of Trip::group (the activities of a timeline; "resident" otherwise).
  std::vector<std::string> group_names() const;

 private:
  const EvacSpec& spec_;
  GeoTransform geo_;
  std::int64_t rows_ = 0, cols_ = 0;
  std::string crs_wkt_;
  EvacInputs inputs_;
  std::unique_ptr<evac::QueueSim> sim_;
  std::optional<EvacCoupling> coupling_;  // none in an evacuation-only run
  std::optional<SupplyRun> supplies_;     // none without a `supplies` section
  double water_s_;                        // time of the last flood coupling (NaN: none)
  double sample_interval_s_ = 0;
  std::vector<TimelineSample> samples_;
  void sample_timeline();  // when a timeline runs and a sample is due
  std::vector<std::uint32_t> place_cells_, unit_cells_;
  std::uint8_t exposure_class_min_ = 2;
  std::vector<policy::ExposedCounts> exposed_;
  void sample_exposed();  // after a coupling, when a timeline runs and a row is due
  policy::WaterArrival water_;
  std::vector<std::uint32_t> water_cells_;  // the home units' cells inside the grid
  std::vector<float> water_depth_, water_speed_;
  std::unique_ptr<ViewerSamples> viewer_;
  /// sim_->advance_to, observing every step for the viewer when it samples.
  bool advance_sim(double t_s, const Progress& progress);
};

}  // namespace floodevac::app
