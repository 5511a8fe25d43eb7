#pragma once
// Static maps of a run as PNG, drawn by the tool itself (no tiles, no network): a
// hillshade of the DEM, raster layers coloured cell by cell over it, and vector layers
// (files any OGR driver reads, in any CRS) rasterised on top with GDALRasterizeGeometries.
// Written through GDAL's PNG driver. The report (viz/) embeds the PNGs.
//
//  - hillshade: Horn (1981) 3x3 gradient, illumination from azimuth 315 deg at 45 deg
//    altitude (the defaults of gdaldem hillshade); a cell with a NaN neighbour uses its
//    own value for it;
//  - the canvas covers the DEM's extent, north up: a whole number of pixels per cell while
//    the longer side stays within max_px, else max_px on the longer side (a pixel then
//    covers more than a cell);
//  - lines are drawn `size_px` wide and points as discs of radius `size_px` (the geometry
//    buffered by that many pixels' worth of map units, GEOS through OGR), polygons filled
//    with the style's colour and outlined in its outline colour; colours blend by alpha.
#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/grid.hpp"

namespace floodevac::gis {

using Rgba = std::array<std::uint8_t, 4>;

/// How one feature is drawn; features with equal styles are rasterised together.
struct MarkStyle {
  Rgba colour{0, 0, 0, 255};
  double size_px = 1.0;        ///< line width, disc radius, polygon outline width
  Rgba outline{0, 0, 0, 0};    ///< polygons and discs: outline colour (alpha 0: none)
  int z = 0;                   ///< drawing order within the layer (higher on top)
};

/// The style of a feature from the values of the layer's named fields, in order
/// (std::nullopt: null, unset or not a number); std::nullopt: the feature is not drawn.
using StyleOf = std::function<std::optional<MarkStyle>(const std::vector<std::optional<double>>&)>;

struct VectorStyle {
  std::filesystem::path file;
  std::vector<std::string> fields;  ///< a field the layer lacks reads as null
  StyleOf style;
};

/// A colour for a cell value (NaN never reaches it); std::nullopt: transparent.
using CellColour = std::function<std::optional<Rgba>(float)>;

/// Horn (1981) hillshade of a DEM, 0 (dark) .. 1 (lit); NaN where the DEM is NaN.
Grid<float> hillshade(const Grid<float>& dem, double azimuth_deg = 315.0, double altitude_deg = 45.0,
                      double z_factor = 1.0);

class MapCanvas {
 public:
  /// A canvas over `dem`'s extent with its hillshade as the background (grey, nodata
  /// white). dem.crs_wkt is the CRS vector layers are reprojected to.
  explicit MapCanvas(const Grid<float>& dem, int max_px = 960);

  int width() const { return width_; }
  int height() const { return height_; }

  /// Colours every pixel whose cell of `grid` (any grid in the canvas CRS) is finite and
  /// has a colour, blended over what is there by the colour's alpha.
  void draw_raster(const Grid<float>& grid, const CellColour& colour);
  /// Reads the layer and draws its features. Throws InputError naming the file when it
  /// cannot be read or reprojected.
  void draw_vector(const VectorStyle& layer);
  /// Writes the canvas as an RGB PNG through `AtomicOutput` (InputError when it cannot).
  void write_png(const std::filesystem::path& file) const;

  /// RGB bytes, row by row from the north.
  const std::vector<std::uint8_t>& rgb() const { return rgb_; }

 private:
  void blend_mask(const std::vector<std::uint8_t>& mask, const Rgba& colour);

  int width_ = 0, height_ = 0;
  std::array<double, 6> geo_{};  // GDAL geotransform of the canvas
  std::string crs_wkt_;
  std::vector<std::uint8_t> rgb_;
};

/// Linear interpolation in a colour ramp of (value, colour) stops sorted by value;
/// values outside the stops take the end colours.
Rgba ramp_colour(const std::vector<std::pair<double, Rgba>>& stops, double v);

}  // namespace floodevac::gis
