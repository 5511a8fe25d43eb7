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

}  // namespace floodevac::gis::raster_detail
