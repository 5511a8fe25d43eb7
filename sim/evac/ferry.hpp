#pragma once
// Ferry services of the queue model (issue 12: 停运 and islands, 岛自为战).
// A ferry is an edge of the road graph flagged RoadGraph::ferry, between two
// pier nodes. It is not a road: the flood does not slow or cut it, and it has no
// storage or headway. It is served by a timetable: agents reaching its tail wait
// at the pier; at each departure the boat takes waiting agents in arrival order
// (then trip index) while their persons fit in boat_capacity_persons, and lands
// them at the head crossing_s later. After the last departure the edge is closed
// (停运: the caller drops the departures after the order's time). Routing sees a
// ferry edge at crossing_s plus the wait for the next departure, and closed when
// none is left. A group larger than a whole boat never boards (the groups behind it
// may). Groups at the pier when the last boat has left, and groups reaching the pier
// after that, go back to routing from the pier (the ferry is closed to them).
// A ferry edge without a service (or before QueueSim::set_ferries) is closed.
// Agents at the pier or on board count as moving; the water does not trap them.
#include <vector>

#include "sim/graph/road_graph.hpp"

namespace floodevac::evac {

struct FerryService {
  graph::EdgeId edge = graph::kInvalid;  // the ferry edge (RoadGraph::ferry[edge] == 1)
  std::vector<double> departures_s;      // s from scenario start, ascending
  double crossing_s = 1200.0;            // departure to landing, s (boarding included)
  double boat_capacity_persons = 300.0;  // persons per departure
};

/// What one ferry service did (SimResults::ferries, in the order of set_ferries).
struct FerryStats {
  graph::EdgeId edge = graph::kInvalid;
  std::vector<double> carried_persons;  // per departure (same order as departures_s)
  // Persons waiting at the pier (the edge's tail) when the last boat had left.
  double left_at_last_departure_persons = 0;
  // Persons who reached the pier after the last departure (and turned away).
  double missed_persons = 0;
};

}  // namespace floodevac::evac
