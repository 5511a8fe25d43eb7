#pragma once
// 一村一策, a plan per village (issue 13 §1): what a run did for each village (zone) of a
// timeline, and the margin between the water and the end of its transfer.
//  - people to transfer: persons on the legs that take the village's people to a shelter
//    (transfer, shelter_in_place, leave_island; TripTag::zone = their home zone, for
//    tourists their hotel's);
//  - ordered: the earliest issue time of a transfer order applying to the village or
//    causing one of its legs;
//  - sheltered 90 % / 100 %: when the persons of those legs taken in at a shelter
//    (AgentView::arrived_s, end_shelter) first reached 90 % / all (less half a person) of
//    the people to transfer;
//  - water arrival: the first coupling at which the home cells of MarginRule::residents_share
//    of the village's residents had MarginRule::depth_m of water (WaterArrival below);
//  - margin = water arrival - completion. Completion is the 100 % time; when it was never
//    reached the run's end stands in for it (people were still out when the run ended),
//    so the margin is then at most 0. Null (NaN) when the village never flooded, had
//    nobody to transfer, or no transfer order applied to it (its people at places in
//    transferred villages are moved, and counted, but the village was not transferred);
//  - flag: "negative" (margin < 0), "small" (0 <= margin < small_margin_s), "ok", or why
//    there is no margin: "dry" (never flooded), "no_transfer" (flooded, with residents, no
//    transfer order for it), "empty" (no residents and nobody to transfer).
// The plan (plan mode): the shelters the village's people were taken in by, as the
// 一村一策 shelter list with their persons as plan places, and the latest safe order time
// = water arrival - safety_factor x measured transfer duration (100 % time, else the last
// group's intake, - order time).
// Pure: no files, no printing; sums in trip order (the same at any thread count).
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "sim/evac/evac_types.hpp"
#include "sim/evac/sim_results.hpp"
#include "sim/graph/road_graph.hpp"
#include "sim/policy/orders.hpp"
#include "sim/policy/timeline.hpp"
#include "sim/policy/zones.hpp"

namespace floodevac::policy {

/// "Not reached" / "none" for the times and margins below.
inline constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

/// The thresholds of the village margins (scenario timeline.margin).
struct MarginRule {
  /// Water at a home cell of the village this deep (m) means it has arrived. 0.3 m: cars
  /// stall and roads close to them (Pregnolato et al. 2017, the movement model's
  /// vehicle_close_depth_m): a transfer by road is over there.
  double depth_m = 0.3;
  /// ... at the home cells of at least this share of the village's residents: one cell
  /// on a river bank or a creek does not make the village flooded. 0.05: our choice.
  double residents_share = 0.05;
  /// Margins below this (s) are flagged small. 1 h: our choice, about the 叫应 chain's
  /// delay plus a household's preparation time (docs/timeline.md).
  double small_margin_s = 3600.0;
  /// Plan mode: latest safe order = water arrival - safety_factor x transfer duration.
  /// 1.5: our assumption, room for a slower warning chain and traffic than in the run.
  double safety_factor = 1.5;

  /// ConfigError naming `field` for depth_m <= 0, residents_share outside [0, 1],
  /// small_margin_s < 0, safety_factor < 1.
  void validate(const std::string& field = "margin") const;
};

/// First time the water reached each zone: the watched cells (the cells of its home
/// units, weighted by their residents) at or above depth_m hold at least `share` of the
/// zone's weight. Cells already that deep at the first observation (the sea at the start, a
/// pond) are water, not houses: they never count as reached (their weight stays in the
/// total).
class WaterArrival {
 public:
  WaterArrival() = default;
  /// cell_zone: per watched cell, its zone (-1: none); cell_weight: per cell (>= 0).
  WaterArrival(std::vector<std::int32_t> cell_zone, std::vector<double> cell_weight,
               std::size_t zones, double depth_m, double share);
  /// depth_m[k]: the depth at watched cell k at t_s (NaN: outside the domain, dry).
  void observe(double t_s, std::span<const float> depth_m);
  /// Per zone, s; NaN: never.
  const std::vector<double>& first_s() const { return first_s_; }

