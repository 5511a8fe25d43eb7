#pragma once
// Bounding boxes of inputs in the model CRS, to tell a user that a file does
// not overlap the DEM (and by how much) instead of counting it as nothing.
#include <cstddef>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "sim/core/grid.hpp"

namespace floodevac::gis {

/// An axis-aligned box; empty until a point is added.
struct Extent {
  double xmin = std::numeric_limits<double>::infinity();
  double ymin = std::numeric_limits<double>::infinity();
  double xmax = -std::numeric_limits<double>::infinity();
  double ymax = -std::numeric_limits<double>::infinity();

  bool empty() const { return !(xmin <= xmax && ymin <= ymax); }
  void add(double x, double y);
  bool contains(double x, double y) const { return x >= xmin && x <= xmax && y >= ymin && y <= ymax; }
  bool intersects(const Extent& o) const;
  /// "x 275000 .. 281000, y 3089000 .. 3093000" ("nothing" when empty).
  std::string describe() const;
};

/// The area the grid's cells cover.
template <class T>
Extent grid_extent(const Grid<T>& g) {
  Extent e;
  e.add(g.geo.x0, g.geo.y0);
  e.add(g.geo.x0 + g.geo.dx * static_cast<double>(g.cols), g.geo.y0 + g.geo.dy * static_cast<double>(g.rows));
  return e;
}

/// The extent of a vector layer (`layer` empty: the only layer) in the CRS
/// `target_wkt`: the layer's envelope, its corners and edge midpoints
/// transformed (approximate for a curved transformation; for messages and
/// an overlap test). A layer without CRS is taken to be in the target CRS.
/// Empty when the layer has no features. Throws InputError naming the file.
Extent vector_extent(const std::filesystem::path& file, const std::string& layer, const std::string& target_wkt,
                     const std::string& what);

}  // namespace floodevac::gis
