#include <string_view>

#include "gis/vector/roads.hpp"
#include "gis/vector/text.hpp"

namespace floodevac::gis {

bool is_osm_file(const std::filesystem::path& path) {
  const std::string name = detail::lower(path.filename().string());
  auto ends_with = [&](std::string_view s) {
    return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
  };
  return ends_with(".pbf") || ends_with(".osm") || ends_with(".osm.gz") || ends_with(".osm.bz2") ||
         ends_with(".o5m") || ends_with(".opl");
}

graph::RoadGraph read_road_network(const std::filesystem::path& path, const std::string& target_crs_wkt,
                                   const RoadReadOptions& options, RoadReport* report) {
  return is_osm_file(path) ? read_osm_roads(path, target_crs_wkt, options, report)
                           : read_roads(path, target_crs_wkt, options, report);
}

}  // namespace floodevac::gis
