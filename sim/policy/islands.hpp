#pragma once
// 岛自为战: per island, its people, its shelter places and its last ferries (issue 12 §4).
// An island is a land mass (policy::land_masses: road components without ferry edges)
// other than the mainland, the land mass with the most nodes (the smallest label on ties).
#include <cstdint>
#include <limits>
#include <vector>

#include "sim/policy/timeline.hpp"

namespace floodevac::policy {

struct IslandSummary {
  std::uint32_t land_mass = 0;
  std::vector<std::int32_t> zones;  // zones with a unit or a place on the island, ascending
  double residents = 0;             // simulated residents living there (snapped units)
  double tourists = 0;              // hotel guests lodged there
  double shelter_places = 0;        // capacity of the shelters snapped there
  /// Last departure left in the plan (after 停运) of a ferry leaving / reaching the island;
  /// -infinity when none.
  double last_departure_from_s = -std::numeric_limits<double>::infinity();
  double last_departure_to_s = -std::numeric_limits<double>::infinity();
  /// Residents + tourists beyond the shelter places (0 when the places suffice).
  double shortfall() const {
    const double s = residents + tourists - shelter_places;
    return s > 0 ? s : 0;
  }
};

/// One entry per island, in order of land-mass label.
std::vector<IslandSummary> island_summaries(const TimelineInputs& in, const TimelinePlan& plan);

}  // namespace floodevac::policy
