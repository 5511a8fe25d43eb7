#pragma once
// Internal: the part of the road readers shared by the OGR and the OSM path
// (attribute resolution from OSM-style tags, splitting lines at nodes, node
// merging, edge creation). Not part of the public API.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gis/vector/roads.hpp"

namespace floodevac::gis::detail {

/// Raw tag values of one road (std::nullopt: tag/field absent or null).
struct RawRoadTags {
  std::optional<std::string> highway, lanes, lanes_forward, lanes_backward, maxspeed, maxspeed_forward,
      maxspeed_backward, oneway, capacity, junction, bridge;
};

/// Resolved attributes of one road, per direction (forward = digitised order).
struct RoadAttrs {
  RoadClass cls = RoadClass::unclassified;
  bool forward = true, backward = true;
  float lanes_fwd = 1, lanes_bwd = 1;          // lanes
  float speed_fwd_mps = 1, speed_bwd_mps = 1;  // m/s
  float cap_fwd = 1, cap_bwd = 1;              // veh/h over all lanes of the direction
  bool bridge = false;                         // bridge/viaduct: not cut by water below
};

void add_warning(RoadReport& r, std::string msg);
void add_skip(RoadReport& r, const std::string& reason);

/// Resolves tags (highway must already hold the class name to use). Returns
/// std::nullopt and sets skip_reason when the road is not kept. `where`
/// names the feature/way in warnings.
std::optional<RoadAttrs> resolve_road_attrs(const RawRoadTags& tags, const RoadReadOptions& opt, RoadReport& report,
                                            const std::string& where, std::string& skip_reason);

/// One input line in the target CRS (consecutive duplicates removed, >= 2 points).
struct Polyline {
  std::vector<double> x, y;
  std::vector<std::uint8_t> split;  // 1: an intersection node at this vertex (ends always are)
  std::int64_t source_id = -1;
  RoadAttrs attrs;
  double length_scale = 1.0;  // routable length / geometric length (length attribute)
};

/// Splits, merges nodes within tol_m, builds the graph and fills the topology
/// fields of the report. Throws InputError naming `source` when no edge is left.
graph::RoadGraph assemble_roads(std::vector<Polyline>& lines, double tol_m, RoadReport& report,
                                const std::string& source);

/// Two doubles' bit patterns (-0.0 folded onto 0.0): exact-position identity.
struct XYKey {
  std::uint64_t a = 0, b = 0;
  static XYKey of(double x, double y);
  bool operator==(const XYKey&) const = default;
};

}  // namespace floodevac::gis::detail
