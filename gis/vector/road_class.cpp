#include "gis/vector/road_class.hpp"

#include <array>

#include "gis/vector/text.hpp"

namespace floodevac::gis {

namespace {
constexpr std::array<std::string_view, kRoadClassCount> kHighwayNames = {
    "motorway",     "motorway_link", "trunk",         "trunk_link", "primary",    "primary_link", "secondary",
    "secondary_link", "tertiary",    "tertiary_link", "unclassified", "residential", "living_street", "service",
    "road",         "track",         "pedestrian",    "footway",    "path",       "steps",        "cycleway"};
}  // namespace

std::string_view highway_name(RoadClass c) {
  const auto i = static_cast<std::size_t>(c);
  return i < kHighwayNames.size() ? kHighwayNames[i] : std::string_view("unknown");
}

std::optional<RoadClass> road_class_from_highway(std::string_view highway) {
  highway = detail::trim(highway);
  for (std::size_t i = 0; i < kHighwayNames.size(); ++i)
    if (kHighwayNames[i] == highway) return static_cast<RoadClass>(i);
  return std::nullopt;
}

}  // namespace floodevac::gis
