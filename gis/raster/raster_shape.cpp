#include "gis/raster/raster_shape.hpp"

#include <gdal.h>

#include <algorithm>
#include <cmath>

#include "gis/crs.hpp"
#include "gis/gdal_crs.hpp"
#include "gis/gdal_dataset.hpp"
#include "gis/gdal_error.hpp"

namespace floodevac::gis {

RasterShape read_raster_shape(const std::filesystem::path& file) {
  GdalErrorScope scope(detail::display_name(file));
  detail::Dataset ds = detail::open_dataset(file, GDAL_OF_RASTER | GDAL_OF_READONLY, scope,
                                            "give a GeoTIFF or another raster GDAL reads");
  RasterShape s;
  s.cols = GDALGetRasterXSize(ds.get());
  s.rows = GDALGetRasterYSize(ds.get());
  double gt[6] = {0, 1, 0, 0, 0, -1};
  GDALGetGeoTransform(ds.get(), gt);
  double sx = std::hypot(gt[1], gt[4]), sy = std::hypot(gt[2], gt[5]);
  const char* wkt = GDALGetProjectionRef(ds.get());
  if (wkt != nullptr && *wkt != '\0' && crs_is_geographic(wkt)) {
    // Metres per degree on the sphere of the mean Earth radius (6371 km).
    const double lat = gt[3] + 0.5 * s.rows * gt[5] + 0.5 * s.cols * gt[4];
    const double m_per_deg = 6371000.0 * M_PI / 180.0;
    sx *= m_per_deg * std::max(0.01, std::cos(lat * M_PI / 180.0));
    sy *= m_per_deg;
  }
  s.width_m = sx * static_cast<double>(s.cols);
  s.height_m = sy * static_cast<double>(s.rows);
  s.cell_m = std::min(sx, sy);
  return s;
}

}  // namespace floodevac::gis
