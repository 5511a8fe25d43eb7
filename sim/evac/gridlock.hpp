#pragma once
// Gridlock in the queue model: detected, reported and resolved.
//
// Spill-back (a vehicle waits at the end of its edge while its next edge is
// full) can close on itself: a cycle of full links whose front vehicles each
// wait for room on the next one never moves again. SUMO resolves it by
// "teleporting" a vehicle that has waited longer than --time-to-teleport
// (default 300 s) and counts the teleports; MATSim's QSim moves a vehicle that
// has been stuck longer than qsim.stuckTime onto its next link regardless of
// its storage. Here, with stuck_time_s (default 300 s, as SUMO):
//  - a link is jammed when it is open, its front vehicle has reached the end
//    of the link and has waited at least stuck_time_s / 2 for room on a full
//    next link (checked every check_s = clamp(stuck_time_s / 30, step, 10 s));
//  - the jammed links that lead into each other form one jam; a jam that
//    holds a cycle (links whose fronts wait for each other in a ring) is a
//    gridlock event: its links are the cycle and the jammed links queued
//    into it. A jam without a cycle waits for something that still moves,
//    however slowly (a link slowed by water), and is left alone. Its start is when the first of
//    their front vehicles stopped; it ends when none of its links has been jammed for stuck_time_s
//    (a jam that freezes again right after vehicles were moved on is the same gridlock), at the
//    last time one was. Each new jam is logged as a warning, and listed in the results;
//  - re-plan first: while a link is in a gridlock, routing counts it stuck_time_s
//    longer (the wait before its vehicles are moved on) and the trees are
//    rebuilt at once, so agents that have another way avoid the jam;
//  - last resort: the front vehicle of a cycle link that has waited stuck_time_s is
//    moved on onto its next link although that one is full (MATSim's rule;
//    the link holds one vehicle more than its storage until it drains), one
//    vehicle per link per check, and counted ("moved on", SUMO's teleports).
//    Once a gridlock has had a vehicle moved on, the next front vehicles of
//    its cycle stopped before a full link move on at every check while it lasts:
//    the jam is known, and waiting stuck_time_s for each would keep it frozen
//    for hours.
// stuck_time_s = 0 turns all of this off. Serial, in edge order: independent of
// the thread count. Internal to QueueSim (namespace detail).
#include <cstdint>
#include <vector>

#include "sim/core/log.hpp"
#include "sim/evac/agents.hpp"
#include "sim/evac/link_queue.hpp"
#include "sim/evac/sim_results.hpp"

namespace floodevac::evac::detail {

class Decider;
class Rerouting;

class Gridlock {
 public:
  Gridlock() = default;
  Gridlock(const graph::RoadGraph& g, const graph::ReverseGraph& rev, double stuck_time_s,
           double step_s, double start_s);

  /// After every step, at time t: counts the vehicles moved on in that step,
  /// and when a check is due, finds the jammed links, updates the events, sets
  /// the routing penalties (routing.extra_s; routing.due when they change) and
  /// flags the front vehicles to move on in the next step.
  void watch(const Agents& agents, LinkQueues& links, const Decider& decider, Rerouting& routing,
             double t, const Logger& log);

  /// The events; one still open but no longer jammed at the last check ends
  /// when its links were last jammed.
  std::vector<GridlockEvent> report() const;

  std::vector<GridlockEvent> events;
  std::int64_t moved_on = 0;  // vehicles moved on past a full link, all events

 private:
  /// Link e belongs to an event that already had vehicles moved on: its
  /// stopped front vehicles move on at every check while the jam lasts.
  bool resolving(EdgeId e) const;
  void count_moved_on(LinkQueues& links);
  /// Groups the jammed links into jams and matches them with the events
  /// still open; returns whether the set of jammed links changed.
  bool update_events(const LinkQueues& links, double t, const Logger& log);

  const graph::RoadGraph* g_ = nullptr;
  const graph::ReverseGraph* rev_ = nullptr;
  double stuck_s_ = 0, check_s_ = 0, next_check_ = 0, last_check_s_ = 0;
  std::vector<double> last_s_;  // per event: the last check it was jammed at
  // Per edge.
  std::vector<std::uint32_t> front_;    // front vehicle seen at the last check
  std::vector<double> seen_s_;          // when that vehicle was first seen at the front
  std::vector<double> since_s_;         // it has waited since (jammed links)
  std::vector<EdgeId> wants_;           // the full link its front vehicle waits for
  std::vector<std::int32_t> event_of_;  // open event of a link; -1: none
  std::vector<EdgeId> jammed_;          // this check's jammed links, ascending
  std::vector<EdgeId> last_jammed_;     // the last check's
  std::vector<std::uint8_t> is_jammed_;
  std::vector<EdgeId> gridlocked_, last_gridlocked_;  // links of jams with a cycle, ascending
  std::vector<EdgeId> cycle_links_;                   // links on those cycles, ascending
  std::vector<EdgeId> flagged_;  // links whose front may move on in the next step
};

}  // namespace floodevac::evac::detail
