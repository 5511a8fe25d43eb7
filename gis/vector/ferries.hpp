#pragma once
// Ferry lines of the typhoon timeline (issue 12: 停运 and islands): lines from a vector
// layer (a crossing time and a boat capacity each), a timetable CSV (one row per
// departure, times of day), the lines added to the road graph as ferry edges between the
// road nodes at their ends (the piers). The departures become evac::FerryService
// timetables (s from the scenario start) in app/, through the timeline's clock.
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/graph/road_graph.hpp"

namespace floodevac::gis {

/// Field names of a ferry layer (case-insensitive; empty = not used).
struct FerryFieldMap {
  std::string layer;                                    // empty: the source's only layer
  std::string id = "id";                                // required, unique
  std::string name = "name";                            // optional
  std::string crossing_s = "crossing_s";                // required, s > 0 (boarding included)
  std::string boat_capacity = "boat_capacity_persons";  // required, persons > 0
  std::string from_pier = "from_pier";                  // optional: name of the first end
  std::string to_pier = "to_pier";                      // optional: name of the last end
  std::string assume_source_crs;
};

struct FerryLine {
  std::string id, name, from_pier, to_pier;
  std::vector<double> x, y;  // the line, first end (from_pier) to last (to_pier), CRS metres
  double crossing_s = 0;
  double boat_capacity_persons = 0;
};

/// One departure of the timetable. forward: from the line's first end to its last.
struct FerryDeparture {
  std::size_t line = 0;  // 1-based line in the CSV
  std::string ferry_id;
  bool forward = true;
  double depart_s_of_day = 0;  // s after 00:00 local time, 0 <= t < 86400
  double boat_capacity_persons = -1;  // -1: the line's
};

/// Reads the ferry lines (LineString features). Throws InputError naming the file, layer,
/// feature and field: id missing or repeated, crossing_s or the capacity missing or <= 0,
/// a geometry that is not a line, no features.
std::vector<FerryLine> read_ferry_lines(const std::filesystem::path& path,
                                        const std::string& target_crs_wkt,
                                        const FerryFieldMap& fields = {});

/// Reads a timetable: columns ferry_id, depart_s (s after 00:00, or depart_clock HH:MM),
/// the direction as from_pier (the pier name of the line's from_pier or to_pier) or as
/// `direction` (forward | backward, or a value naming the line's from/to pier as
/// "<from>_to_<to>"), optional boat_capacity_persons. Every ferry_id must be a line.
/// Errors name the file, the line and the column.
std::vector<FerryDeparture> read_ferry_timetable(const std::filesystem::path& path,
                                                 const std::vector<FerryLine>& lines);

/// A road graph with ferry edges, and where each line went.
struct FerryNetwork {
  struct Link {
    std::size_t line = 0;  // index into the lines
    graph::NodeId first_node = graph::kInvalid, last_node = graph::kInvalid;  // the piers
    graph::EdgeId forward = graph::kInvalid, backward = graph::kInvalid;
    double first_snap_m = 0, last_snap_m = 0;  // distance from the line's ends to the piers
  };
  graph::RoadGraph graph;
  std::vector<Link> links;
};

/// `roads` with two ferry edges per line (RoadGraph::ferry = 1; one each way) between the
/// road nodes nearest to the line's ends. Road edges keep their order (ids may shift where a
/// ferry edge joins a node's block). The edges: the line's geometry and length, speed =
/// length / crossing_s, capacity = boat capacity per hour, RoadClass::service. Throws
/// InputError naming the line when an end is farther than max_pier_m from every node, or
/// both ends snap to one node.
FerryNetwork add_ferry_edges(const graph::RoadGraph& roads, const std::vector<FerryLine>& lines,
                             double max_pier_m, const std::string& file);

}  // namespace floodevac::gis
