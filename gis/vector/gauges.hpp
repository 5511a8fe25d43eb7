#pragma once
// Water-level gauges (tide, river, creek stations) read from a point layer: where the
// run samples the water level for the report's gauge plot (app/gauge_log.hpp).
// Fields: `id` (required), `name`, `kind` (sea_level, river_level, ...) and
// `warning_level_m` (the stage at which the station warns, m in the DEM's datum; optional).
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

namespace floodevac::gis {

struct Gauge {
  std::string id, name, kind;
  double warning_level_m = std::numeric_limits<double>::quiet_NaN();  // NaN: none given
  double x = 0, y = 0;  // target CRS
};

/// Reads the gauges into `target_crs` (projected, metres). A layer without a CRS is an
/// InputError, as is a feature that is not a point or has no id.
std::vector<Gauge> read_gauges(const std::filesystem::path& file, const std::string& layer,
                               const std::string& target_crs);

}  // namespace floodevac::gis
