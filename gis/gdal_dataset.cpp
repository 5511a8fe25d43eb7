#include "gis/gdal_dataset.hpp"

#include <system_error>

namespace floodevac::gis::detail {

void require_file(const std::filesystem::path& file, const std::string& what) {
  if (is_virtual_path(file)) return;
  std::error_code ec;
  if (!std::filesystem::exists(file, ec))
    throw InputError((what.empty() ? "" : what + " ") + display_name(file) +
                     ": file not found; check the path in the scenario (relative paths " +
                     "are resolved against the scenario file's folder)");
}

Dataset open_dataset(const std::filesystem::path& file, unsigned flags, GdalErrorScope& scope,
                     const std::string& kind_hint) {
  require_file(file);
  GDALDatasetH h =
      GDALOpenEx(file.c_str(), flags | GDAL_OF_VERBOSE_ERROR, nullptr, nullptr, nullptr);
  if (h == nullptr) scope.fail("cannot open the file", kind_hint);
  return Dataset(h);
}

}  // namespace floodevac::gis::detail
