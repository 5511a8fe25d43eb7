#pragma once
// The person ledger of the queue model: how many trip persons are in each
// state (home, moving, stranded, sheltered, trapped, arrived), in total and per
// population unit. Every change of state goes through move(), so the counters
// stay consistent by construction:
//  - home + moving + stranded + sheltered + trapped + arrived == total (up to rounding);
//  - departed == total - started in a shelter - home - trapped at home (leaving home
//    other than trapped counts as departed; people never return to `home`: a leg
//    that takes them home ends `arrived`);
//  - per unit: persons at home, trapped at home, departed, sheltered and
//    trapped change with the totals.
// Legs (sim/evac/legs.hpp) move persons on again: sheltered -> moving (leaving a
// shelter) and arrived -> moving (the next leg departs).
// The counters are doubles summed in the order of the moves; the model makes
// its moves in a fixed order, so the sums are the same at any thread count.
#include <cstdint>
#include <span>
#include <vector>

#include "sim/evac/evac_types.hpp"
#include "sim/evac/sim_results.hpp"

namespace floodevac::evac::detail {

class PersonLedger {
 public:
  PersonLedger() = default;
  /// Everyone at home: the trips' persons (trip_unit[a] = unit index or -1),
  /// summed in trip order, and per unit the persons who stay (unit persons
  /// not in trips). Throws InputError naming a unit with persons < 0 or NaN.
  PersonLedger(std::span<const float> trip_persons, std::span<const std::int32_t> trip_unit,
               const std::vector<PopulationUnit>& units);

  /// Persons of a leg that starts inside a shelter (Trip::from_shelter) are
  /// sheltered from the start, not at home.
  void start_sheltered(double persons, std::int32_t unit) {
    home_ -= persons;
    sheltered_ += persons;
    start_sheltered_ += persons;
    if (unit >= 0) {
      unit_home_[static_cast<std::size_t>(unit)] -= persons;
      unit_stats_[static_cast<std::size_t>(unit)].sheltered_persons += persons;
    }
  }

  /// Moves persons of a trip of unit `unit` (-1: none) from one state to
  /// another. Trapped is final, nobody returns home, and sheltered and arrived
  /// persons only move on (to moving): any other such move (or from == to)
  /// throws InvariantError.
  void move(AgentState from, AgentState to, double persons, std::int32_t unit) {
    if (from == to || from == AgentState::trapped || to == AgentState::home ||
        ((from == AgentState::sheltered || from == AgentState::arrived) &&
         to != AgentState::moving))
      refuse(from, to);
    UnitStats* us = unit >= 0 ? &unit_stats_[static_cast<std::size_t>(unit)] : nullptr;
    const auto u = static_cast<std::size_t>(unit);
    switch (from) {
      case AgentState::home:
        home_ -= persons;
        if (us) unit_home_[u] -= persons;
        break;
      case AgentState::moving:
        moving_ -= persons;
        break;
      case AgentState::sheltered:
        sheltered_ -= persons;
        if (us) us->sheltered_persons -= persons;
        break;
      case AgentState::arrived:
        arrived_ -= persons;
        break;
      default:  // stranded
        stranded_ -= persons;
        break;
    }
    switch (to) {
      case AgentState::moving:
        moving_ += persons;
        break;
      case AgentState::stranded:
        stranded_ += persons;
        break;
      case AgentState::sheltered:
        sheltered_ += persons;
        if (us) us->sheltered_persons += persons;
        break;
      case AgentState::arrived:
        arrived_ += persons;
        break;
      default:  // trapped
        trapped_ += persons;
        if (us) us->trapped_persons += persons;
        if (from == AgentState::home) {
          trapped_home_ += persons;
          if (us) unit_trapped_home_[u] += persons;
        }
        break;
    }
    if (from == AgentState::home && to != AgentState::trapped) {
      departed_ += persons;
      if (us) us->departed_persons += persons;
    }
  }

  double total() const { return total_; }
  double home() const { return home_; }
  double departed() const { return departed_; }
  double moving() const { return moving_; }
  double stranded() const { return stranded_; }
  double sheltered() const { return sheltered_; }
  double trapped() const { return trapped_; }
  double trapped_at_home() const { return trapped_home_; }
  double arrived() const { return arrived_; }
  double started_sheltered() const { return start_sheltered_; }
  double staying() const { return staying_; }

  std::size_t unit_count() const { return unit_stats_.size(); }
  double unit_home(std::size_t u) const { return unit_home_[u]; }
  double unit_trapped_at_home(std::size_t u) const { return unit_trapped_home_[u]; }
  double unit_staying(std::size_t u) const { return unit_staying_[u]; }
  /// Per unit: persons to evacuate, staying, departed, sheltered, trapped
  /// (exposed_person_s is not the ledger's: always 0 here).
  const std::vector<UnitStats>& unit_stats() const { return unit_stats_; }

 private:
  [[noreturn]] static void refuse(AgentState from, AgentState to);

  double total_ = 0, home_ = 0, departed_ = 0, moving_ = 0, stranded_ = 0, sheltered_ = 0,
         trapped_ = 0, trapped_home_ = 0, staying_ = 0,
         arrived_ = 0, start_sheltered_ = 0;
  std::vector<double> unit_home_, unit_trapped_home_, unit_staying_;
  std::vector<UnitStats> unit_stats_;
};

}  // namespace floodevac::evac::detail
