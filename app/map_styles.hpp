#pragma once
// The colours of a run's maps, shared by the report's PNG maps (app/report_maps) and the
// QGIS styles written beside the outputs (app/qgis_styles), so that both read alike.
// Our choice of colours: a sequential blue ramp for depth (ColorBrewer "Blues"), the
// hazard classes' own colours (sim/flood/hazard.cpp), traffic-light classes for margins
// and shelter fill.
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace floodevac::app {

using MapRgba = std::array<std::uint8_t, 4>;

/// Depth (m) -> colour stops; depths below the first stop are not drawn.
inline const std::vector<std::pair<double, MapRgba>>& depth_ramp() {
  static const std::vector<std::pair<double, MapRgba>> r{{0.05, {198, 219, 239, 210}},
                                                         {0.3, {107, 174, 214, 220}},
                                                         {1.0, {33, 113, 181, 230}},
                                                         {2.0, {8, 69, 148, 240}},
                                                         {4.0, {8, 48, 107, 250}}};
  return r;
}

/// A class: values in [lo, hi) take the colour; label for legends.
struct MapClass {
  double lo, hi;
  MapRgba colour;
  std::string label;
};

/// Village margin classes (villages/plan.geojson `margin_s`, s; null: never flooded).
inline const std::vector<MapClass>& margin_classes() {
  constexpr double inf = std::numeric_limits<double>::infinity();
  static const std::vector<MapClass> c{{-inf, 0, {215, 25, 28, 190}, "water first (margin < 0)"},
                                       {0, 7200, {253, 174, 97, 190}, "0-2 h"},
                                       {7200, 21600, {255, 255, 191, 190}, "2-6 h"},
                                       {21600, inf, {26, 150, 65, 190}, "6 h or more"}};
  return c;
}
inline MapRgba margin_never_flooded() { return {171, 217, 233, 170}; }

/// Shelter fill classes (peak occupancy / capacity).
inline const std::vector<MapClass>& shelter_fill_classes() {
  constexpr double inf = std::numeric_limits<double>::infinity();
  static const std::vector<MapClass> c{{-inf, 0.5, {26, 150, 65, 255}, "under half full"},
                                       {0.5, 0.9, {166, 217, 106, 255}, "50-90 %"},
                                       {0.9, 0.995, {253, 174, 97, 255}, "90-99 %"},
                                       {0.995, inf, {215, 25, 28, 255}, "full"}};
  return c;
}

inline MapRgba closed_road_colour() { return {200, 0, 0, 255}; }
inline MapRgba open_road_colour() { return {90, 90, 90, 200}; }

/// "#rrggbb".
inline std::string css_colour(const MapRgba& c) {
  static const char* hex = "0123456789abcdef";
  std::string s = "#";
  for (int k = 0; k < 3; ++k) {
    s += hex[c[k] >> 4];
    s += hex[c[k] & 15];
  }
  return s;
}

}  // namespace floodevac::app