 private:
  std::vector<std::int32_t> cell_zone_;
  std::vector<double> cell_weight_, zone_weight_, wet_;
  std::vector<std::uint8_t> ignored_;
  std::vector<double> first_s_;
  double depth_m_ = 0.3, share_ = 0.05;
  bool first_ = true;
};

/// What the village plan needs beyond the timeline plan and the run.
struct VillagePlanInputs {
  std::vector<Zone> zones;
  std::vector<Order> orders;
  std::vector<std::int32_t> unit_zone;      // per home unit: zone, -1 none
  std::vector<double> unit_persons;         // per home unit: residents
  std::vector<double> shelter_capacity;     // per shelter: places
  double duration_s = 0;                    // the run's end, s
  MarginRule rule;
};

/// Persons of one village taken in by one shelter, and the routes they took there.
struct VillageShelterUse {
  std::int32_t shelter = -1;
  double persons = 0;
  std::int32_t groups = 0;                // legs (vehicles, walking groups)
  std::vector<graph::EdgeId> edges;       // edges taken by those legs, ascending, unique
  /// The path of the leg with the most persons (first of equals), in order: the route
  /// the plan table names.
  std::vector<graph::EdgeId> main_path;
  double mean_route_m = kNoValue;             // persons-weighted length of their paths
  double mean_travel_s = kNoValue;            // persons-weighted departure -> shelter time
};

struct VillageRecord {
  std::int32_t zone = -1;
  double residents = 0;     // persons of the home units in the zone
  double to_transfer = 0;   // persons on the legs to a shelter (see above)
  double ordered_s = kNoValue;  // earliest transfer order, s
  double sheltered = 0;     // of to_transfer, taken in at a shelter
  double sheltered_90_s = kNoValue, sheltered_100_s = kNoValue;
  double water_s = kNoValue;       // water arrival, s
  double completion_s = kNoValue;  // 100 % time, else the run's end (with to_transfer > 0)
  bool completed = false;          // the 100 % time was reached
  bool ordered = false;            // a transfer order applied to the village
  double margin_s = kNoValue;
  std::string flag;            // negative, small, ok, dry, no_transfer, empty
  /// Residents not sheltered at the end (non-compliers and the unreached included), when a
  /// transfer applied to the village; 0 otherwise.
  double left_behind = 0;
  /// Residents not in a shelter when the water arrived (0 when it never did).
  double exposed_at_water = 0;
  double exposed_person_h = 0;  // the queue model's exposure of the zone's units
  double trapped = 0;           // persons of the zone's units trapped
  std::vector<VillageShelterUse> shelters;  // ascending shelter index
  // Plan mode.
  double last_sheltered_s = kNoValue;     // the last of its groups taken in
  /// sheltered_100_s - ordered_s; when the transfer never completed, the time the last
  /// group that made it was taken in - ordered_s (people who never got in have no
  /// duration to measure). Only for villages a transfer order applies to.
  double transfer_duration_s = kNoValue;
  double latest_order_s = kNoValue;       // water_s - safety_factor * transfer_duration_s
};

struct VillagePlan {
  std::vector<VillageRecord> villages;  // one per zone, in zone order
  std::int32_t negative = 0, small = 0, ok = 0, dry = 0, no_transfer = 0, empty = 0;
  double left_behind = 0, exposed_at_water = 0;
};

/// The record of every zone. `agents` and `paths`: per trip of `plan` (QueueSim::agent,
/// QueueSim::path; paths may be empty: no routes); `units`: SimResults::units (may be
/// empty); `water_s`: per zone (WaterArrival::first_s; empty: no flood, never).
/// `edge_length_m`: per edge (RoadGraph::length_m; may be empty when paths are).
VillagePlan village_plan(const VillagePlanInputs& in, const TimelinePlan& plan,
                         std::span<const evac::AgentView> agents,
                         std::span<const std::vector<graph::EdgeId>> paths,
                         std::span<const evac::UnitStats> units, std::span<const double> water_s,
                         std::span<const float> edge_length_m);

/// The flag of a margin (NaN: ""), by the rule's small_margin_s.
std::string margin_flag(double margin_s, const MarginRule& rule);

}  // namespace floodevac::policy
