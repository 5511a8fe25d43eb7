#pragma once
// People exposed over time in a timeline run (issue 12 §4): everybody in a cell of hazard
// class >= exposure_class_min, by class and by the activity group they belong to.
//  - Not travelling (the presence model, presence.hpp): each group's persons at its
//    activity place count at the place's cell, the rest at its home unit's cell;
//    tourists at their hotel's cell; tourists "elsewhere" (restaurants, streets) have no
//    known cell and are not counted.
//  - Travelling (the queue model, evac::QueueSim::exposed_away_by_group): stopped on the
//    road, in a departure queue, waiting, trapped, arrived at the end of a leg, at a
//    pier, trapped at home after their departure time.
// The two never hold the same person: the presence model hands a group's persons over at
// their first leg's departure, when the queue model takes them. The group of a resident
// is its place's activity (home without a place), of a tourist `tourist`; the queue
// model's group is Trip::group, the same code. Sums in group order: deterministic.
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "sim/evac/sim_results.hpp"
#include "sim/policy/presence.hpp"

namespace floodevac::policy {

struct ExposedCounts {
  double t_s = 0;
  std::array<double, 5> by_class{};                // persons by hazard class 0..4
  std::array<double, kActivityCount> by_group{};   // persons by activity group
  double present = 0;                              // of them not travelling (presence model)
  double travelling = 0;                           // of them in the queue model
  double total() const { return present + travelling; }
};

/// Exposed persons at t. place_cell / unit_cell: the flood-grid cell of each place and
/// home unit (evac::LinkSampler::kOutside when off the grid); hazard: class per cell
/// (0..4, 255 nodata) of the flood at t; away: the queue model's at t. Throws
/// InvariantError when a cell vector does not match the presence model.
ExposedCounts count_exposed(const Presence& presence, double t_s,
                            std::span<const std::uint32_t> place_cell,
                            std::span<const std::uint32_t> unit_cell,
                            const std::uint8_t* hazard, std::uint8_t class_min,
                            const std::vector<evac::ExposedGroup>& away);

}  // namespace floodevac::policy
