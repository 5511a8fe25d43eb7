#include "gis/raster/cog_writer.hpp"

#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cmath>
#include <limits>

#include "gis/atomic_output.hpp"
#include "gis/gdal_crs.hpp"
#include "gis/gdal_error.hpp"
#include "gis/raster/raster_common.hpp"

namespace floodevac::gis {

namespace fs = std::filesystem;
using detail::Dataset;
using detail::display_name;
using raster_detail::create_mem;
using raster_detail::num;

namespace {

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

/// Tile size: 512 px for large rasters; smaller tiles for small ones so that they
/// still get overviews (COG overviews stop once the raster fits in one tile).
int cog_block_size(std::int64_t rows, std::int64_t cols) {
  const std::int64_t m = std::max(rows, cols);
  return m > 2048 ? 512 : (m > 512 ? 256 : 128);
}

CPLStringList cog_creation_options(const CogOptions& opts, bool floating, const std::string& name, std::int64_t rows,
                                   std::int64_t cols) {
  const std::string comp = upper(opts.compression.empty() ? std::string("NONE") : opts.compression);
  if (comp != "DEFLATE" && comp != "ZSTD" && comp != "LZW" && comp != "NONE")
    throw ConfigError(name + ": compression '" + opts.compression +
                      "' is not supported for results; use DEFLATE, ZSTD, LZW or NONE");
  CPLStringList co;
  co.SetNameValue("COMPRESS", comp.c_str());
  co.SetNameValue("OVERVIEW_COMPRESS", comp.c_str());
  if (comp == "DEFLATE" || comp == "ZSTD") {
    const int max_level = comp == "DEFLATE" ? 12 : 22;
    if (opts.level < 1 || opts.level > max_level)
      throw ConfigError(name + ": compression level " + std::to_string(opts.level) +
                        " is out of range for " + comp + "; use 1 to " + std::to_string(max_level));
    co.SetNameValue("LEVEL", std::to_string(opts.level).c_str());
  }
  if (floating && comp != "NONE") {
    co.SetNameValue("PREDICTOR", "YES");  // floating-point predictor (3) for Float32
    co.SetNameValue("OVERVIEW_PREDICTOR", "YES");
  }
  co.SetNameValue("BLOCKSIZE", std::to_string(cog_block_size(rows, cols)).c_str());
  co.SetNameValue("OVERVIEWS", "AUTO");
  co.SetNameValue("RESAMPLING", floating ? "AVERAGE" : "NEAREST");
  co.SetNameValue("NUM_THREADS", std::to_string(std::max(1, opts.threads)).c_str());
  co.SetNameValue("BIGTIFF", "IF_SAFER");
  return co;
}

/// GDALCreateCopy(COG) of `mem` into `out`'s temporary file, then commit.
void copy_to_cog(GDALDatasetH mem, AtomicOutput& out, const CPLStringList& co,
                 GdalErrorScope& scope) {
  GDALDriverH cog = GDALGetDriverByName("COG");
  if (cog == nullptr)
    scope.fail("this GDAL has no COG driver", "install GDAL >= 3.1 with the COG driver");
  // GDAL keeps what GeoTIFF tags cannot hold in a PAM side-car; the COG
  // driver builds overviews in "<name>.ovr.tmp" next to the file.
  out.carry_companion(".aux.xml");
  out.scratch_companion(".ovr.tmp");
  out.scratch_companion(".msk.ovr.tmp");
  const std::string disk_hint =
      "check that the folder exists and is writable and that the disk is not full";
  CPLErrorReset();
  GDALDatasetH ds = GDALCreateCopy(cog, out.temp_path().c_str(), mem, FALSE,
                                   const_cast<CPLStringList&>(co).List(), nullptr, nullptr);
  if (ds == nullptr) scope.fail("cannot write the Cloud-Optimised GeoTIFF", disk_hint);
  const bool failed_during_copy = CPLGetLastErrorType() >= CE_Failure;
  CPLErrorReset();
  GDALClose(ds);
  if (failed_during_copy || CPLGetLastErrorType() >= CE_Failure)
    scope.fail("GDAL reported an error while writing the Cloud-Optimised GeoTIFF", disk_hint);
  out.commit();
}

template <class T>
void check_writable_grid(const Grid<T>& grid, const std::string& name) {
  grid.validate(name);
  if (grid.rows > INT_MAX || grid.cols > INT_MAX)
    throw InvariantError(name + ": grid of " + std::to_string(grid.cols) + " x " +
                         std::to_string(grid.rows) + " cells is too large for GDAL");
}

template <class T>
void set_common(GDALDatasetH ds, const Grid<T>& grid, const CogOptions& opts,
                const std::string& name, GdalErrorScope& scope) {
  double gt[6] = {grid.geo.x0, grid.geo.dx, 0.0, grid.geo.y0, 0.0, grid.geo.dy};
  if (GDALSetGeoTransform(ds, gt) != CE_None) scope.fail("cannot set the geotransform");
  set_dataset_crs(ds, grid.crs_wkt, scope);
  for (const auto& [key, value] : opts.metadata) {
    if (key.empty() || key.find_first_of("= \t\n") != std::string::npos)
      throw ConfigError(name + ": metadata key '" + key +
                        "' is not valid; use a non-empty key without spaces or '='");
    GDALSetMetadataItem(ds, key.c_str(), value.c_str(), nullptr);
  }
  GDALRasterBandH band = GDALGetRasterBand(ds, 1);
  if (!opts.description.empty()) GDALSetDescription(band, opts.description.c_str());
  if (!opts.unit.empty()) GDALSetRasterUnitType(band, opts.unit.c_str());
}

}  // namespace

void write_cog(const Grid<float>& grid, const fs::path& file, const CogOptions& opts) {
  const std::string name = display_name(file);
  check_writable_grid(grid, name);
  if (!std::isnan(opts.nodata) &&
      (!std::isfinite(opts.nodata) || std::fabs(opts.nodata) > std::numeric_limits<float>::max() ||
       static_cast<double>(static_cast<float>(opts.nodata)) != opts.nodata))
    throw ConfigError(name + ": nodata value " + num(opts.nodata) +
                      " cannot be stored exactly in Float32; use e.g. -9999");
  const CPLStringList co = cog_creation_options(opts, true, name, grid.rows, grid.cols);
  AtomicOutput out(file);
  const float nd = static_cast<float>(opts.nodata);
  if (!std::isnan(nd))
    for (float v : grid.data)
      if (v == nd)
        throw InvariantError(name + ": the grid holds the value " + num(opts.nodata) +
                             ", which is the nodata value; choose another CogOptions::nodata");

  GdalErrorScope scope(name);
  const int cols = static_cast<int>(grid.cols), rows = static_cast<int>(grid.rows);
  Dataset mem = create_mem(cols, rows, GDT_Float32, scope);
  set_common(mem.get(), grid, opts, name, scope);
  GDALRasterBandH band = GDALGetRasterBand(mem.get(), 1);
  GDALSetRasterNoDataValue(band, opts.nodata);
  const int chunk = std::max(1, std::min(rows, static_cast<int>((1 << 22) / std::max(1, cols))));
  std::vector<float> buf(static_cast<std::size_t>(chunk) * static_cast<std::size_t>(cols));
  for (int r0 = 0; r0 < rows; r0 += chunk) {
    const int n = std::min(chunk, rows - r0);
    const float* src = grid.data.data() + grid.idx(r0, 0);
    const std::size_t count = static_cast<std::size_t>(n) * static_cast<std::size_t>(cols);
    for (std::size_t i = 0; i < count; ++i) buf[i] = std::isnan(src[i]) ? nd : src[i];
    if (GDALRasterIO(band, GF_Write, 0, r0, cols, n, buf.data(), cols, n, GDT_Float32, 0, 0) !=
        CE_None)
      scope.fail("cannot fill the in-memory raster");
  }
  copy_to_cog(mem.get(), out, co, scope);
}

void write_cog_byte(const Grid<std::uint8_t>& grid, const fs::path& file, const CogOptions& opts,
                    const std::vector<std::array<std::uint8_t, 4>>& colour_table,
                    std::uint8_t nodata) {
  const std::string name = display_name(file);
  check_writable_grid(grid, name);
  if (colour_table.size() > 256)
    throw InvariantError(name + ": colour table has " + std::to_string(colour_table.size()) +
                         " entries; a Byte raster takes at most 256");
  const CPLStringList co = cog_creation_options(opts, false, name, grid.rows, grid.cols);
  AtomicOutput out(file);

  GdalErrorScope scope(name);
  const int cols = static_cast<int>(grid.cols), rows = static_cast<int>(grid.rows);
  Dataset mem = create_mem(cols, rows, GDT_Byte, scope);
  set_common(mem.get(), grid, opts, name, scope);
  GDALRasterBandH band = GDALGetRasterBand(mem.get(), 1);
  GDALSetRasterNoDataValue(band, static_cast<double>(nodata));
  if (!colour_table.empty()) {
    GDALColorTableH ct = GDALCreateColorTable(GPI_RGB);
    for (std::size_t i = 0; i < colour_table.size(); ++i) {
      const auto& c = colour_table[i];
      const GDALColorEntry e{c[0], c[1], c[2], c[3]};
      GDALSetColorEntry(ct, static_cast<int>(i), &e);
    }
    const CPLErr err = GDALSetRasterColorTable(band, ct);
    GDALDestroyColorTable(ct);
    if (err != CE_None) scope.fail("cannot set the colour table");
    GDALSetRasterColorInterpretation(band, GCI_PaletteIndex);
  }
  if (GDALRasterIO(band, GF_Write, 0, 0, cols, rows, const_cast<std::uint8_t*>(grid.data.data()),
                   cols, rows, GDT_Byte, 0, 0) != CE_None)
    scope.fail("cannot fill the in-memory raster");
  copy_to_cog(mem.get(), out, co, scope);
}

}  // namespace floodevac::gis
