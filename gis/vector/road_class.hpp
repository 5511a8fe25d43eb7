#pragma once
// Road classes: one uint8 code per OSM `highway` value the readers accept
// (https://wiki.openstreetmap.org/wiki/Key:highway). The code is stored in
// graph::RoadGraph::road_class. This header has no GDAL/GEOS/PROJ/osmium
// dependency so it can move to sim/graph/ unchanged if the core needs it.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace floodevac::gis {

/// Values are stable (they are written to outputs): append, never renumber.
enum class RoadClass : std::uint8_t {
  motorway = 0,
  motorway_link = 1,
  trunk = 2,
  trunk_link = 3,
  primary = 4,
  primary_link = 5,
  secondary = 6,
  secondary_link = 7,
  tertiary = 8,
  tertiary_link = 9,
  unclassified = 10,
  residential = 11,
  living_street = 12,
  service = 13,
  road = 14,  // OSM "road": class not yet known
  track = 15,
  pedestrian = 16,  // walk-only from here on (see car_allowed)
  footway = 17,
  path = 18,
  steps = 19,
  cycleway = 20,
};
inline constexpr std::size_t kRoadClassCount = 21;

/// OSM `highway` value of a class ("motorway", "primary_link", ...).
std::string_view highway_name(RoadClass c);
/// Class of an OSM `highway` value (exact, lower case, surrounding blanks
/// ignored); std::nullopt for values that are not routable here (construction,
/// proposed, bus_stop, platform, raceway, ...).
std::optional<RoadClass> road_class_from_highway(std::string_view highway);

/// Cars may use the class (everything before RoadClass::pedestrian).
constexpr bool car_allowed(RoadClass c) { return static_cast<std::uint8_t>(c) < 16; }
/// Pedestrians may use the class: every class except motorway and
/// motorway_link (pedestrians are banned from expressways, 高速公路, in China:
/// Road Traffic Safety Law art. 67).
constexpr bool walk_allowed(RoadClass c) { return c != RoadClass::motorway && c != RoadClass::motorway_link; }

}  // namespace floodevac::gis
