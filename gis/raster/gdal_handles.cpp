#include "gis/raster/gdal_handles.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>

#include <system_error>

namespace floodevac::gis::raster_detail {

Dataset open_dataset(const std::filesystem::path& file, unsigned flags, GdalErrorScope& scope,
                     const std::string& kind_hint) {
  if (!is_virtual_path(file)) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec))
      throw InputError(display_name(file) +
                       ": file not found; check the path in the scenario (relative paths " +
                       "are resolved against the scenario file's folder)");
  }
  GDALDatasetH h =
      GDALOpenEx(file.c_str(), flags | GDAL_OF_VERBOSE_ERROR, nullptr, nullptr, nullptr);
  if (h == nullptr) scope.fail("cannot open the file", kind_hint);
  return Dataset(h);
}

std::string srs_to_wkt(OGRSpatialReferenceH srs) {
  if (srs == nullptr) return {};
  char* wkt = nullptr;
  const char* const options[] = {"FORMAT=WKT2_2019", "MULTILINE=NO", nullptr};
  std::string out;
  if (OSRExportToWktEx(srs, &wkt, options) == OGRERR_NONE && wkt != nullptr) out = wkt;
  CPLFree(wkt);
  return out;
}

std::string dataset_wkt(GDALDatasetH ds) {
  return srs_to_wkt(GDALGetSpatialRef(ds));
}

void set_dataset_crs(GDALDatasetH ds, const std::string& crs, GdalErrorScope& scope) {
  if (crs.empty()) return;
  SpatialRef srs;
  if (OSRSetFromUserInput(srs.get(), crs.c_str()) != OGRERR_NONE)
    scope.fail("the grid's CRS is not understood by GDAL",
               "the grid's crs_wkt must be WKT or EPSG:<code>");
  OSRSetAxisMappingStrategy(srs.get(), OAMS_TRADITIONAL_GIS_ORDER);
  if (GDALSetSpatialRef(ds, srs.get()) != CE_None) scope.fail("cannot set the CRS");
}

}  // namespace floodevac::gis::raster_detail
