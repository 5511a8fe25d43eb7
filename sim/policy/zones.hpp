#pragma once
// Villages / communities (行政村 / 社区) of the timeline: the zones orders apply to,
// with their danger type and 一村一策 shelter plan (data/county/villages.geojson).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace floodevac::policy {

enum class DangerType : std::uint8_t {
  none = 0,
  seawall_polder = 1,
  flash_flood_valley = 2,
  waterlogging = 3,
  unsafe_housing = 4,
  island = 5,
};

/// "none", "seawall_polder", "flash_flood_valley", "waterlogging", "unsafe_housing", "island".
std::string_view danger_name(DangerType d);
/// Inverse of danger_name; throws ConfigError naming `field` and listing the names.
DangerType danger_from_name(std::string_view name, const std::string& field);

struct Zone {
  std::string id;    // "V17"
  std::string name;  // "Nanyang Cun 南洋村"
  DangerType danger = DangerType::none;
  /// 一村一策: the shelters (indices into TimelineInputs::shelters) the village's
  /// transferred people go to. Empty: the nearest shelter with room (queue model).
  std::vector<std::int32_t> plan_shelters;
  /// Places the plan reserves in those shelters in all (villages.geojson `plan_places`);
  /// < 0: the sum of their capacities. The reserve is split over the plan's shelters in
  /// proportion to their capacities (largest remainder); transferred persons beyond it go
  /// to the nearest shelter with room.
  double plan_places = -1;
  /// 包干责任人: one-to-one enforcement of the transfer; nobody returns early (回流).
  bool enforcement = false;
  /// The zone lies on an island reached only by ferry (岛自为战).
  bool island = false;

  /// Throws ConfigError naming `field` on a plan shelter index outside [0, shelters).
  void validate(std::size_t shelter_count, const std::string& field) const;
};

}  // namespace floodevac::policy
