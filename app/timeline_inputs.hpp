#pragma once
// The timeline's inputs read and put together (issue 12): the ferry edges added to the
// road graph (before snapping), then the villages, activity places, daily profile, orders
// and rules of the scenario's `timeline` as policy::TimelineInputs over the evacuation's
// graph, shelters and home units. gis/ reads the files; this file maps ids to indices and
// reports what does not fit (unknown village or shelter ids) at the scenario field.
#include <string>
#include <vector>

#include "app/scenario.hpp"
#include "app/warnings.hpp"
#include "gis/vector/ferries.hpp"
#include "gis/vector/villages.hpp"
#include "sim/core/log.hpp"
#include "sim/evac/evac_types.hpp"
#include "sim/graph/road_graph.hpp"
#include "sim/policy/timeline.hpp"

namespace floodevac::app {

/// The ferry lines of the timeline (none without `timeline.ferries`) added to `graph` as
/// ferry edges; returns where they went (lines and links in the same order).
struct TimelineFerries {
  std::vector<gis::FerryLine> lines;
  std::vector<gis::FerryNetwork::Link> links;
  std::vector<gis::FerryDeparture> departures;
};
TimelineFerries add_timeline_ferries(const Scenario& scenario, const std::string& crs_wkt,
                                     graph::RoadGraph& graph, const Logger& log);

/// The inputs of policy::build_timeline. `graph` (with the ferry edges), `shelters` and
/// `units` must be snapped; the result points at `graph`, which must outlive it.
/// `villages_read` (optional) gets the villages as read (with their polygons), zone order.
policy::TimelineInputs timeline_inputs(const Scenario& scenario, const std::string& crs_wkt,
                                       const graph::RoadGraph& graph,
                                       const std::vector<evac::Shelter>& shelters,
                                       const std::vector<evac::PopulationUnit>& units,
                                       const TimelineFerries& ferries, const Logger& log,
                                       RunWarnings& warnings,
                                       std::vector<gis::Village>* villages_read = nullptr);

/// The id of each zone (village) of `in`, for the outputs.
std::vector<std::string> zone_ids(const policy::TimelineInputs& in);

}  // namespace floodevac::app
