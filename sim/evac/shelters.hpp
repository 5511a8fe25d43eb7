#pragma once
// The shelters of the queue model (避灾安置场所): capacity, opening time,
// admission and overflow transfer. This is the one place where arrivals are
// refused: a group arriving at a shelter that is full or not yet open is
// taken in as far as there is room, and the rest of it is sent on from there
// to the nearest open shelter with room (a TransferRecord follows its path).
// A shelter is a routing target while it is open with room. Internal to
// QueueSim (namespace detail).
#include <cstdint>
#include <limits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sim/evac/agents.hpp"
#include "sim/evac/evac_types.hpp"
#include "sim/evac/link_queue.hpp"
#include "sim/evac/person_ledger.hpp"
#include "sim/evac/sim_results.hpp"

namespace floodevac::evac::detail {

class Rerouting;

class Shelters {
 public:
  Shelters() = default;
  /// Throws InputError naming a shelter that is not snapped to one of the
  /// `nodes` nodes, has a negative capacity or no finite opening time.
  Shelters(const std::vector<Shelter>& shelters, NodeId nodes);

  std::uint32_t size() const { return static_cast<std::uint32_t>(node.size()); }
  /// Counts the agents assigned to each shelter (Trip::dest_shelter) per mode.
  void count_assigned(const Agents& agents);
  /// One agent of `mode` no longer heads for its assigned shelter s.
  void unassign(int mode, std::uint32_t s) { --assigned[mode][s]; }
  /// Opens the shelters whose time has come; true if one opened.
  bool open_due(double t);
  /// At node u: `preferred` if it is there, open and with room, else the
  /// lowest-index shelter there that is; -1 if none.
  std::int32_t available_at(NodeId u, std::int32_t preferred) const;

  /// Admits this step's arrivals (kEvArrive events, any order) in trip order,
  /// so capacity goes to arrivals independently of threads. The rest of a
  /// group that does not fit is sent on: it re-enters the departure queue of
  /// the shelter's node. Updates t50/t90 from this step's admissions. Returns
  /// true if a shelter became full.
  bool admit(std::vector<Event>& arrivals, const graph::RoadGraph& g, Agents& agents,
             LinkQueues& links, PersonLedger& ledger);
  /// Persons leave shelter s (a leg departing from it, legs.hpp). Returns true
  /// when that gives an open shelter room again (a routing target once more).
  bool leave(std::size_t s, double persons);
  /// Names the shelter each group sent on this step is heading for.
  void name_transfer_targets(const Agents& agents, const Rerouting& routing);
  /// A group sent on from a full shelter took edge e (to node head).
  void record_path(std::uint32_t agent, EdgeId e, NodeId head);

  std::vector<NodeId> node;
  std::vector<double> capacity, occupancy, open_s;  // persons, persons, s
  std::vector<std::uint8_t> open;
  std::vector<std::uint8_t> available;  // open with room: a routing target
  std::vector<ShelterStats> stats;
  std::vector<std::int64_t> assigned[2];  // per mode: agents still heading for it
  std::vector<TransferRecord> transfers;
  // Per Trip::group: persons taken in from groups whose rest was sent on (a full shelter):
  // sheltered, but no longer in any agent's persons.
  std::vector<double> split_sheltered_by_group;
  // Last admission so far, half and 90 % of the trip persons sheltered, s; NaN until then.
  double clearance_s = std::numeric_limits<double>::quiet_NaN();
  double t50_s = std::numeric_limits<double>::quiet_NaN();
  double t90_s = std::numeric_limits<double>::quiet_NaN();

 private:
  std::vector<std::pair<NodeId, std::uint32_t>> at_node_;     // (node, shelter), sorted
  std::unordered_map<std::uint32_t, std::uint32_t> tracked_;  // agent -> its open transfer
  std::vector<std::uint32_t> unnamed_;               // transfers whose target is not named yet
  std::vector<std::pair<double, double>> admitted_;  // (time, persons) this step
};

}  // namespace floodevac::evac::detail
