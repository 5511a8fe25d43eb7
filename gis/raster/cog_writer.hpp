#pragma once
// Cloud-Optimised GeoTIFF results (GDAL's COG driver), written atomically
// (gis/atomic_output.hpp).
#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "sim/core/grid.hpp"

namespace floodevac::gis {

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
