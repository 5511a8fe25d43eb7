#pragma once
// Lanes, free speed and capacity per road class, used when the data do not
// say; the sources of every figure are cited in road_defaults.cpp.
#include <array>
#include <string>

#include "gis/vector/road_class.hpp"

namespace floodevac::gis {

/// Defaults of one road class, used when the data do not say.
struct RoadClassDefaults {
  float lanes_per_direction = 1;   // lanes
  float free_speed_kmh = 30;       // km/h
  float capacity_veh_h_lane = 600; // veh/h/lane (walk-only classes: persons/h per metre of width)
  const char* source = "";         // where the figures come from (short citation)
};

/// One table of defaults per OSM highway class (index: RoadClass value).
struct RoadDefaults {
  std::array<RoadClassDefaults, kRoadClassCount> by_class{};

  /// The table documented in road_defaults_table().
  static RoadDefaults standard();
  const RoadClassDefaults& operator[](RoadClass c) const { return by_class[static_cast<std::size_t>(c)]; }
  RoadClassDefaults& operator[](RoadClass c) { return by_class[static_cast<std::size_t>(c)]; }
};

/// Markdown table (header, one row per class, then the sources) ready to paste
/// into the README.
std::string road_defaults_table(const RoadDefaults& defaults = RoadDefaults::standard());

}  // namespace floodevac::gis
