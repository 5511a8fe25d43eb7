#pragma once
// The relief-supply checks of a run (issue 13 §2; sim/evac/supplies.hpp): the depots
// read onto the scenario CRS and snapped to the road network, and at each check time
// of the scenario's `supplies` the travel time from every depot to every shelter over
// the network as the movement model sees it then (the water of the last flood
// coupling, ferries until their last departure). Its outputs: app/supply_outputs.hpp.
#include <cstddef>
#include <string>
#include <vector>

#include "app/supply_spec.hpp"
#include "sim/core/log.hpp"
#include "sim/evac/evac_types.hpp"
#include "sim/evac/queue_sim.hpp"
#include "sim/evac/supplies.hpp"
#include "sim/graph/road_graph.hpp"

namespace floodevac::app {

class SupplyRun {
 public:
  /// Reads the depots (gis::read_depots) onto crs_wkt, snaps each to its nearest node
  /// (InputError beyond max_snap_m) and gives it its level's limit (InputError naming
  /// the depot when supplies.limits_s has no such level).
  SupplyRun(const SupplySpec& spec, const std::string& crs_wkt, const graph::RoadGraph& graph,
            const std::vector<evac::Shelter>& shelters, const Logger& log);

  /// Runs the checks due at the model's time (those at or before it not yet done) on
  /// its link conditions; water_t_s: the time of the flood those conditions come from
  /// (NaN: no flood model).
  void check_due(const evac::QueueSim& sim, double water_t_s);
  /// Runs every check left (those after the last coupling) on the conditions now.
  void check_rest(const evac::QueueSim& sim, double water_t_s);

  const SupplySpec& spec() const { return spec_; }
  const std::vector<evac::Depot>& depots() const { return depots_; }
  const std::vector<evac::SupplyCheck>& checks() const { return checks_; }
  evac::SupplySummary summary() const { return evac::summarize_supplies(checks_, depots_); }

 private:
  void check_at(const evac::QueueSim& sim, double t_s, double water_t_s);

  SupplySpec spec_;
  const graph::RoadGraph& graph_;
  std::vector<graph::NodeId> shelter_nodes_;
  std::vector<evac::Depot> depots_;
  std::vector<evac::SupplyCheck> checks_;
  std::size_t next_ = 0;  // index of the next check time
};

}  // namespace floodevac::app
