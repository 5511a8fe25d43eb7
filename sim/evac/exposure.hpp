#pragma once
// Exposure in the queue model: at every flood coupling a snapshot of who is
// exposed (in a cell of hazard class >= exposure_class_min): persons at home
// (those who stay, trips not yet departed, trapped at home) and persons
// stopped on the road (queued at the end of an edge, held, waiting, in a
// departure queue, trapped); with legs or ferries also persons arrived at the
// end node of a leg (home again, legs.hpp) and persons waiting at a ferry pier.
// Each snapshot counts until the next one, as
// person-seconds by hazard class, per unit and per cell. Internal to QueueSim.
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "sim/evac/agents.hpp"
#include "sim/evac/flood_cells.hpp"
#include "sim/evac/person_ledger.hpp"
#include "sim/evac/sim_results.hpp"

namespace floodevac::evac::detail {

class Exposure {
 public:
  Exposure() = default;
  Exposure(std::size_t units, double t) : unit_ps_(units, 0.0), snap_t_(t) {}

  /// Counts the current snapshot up to t and restarts it from t.
  void flush(double t);
  /// Takes a new snapshot at at.t (hazard: class per cell, 0..4, 255 nodata).
  void snapshot(const std::uint8_t* hazard, std::uint8_t class_min, const AgentCells& at,
                const PersonLedger& ledger, const AgentsByUnit& by_unit,
                const std::vector<std::uint32_t>& parked,
                const std::vector<std::uint32_t>& trapped_on_road,
                bool arrived_and_piers = false);
  /// No hazard known: nobody counts as exposed until the next snapshot.
  void clear();
  /// Persons in the current snapshot.
  double exposed_now() const { return exposed_now_; }
  /// Exposure up to t into r (by class, per unit, per cell ascending).
  void report(double t, SimResults& r) const;
  /// The current snapshot's persons away from home (everything but the per-unit home
  /// counts and agents at home) plus agents trapped at home whose departure time has
  /// come (from then on a presence model no longer has them at home), by (group,
  /// hazard class) ascending. Only with arrived_and_piers (else empty).
  std::vector<ExposedGroup> away_by_group() const;

 private:
  struct Entry {
    std::uint32_t cell;
    std::uint8_t cls;
    std::int32_t unit;
    double persons;
    std::uint16_t group;  // Trip::group; kHomeEntry for the home counts
  };
  static constexpr std::uint16_t kHomeEntry = 0xFFFF;
  std::vector<Entry> snap_;
  std::vector<Entry> trapped_home_due_;  // trapped at home, past their departure time
  std::vector<double> unit_ps_;                        // person-seconds per unit, counted so far
  std::unordered_map<std::uint32_t, double> cell_ph_;  // person-hours per cell, counted so far
  double class_ps_[5] = {0, 0, 0, 0, 0};
  double snap_t_ = 0, exposed_now_ = 0;
};

}  // namespace floodevac::evac::detail
