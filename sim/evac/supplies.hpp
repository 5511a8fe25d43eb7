#pragma once
// Relief supplies to the shelters (issue 13 §2): at chosen times, the travel time
// from every depot to every shelter over the road network as the water has left it
// then (QueueSim::vehicle_free_times_s: closed links excluded, flooded links at the
// Pregnolato et al. 2017 speed, ferries only while a departure is left, so an island
// is cut off after 停运), on an empty network. A shelter is reachable when some depot
// gets there within that depot's limit (its level's: e.g. 6 h for a county depot,
// 8 h for a city depot, the delivery times the scenario sets); an occupied shelter
// that no depot reaches is a supply failure.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "sim/graph/road_graph.hpp"

namespace floodevac::evac {

/// 应急物资储备库: a depot with a stock of relief supplies.
struct Depot {
  std::string id, name;
  std::string level;  // county, city, ... (selects the delivery limit)
  double x = 0, y = 0;  // m
  graph::NodeId node = graph::kInvalid;  // snapped network node
  double snap_distance_m = 0;
  double stock_person_days = 0;  // persons x days of supplies
  double limit_s = 0;            // longest delivery time it may take to a shelter, s
};

/// A shelter with at least this many persons in it is occupied (fewer is a rounding
/// residue of fractional persons).
inline constexpr double kOccupiedPersons = 0.5;

/// One check of every depot against every shelter.
struct SupplyCheck {
  double t_s = 0;        // the time asked for, s from the start
  double water_t_s = 0;  // the flood coupling whose link conditions were used, s
  std::uint32_t depots = 0;
  std::vector<double> travel_s;        // [shelter * depots + depot], s; +inf: no way
  std::vector<double> occupancy;       // persons per shelter at t_s
  std::vector<std::int32_t> depot;     // per shelter: the fastest depot within its limit,
                                       // else the fastest of all; -1: none reaches it
  std::vector<std::uint8_t> reachable;  // per shelter: a depot within its limit
  std::uint32_t occupied = 0;              // shelters with >= kOccupiedPersons
  std::uint32_t unreachable_occupied = 0;  // of those, not reachable
  double unreachable_persons = 0;          // persons in them

  bool occupied_at(std::size_t s) const { return occupancy[s] >= kOccupiedPersons; }
  /// The travel time from the shelter's depot (+inf when none reaches it).
  double best_s(std::size_t s) const;
};

/// Every depot's forward search (graph::times_from) on edge_time_s, read at the
/// shelter nodes. Throws InvariantError when a depot or shelter is not snapped, a
/// limit is not > 0, or the spans disagree in size.
SupplyCheck check_supplies(const graph::RoadGraph& g, std::span<const double> edge_time_s,
                           std::span<const Depot> depots,
                           std::span<const graph::NodeId> shelter_nodes,
                           std::span<const double> occupancy, double t_s, double water_t_s);

/// The checks of a run in figures.
struct SupplySummary {
  std::uint32_t checks = 0;
  /// Distinct shelters occupied and unreachable at one check or more.
  std::uint32_t unreachable_shelters = 0;
  std::uint32_t max_unreachable_at_once = 0;
  double max_unreachable_persons = 0;  // persons in unreachable shelters, most at one check
  double first_unreachable_s = 0;      // NaN: never
  double stock_person_days = 0;        // all depots
  double peak_occupancy_persons = 0;   // most persons in shelters at one check
  /// stock / peak_occupancy_persons: how many days the stock lasts (+inf: nobody).
  double days_of_stock = 0;
};
SupplySummary summarize_supplies(std::span<const SupplyCheck> checks,
                                 std::span<const Depot> depots);

/// Check times: `times_s` when not empty (sorted, those in [0, end_s]), else from_s,
/// from_s + every_s, ... up to end_s (every_s > 0). ConfigError naming `field` when
/// every_s <= 0 without times.
std::vector<double> supply_check_times(std::span<const double> times_s, double from_s,
                                       double every_s, double end_s, const std::string& field);

}  // namespace floodevac::evac
