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

#include "gis/crs.hpp"
#include "gis/gdal_crs.hpp"
#include "gis/gdal_error.hpp"
#include "gis/gdal_dataset.hpp"
#include "gis/raster/raster_common.hpp"

namespace floodevac::gis {

namespace fs = std::filesystem;
using detail::Dataset;
using detail::display_name;
using raster_detail::create_mem;
using raster_detail::num;

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
const char* const kRasterHint =
    "check that it is a raster in a format GDAL reads (GeoTIFF, COG, ASCII grid, ...)";

/// GDAL's progress callback asking a caller's Progress whether to go on (a
/// cancelled run): FALSE makes GDAL stop the read or the warp with an error,
/// which stop_if_asked() turns into a CancelledError instead of an input error.
struct GdalStop {
  const Progress* progress = nullptr;
  std::string what;
  bool stopped = false;

  static int CPL_STDCALL ask(double fraction, const char* /*message*/, void* self) {
    auto* s = static_cast<GdalStop*>(self);
    if (s->progress == nullptr || s->progress->update(fraction, s->what)) return TRUE;
    s->stopped = true;
    return FALSE;
  }
  void stop_if_asked() const {
    if (stopped) throw CancelledError(what + ": stopped on request (run cancelled)");
  }
};

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
                      GDALRasterBandH scale_source, GdalStop* stop = nullptr) {
  GDALRasterBandH band = get_band(ds, band_no, name);
  const GeoTransform geo = north_up_geotransform(ds, name);
  const int cols = GDALGetRasterXSize(ds);
  const int rows = GDALGetRasterYSize(ds);
  Grid<float> g(rows, cols, geo, 0.0f, dataset_crs_wkt(ds));
  GDALRasterIOExtraArg extra;
  INIT_RASTERIO_EXTRA_ARG(extra);
  if (stop != nullptr) {
    extra.pfnProgress = &GdalStop::ask;
    extra.pProgressData = stop;
  }
  const CPLErr read = GDALRasterIOEx(band, GF_Read, 0, 0, cols, rows, g.data.data(), cols, rows,
                                     GDT_Float32, 0, 0, &extra);
  if (stop != nullptr) stop->stop_if_asked();
  if (read != CE_None)
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
                 GdalErrorScope& scope, const std::string& what, GdalStop* stop = nullptr) {
  GDALWarpAppOptions* opts =
      GDALWarpAppOptionsNew(const_cast<CPLStringList&>(args).List(), nullptr);
  if (opts == nullptr) scope.fail("invalid warp options while " + what);
  if (stop != nullptr) GDALWarpAppOptionsSetProgress(opts, &GdalStop::ask, stop);
  int usage_error = 0;
  GDALDatasetH srcs[1] = {src};
  GDALDatasetH out = GDALWarp(dst == nullptr ? "" : nullptr, dst, 1, srcs, opts, &usage_error);
  GDALWarpAppOptionsFree(opts);
  if (stop != nullptr && stop->stopped) {
    if (out != nullptr && dst == nullptr) GDALClose(out);
    stop->stop_if_asked();
  }
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
                     double res_m, const std::string& name, GdalErrorScope& scope, GdalStop* stop) {
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
  Dataset out = run_warp(view ? view.get() : src, nullptr, args, scope,
                         "reprojecting/resampling the DEM", stop);
  Grid<float> g = read_band(out.get(), 1, name, scope, src_band, stop);
  if (!crs_is_projected_metres(g.crs_wkt))
    throw InputError(
        name + ": the reprojected DEM is in " + crs_describe(g.crs_wkt) +
        ", which is not a projected CRS in metres; set crs: EPSG:<UTM zone> in the scenario");
  return g;
}

// --- DEM content checks -----------------------------------------------------

/// Values that GIS tools commonly write for "no data" when a file does not
/// declare its nodata value (ArcGIS/ESRI ASCII -9999, SRTM -32768, ...).
bool looks_like_nodata(float v) {
  return v == -9999.0f || v == -32768.0f || v == -32767.0f || v == -99999.0f || v == 9999.0f ||
         v == 32767.0f || v < -12000.0f || v > 9000.0f;  // below the deepest trench, above Everest
}

