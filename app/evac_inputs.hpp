#pragma once
// The evacuation's inputs: roads, shelters and population read onto the
// scenario CRS (gis/), snapped to the network, who can reach a shelter, and
// the trips (a trip table, or departures generated from the population).
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/scenario.hpp"
#include "app/timeline_inputs.hpp"
#include "app/warnings.hpp"
#include "gis/vector/places.hpp"
#include "gis/vector/roads.hpp"
#include "sim/core/grid.hpp"
#include "sim/core/log.hpp"
#include "sim/evac/evac_types.hpp"
#include "sim/graph/road_graph.hpp"
#include "sim/policy/islands.hpp"
#include "sim/policy/timeline.hpp"
#include "sim/policy/village_plan.hpp"

namespace floodevac::app {

struct EvacInputs {
  graph::RoadGraph graph;
  gis::RoadReport road_report;
  gis::SnapReport snap_report;
  std::vector<evac::Shelter> shelters;
  std::vector<evac::PopulationUnit> units;
  std::vector<evac::Trip> trips;  // handed over (moved) to the movement model
  double unit_persons = 0;        // persons in all population units
  std::size_t trip_count = 0;
  double trip_persons = 0;
  // Reach on the network as it is (before any flooding).
  std::size_t unreachable_units = 0;  // units off the network or whose node reaches no shelter
  double unreachable_persons = 0;
  // The typhoon-day timeline (scenario `timeline`; empty without one): the ferries added to
  // the graph, the plan whose legs are the trips, and what the outputs report of it.
  TimelineFerries ferries;
  std::shared_ptr<const policy::TimelinePlan> plan;
  std::vector<evac::FerryService> ferry_services;  // the plan's (after 停运), for the model
  std::vector<policy::IslandSummary> islands;
  std::vector<std::string> zone_ids;        // per zone
  std::vector<double> order_share_reached;  // per order: share reached by the scenario end
  policy::Clock clock;
  std::vector<std::array<double, 2>> place_xy;  // per activity place: x, y (m), for exposure
  // The 一村一策 plan per village (issue 13 §1): what policy::village_plan needs of the
  // timeline, and the villages as read (their polygons, for villages/plan.geojson).
  policy::VillagePlanInputs village;
  std::vector<gis::Village> villages;
};

/// The grid and CRS an evacuation-only scenario (no DEM) maps its inputs on:
/// the population raster's grid (reprojected to the scenario `crs` when one is
/// given), or an empty grid carrying the scenario `crs` when people come from
/// a vector file or a trip table. ConfigError when neither gives a CRS.
Grid<float> evac_frame(const Scenario& scenario, const Logger& log, const Progress& progress = {});

/// Reads every evacuation input onto the DEM's CRS, logs what it found and
/// adds the readers' warnings to `warnings`. `progress` is asked between the
/// readers (CancelledError when it says stop).
EvacInputs read_evac_inputs(const Scenario& scenario, const Grid<float>& dem, const Logger& log,
                            RunWarnings& warnings, const Progress& progress = {});

}  // namespace floodevac::app
