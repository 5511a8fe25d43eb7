#pragma once
// Internal: the road network's topology, shared by the OGR and OSM readers:
// which vertices are intersections, node merging within the tolerance, one
// directed edge per direction of every piece between two nodes. Not part of
// the public API.
#include <cstdint>
#include <string>
#include <vector>

#include "gis/vector/road_attributes.hpp"

namespace floodevac::gis::detail {

/// One input line in the target CRS (consecutive duplicates removed, >= 2 points).
struct Polyline {
  std::vector<double> x, y;
  std::vector<std::uint8_t> split;  // 1: an intersection node at this vertex (ends always are)
  std::int64_t source_id = -1;
  RoadAttrs attrs;
  double length_scale = 1.0;  // routable length / geometric length (length attribute)
};

/// ConfigError naming `what` unless merge_tolerance_m is finite and >= 0.
void check_merge_tolerance(const RoadReadOptions& opt, const std::string& what);

/// OGR sources (no shared node ids): sets `split` of every line, marking the
/// ends and the interior vertices that are intersections: at exactly the
/// position of a line end; or where the lines through the position have more
/// than two distinct neighbouring positions (a crossing, a fork, a line
/// passing twice); or within tol of another line's end that is not at one of
/// the line's own ends. Two lines along the same centre line (a two-direction
/// export: one oneway line per direction, sharing every vertex) thus split
/// only where a third line meets them: each piece is one link per direction,
/// not a mesh of pieces between every shared vertex (issue 9 item 5).
void mark_intersections(std::vector<Polyline>& lines, double tol);

/// Splits at the marked vertices, merges nodes within tol_m, builds the graph
/// and fills the topology fields of the report. Throws InputError naming
/// `source` when no edge is left.
graph::RoadGraph assemble_roads(std::vector<Polyline>& lines, double tol_m, RoadReport& report,
                                const std::string& source);

}  // namespace floodevac::gis::detail
