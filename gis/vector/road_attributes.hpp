#pragma once
// Internal: from the OSM-style tags of one road (an OGR feature's fields or
// an OSM way's tags) to its attributes per direction, and the report entries
// both road readers make. Not part of the public API.
#include <optional>
#include <string>

#include "gis/vector/roads.hpp"

namespace floodevac::gis::detail {

/// Raw tag values of one road (std::nullopt: tag/field absent or null).
struct RawRoadTags {
  std::optional<std::string> highway, lanes, lanes_forward, lanes_backward, maxspeed, maxspeed_forward,
      maxspeed_backward, oneway, capacity, junction, bridge, tunnel, layer, access, motor_vehicle, vehicle;
};

/// Resolved attributes of one road, per direction (forward = digitised order).
struct RoadAttrs {
  RoadClass cls = RoadClass::unclassified;
  bool forward = true, backward = true;
  float lanes_fwd = 1, lanes_bwd = 1;          // lanes
  float speed_fwd_mps = 1, speed_bwd_mps = 1;  // m/s
  float cap_fwd = 1, cap_bwd = 1;              // veh/h over all lanes of the direction
  bool bridge = false;                         // bridge/viaduct: not cut by water below
  bool tunnel = false;                         // tunnel/underpass: water enters at its portals
};

/// Skip reason of ways closed to evacuation traffic by their access tags.
inline constexpr const char* kAccessSkip = "access=no/private (closed to evacuation traffic)";

/// Resolves tags (highway must already hold the class name to use). Returns
/// std::nullopt and sets skip_reason when the road is not kept. `where`
/// names the feature/way in warnings.
std::optional<RoadAttrs> resolve_road_attrs(const RawRoadTags& tags, const RoadReadOptions& opt, RoadReport& report,
                                            const std::string& where, std::string& skip_reason);

/// Keeps the first RoadReport::kMaxWarnings warnings.
void add_warning(RoadReport& r, std::string msg);
/// Counts a skipped feature under `reason`.
void add_skip(RoadReport& r, const std::string& reason);

}  // namespace floodevac::gis::detail
