#pragma once
// Raster input through GDAL: DEMs, Manning / land-cover rasters, gridded rain
// and population. This header also includes the Cloud-Optimised GeoTIFF
// writers (cog_writer.hpp) and the land-cover to Manning's n mapping
// (landcover.hpp).
//
// Conventions (see sim/core/grid.hpp):
//  - every Grid returned is north-up (row 0 = north edge), nodata is NaN,
//    Grid::crs_wkt holds the CRS as single-line WKT2 (empty if the file has
//    none) and Grid::geo the corner geotransform in CRS units;
//  - values are returned as Float32, after applying the band's scale and
//    offset when the file declares them (value = raw * scale + offset);
//  - every error is an InputError (ConfigError for contradictory options)
//    whose message names the file, what is wrong and what would fix it.
//
// All functions are safe to call from several threads on different files
// (GDAL handles are not shared).
#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "gis/raster/cog_writer.hpp"
#include "gis/raster/landcover.hpp"
#include "sim/core/grid.hpp"
#include "sim/core/log.hpp"

namespace floodevac::gis {

/// Reads band `band` (1-based) of any raster GDAL can open.
/// Cells equal to the band's nodata value, and cells masked out by a
/// per-dataset mask or an alpha band, become NaN. Requires a north-up
/// geotransform (dx > 0, dy < 0, no rotation): other rasters are refused with
/// a hint to warp them with gdalwarp. Throws InputError on a missing or
/// unreadable file and on a band out of range (naming the band count).
Grid<float> read_raster(const std::filesystem::path& file, int band = 1);

/// Reads a DEM (band 1, elevation in metres) for the flood model, whose grids
/// are always in a projected CRS in metres.
///  - target_crs empty: the DEM must already be in a projected CRS in metres;
///    a geographic (degrees) or missing CRS is refused with an InputError that
///    suggests `crs: EPSG:<UTM zone of the DEM centre>` for the scenario.
///  - target_crs given (anything crs_wkt_from_user accepts; must be projected
///    in metres, ConfigError otherwise): when it differs from the DEM's CRS
///    the DEM is warped onto it with bilinear resampling (GDAL warper);
///    cells outside the source footprint are NaN.
///  - target_res_m > 0: the output cell size in metres (square cells, grid
///    aligned on multiples of the resolution); the DEM is resampled
///    (bilinear) when its resolution differs. 0 keeps the resolution, or lets
///    GDAL derive one (about the source pixel size) when reprojecting.
/// The returned grid's CRS is checked to be projected with metre axes.
Grid<float> read_dem(const std::filesystem::path& file, const std::string& target_crs = {},
                     double target_res_m = 0.0);
/// As above; `progress` is asked while GDAL reads and warps (GDAL's progress
/// callback, every few rows): false stops the read with a CancelledError (a
/// run cancelled by Ctrl-C does not wait for a large DEM to be read).
Grid<float> read_dem(const std::filesystem::path& file, const std::string& target_crs,
                     double target_res_m, const Progress& progress);

/// How read_raster_onto computes a target cell from the source cells
/// (GDAL warper kernels, nodata-aware).
enum class Resampling {
  nearest,   ///< value of the source cell under the target centre (classes, IDs)
  bilinear,  ///< smooth fields: rain rate, Manning's n given as a continuous raster
  average,   ///< area-weighted mean of the covered source cells
  sum,       ///< area-weighted sum: preserves totals (population counts, volumes)
  mode,      ///< most frequent covered value (land-cover classes when coarsening)
};

/// GDAL's name of a Resampling ("near", "bilinear", "average", "sum", "mode").
const char* gdal_resampling_name(Resampling r);

/// Reads band `band` of any raster, in any CRS, and warps/resamples it onto
/// exactly the grid of `like`: the result has like's rows, cols, geo and
/// crs_wkt (copied verbatim). Target cells not covered by valid source cells
/// are NaN. `like` must be valid and have a CRS; the source must have one.
/// With Resampling::sum, totals over the covered area are preserved (each
/// source cell is split by the fraction of it each target cell covers).
Grid<float> read_raster_onto(const std::filesystem::path& file, const Grid<float>& like,
                             Resampling method, int band = 1);

}  // namespace floodevac::gis
