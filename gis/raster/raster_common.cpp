#include "gis/raster/raster_common.hpp"

namespace floodevac::gis::raster_detail {

detail::Dataset create_mem(int cols, int rows, GDALDataType type, GdalErrorScope& scope) {
  GDALDriverH mem = GDALGetDriverByName("MEM");
  if (mem == nullptr) scope.fail("this GDAL has no MEM driver");
  GDALDatasetH ds = GDALCreate(mem, "", cols, rows, 1, type, nullptr);
  if (ds == nullptr)
    scope.fail("cannot allocate an in-memory raster of " + std::to_string(cols) + " x " +
                   std::to_string(rows),
               "not enough memory?");
  return detail::Dataset(ds);
}

}  // namespace floodevac::gis::raster_detail
