#pragma once
// Images and vector layers for the interactive viewer (app/view.hpp), through GDAL:
// PNG images, a hillshade of a DEM, a raster's corners in lon/lat (where the browser
// map places an image), any vector file as RFC 7946 GeoJSON text, and a contour line
// (the coastline: the DEM's 0 m contour) as GeoJSON text.
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/core/grid.hpp"

namespace floodevac::gis {

/// An 8-bit RGBA image (rows * cols * 4 bytes, row 0 at the top) encoded as PNG (the
/// bytes of the file).
std::string encode_png_rgba(std::int64_t rows, std::int64_t cols,
                            const std::vector<std::uint8_t>& rgba);

/// Hillshade of a DEM, 0..255 (NaN cells: 0): Horn's (1981) slope and aspect, lit from
/// azimuth 315° at altitude 45° (the usual cartographic light; GDAL's gdaldem defaults),
/// heights times z_factor.
std::vector<std::uint8_t> hillshade(const Grid<float>& dem, double z_factor = 1.0);

/// The grid every `step` cells (the cell at the top-left of each block; no averaging).
Grid<float> decimate(const Grid<float>& grid, std::int64_t step);

/// The raster's outer corners in WGS 84 lon/lat: top-left, top-right, bottom-right,
/// bottom-left (the order MapLibre's image source takes).
std::array<std::array<double, 2>, 4> corners_lonlat(const Grid<float>& grid);

/// Any vector file OGR reads (layer "" = the first), as RFC 7946 GeoJSON text in lon/lat.
/// Throws InputError when it cannot be read.
std::string vector_as_geojson(const std::filesystem::path& file, const std::string& layer = {});

/// The contour lines of `grid` at `level` as RFC 7946 GeoJSON text (lon/lat; a
/// FeatureCollection, empty when the level is never crossed).
std::string contour_geojson(const Grid<float>& grid, double level);

}  // namespace floodevac::gis