/// Refuses a DEM the flood model cannot use: fewer than 2 x 2 cells, no valid
/// cell, or (when the file declares no nodata value) cells holding a typical
/// nodata sentinel. Each message names the DEM and what would fix it.
void check_dem_cells(const Grid<float>& g, const std::string& name, GDALRasterBandH src_band) {
  if (g.rows < 2 || g.cols < 2)
    throw InputError(name + ": the DEM has " + std::to_string(g.cols) + " x " + std::to_string(g.rows) +
                     " cells; the flood model needs at least 2 x 2. Use a DEM covering the area, or a "
                     "smaller resolution_m");
  std::size_t valid = 0, suspect = 0;
  float sentinel = 0.0f;
  for (float v : g.data) {
    if (std::isnan(v)) continue;
    ++valid;
    if (looks_like_nodata(v)) {
      if (suspect++ == 0) sentinel = v;
    }
  }
  int has_nodata = 0;
  const double nodata = GDALGetRasterNoDataValue(src_band, &has_nodata);
  if (valid == 0)
    throw InputError(name + ": the DEM has no valid cell (all " + std::to_string(g.size()) + " cells are nodata" +
                     (has_nodata != 0 ? ", nodata value " + num(nodata) : std::string()) +
                     "). Check the file (gdalinfo -stats) and its nodata value, or that the scenario crs and "
                     "resolution_m place the grid over the data");
  if (suspect > 0)
    throw InputError(name + ": " + std::to_string(suspect) + " cells hold " + num(sentinel) + " m" +
                     (suspect > 1 ? " (or a similar value)" : "") +
                     ", not a real elevation: it looks like an undeclared nodata value" +
                     (has_nodata != 0 ? " (the file declares nodata " + num(nodata) + ")" : std::string()) +
                     ". Declare it: gdal_edit.py -a_nodata " + num(sentinel) + " " + name);
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
  return read_dem(file, target_crs, target_res_m, Progress{});
}

Grid<float> read_dem(const fs::path& file, const std::string& target_crs, double target_res_m,
                     const Progress& progress) {
  const std::string name = display_name(file);
  GdalStop stop{&progress, name + ": reading the DEM"};
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
    if (target_res_m == 0.0 || same_resolution(geo, target_res_m)) {
      Grid<float> g = read_band(src.get(), 1, name, scope, nullptr, &stop);
      check_dem_cells(g, name, band);
      return g;
    }
  }
  // Warping blends a sentinel into its neighbours: check the source first.
  check_dem_cells(read_band(src.get(), 1, name, scope, nullptr, &stop), name, band);
  Grid<float> g = warp_dem(src.get(), band, dst_wkt, target_res_m, name, scope, &stop);
  check_dem_cells(g, name, band);
  return g;
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
  if (std::none_of(g.data.begin(), g.data.end(), [](float v) { return !std::isnan(v); })) {
    double sgt[6];
    GDALGetGeoTransform(src.get(), sgt);
    const double sx1 = sgt[0] + sgt[1] * GDALGetRasterXSize(src.get());
    const double sy1 = sgt[3] + sgt[5] * GDALGetRasterYSize(src.get());
    throw InputError(name + ": the raster has no valid cell on the model grid: it covers x " +
                     num(std::min(sgt[0], sx1)) + " .. " + num(std::max(sgt[0], sx1)) + ", y " +
                     num(std::min(sgt[3], sy1)) + " .. " + num(std::max(sgt[3], sy1)) + " in " +
                     crs_describe(dataset_crs_wkt(src.get())) + ", the DEM x " + num(like.geo.x0) + " .. " +
                     num(like.geo.x0 + like.geo.dx * static_cast<double>(like.cols)) + ", y " +
                     num(like.geo.y0 + like.geo.dy * static_cast<double>(like.rows)) + " .. " + num(like.geo.y0) +
                     " in " + crs_describe(like.crs_wkt) +
                     ". The two do not overlap (or the overlap is all nodata): check the file's CRS and extent "
                     "(gdalinfo) against the DEM's");
  }
  return g;
}

}  // namespace floodevac::gis
