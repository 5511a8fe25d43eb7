#pragma once
// Raster input and output through GDAL: DEMs, Manning / land-cover rasters,
// gridded rain and population, and Cloud-Optimised GeoTIFF results.
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

#include "sim/core/grid.hpp"

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

/// Maps a land-cover class grid (integer codes stored as floats, NaN =
/// nodata) to Manning's n (s m^-1/3) with `n_by_class`. NaN cells stay NaN.
/// Classes missing from the table take `default_n` when default_n > 0;
/// otherwise an InputError names `source_name` and lists every missing class
/// code (with its cell count). Non-integer class values (e.g. after bilinear
/// resampling) and non-positive n values in the table are refused as well.
Grid<float> manning_from_landcover(const Grid<float>& classes,
                                   const std::map<int, double>& n_by_class, double default_n,
                                   const std::string& source_name);

/// Options of the Cloud-Optimised GeoTIFF writers.
struct CogOptions {
  std::string compression = "DEFLATE";  ///< DEFLATE, ZSTD, LZW or NONE
  int level = 6;                        ///< DEFLATE (1-12) / ZSTD (1-22) level; ignored otherwise
  std::string description;              ///< band description, e.g. "maximum water depth"
  std::string unit;                     ///< band unit type, e.g. "m", "s", "m/s"
  std::map<std::string, std::string> metadata;  ///< dataset metadata (default domain)
  double nodata = -9999.0;                      ///< value NaN cells are written as (write_cog only)
  int threads = 1;                              ///< compression threads (GDAL NUM_THREADS)
};

/// Writes `grid` as a Float32 COG: NaN cells written as opts.nodata (also
/// set as the band's nodata value), floating-point predictor, tiles of
/// 512 px (256 up to 2048 px, 128 up to 512 px, so small rasters get
/// overviews too), overviews (AUTO: halvings until the raster fits in one tile)
/// computed with AVERAGE, band description / unit / dataset metadata / CRS
/// from the grid and `opts`. Written through gis/atomic_output.hpp: to
/// "<name>.partial" in the same folder, renamed onto `file` only once GDAL
/// closed it without error; on any failure the partial file is removed and
/// InputError thrown (an existing `file` is then left untouched).
/// Throws InvariantError if a finite cell equals opts.nodata (it would read
/// back as nodata): choose another opts.nodata.
void write_cog(const Grid<float>& grid, const std::filesystem::path& file,
               const CogOptions& opts = {});

/// Writes a Byte COG with a colour table (entry v = RGBA of value v; at most
/// 256 entries; empty = no colour table), `nodata` as the band's nodata
/// value and NEAREST overviews. A TIFF colour map stores RGB only: the alpha
/// of the entries is not kept (GDAL reads 255 back); viewers make the
/// `nodata` value transparent. opts.nodata and opts.level semantics as for
/// write_cog except that no predictor is used. Same temp-then-rename rule.
void write_cog_byte(const Grid<std::uint8_t>& grid, const std::filesystem::path& file,
                    const CogOptions& opts,
                    const std::vector<std::array<std::uint8_t, 4>>& colour_table,
                    std::uint8_t nodata = 255);

}  // namespace floodevac::gis
