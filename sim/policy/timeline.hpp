#pragma once
// The typhoon-day timeline (issue 12): from the clock, the people by activity, the
// villages, the orders, the warning chain and the response rules to the trips every
// order causes (evac::Trip legs for the queue model), the ferry timetable left after
// 停运, and the presence model of everyone who is not travelling. Pure: no files, no
// printing, no threads of its own (evac::make_trips' split may use OpenMP); the same
// inputs and seed give the same plan at any thread count. The rules are in
// docs/timeline.md; in short:
//  - absent orders people are where the daily profile puts them (presence.hpp);
//  - each person group of each order the order applies to is reached at
//    issue + WarningChain::reach_time (or never), complies with Compliance::share,
//    and departs after a further TimelineResponse curve quantile;
//  - a stop order (停课 停工 停业 停止户外作业) sends the group's people present at the
//    place home (go_home leg with an explicit free-flow route) and keeps them home from
//    then on; issued before the activity starts, it keeps them home (no trip at all);
//    boarders stay on campus;
//  - a transfer order (转移) sends the zone's residents from home to the zone's planned
//    shelters (by plan places, beyond them the nearest with room: dest_shelter = -1);
//    members at a place outside the zone go home first (go_home, `next` = transfer);
//    people at a place inside a transferred zone go to a shelter directly, students of a
//    school that is a shelter stay there (shelter_in_place leg); a go-home leg already
//    under way gets the transfer as its `next` leg;
//  - 回流: a ReturnRule share of transfer legs from home gets a return_home `next` leg
//    unless the home zone has enforcement (after a planned shelter: from_shelter and a
//    free-flow route; after a nearest-shelter transfer: no route, the queue model routes
//    it from the shelter that took the persons in);
//  - 停运 cuts every ferry departure at or after its issue time, and tourists lodged on
//    an island leave for the nearest mainland shelter (leave_island) when reached by 停运
//    or by a transfer of their zone;
//  - non-compliers and people never reached stay where they are.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "sim/evac/demand.hpp"
#include "sim/evac/evac_types.hpp"
#include "sim/evac/ferry.hpp"
#include "sim/graph/road_graph.hpp"
#include "sim/policy/activities.hpp"
#include "sim/policy/assignment.hpp"
#include "sim/policy/clock.hpp"
#include "sim/policy/orders.hpp"
#include "sim/policy/presence.hpp"
#include "sim/policy/returns.hpp"
#include "sim/policy/warnings.hpp"
#include "sim/policy/zones.hpp"

namespace floodevac::policy {

/// Departure after being reached and complying (the preparation of the PADM), and the
/// split of people into vehicles and walking groups (evac::make_trips' rule).
/// The curves' numbers are our assumptions: leaving a closing school or work place is
/// quicker (t50 20 min) than packing up a household for a transfer (t50 1 h).
struct TimelineResponse {
  evac::MobilisationCurve stop_curve = evac::MobilisationCurve::logistic(1200.0, 300.0, 3600.0);
  evac::MobilisationCurve transfer_curve =
      evac::MobilisationCurve::logistic(3600.0, 900.0, 4.0 * 3600.0);
  double car_share = 0.6;  // share of persons going by car, [0, 1]
  double occupancy = 2.5;  // persons per car, >= 1

  void validate(const std::string& field = "response") const;
};

enum class LegKind : std::uint8_t {
  go_home = 0,           // place -> home (or scenic spot -> hotel), dest_node
  transfer = 1,          // home or place -> shelter (dest_shelter, -1: nearest with room)
  shelter_in_place = 2,  // a school that is a shelter keeps its students (origin = its node)
  return_home = 3,       // 回流: shelter -> home, dest_node (from_shelter when planned)
  leave_island = 4,      // island tourists -> nearest mainland shelter, by ferry
};
inline constexpr int kLegKindCount = 5;
/// "go_home", "transfer", "shelter_in_place", "return_home", "leave_island".
std::string_view leg_kind_name(LegKind k);

/// Why a trip exists; tags[i] belongs to trips[i].
struct TripTag {
  std::int32_t order = -1;  // index into TimelineInputs::orders of the order that caused it
  Activity activity = Activity::home;  // the group's activity (trip.group is the same value)
  std::int32_t zone = -1;              // the people's home zone (tourists: their hotel's zone)
  LegKind leg = LegKind::transfer;
  std::int32_t place = -1;  // the group's activity place, -1: none
  std::int32_t unit = -1;   // the group's home unit, -1 for tourists
  std::int32_t hotel = -1;  // tourists: their lodging place, -1 for residents
  bool first_leg = true;    // false: a `next` leg (its persons are those that arrive)
};

struct TimelineInputs {
  Clock clock;
  const graph::RoadGraph* graph = nullptr;  // must be set; ferry edges flagged
  std::vector<evac::Shelter> shelters;      // snapped
  std::vector<evac::PopulationUnit> units;  // residents at home (snapped)
  std::vector<std::int32_t> unit_zone;      // per unit: index into zones, -1 none
  std::vector<ActivityPlace> places;        // snapped
  DailyProfile profile;
  std::vector<Zone> zones;
  std::vector<Order> orders;
  WarningChain warning;
  Compliance compliance;
  ReturnRule returns;
  TimelineResponse response;
  GravityRule gravity;
  std::vector<evac::FerryService> ferries;  // full timetables (s from the start)
  std::uint64_t seed = 1;
  double duration_s = 0;  // legs departing later than this are not made

  /// Throws ConfigError / InputError naming the field ("orders[2].zones[0]",
  /// "places[5].zone", "unit_zone", ...) of the first fault.
  void validate() const;
};

/// Per order: what it did.
struct OrderOutcome {
  OrderKind kind = OrderKind::transfer;
  double issue_s = 0;
  std::string label;
  double persons_applied = 0;   // persons in the groups it applied to
  double persons_reached = 0;   // of those, reached before duration_s
  double persons_complied = 0;  // of those, complying
  double persons_moved = 0;     // persons on the first legs it caused (go_home, transfer, ...)
  std::int32_t legs = 0;        // legs it caused, `next` legs included
  std::int32_t ferry_departures_cut = 0;  // 停运: departures removed
};

struct TimelinePlan {
  /// Legs chained by Trip::next, in the order made: person group by person group (the
  /// cohorts of place 0, 1, ..., then the home units' and hotels' people without a place),
  /// each group's legs in time order; the 回流 legs at the end.
  std::vector<evac::Trip> trips;
  std::vector<TripTag> tags;                // one per trip
  std::vector<evac::FerryService> ferries;  // inputs' ferries, departures after 停运 removed
  Presence presence;
  std::vector<OrderOutcome> orders;  // one per input order
  PlaceAssignment assignment;
  double residents = 0;         // simulated (snapped units)
  double tourists = 0;          // hotel guests (snapped hotels)
  double unplaced_persons = 0;  // place persons no resident could be assigned to
  /// Legs to a node without a free-flow route: go-home legs made as trips to the nearest
  /// shelter with room instead, return legs left out.
  std::int32_t unroutable_legs = 0;

  /// Share of the people reached t_s after order o's issue (WarningChain::share_reached).
  double share_reached(const TimelineInputs& in, std::size_t order, double t_s) const;
};

/// Builds the plan. Throws what TimelineInputs::validate throws.
TimelinePlan build_timeline(const TimelineInputs& in);

}  // namespace floodevac::policy
