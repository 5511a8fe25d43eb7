#pragma once
// Shared helpers of the gis/raster tests: a temporary folder removed at the
// end of each test, and a small GeoTIFF writer (inputs are made inside the
// tests, not shipped as files).
#include <gdal.h>
#include <ogr_srs_api.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "gis/gdal_error.hpp"
#include "sim/core/grid.hpp"
#include "tests/support/temp_dir.hpp"

namespace floodevac::test {


/// Writes a plain GeoTIFF (Float32 unless `type` says otherwise) with GDAL.
/// `crs` is anything OSRSetFromUserInput takes ("" = no CRS); `gt` is the
/// full six-term GDAL geotransform.
inline void write_gtiff(const std::filesystem::path& file, int cols, int rows,
                        const std::vector<double>& gt, const std::string& crs,
                        const std::vector<float>& values,
                        std::optional<double> nodata = std::nullopt, int bands = 1) {
  floodevac::gis::init_gdal();
  GDALDriverH drv = GDALGetDriverByName("GTiff");
  GDALDatasetH ds = GDALCreate(drv, file.c_str(), cols, rows, bands, GDT_Float32, nullptr);
  if (ds == nullptr) throw std::runtime_error("test: cannot create " + file.string());
  double g[6];
  for (int i = 0; i < 6; ++i) g[i] = gt[static_cast<std::size_t>(i)];
  GDALSetGeoTransform(ds, g);
  if (!crs.empty()) {
    OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
    OSRSetFromUserInput(srs, crs.c_str());
    GDALSetSpatialRef(ds, srs);
    OSRDestroySpatialReference(srs);
  }
  for (int b = 1; b <= bands; ++b) {
    GDALRasterBandH band = GDALGetRasterBand(ds, b);
    if (nodata) GDALSetRasterNoDataValue(band, *nodata);
    std::vector<float> v = values;
    for (float& x : v) x += static_cast<float>(100 * (b - 1));
    if (GDALRasterIO(band, GF_Write, 0, 0, cols, rows, v.data(), cols, rows, GDT_Float32, 0, 0) !=
        CE_None)
      throw std::runtime_error("test: cannot write " + file.string());
  }
  GDALClose(ds);
}

inline void write_text(const std::filesystem::path& file, const std::string& text) {
  FILE* f = std::fopen(file.c_str(), "wb");
  if (f == nullptr) throw std::runtime_error("test: cannot write " + file.string());
  std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);
}

}  // namespace floodevac::test
