#pragma once
// The scenario's `timeline` section (issue 12) read into typed values: the clock, the
// input layers (villages, activity places, daily profile, ferries), the orders with their
// issue times in simulation seconds, and the warning, compliance, 回流 and gravity rules
// (the sim/policy structs, whose defaults the schema states). Village ids are checked
// against the villages file when the inputs are read (app/timeline_inputs.hpp).
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/source_map.hpp"
#include "sim/policy/assignment.hpp"
#include "sim/policy/clock.hpp"
#include "sim/policy/orders.hpp"
#include "sim/policy/returns.hpp"
#include "sim/policy/village_plan.hpp"
#include "sim/policy/warnings.hpp"
#include "sim/policy/zones.hpp"

namespace floodevac::app {

struct TimelinePlaceLayer {
  std::string group;  // workplaces, schools, markets, outdoor, tourists
  std::filesystem::path file;
  std::string layer;
  std::string pointer;  // "/timeline/places/2", for errors
};

struct TimelineFerrySpec {
  std::filesystem::path file, timetable;
  std::string layer;
  double max_pier_snap_m{};
};

struct TimelineOrderSpec {
  policy::OrderKind kind = policy::OrderKind::transfer;
  double issue_s = 0;                       // s from the start (order_shift_s added)
  std::vector<std::string> zones;           // village ids; with danger empty too: all
  std::vector<policy::DangerType> danger;   // every village of these types
  std::string label;
  std::string pointer;  // "/timeline/orders/0", for errors
};

struct TimelineSpec {
  policy::Clock clock;
  std::filesystem::path villages;
  std::string villages_layer;
  /// 一村一策 plan table (timeline.villages.plan; empty: none): replaces the villages
  /// file's shelters and plan_places of the villages it lists (app/village_plan_table).
  std::filesystem::path village_plan;
  std::vector<TimelinePlaceLayer> places;
  std::filesystem::path profile;  // empty: none (only without places)
  std::optional<TimelineFerrySpec> ferries;
  std::vector<TimelineOrderSpec> orders;
  policy::WarningChain warning;
  policy::Compliance compliance;                // by_activity; zone factors below
  std::map<std::string, double> zone_factor;    // village id -> factor
  policy::ReturnRule returns;
  bool enforce_everywhere = false;              // returns.enforcement: "all"
  std::vector<std::string> enforced_zones;      // returns.enforcement: a list of ids
  policy::GravityRule gravity;
  policy::MarginRule margin;  // timeline.margin (the village plan's thresholds)
};

/// Reads the `timeline` section (already checked against the schema, defaults filled);
/// relative paths start at `base`. Throws ConfigError at the value's line: a clock or
/// time the policy parser refuses, an unknown enforcement word, places without a profile.
TimelineSpec read_timeline_spec(const nlohmann::json& timeline, const std::filesystem::path& base,
                                const SourceMap& sources);

}  // namespace floodevac::app
