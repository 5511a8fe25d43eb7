#pragma once
// What the evacuation queue model (QueueSim) reports: person states and
// totals, the time series, per-shelter, per-edge and per-unit statistics,
// transfers from full shelters, exposure, and a snapshot of one agent.
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "sim/core/grid.hpp"
#include "sim/evac/ferry.hpp"
#include "sim/graph/road_graph.hpp"

namespace floodevac::evac {

/// Public person states. `arrived`: at the end node of a trip leg that does not end at a
/// shelter (Trip::dest_node: home after 停工 / 停课, home again after 回流).
enum class AgentState : std::uint8_t { home, moving, stranded, sheltered, trapped, arrived };
inline constexpr std::size_t kAgentStateCount = 6;

/// Totals over all trip persons now.
/// home + moving + stranded + sheltered + trapped + arrived == total.
struct StateTotals {
  double total = 0, home = 0, departed = 0, moving = 0, stranded = 0, sheltered = 0, trapped = 0;
  double exposed = 0;  // persons exposed at the last flood coupling (incl. non-evacuees)
  double staying = 0;  // persons of the units who do not evacuate (not in trips)
  double arrived = 0;  // persons at the end node of a leg (AgentState::arrived)
};

/// One row of the time series (persons).
struct SeriesRow {
  double t_s = 0;
  double home = 0, departed = 0, moving = 0, sheltered = 0, exposed = 0, trapped = 0, stranded = 0;
  std::vector<double> shelter_occupancy;  // persons, per shelter
  double arrived = 0;                     // persons at the end node of a leg
};

/// Persons of one caller-defined group (Trip::group) by public state now.
struct GroupCounts {
  std::uint16_t group = 0;
  std::array<double, kAgentStateCount> persons{};  // index: AgentState
  double of(AgentState s) const { return persons[static_cast<std::size_t>(s)]; }
};

/// Persons of one Trip::group in cells of one hazard class (QueueSim::exposed_away_by_group).
struct ExposedGroup {
  std::uint16_t group = 0;
  std::uint8_t cls = 0;  // hazard class 0..4 (>= SimConfig::exposure_class_min)
  double persons = 0;
};

struct ShelterStats {
  double arrivals_persons = 0;  // persons who reached it (admitted or not)
  double admitted_persons = 0;  // persons taken in
  double peak_occupancy_persons = 0;
  // First time it was full, s; NaN: never.
  double time_full_s = std::numeric_limits<double>::quiet_NaN();
  double overflow_persons = 0;  // persons transferred away because it was full
};

struct EdgeStats {
  float peak_flow_veh_h = 0;  // most vehicles leaving in one flow window, as veh/h
  // Most vehicles at the end of the edge that could not leave in a step.
  std::uint32_t peak_queue_veh = 0;
  std::uint32_t peak_vehicles = 0;    // most vehicles on the edge at the start of a step
  std::uint32_t vehicles_passed = 0;  // vehicles that left the edge
  std::uint32_t walkers_passed = 0;   // walking groups that left the edge
  double persons_passed = 0;          // persons (vehicles and walkers) that left the edge
  double first_closed_s = std::numeric_limits<double>::quiet_NaN();       // to vehicles; NaN: never
  double first_walk_closed_s = std::numeric_limits<double>::quiet_NaN();  // to walkers; NaN: never
  // Persons on the edge (in vehicles and walking, moving or queued) when the water first
  // closed it to vehicles / to walkers; 0 when it never closed.
  double persons_at_close = 0;
  double persons_at_walk_close = 0;
};

struct UnitStats {
  double to_evacuate_persons = 0;  // persons in trips of this unit
  double staying_persons = 0;      // unit persons not in trips
  double departed_persons = 0;
  double sheltered_persons = 0;
  double exposed_person_s = 0;  // person-seconds exposed (at home, or stopped on the road)
  double trapped_persons = 0;
};

/// A group sent on from a full shelter.
struct TransferRecord {
  std::uint32_t trip = 0;  // trip index
  std::int32_t from_shelter = -1;
  std::int32_t to_shelter = -1;  // chosen when sent on; -1 if none was reachable then
  double persons = 0;
  double time_s = 0;
  std::vector<graph::NodeId> path_nodes;  // nodes taken afterwards, starting at the full shelter
  std::vector<graph::EdgeId> path_edges;  // edges taken afterwards
  std::int32_t arrived_shelter = -1;      // where the group was next taken in (-1: not (yet))
  double arrived_s = std::numeric_limits<double>::quiet_NaN();
};

/// A gridlock: jammed links (open, their front vehicle waiting for room on a
/// full next link, see sim/evac/gridlock.hpp) that lead into each other and
/// close a cycle, with the jammed links queued into it.
struct GridlockEvent {
  std::vector<graph::EdgeId> edges;  // its links over its life, ascending
  double start_s = 0;     // when the first of their front vehicles stopped, s
  double detected_s = 0;  // when it was detected, s
  // When none of its links was jammed any more, s; NaN: still jammed at the end.
  double end_s = std::numeric_limits<double>::quiet_NaN();
  std::uint32_t peak_vehicles = 0;  // most vehicles on its links at a check
  std::uint32_t moved_on = 0;       // vehicles moved on past a full link (SUMO's teleports)
  bool cycle = false;  // its links formed a cycle of full links (always, for an event)
};

struct SimResults {
  double time_s = 0;
  std::int64_t steps = 0;
  StateTotals totals;
  std::vector<SeriesRow> series;
  std::vector<ShelterStats> shelters;
  std::vector<EdgeStats> edges;
  std::vector<UnitStats> units;
  std::vector<TransferRecord> transfers;
  // Last arrival at a shelter so far, s; NaN if nobody arrived.
  double clearance_s = std::numeric_limits<double>::quiet_NaN();
  double t50_s = std::numeric_limits<double>::quiet_NaN();  // half of the trip persons sheltered
  double t90_s = std::numeric_limits<double>::quiet_NaN();  // 90 % of the trip persons sheltered
  double exposed_person_s_by_class[5] = {0, 0, 0, 0, 0};    // by hazard class of the cell
  // (cell, person-hours), ascending cell (cell = row * cols + col of the flood grid).
  std::vector<std::pair<std::uint32_t, double>> exposure_cells_person_h;
  std::int64_t reroutes = 0;
  std::vector<GridlockEvent> gridlocks;  // in the order detected
  std::int64_t moved_on = 0;             // vehicles moved on past full links, all gridlocks
  std::vector<FerryStats> ferries;       // per ferry service (QueueSim::set_ferries), in its order

