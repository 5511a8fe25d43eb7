#include "gis/raster/raster_io.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <gdal_utils.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cmath>
#include <cstdio>
#include <limits>
#include <system_error>

#include "gis/atomic_output.hpp"
#include "gis/crs.hpp"
#include "gis/gdal_crs.hpp"
#include "gis/gdal_error.hpp"
#include "gis/gdal_dataset.hpp"

namespace floodevac::gis {

namespace fs = std::filesystem;
using detail::Dataset;
using detail::display_name;

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
const char* const kRasterHint =
    "check that it is a raster in a format GDAL reads (GeoTIFF, COG, ASCII grid, ...)";

std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

std::string exact(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

Dataset open_raster(const fs::path& file, GdalErrorScope& scope) {
  return detail::open_dataset(file, GDAL_OF_RASTER | GDAL_OF_READONLY, scope, kRasterHint);
}

GDALRasterBandH get_band(GDALDatasetH ds, int band, const std::string& name) {
  const int n = GDALGetRasterCount(ds);
  if (n < 1) throw InputError(name + ": the file holds no raster band; " + kRasterHint);
  if (band < 1 || band > n)
    throw InputError(name + ": band " + std::to_string(band) + " requested but the file has " +
                     std::to_string(n) + (n == 1 ? " band" : " bands") +
                     "; choose a band between 1 and " + std::to_string(n));
  return GDALGetRasterBand(ds, band);
}

bool has_georeferencing(GDALDatasetH ds) {
  double gt[6];
  return GDALGetGeoTransform(ds, gt) == CE_None || GDALGetGCPCount(ds) > 0;
}

GeoTransform north_up_geotransform(GDALDatasetH ds, const std::string& name) {
  double gt[6];
  if (GDALGetGeoTransform(ds, gt) != CE_None)
    throw InputError(
        name +
        ": the raster has no georeferencing (geotransform); use a georeferenced format such as "
        "GeoTIFF, or assign one with gdal_translate -a_ullr <ulx> <uly> <lrx> <lry> -a_srs "
        "EPSG:<code>");
  if (gt[2] != 0.0 || gt[4] != 0.0)
    throw InputError(name + ": the raster is rotated or sheared (geotransform rotation terms " +
                     num(gt[2]) + ", " + num(gt[4]) +
                     "); warp it to a north-up grid first (gdalwarp in.tif out.tif)");
  if (!(gt[1] > 0.0) || !(gt[5] < 0.0))
    throw InputError(name + ": the raster is not north-up (pixel size " + num(gt[1]) + " x " +
                     num(gt[5]) +
                     "; expected a positive width and a negative height); warp it first (gdalwarp "
                     "in.tif out.tif)");
  return GeoTransform{gt[0], gt[1], gt[3], gt[5]};
}

void apply_scale_offset(GDALRasterBandH band, Grid<float>& g) {
  int has_scale = 0, has_offset = 0;
  const double scale = GDALGetRasterScale(band, &has_scale);
  const double offset = GDALGetRasterOffset(band, &has_offset);
  const bool do_scale = has_scale != 0 && scale != 1.0;
  const bool do_offset = has_offset != 0 && offset != 0.0;
  if (!do_scale && !do_offset) return;
  for (float& v : g.data)
    if (!std::isnan(v))
      v = static_cast<float>(static_cast<double>(v) * (do_scale ? scale : 1.0) +
                             (do_offset ? offset : 0.0));
}

/// Sets to NaN the cells of `g` (read from `band`) that are nodata or masked.
void mask_invalid(GDALRasterBandH band, Grid<float>& g, int band_no, GdalErrorScope& scope) {
  int has_nodata = 0;
  const double nodata = GDALGetRasterNoDataValue(band, &has_nodata);
  if (has_nodata != 0 && !std::isnan(nodata)) {
    const float nd = static_cast<float>(nodata);
    for (float& v : g.data)
      if (v == nd) v = kNaN;
  }
  const int flags = GDALGetMaskFlags(band);
  if ((flags & GMF_ALL_VALID) != 0 || (flags & GMF_NODATA) != 0) return;
  // Per-dataset mask or alpha band: 0 means invalid.
  GDALRasterBandH mask = GDALGetMaskBand(band);
  if (mask == nullptr) return;
  std::vector<std::uint8_t> m(g.size());
  if (GDALRasterIOEx(mask, GF_Read, 0, 0, static_cast<int>(g.cols), static_cast<int>(g.rows),
                     m.data(), static_cast<int>(g.cols), static_cast<int>(g.rows), GDT_Byte, 0, 0,
                     nullptr) != CE_None)
    scope.fail("cannot read the mask of band " + std::to_string(band_no),
               "the file may be truncated or corrupt");
  for (std::size_t i = 0; i < m.size(); ++i)
    if (m[i] == 0) g.data[i] = kNaN;
}

/// Reads band `band_no` of `ds` into a grid (north-up required). Scale and
/// offset are taken from `scale_source` (the original file's band when `ds`
/// is a warped copy), or from the band itself when nullptr.
Grid<float> read_band(GDALDatasetH ds, int band_no, const std::string& name, GdalErrorScope& scope,
                      GDALRasterBandH scale_source) {
  GDALRasterBandH band = get_band(ds, band_no, name);
  const GeoTransform geo = north_up_geotransform(ds, name);
  const int cols = GDALGetRasterXSize(ds);
  const int rows = GDALGetRasterYSize(ds);
  Grid<float> g(rows, cols, geo, 0.0f, dataset_crs_wkt(ds));
  if (GDALRasterIOEx(band, GF_Read, 0, 0, cols, rows, g.data.data(), cols, rows, GDT_Float32, 0, 0,
                     nullptr) != CE_None)
    scope.fail("cannot read band " + std::to_string(band_no),
               "the file may be truncated or corrupt");
  mask_invalid(band, g, band_no, scope);
  apply_scale_offset(scale_source != nullptr ? scale_source : band, g);
  return g;
}

/// An in-memory VRT exposing only band `band` of `src` (empty Dataset when
/// `src` already has that single band), so the warper touches one band.
Dataset single_band_view(GDALDatasetH src, int band, GdalErrorScope& scope) {
  if (band == 1 && GDALGetRasterCount(src) == 1) return {};
  CPLStringList args;
  args.AddString("-of");
  args.AddString("VRT");
  args.AddString("-b");
  args.AddString(std::to_string(band).c_str());
  GDALTranslateOptions* opts = GDALTranslateOptionsNew(args.List(), nullptr);
  if (opts == nullptr) scope.fail("cannot select band " + std::to_string(band));
  int usage_error = 0;
  GDALDatasetH view = GDALTranslate("", src, opts, &usage_error);
  GDALTranslateOptionsFree(opts);
  if (view == nullptr || usage_error != 0) scope.fail("cannot select band " + std::to_string(band));
  return Dataset(view);
}

/// Runs GDALWarp from `src` into a new MEM dataset (dst == nullptr) or into
/// the existing `dst`. Returns the new dataset (empty when dst was given).
Dataset run_warp(GDALDatasetH src, GDALDatasetH dst, const CPLStringList& args,
                 GdalErrorScope& scope, const std::string& what) {
  GDALWarpAppOptions* opts =
      GDALWarpAppOptionsNew(const_cast<CPLStringList&>(args).List(), nullptr);
  if (opts == nullptr) scope.fail("invalid warp options while " + what);
  int usage_error = 0;
  GDALDatasetH srcs[1] = {src};
  GDALDatasetH out = GDALWarp(dst == nullptr ? "" : nullptr, dst, 1, srcs, opts, &usage_error);
  GDALWarpAppOptionsFree(opts);
  if (out == nullptr || usage_error != 0)
    scope.fail(
        "cannot warp the raster while " + what,
        "check that the raster's CRS and extent are right (gdalinfo) and overlap the target area");
  if (dst != nullptr) return {};
  return Dataset(out);
}

// --- read_dem helpers -------------------------------------------------------

/// Suggested UTM code for a DEM in degrees (or with no CRS but coordinates
/// that look like degrees); 0 when nothing sensible can be said.
int suggest_utm(GDALDatasetH ds) {
  double gt[6];
  if (GDALGetGeoTransform(ds, gt) != CE_None) return 0;
  const double cx =
      gt[0] + 0.5 * GDALGetRasterXSize(ds) * gt[1] + 0.5 * GDALGetRasterYSize(ds) * gt[2];
  const double cy =
      gt[3] + 0.5 * GDALGetRasterXSize(ds) * gt[4] + 0.5 * GDALGetRasterYSize(ds) * gt[5];
  if (std::fabs(cx) > 180.0 || std::fabs(cy) > 90.0) return 0;
  return utm_epsg_for(cx, cy);
}

std::string utm_hint(int code) {
  if (code == 0)
    return "set crs: EPSG:<code of a projected CRS in metres, e.g. the UTM zone> in the scenario";
  const int zone = code % 100;
  const char hemi = code / 100 == 326 ? 'N' : 'S';
  return "set crs: EPSG:" + std::to_string(code) + " in the scenario (UTM zone " +
         std::to_string(zone) + hemi + " covers the DEM centre)";
}

bool same_resolution(const GeoTransform& g, double res) {
  const double tol = 1e-9 * res;
  return std::fabs(g.dx - res) <= tol && std::fabs(-g.dy - res) <= tol;
}

Grid<float> warp_dem(GDALDatasetH src, GDALRasterBandH src_band, const std::string& dst_wkt,
                     double res_m, const std::string& name, GdalErrorScope& scope) {
  Dataset view = single_band_view(src, 1, scope);
  CPLStringList args;
  for (const char* a : {"-of", "MEM", "-r", "bilinear", "-ot", "Float32", "-dstnodata", "nan"})
    args.AddString(a);
  args.AddString("-t_srs");
  args.AddString(dst_wkt.c_str());
  if (res_m > 0.0) {
    args.AddString("-tr");
    args.AddString(exact(res_m).c_str());
    args.AddString(exact(res_m).c_str());
    args.AddString("-tap");
  }
  Dataset out =
      run_warp(view ? view.get() : src, nullptr, args, scope, "reprojecting/resampling the DEM");
  Grid<float> g = read_band(out.get(), 1, name, scope, src_band);
  if (!crs_is_projected_metres(g.crs_wkt))
    throw InputError(
        name + ": the reprojected DEM is in " + crs_describe(g.crs_wkt) +
        ", which is not a projected CRS in metres; set crs: EPSG:<UTM zone> in the scenario");
  return g;
}

// --- COG helpers --------------------------------------------------------------

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

Dataset create_mem(int cols, int rows, GDALDataType type, GdalErrorScope& scope) {
  GDALDriverH mem = GDALGetDriverByName("MEM");
  if (mem == nullptr) scope.fail("this GDAL has no MEM driver");
  GDALDatasetH ds = GDALCreate(mem, "", cols, rows, 1, type, nullptr);
  if (ds == nullptr)
    scope.fail("cannot allocate an in-memory raster of " + std::to_string(cols) + " x " +
                   std::to_string(rows),
               "not enough memory?");
  return Dataset(ds);
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

const char* gdal_resampling_name(Resampling r) {
  switch (r) {
    case Resampling::nearest:
      return "near";
    case Resampling::bilinear:
      return "bilinear";
    case Resampling::average:
      return "average";
    case Resampling::sum:
      return "sum";
    case Resampling::mode:
      return "mode";
  }
  return "near";
}

Grid<float> read_raster(const fs::path& file, int band) {
  const std::string name = display_name(file);
  GdalErrorScope scope(name);
  Dataset ds = open_raster(file, scope);
  return read_band(ds.get(), band, name, scope, nullptr);
}

Grid<float> read_dem(const fs::path& file, const std::string& target_crs, double target_res_m) {
  const std::string name = display_name(file);
  if (!(target_res_m >= 0.0) || !std::isfinite(target_res_m))
    throw ConfigError(
        name + ": DEM resolution " + num(target_res_m) +
        " m is not valid; give a positive cell size in metres, or 0 to keep the DEM's");
  GdalErrorScope scope(name);
  Dataset src = open_raster(file, scope);
  GDALRasterBandH band = get_band(src.get(), 1, name);
  const std::string src_wkt = dataset_crs_wkt(src.get());

  std::string dst_wkt;
  if (target_crs.empty()) {
    if (src_wkt.empty())
      throw InputError(name + ": the DEM has no CRS; assign it (gdal_edit.py -a_srs EPSG:<code> " +
                       name + ") and " + utm_hint(suggest_utm(src.get())) + " to work in metres");
    if (crs_is_geographic(src_wkt))
      throw InputError(name + ": the DEM is in a geographic CRS (" + crs_describe(src_wkt) +
                       ", degrees); " + utm_hint(suggest_utm(src.get())) +
                       " to reproject it to a projected CRS in metres");
    if (!crs_is_projected_metres(src_wkt))
      throw InputError(
          name + ": the DEM's CRS (" + crs_describe(src_wkt) +
          ") is not a projected CRS in metres; set crs: EPSG:<code> in the scenario (e.g. the UTM "
          "zone) to reproject it");
    dst_wkt = src_wkt;
  } else {
    std::string wkt;
    try {
      wkt = crs_wkt_from_user(target_crs);
    } catch (const InputError& e) {
      throw ConfigError(name + ": scenario crs: " + e.what());
    }
    if (!crs_is_projected_metres(wkt))
      throw ConfigError(
          name + ": scenario crs '" + target_crs + "' (" + crs_describe(wkt) +
          ") is not a projected CRS in metres; use a UTM zone, e.g. " +
          "EPSG:" + std::to_string(suggest_utm(src.get()) != 0 ? suggest_utm(src.get()) : 32651));
    if (src_wkt.empty())
      throw InputError(name + ": the DEM has no CRS, so it cannot be reprojected to " +
                       crs_describe(wkt) +
                       "; assign its CRS first (gdal_edit.py -a_srs EPSG:<code> " + name + ")");
    dst_wkt = crs_equivalent(src_wkt, wkt) ? src_wkt : wkt;
  }

  if (dst_wkt == src_wkt) {
    const GeoTransform geo = north_up_geotransform(src.get(), name);
    if (target_res_m == 0.0 || same_resolution(geo, target_res_m))
      return read_band(src.get(), 1, name, scope, nullptr);
  }
  return warp_dem(src.get(), band, dst_wkt, target_res_m, name, scope);
}

Grid<float> read_raster_onto(const fs::path& file, const Grid<float>& like, Resampling method,
                             int band) {
  const std::string name = display_name(file);
  like.validate(name + ": target grid");
  if (like.crs_wkt.empty())
    throw InvariantError(name +
                         ": the target grid has no CRS; read the DEM first and use its grid");
  if (like.rows > INT_MAX || like.cols > INT_MAX)
    throw InvariantError(name + ": target grid too large for GDAL");
  GdalErrorScope scope(name);
  Dataset src = open_raster(file, scope);
  GDALRasterBandH src_band = get_band(src.get(), band, name);
  if (!has_georeferencing(src.get()))
    throw InputError(
        name +
        ": the raster has no georeferencing (geotransform); use a georeferenced format such "
        "as GeoTIFF, or assign one with gdal_translate -a_ullr ... -a_srs EPSG:<code>");
  if (dataset_crs_wkt(src.get()).empty())
    throw InputError(
        name +
        ": the raster has no CRS, so it cannot be placed on the model grid; assign it with "
        "gdal_edit.py -a_srs EPSG:<code> " +
        name);
  Dataset view = single_band_view(src.get(), band, scope);

  const int cols = static_cast<int>(like.cols), rows = static_cast<int>(like.rows);
  Dataset dst = create_mem(cols, rows, GDT_Float32, scope);
  double gt[6] = {like.geo.x0, like.geo.dx, 0.0, like.geo.y0, 0.0, like.geo.dy};
  GDALSetGeoTransform(dst.get(), gt);
  set_dataset_crs(dst.get(), like.crs_wkt, scope);
  GDALRasterBandH dst_band = GDALGetRasterBand(dst.get(), 1);
  GDALSetRasterNoDataValue(dst_band, std::numeric_limits<double>::quiet_NaN());
  GDALFillRaster(dst_band, std::numeric_limits<double>::quiet_NaN(), 0.0);

  CPLStringList args;
  args.AddString("-r");
  args.AddString(gdal_resampling_name(method));
  for (const char* a : {"-dstnodata", "nan", "-wo", "INIT_DEST=NO_DATA"}) args.AddString(a);
  run_warp(view ? view.get() : src.get(), dst.get(), args, scope,
           std::string("resampling onto the model grid (") + gdal_resampling_name(method) + ")");

  Grid<float> g = Grid<float>::like(like, kNaN);
  if (GDALRasterIOEx(dst_band, GF_Read, 0, 0, cols, rows, g.data.data(), cols, rows, GDT_Float32, 0,
                     0, nullptr) != CE_None)
    scope.fail("cannot read the resampled raster");
  apply_scale_offset(src_band, g);
  return g;
}

Grid<float> manning_from_landcover(const Grid<float>& classes,
                                   const std::map<int, double>& n_by_class, double default_n,
                                   const std::string& source_name) {
  classes.validate(source_name + " (land-cover classes)");
  for (const auto& [cls, n] : n_by_class)
    if (!(n > 0.0) || !std::isfinite(n))
      throw ConfigError(source_name + ": Manning's n for land-cover class " + std::to_string(cls) +
                        " is " + num(n) +
                        "; it must be a positive number in s m^-1/3 (typically 0.01 to 0.2)");
  const bool use_default = default_n > 0.0 && std::isfinite(default_n);

  Grid<float> out = Grid<float>::like(classes, kNaN);
  std::map<int, std::size_t> missing;
  std::size_t non_integer = 0;
  float example_bad = 0.0f;
  // Land cover is spatially coherent: remember the last class looked up.
  int last_cls = 0;
  float last_n = kNaN;
  bool have_last = false;
  for (std::size_t i = 0; i < classes.data.size(); ++i) {
    const float v = classes.data[i];
    if (std::isnan(v)) continue;
    const double r = std::nearbyint(static_cast<double>(v));
    if (std::fabs(static_cast<double>(v) - r) > 1e-3 || std::fabs(r) > 2.0e9) {
      if (non_integer++ == 0) example_bad = v;
      continue;
    }
    const int cls = static_cast<int>(r);
    if (have_last && cls == last_cls) {
      out.data[i] = last_n;
      continue;
    }
    float n = kNaN;
    if (auto it = n_by_class.find(cls); it != n_by_class.end())
      n = static_cast<float>(it->second);
    else if (use_default)
      n = static_cast<float>(default_n);
    else {
      ++missing[cls];
      continue;
    }
    out.data[i] = n;
    last_cls = cls;
    last_n = n;
    have_last = true;
  }
  if (non_integer > 0)
    throw InputError(source_name + ": " + std::to_string(non_integer) +
                     " cells hold non-integer land-cover values (e.g. " + num(example_bad) +
                     "); land-cover classes must be integer codes: resample the land cover with "
                     "nearest or mode, "
                     "never bilinear or average");
  if (!missing.empty()) {
    std::string list;
    for (const auto& [cls, count] : missing) {
      if (!list.empty()) list += ", ";
      list +=
          std::to_string(cls) + " (" + std::to_string(count) + (count == 1 ? " cell)" : " cells)");
    }
    throw InputError(source_name + ": land-cover classes without a Manning's n: " + list +
                     "; add them to the Manning table (n by class) or set a default n > 0");
  }
  return out;
}

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
