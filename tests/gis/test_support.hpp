#pragma once
// Helpers shared by every gis test (tests/gis, tests/gis/raster,
// tests/gis/vector): a temporary folder per test, text files, expected
// errors, a small GeoTIFF writer and GeoJSON inputs in UTM 51N. Inputs are
// made inside the tests, not shipped as files.
#include <gdal.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogr_spatialref.h>
#include <ogr_srs_api.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "gis/gdal_error.hpp"
#include "tests/support/temp_dir.hpp"

namespace floodevac::test {

inline void write_text(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  if (!out) throw std::runtime_error("test: cannot write " + p.string());
  out << text;
}

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline bool contains(const std::string& s, const std::string& what) {
  return s.find(what) != std::string::npos;
}

/// Runs f, expects it to throw E, and returns the message ("" if it did not throw).
template <class E, class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an exception";
  return {};
}

inline constexpr const char* kUtm51 = "EPSG:32651";  // WGS 84 / UTM zone 51N (Zhejiang)

/// GeoJSON "crs" member (GeoJSON 2008) for test inputs in UTM 51N.
inline constexpr const char* kUtm51CrsMember =
    R"("crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32651"}},)";

/// A GeoJSON FeatureCollection of `features` (each a JSON object), in UTM 51N
/// when `utm` (GeoJSON 2008 "crs" member), in lon/lat otherwise.
inline std::string feature_collection(const std::vector<std::string>& features, bool utm = false) {
  std::string s = "{\"type\":\"FeatureCollection\",";
  if (utm) s += kUtm51CrsMember;
  s += "\"features\":[";
  for (std::size_t i = 0; i < features.size(); ++i) {
    if (i > 0) s += ",";
    s += features[i];
  }
  return s + "]}";
}

/// A new, empty vector data source written with OGR (driver "GPKG", "ESRI
/// Shapefile", ...); throws when the driver cannot create it.
inline GDALDatasetUniquePtr create_vector_source(const std::filesystem::path& file, const char* driver = "GPKG") {
  floodevac::gis::init_gdal();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(driver);
  if (drv == nullptr) throw std::runtime_error(std::string("test: no OGR driver ") + driver);
  GDALDatasetUniquePtr ds(drv->Create(file.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) throw std::runtime_error("test: cannot create " + file.string());
  return ds;
}

/// EPSG:32651 (WGS 84 / UTM 51N) for layers made with OGR.
inline OGRSpatialReference utm51_srs() {
  OGRSpatialReference srs;
  srs.importFromEPSG(32651);
  return srs;
}

/// Writes a plain GeoTIFF (Float32) with GDAL. `crs` is anything
/// OSRSetFromUserInput takes ("" = no CRS); `gt` is the full six-term GDAL
/// geotransform. Band b holds `values` + 100 (b - 1).
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

}  // namespace floodevac::test