  /// The exposure as a raster (person-hours) on the flood grid.
  Grid<float> exposure_grid(const GeoTransform& geo, std::int64_t rows, std::int64_t cols) const;
};

/// Snapshot of one agent (trip), for tests and diagnostics.
struct AgentView {
  AgentState state = AgentState::home;
  // Edge it is on (moving, held or trapped on it); kInvalid when at a node or home.
  graph::EdgeId edge = graph::kInvalid;
  // Node it is at (home, departure queue, waiting, trapped at a node); kInvalid on an edge.
  graph::NodeId node = graph::kInvalid;
  float persons = 0;  // persons still travelling with it
  std::int32_t goal_shelter = -1;
  double exit_s = 0;  // when it reaches the end of its edge at the current speed
  bool held = false;  // held on a closed edge
  int turnbacks = 0;
  bool following_route = false;  // still following its explicit Trip::route
  // When it reached the end of its leg (its dest_node, or the shelter that took in the
  // last of its persons), s; NaN: not (yet).
  double arrived_s = std::numeric_limits<double>::quiet_NaN();
  std::int32_t end_shelter = -1;  // the shelter that took it in at its end; -1: none
  bool leg_pending = false;       // a follow-on leg not released yet (holds no persons)
  std::uint16_t group = 0;        // Trip::group
};

}  // namespace floodevac::evac
