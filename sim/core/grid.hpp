#pragma once
// Regular raster grid with a north-up geotransform.
//
// Invariants (checked by Grid::validate):
//  - row-major storage, row 0 is the NORTH edge, column 0 the WEST edge;
//  - data.size() == rows * cols;
//  - geo.dx > 0 and geo.dy < 0 (north-up, no rotation), both in CRS units
//    (metres for every grid the simulation sees);
//  - nodata is NaN for floating grids (never a magic number inside sim/).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/error.hpp"

namespace floodevac {

/// GDAL-style affine transform restricted to north-up grids.
/// x = x0 + col * dx ; y = y0 + row * dy  (corner of the cell, dy < 0).
struct GeoTransform {
  double x0 = 0.0;   // west edge, CRS units
  double dx = 1.0;   // cell width, > 0
  double y0 = 0.0;   // north edge, CRS units
  double dy = -1.0;  // cell height, < 0

  double cell_center_x(std::int64_t col) const { return x0 + (static_cast<double>(col) + 0.5) * dx; }
  double cell_center_y(std::int64_t row) const { return y0 + (static_cast<double>(row) + 0.5) * dy; }
  /// Column containing x (may be outside [0, cols)).
  std::int64_t col_of(double x) const { return static_cast<std::int64_t>(std::floor((x - x0) / dx)); }
  /// Row containing y (may be outside [0, rows)).
  std::int64_t row_of(double y) const { return static_cast<std::int64_t>(std::floor((y - y0) / dy)); }
  double cell_area() const { return dx * -dy; }
  bool operator==(const GeoTransform&) const = default;
};

template <class T>
struct Grid {
  std::int64_t rows = 0;
  std::int64_t cols = 0;
  GeoTransform geo;
  std::string crs_wkt;  // passed through untouched; only gis/ interprets it
  std::vector<T> data;

  Grid() = default;
  Grid(std::int64_t r, std::int64_t c, GeoTransform g, T fill = T{}, std::string crs = {})
      : rows(r), cols(c), geo(g), crs_wkt(std::move(crs)), data(static_cast<std::size_t>(r * c), fill) {}

  template <class U>
  static Grid like(const Grid<U>& other, T fill = T{}) {
    return Grid(other.rows, other.cols, other.geo, fill, other.crs_wkt);
  }

  std::size_t size() const { return data.size(); }
  std::size_t idx(std::int64_t r, std::int64_t c) const { return static_cast<std::size_t>(r * cols + c); }
  bool inside(std::int64_t r, std::int64_t c) const { return r >= 0 && r < rows && c >= 0 && c < cols; }
  T& operator()(std::int64_t r, std::int64_t c) { return data[idx(r, c)]; }
  const T& operator()(std::int64_t r, std::int64_t c) const { return data[idx(r, c)]; }
  bool same_shape(const auto& o) const { return rows == o.rows && cols == o.cols && geo == o.geo; }

  void validate(const std::string& what) const {
    if (rows <= 0 || cols <= 0) throw InvariantError(what + ": grid has no cells");
    if (data.size() != static_cast<std::size_t>(rows * cols))
      throw InvariantError(what + ": data size does not match rows*cols");
    if (!(geo.dx > 0.0) || !(geo.dy < 0.0))
      throw InvariantError(what + ": grid must be north-up (dx > 0, dy < 0)");
  }
};

}  // namespace floodevac
