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
// none is left.
#include <vector>

#include "sim/graph/road_graph.hpp"

namespace floodevac::evac {

struct FerryService {
  graph::EdgeId edge = graph::kInvalid;  // the ferry edge (RoadGraph::ferry[edge] == 1)
  std::vector<double> departures_s;      // s from scenario start, ascending
  double crossing_s = 1200.0;            // departure to landing, s (boarding included)
  double boat_capacity_persons = 300.0;  // persons per departure
};

}  // namespace floodevac::evac
