#pragma once
// Activity groups of the typhoon-day timeline: where people are by hour of day.
// Residents are at home (evac::PopulationUnit) or at a daytime activity place
// (work, school, market, outdoor); tourists are extra people lodged at a hotel
// who visit scenic spots. The daily profile gives, per place, the share of its
// `persons` present in each local hour (data/county/daily_profile.csv).
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/graph/road_graph.hpp"

namespace floodevac::policy {

enum class Activity : std::uint8_t {
  home = 0,
  work = 1,
  school = 2,
  market = 3,
  outdoor = 4,
  tourist = 5
};
inline constexpr int kActivityCount = 6;

/// "home", "work", "school", "market", "outdoor", "tourist".
std::string_view activity_name(Activity a);
/// The layer an activity's places come from, the daily-profile column prefix:
/// "" (home), "workplaces", "schools", "markets", "outdoor", "tourists".
std::string_view layer_name(Activity a);
/// Inverse of layer_name for the five place layers; throws ConfigError naming `field`.
Activity activity_from_layer(std::string_view layer, const std::string& field);

/// A daytime activity place (a point of workplaces/schools/markets/outdoor/tourists).
/// Invariants: persons >= 0 and finite; zone, shelter in range or -1; a lodging place
/// has activity tourist.
struct ActivityPlace {
  std::string id;    // "W01", "E07", "T03"
  std::string kind;  // layer `kind`: "primary", "fishing_boats", "hotel"
  Activity activity = Activity::work;
  double x = 0, y = 0;                   // m, scenario CRS
  graph::NodeId node = graph::kInvalid;  // snapped road node; kInvalid: nobody there moves
  /// The layer's `persons`: residents at the place at the profile's peak share 1
  /// (work: jobs; school: students; market/outdoor/scenic: persons at the peak hour);
  /// for a lodging place (hotel) the guests, who are extra people (not residents).
  double persons = 0;
  std::int32_t zone = -1;     // index into TimelineInputs::zones (village it stands in); -1 none
  std::int32_t shelter = -1;  // index into shelters when the place is itself one (school=yes)
  bool boarding = false;      // boarding school: students stay on campus under 停课
  bool lodging = false;       // tourists' hotel: the guests' base (kind "hotel")
};

/// Hourly presence shares. Column names are "layer" or "layer.kind"
/// ("schools", "schools.kindergarten"); share(c, h) is the share of a place's persons
/// present in local hour [h, h+1). Invariant: every share in [0, 1], 24 per column,
/// column names unique.
struct DailyProfile {
  std::vector<std::string> columns;
  std::vector<std::array<double, 24>> shares;  // per column

  /// Index of column "layer.kind" if present, else "layer"; -1 when neither is.
  std::int32_t find(std::string_view layer, std::string_view kind) const;
  /// As find, but throws ConfigError naming `field` and both names tried when absent.
  std::int32_t column_for(std::string_view layer, std::string_view kind,
                          const std::string& field) const;
  double share(std::int32_t column, int hour) const { return shares[column][hour]; }
  /// Throws ConfigError naming `file` and the column/hour of the first bad share.
  void validate(const std::string& file = "daily_profile") const;
  /// Parses the CSV form of data/county/daily_profile.csv: a header "hour,<col>,<col>..."
  /// and 24 rows with hours 0..23 in order. Throws InputError naming `file`, the line
  /// and the column of the first fault.
  static DailyProfile from_csv(std::string_view text, const std::string& file);
};

}  // namespace floodevac::policy
