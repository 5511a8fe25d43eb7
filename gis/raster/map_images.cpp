#include "gis/raster/map_images.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <gdal_alg.h>
#include <gdal_utils.h>
#include <ogr_api.h>
#include <ogr_spatialref.h>
#include <ogr_srs_api.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <numbers>

#include "gis/crs.hpp"
#include "gis/gdal_crs.hpp"
#include "gis/gdal_dataset.hpp"
#include "gis/gdal_error.hpp"

namespace floodevac::gis {

namespace fs = std::filesystem;

namespace {

/// A MEM dataset over `grid` (one Float32 band, NaN nodata), with its georeference.
detail::Dataset mem_of(const Grid<float>& grid, GdalErrorScope& scope) {
  GDALDriverH mem = GDALGetDriverByName("MEM");
  if (mem == nullptr) scope.fail("GDAL has no MEM driver");
  detail::Dataset ds(GDALCreate(mem, "", static_cast<int>(grid.cols), static_cast<int>(grid.rows),
                                1, GDT_Float32, nullptr));
  if (!ds) scope.fail("cannot make an in-memory raster");
  double gt[6] = {grid.geo.x0, grid.geo.dx, 0, grid.geo.y0, 0, grid.geo.dy};
  GDALSetGeoTransform(ds.get(), gt);
  set_dataset_crs(ds.get(), grid.crs_wkt, scope);
  GDALRasterBandH b = GDALGetRasterBand(ds.get(), 1);
  GDALSetRasterNoDataValue(b, std::nan(""));
  if (GDALRasterIO(b, GF_Write, 0, 0, static_cast<int>(grid.cols), static_cast<int>(grid.rows),
                   const_cast<float*>(grid.data.data()), static_cast<int>(grid.cols),
                   static_cast<int>(grid.rows), GDT_Float32, 0, 0) != CE_None)
    scope.fail("cannot fill an in-memory raster");
  return ds;
}

/// The text of a /vsimem/ file, removed afterwards.
std::string take_vsimem(const std::string& name) {
  vsi_l_offset size = 0;
  GByte* data = VSIGetMemFileBuffer(name.c_str(), &size, FALSE);
  std::string text = data ? std::string(reinterpret_cast<const char*>(data), size) : std::string();
  VSIUnlink(name.c_str());
  return text;
}

std::string unique_vsimem(const char* stem) {
  static std::atomic<int> counter{0};
  return std::string("/vsimem/floodevac_") + stem + std::to_string(counter++) + ".geojson";
}

}  // namespace

std::string encode_png_rgba(std::int64_t rows, std::int64_t cols,
                            const std::vector<std::uint8_t>& rgba) {
  init_gdal();
  GdalErrorScope scope("PNG image");
  if (rgba.size() != static_cast<std::size_t>(rows * cols * 4))
    throw InvariantError("encode_png_rgba: " + std::to_string(rgba.size()) + " bytes for " +
                         std::to_string(rows) + " x " + std::to_string(cols) + " RGBA");
  GDALDriverH mem = GDALGetDriverByName("MEM");
  GDALDriverH png = GDALGetDriverByName("PNG");
  if (mem == nullptr || png == nullptr) scope.fail("GDAL has no MEM or PNG driver");
  detail::Dataset ds(
      GDALCreate(mem, "", static_cast<int>(cols), static_cast<int>(rows), 4, GDT_Byte, nullptr));
  if (!ds) scope.fail("cannot make an in-memory image");
  // Pixel-interleaved buffer: pixel stride 4, line stride 4 * cols, band stride 1.
  if (GDALDatasetRasterIO(ds.get(), GF_Write, 0, 0, static_cast<int>(cols), static_cast<int>(rows),
                          const_cast<std::uint8_t*>(rgba.data()), static_cast<int>(cols),
                          static_cast<int>(rows), GDT_Byte, 4, nullptr, 4, 4 * cols, 1) != CE_None)
    scope.fail("cannot fill an in-memory image");
  static std::atomic<int> counter{0};
  const std::string name = "/vsimem/floodevac_png" + std::to_string(counter++) + ".png";
  char** opts = CSLSetNameValue(nullptr, "ZLEVEL", "9");
  CPLSetThreadLocalConfigOption("GDAL_PAM_ENABLED", "NO");
  GDALDatasetH written = GDALCreateCopy(png, name.c_str(), ds.get(), FALSE, opts, nullptr, nullptr);
  CPLSetThreadLocalConfigOption("GDAL_PAM_ENABLED", nullptr);
  CSLDestroy(opts);
  if (written == nullptr) scope.fail("cannot encode the PNG");
  GDALClose(written);
  vsi_l_offset size = 0;
  GByte* data = VSIGetMemFileBuffer(name.c_str(), &size, FALSE);
  std::string bytes = data ? std::string(reinterpret_cast<const char*>(data), size) : std::string();
  VSIUnlink(name.c_str());
  if (bytes.empty()) scope.fail("cannot encode the PNG");
  return bytes;
}

std::vector<std::uint8_t> hillshade(const Grid<float>& dem, double z_factor) {
  const std::int64_t R = dem.rows, C = dem.cols;
  std::vector<std::uint8_t> out(static_cast<std::size_t>(R * C), 0);
  const double az = (360.0 - 315.0 + 90.0) * std::numbers::pi / 180.0;  // math angle
  const double zen = (90.0 - 45.0) * std::numbers::pi / 180.0;
  const double dx = dem.geo.dx, dy = -dem.geo.dy;
  auto at = [&](std::int64_t r, std::int64_t c, float fallback) {
    r = std::clamp<std::int64_t>(r, 0, R - 1);
    c = std::clamp<std::int64_t>(c, 0, C - 1);
    const float v = dem.data[static_cast<std::size_t>(r * C + c)];
    return std::isnan(v) ? fallback : v;
  };
  for (std::int64_t r = 0; r < R; ++r)
    for (std::int64_t c = 0; c < C; ++c) {
      const float z = dem.data[static_cast<std::size_t>(r * C + c)];
      if (std::isnan(z)) continue;
      // Horn (1981): 3x3 weighted differences.
      const double a = at(r - 1, c - 1, z), b = at(r - 1, c, z), cc = at(r - 1, c + 1, z);
      const double d = at(r, c - 1, z), f = at(r, c + 1, z);
      const double g = at(r + 1, c - 1, z), h = at(r + 1, c, z), i = at(r + 1, c + 1, z);
      const double dzdx = ((cc + 2 * f + i) - (a + 2 * d + g)) / (8 * dx) * z_factor;
      const double dzdy = ((g + 2 * h + i) - (a + 2 * b + cc)) / (8 * dy) * z_factor;
      const double slope = std::atan(std::hypot(dzdx, dzdy));
      const double aspect = std::atan2(dzdy, -dzdx);
      double v = std::cos(zen) * std::cos(slope) +
                 std::sin(zen) * std::sin(slope) * std::cos(az - aspect);
      v = std::clamp(v, 0.0, 1.0);
      out[static_cast<std::size_t>(r * C + c)] = static_cast<std::uint8_t>(1 + 254 * v);
    }
  return out;
}

Grid<float> decimate(const Grid<float>& grid, std::int64_t step) {
  if (step <= 1) return grid;
  const std::int64_t R = (grid.rows + step - 1) / step, C = (grid.cols + step - 1) / step;
  GeoTransform geo = grid.geo;
  geo.dx *= static_cast<double>(step);
  geo.dy *= static_cast<double>(step);
  Grid<float> out(R, C, geo, 0.0f, grid.crs_wkt);
  for (std::int64_t r = 0; r < R; ++r)
    for (std::int64_t c = 0; c < C; ++c)
      out.data[static_cast<std::size_t>(r * C + c)] =
          grid.data[static_cast<std::size_t>(r * step * grid.cols + c * step)];
  return out;
}

std::array<std::array<double, 2>, 4> corners_lonlat(const Grid<float>& grid) {
  const double x0 = grid.geo.x0, y0 = grid.geo.y0;
  const double x1 = x0 + grid.geo.dx * static_cast<double>(grid.cols);
  const double y1 = y0 + grid.geo.dy * static_cast<double>(grid.rows);
  std::vector<double> xs{x0, x1, x1, x0}, ys{y0, y0, y1, y1};
  CoordTransform(grid.crs_wkt, "EPSG:4326").transform(xs, ys);
  return {{{xs[0], ys[0]}, {xs[1], ys[1]}, {xs[2], ys[2]}, {xs[3], ys[3]}}};
}

std::string vector_as_geojson(const fs::path& file, const std::string& layer) {
  init_gdal();
  GdalErrorScope scope(file.string());
  detail::Dataset src = detail::open_dataset(file, GDAL_OF_VECTOR, scope, "vector");
  std::vector<std::string> args{"-f", "GeoJSON", "-t_srs", "EPSG:4326", "-lco", "RFC7946=YES"};
  if (!layer.empty()) args.push_back(layer);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  GDALVectorTranslateOptions* opts = GDALVectorTranslateOptionsNew(argv.data(), nullptr);
  const std::string name = unique_vsimem("vec");
  GDALDatasetH h = src.get();
  int usage_error = 0;
  GDALDatasetH out = GDALVectorTranslate(name.c_str(), nullptr, 1, &h, opts, &usage_error);
  GDALVectorTranslateOptionsFree(opts);
  if (out == nullptr) scope.fail("cannot convert to GeoJSON");
  GDALClose(out);
  return take_vsimem(name);
}

std::string contour_geojson(const Grid<float>& grid, double level) {
  init_gdal();
  GdalErrorScope scope("contour");
  Grid<float> filled = grid;
  for (float& v : filled.data)
    if (std::isnan(v)) v = -9999.0f;
  detail::Dataset mem = mem_of(filled, scope);
  GDALDriverH drv = GDALGetDriverByName("GeoJSON");
  if (drv == nullptr) scope.fail("GDAL has no GeoJSON driver");
  const std::string name = unique_vsimem("contour");
  detail::Dataset out(GDALCreate(drv, name.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!out) scope.fail("cannot make a GeoJSON dataset");
  OGRSpatialReference srs = srs_for_gdal(grid.crs_wkt, "contour");
  char** lco = CSLSetNameValue(nullptr, "RFC7946", "YES");
  OGRLayerH lyr = GDALDatasetCreateLayer(out.get(), "contour",
                                         OGRSpatialReference::ToHandle(&srs), wkbLineString, lco);
  CSLDestroy(lco);
  if (lyr == nullptr) scope.fail("cannot make the contour layer");
  OGRFieldDefnH fd = OGR_Fld_Create("level_m", OFTReal);
  OGR_L_CreateField(lyr, fd, TRUE);
  OGR_Fld_Destroy(fd);
  char** opts = nullptr;
  opts = CSLSetNameValue(opts, "FIXED_LEVELS", std::to_string(level).c_str());
  opts = CSLSetNameValue(opts, "ELEV_FIELD", "0");
  opts = CSLSetNameValue(opts, "NODATA", "-9999");
  if (GDALContourGenerateEx(GDALGetRasterBand(mem.get(), 1), lyr, opts, nullptr, nullptr) !=
      CE_None) {
    CSLDestroy(opts);
    scope.fail("contouring failed");
  }
  CSLDestroy(opts);
  out.reset();
  return take_vsimem(name);
}

}  // namespace floodevac::gis
