#include "sim/policy/zones.hpp"

#include <cmath>

#include "sim/policy/config_fail.hpp"

namespace floodevac::policy {
namespace {
constexpr std::string_view kDanger[] = {"none",         "seawall_polder", "flash_flood_valley",
                                        "waterlogging", "unsafe_housing", "island"};
}

std::string_view danger_name(DangerType d) {
  return kDanger[static_cast<int>(d)];
}

DangerType danger_from_name(std::string_view name, const std::string& field) {
  for (int i = 0; i < 6; ++i)
    if (kDanger[i] == name) return static_cast<DangerType>(i);
  config_fail(field, "unknown danger type '" + std::string(name) + "'",
              "use none, seawall_polder, flash_flood_valley, waterlogging, unsafe_housing or "
              "island");
}

void Zone::validate(std::size_t shelter_count, const std::string& field) const {
  for (std::size_t i = 0; i < plan_shelters.size(); ++i)
    if (plan_shelters[i] < 0 || static_cast<std::size_t>(plan_shelters[i]) >= shelter_count)
      config_fail(field + ".plan_shelters[" + std::to_string(i) + "]",
                  "shelter index " + std::to_string(plan_shelters[i]) + " is not one of the " +
                      std::to_string(shelter_count) + " shelters",
                  "list shelter ids that exist");
  if (!(plan_places < 0 || std::isfinite(plan_places)))
    config_fail(field + ".plan_places", "plan places must be finite");
}

}  // namespace floodevac::policy
